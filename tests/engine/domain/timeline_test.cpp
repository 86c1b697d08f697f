#include "engine/domain/timeline.hpp"

#include "engine/domain/rfc3339.hpp"

#include <boost/test/unit_test.hpp>

using namespace cabildo::engine;

namespace {

time_point instant(const char* s) { return *parse_rfc3339(s); }

// The Multi City Challenge México 2020: upload 1–21 Oct and voting 1–25 Oct overlap.
timeline mcc()
{
    timeline t;
    t.submission = {instant("2020-10-01T06:00:00Z"), instant("2020-10-22T06:00:00Z")};
    t.voting = {instant("2020-10-01T06:00:00Z"), instant("2020-10-26T06:00:00Z")};
    t.announcement = instant("2020-11-01T18:00:00Z");
    t.development = window{instant("2020-11-09T06:00:00Z"), instant("2020-12-05T06:00:00Z")};
    return t;
}

} // namespace

BOOST_AUTO_TEST_SUITE(timeline_rules)

BOOST_AUTO_TEST_CASE(windows_are_half_open_to_the_second)
{
    const auto t = mcc();
    BOOST_TEST(!t.voting.open_at(instant("2020-10-01T05:59:59Z")));
    BOOST_TEST(t.voting.open_at(instant("2020-10-01T06:00:00Z")));
    BOOST_TEST(t.voting.open_at(instant("2020-10-26T05:59:59Z")));
    BOOST_TEST(!t.voting.open_at(instant("2020-10-26T06:00:00Z")));
    BOOST_TEST(require_open(t.voting, "voting", instant("2020-10-01T05:59:59Z"))->code == errc::phase_not_open);
    BOOST_TEST(!require_open(t.voting, "voting", instant("2020-10-01T06:00:00Z")));
    BOOST_TEST(require_open(t.voting, "voting", instant("2020-10-26T06:00:00Z"))->code == errc::phase_closed);
}

BOOST_AUTO_TEST_CASE(overlapping_windows_are_open_together)
{
    const auto t = mcc();
    BOOST_TEST(!validate(t));
    const auto phases = open_phases(t, instant("2020-10-10T00:00:00Z"));
    BOOST_TEST((phases == std::vector<std::string>{"submission", "voting"}));
    BOOST_TEST((open_phases(t, instant("2020-10-23T00:00:00Z")) == std::vector<std::string>{"voting"}));
    BOOST_TEST(open_phases(t, instant("2020-10-30T00:00:00Z")).empty());
    BOOST_TEST((open_phases(t, instant("2020-11-10T00:00:00Z")) == std::vector<std::string>{"development"}));
}

BOOST_AUTO_TEST_CASE(ordering_rules_name_the_field)
{
    auto t = mcc();
    t.voting.closes = instant("2020-10-20T00:00:00Z"); // before submission closes
    BOOST_TEST(validate(t)->field == "timeline.voting.closes");
    t = mcc();
    t.announcement = instant("2020-10-25T00:00:00Z");
    BOOST_TEST(validate(t)->field == "timeline.announcement");
    t = mcc();
    t.development->opens = instant("2020-11-01T00:00:00Z");
    BOOST_TEST(validate(t)->field == "timeline.development.opens");
    t = mcc();
    t.submission.closes = t.submission.opens;
    BOOST_TEST(validate(t)->field == "timeline.submission.closes");
    t = mcc();
    t.announcement = t.voting.closes; // equal is allowed
    BOOST_TEST(!validate(t));
}

BOOST_AUTO_TEST_CASE(an_open_window_may_be_extended_not_shortened_or_moved)
{
    const auto before = mcc();
    const auto now = instant("2020-10-24T00:00:00Z");
    auto after = before;
    after.voting.closes = instant("2020-10-28T06:00:00Z");
    BOOST_TEST(!check_change(before, after, now));
    after.voting.closes = instant("2020-10-25T06:00:00Z");
    BOOST_TEST(check_change(before, after, now)->field == "timeline.voting.closes");
    after = before;
    after.voting.opens = instant("2020-10-02T06:00:00Z");
    BOOST_TEST(check_change(before, after, now)->field == "timeline.voting.opens");
}

BOOST_AUTO_TEST_CASE(a_closed_window_is_never_reopened)
{
    const auto before = mcc();
    auto after = before;
    after.submission.closes = instant("2020-10-30T06:00:00Z");
    // One second after submission closed, extending it would reopen it.
    const auto f = check_change(before, after, instant("2020-10-22T06:00:00Z"));
    BOOST_REQUIRE(f);
    BOOST_TEST(f->code == errc::timeline_locked);
    BOOST_TEST(f->field == "timeline.submission");
    // One second before it closes, the same change is an extension.
    BOOST_TEST(!check_change(before, after, instant("2020-10-22T05:59:59Z")));
}

BOOST_AUTO_TEST_CASE(a_future_window_may_move_freely_but_not_into_the_past)
{
    const auto before = mcc();
    const auto now = instant("2020-09-01T00:00:00Z");
    auto after = before;
    after.voting = {instant("2020-10-05T00:00:00Z"), instant("2020-10-27T00:00:00Z")};
    BOOST_TEST(!check_change(before, after, now));
    after.voting = {instant("2020-08-01T00:00:00Z"), instant("2020-08-30T00:00:00Z")};
    BOOST_TEST(check_change(before, after, now).has_value());
}

BOOST_AUTO_TEST_CASE(a_passed_announcement_is_frozen)
{
    const auto before = mcc();
    auto after = before;
    after.announcement = instant("2020-11-02T18:00:00Z");
    BOOST_TEST(!check_change(before, after, instant("2020-10-30T00:00:00Z")));
    BOOST_TEST(check_change(before, after, instant("2020-11-01T18:00:00Z"))->field == "timeline.announcement");
}

BOOST_AUTO_TEST_SUITE_END()
