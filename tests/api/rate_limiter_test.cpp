// The per-address limits (api/rate_limiter.hpp): the allowance per window, a window that ends,
// IPv6 counted by its /64, and a full table that keeps counting the clients it holds.

#include "api/rate_limiter.hpp"
#include "engine/storage/sql_store.hpp"
#include "tests/api/readme_limits.hpp"

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

// The client buckets (issue 23, point 4): a burst at once, then the rate; the wait they name.
BOOST_AUTO_TEST_CASE(a_bucket_allows_its_burst_then_its_rate)
{
    using clock = api::token_buckets::clock;
    const auto s0 = clock::time_point{} + 1'000'000s;
    api::token_buckets buckets({0.5, 3});
    for (int i = 0; i < 3; ++i)
        BOOST_TEST(buckets.take("198.51.100.7", s0).count() == 0);
    BOOST_TEST(buckets.take("198.51.100.7", s0).count() == 2); // half a token a second: 2 s to a whole one
    BOOST_TEST(buckets.take("198.51.100.8", s0).count() == 0); // another client has its own bucket
    BOOST_TEST(buckets.take("198.51.100.7", s0 + 1s).count() == 1);
    BOOST_TEST(buckets.take("198.51.100.7", s0 + 2s).count() == 0);
    BOOST_TEST(buckets.take("198.51.100.7", s0 + 2s).count() == 2);
    // Refilled to the burst at most, however long it waited.
    for (int i = 0; i < 3; ++i)
        BOOST_TEST(buckets.take("198.51.100.7", s0 + 3600s).count() == 0);
    BOOST_TEST(buckets.take("198.51.100.7", s0 + 3600s).count() > 0);
}

BOOST_AUTO_TEST_CASE(a_bucket_counted_on_success_waits_without_taking)
{
    using clock = api::token_buckets::clock;
    const auto s0 = clock::time_point{} + 1'000'000s;
    api::token_buckets buckets({0.1, 2});
    BOOST_TEST(buckets.wait("token", s0).count() == 0);
    BOOST_TEST(buckets.wait("token", s0).count() == 0); // waiting takes nothing
    buckets.spend("token", s0);
    buckets.spend("token", s0);
    BOOST_TEST(buckets.wait("token", s0).count() == 10);
    buckets.spend("token", s0); // an empty bucket stays empty, never in debt
    BOOST_TEST(buckets.wait("token", s0 + 10s).count() == 0);
}

BOOST_AUTO_TEST_CASE(a_bucket_turned_off_never_refuses_and_a_full_table_keeps_counting_its_own)
{
    using clock = api::token_buckets::clock;
    const auto s0 = clock::time_point{} + 1'000'000s;
    api::token_buckets off({0, 0});
    for (int i = 0; i < 100; ++i)
        BOOST_TEST(off.take("a", s0).count() == 0);
    api::token_buckets small({1, 1}, 2);
    BOOST_TEST(small.take("a", s0).count() == 0);
    BOOST_TEST(small.take("b", s0).count() == 0);
    BOOST_TEST(small.take("c", s0).count() == 0);      // no room and none refilled: let through uncounted
    BOOST_TEST(small.take("a", s0).count() == 1);      // those it holds are still counted
    BOOST_TEST(small.take("c", s0 + 2s).count() == 0); // refilled buckets swept: room again
    BOOST_TEST(small.take("c", s0 + 2s).count() == 1);
}

BOOST_AUTO_TEST_CASE(limits_are_read_from_act_rate_and_burst)
{
    api::client_limits limits;
    BOOST_TEST(!api::set_limit(limits, "ballots=5/50"));
    BOOST_TEST(limits.ballots.per_second == 5);
    BOOST_TEST(limits.ballots.burst == 50);
    BOOST_TEST(!api::set_limit(limits, "replacements=0.2/4"));
    BOOST_TEST(limits.replacements.per_second == 0.2);
    BOOST_TEST(!api::set_limit(limits, "ideas=0"));
    BOOST_TEST(!limits.ideas.on());
    for (const auto* bad : {"ballots", "votes=1/2", "ballots=fast", "ballots=1/0", "ballots=-1/3", "ballots=1/x",
                            "ballots=inf/3", "=1/2"})
        BOOST_TEST(api::set_limit(limits, bad).has_value(), bad);
    BOOST_TEST(limits.ballots.per_second == 5); // a refused spec changes nothing
    for (auto act : {api::limited_act::issuance, api::limited_act::ideas, api::limited_act::ballots,
                     api::limited_act::replacements})
        BOOST_TEST((api::limited_act_named(api::name_of(act)) == act));
}

// The defaults are the README's (its Limits table).
BOOST_AUTO_TEST_CASE(the_defaults_are_the_readmes)
{
    const api::client_limits d;
    BOOST_TEST(d.issuance.per_second == cabildo::test::readme_limit("token requests from one client address"));
    BOOST_TEST(d.ideas.per_second == cabildo::test::readme_limit("ideas from one client address"));
    BOOST_TEST(d.ballots.per_second == cabildo::test::readme_limit("ballots from one client address"));
    BOOST_TEST(d.replacements.burst == cabildo::test::readme_limit("ballots one token replaces"));
    BOOST_TEST(d.replacements.per_second == 0.1); // "then one every 10 seconds"
    BOOST_TEST(engine::sql_store::default_max_queued_writes ==
               static_cast<std::size_t>(cabildo::test::readme_limit("writes waiting for the writer")));
    BOOST_TEST(engine::sql_store::default_max_queued_reads ==
               static_cast<std::size_t>(cabildo::test::readme_limit("reads and offloaded jobs waiting")));
}

BOOST_AUTO_TEST_SUITE_END()
