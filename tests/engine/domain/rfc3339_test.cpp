#include "engine/domain/rfc3339.hpp"

#include <boost/test/unit_test.hpp>

using namespace cabildo::engine;

BOOST_AUTO_TEST_SUITE(rfc3339)

BOOST_AUTO_TEST_CASE(utc_and_offsets_name_the_same_instant)
{
    const auto z = parse_rfc3339("2020-10-01T06:00:00Z");
    const auto off = parse_rfc3339("2020-09-30T23:00:00-07:00");
    BOOST_REQUIRE(z);
    BOOST_REQUIRE(off);
    BOOST_TEST(z->time_since_epoch().count() == 1601532000);
    BOOST_TEST(off->time_since_epoch().count() == z->time_since_epoch().count());
    BOOST_TEST(format_rfc3339(*off) == "2020-10-01T06:00:00Z");
}

BOOST_AUTO_TEST_CASE(fractions_are_truncated_to_the_second)
{
    const auto t = parse_rfc3339("2020-10-01T06:00:00.999+00:00");
    BOOST_REQUIRE(t);
    BOOST_TEST(format_rfc3339(*t) == "2020-10-01T06:00:00Z");
}

BOOST_AUTO_TEST_CASE(malformed_times_are_refused)
{
    for (const char* bad : {"", "2020-10-01", "2020-10-01T06:00:00", "2020-13-01T00:00:00Z", "2021-02-29T00:00:00Z",
                            "2020-10-01T24:00:00Z", "2020-10-01T06:00:00+0700", "2020-10-01T06:00:00Zjunk",
                            "2020-10-01T06:00:00.Z", "20a0-10-01T06:00:00Z", "2020-10-01T06:00:60Z"})
        BOOST_TEST(!parse_rfc3339(bad), bad);
    BOOST_TEST(parse_rfc3339("2024-02-29T00:00:00Z").has_value());
}

// Found by the rfc3339 fuzz target (tests/fuzz/regressions/rfc3339-*.bin): an offset that moves the
// instant out of years 0000-9999 made a time format_rfc3339 writes as one parse_rfc3339 refuses.
BOOST_AUTO_TEST_CASE(a_time_whose_utc_instant_leaves_four_digit_years_is_refused)
{
    BOOST_TEST(!parse_rfc3339("9999-12-31T23:59:59-07:00"));
    BOOST_TEST(!parse_rfc3339("0000-01-01T00:00:00+00:01"));
    for (const char* edge :
         {"9999-12-31T23:59:59Z", "9999-12-31T23:59:59+07:00", "0000-01-01T00:00:00Z", "0000-01-01T00:00:00-07:00"}) {
        const auto t = parse_rfc3339(edge);
        BOOST_REQUIRE_MESSAGE(t, edge);
        BOOST_TEST((parse_rfc3339(format_rfc3339(*t)) == t), edge);
    }
}

BOOST_AUTO_TEST_SUITE_END()
