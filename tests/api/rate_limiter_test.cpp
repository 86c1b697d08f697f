// The per-address limits (api/rate_limiter.hpp): the allowance per window, a window that ends,
// IPv6 counted by its /64, and a full table that keeps counting the clients it holds.

#include "api/rate_limiter.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

namespace api = cabildo::api;
namespace engine = cabildo::engine;
using namespace std::chrono_literals;

namespace {
const engine::time_point t0 = engine::time_point{} + 1'000'000s;
}

BOOST_AUTO_TEST_SUITE(rate_limits)

BOOST_AUTO_TEST_CASE(allowance_per_window)
{
    api::rate_limiter limit(3, 600s);
    for (int i = 0; i < 3; ++i)
        BOOST_TEST(limit.allow("198.51.100.7", t0));
    BOOST_TEST(!limit.allow("198.51.100.7", t0 + 1s));
    BOOST_TEST(limit.exhausted("198.51.100.7", t0 + 1s));
    BOOST_TEST(limit.allow("198.51.100.8", t0 + 1s));   // another client has its own allowance
    BOOST_TEST(limit.allow("198.51.100.7", t0 + 600s)); // the window ended
}

BOOST_AUTO_TEST_CASE(ipv6_counts_by_its_64)
{
    BOOST_TEST(api::client_of("2001:db8:1:2:aaaa::1") == api::client_of("2001:db8:1:2:bbbb::9"));
    BOOST_TEST(api::client_of("2001:db8:1:2::1") != api::client_of("2001:db8:1:3::1"));
    BOOST_TEST(api::client_of("::ffff:198.51.100.7") == "198.51.100.7");
}

// Before: a full table let every new client through uncounted, and swept itself on every call.
BOOST_AUTO_TEST_CASE(a_full_table_refuses_newcomers_and_keeps_counting)
{
    api::rate_limiter limit(2, 600s, 3);
    for (const auto* client : {"a", "b", "c"})
        BOOST_TEST(limit.allow(client, t0));
    BOOST_TEST(!limit.allow("d", t0 + 1s)); // no room: refused, not waved through
    BOOST_TEST(limit.allow("a", t0 + 1s));
    BOOST_TEST(!limit.allow("a", t0 + 2s));  // still counted
    BOOST_TEST(limit.allow("d", t0 + 601s)); // the others' windows ended: swept, room again
}

BOOST_AUTO_TEST_SUITE_END()
