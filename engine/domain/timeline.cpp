#include "engine/domain/timeline.hpp"

#include "engine/domain/rfc3339.hpp"

namespace cabildo::engine {

namespace {

std::optional<failure> check_window(const window& w, const std::string& name)
{
    if (!(w.opens < w.closes))
        return fail(errc::invalid_field, "timeline." + name + ".closes",
                    "the " + name + " window must close after it opens");
    return std::nullopt;
}

std::optional<failure> check_window_change(const std::optional<window>& before, const std::optional<window>& after,
                                           const std::string& name, time_point now)
{
    const std::string field = "timeline." + name;
    if (before == after)
        return std::nullopt;
    if (!before) {
        if (after->closes <= now)
            return fail(errc::timeline_locked, field, "a new " + name + " window cannot lie in the past");
        return std::nullopt;
    }
    if (before->closed_at(now))
        return fail(errc::timeline_locked, field,
                    "the " + name + " window closed at " + format_rfc3339(before->closes) +
                        "; it cannot be reopened or changed");
    if (!after) {
        if (before->opens <= now)
            return fail(errc::timeline_locked, field, "the " + name + " window is open; it cannot be removed");
        return std::nullopt;
    }
    if (before->open_at(now)) {
        if (after->opens != before->opens)
            return fail(errc::timeline_locked, field + ".opens",
                        "the " + name + " window is open; its opening cannot move");
        if (after->closes < before->closes)
            return fail(errc::timeline_locked, field + ".closes",
                        "the " + name + " window is open; it may be extended, not shortened");
        return std::nullopt;
    }
    if (after->closes <= now)
        return fail(errc::timeline_locked, field + ".closes", "the " + name + " window cannot be moved into the past");
    return std::nullopt;
}

} // namespace

std::optional<failure> validate(const timeline& t)
{
    if (t.consultation)
        if (auto f = check_window(*t.consultation, "consultation"))
            return f;
    if (auto f = check_window(t.submission, "submission"))
        return f;
    if (auto f = check_window(t.voting, "voting"))
        return f;
    if (t.development)
        if (auto f = check_window(*t.development, "development"))
            return f;
    if (t.voting.closes < t.submission.closes)
        return fail(errc::invalid_field, "timeline.voting.closes",
                    "voting must not close before idea submission closes");
    if (t.announcement < t.voting.closes)
        return fail(errc::invalid_field, "timeline.announcement",
                    "the announcement must not come before voting closes");
    if (t.development && t.development->opens < t.announcement)
        return fail(errc::invalid_field, "timeline.development.opens",
                    "development must not open before the announcement");
    return std::nullopt;
}

std::optional<failure> check_change(const timeline& before, const timeline& after, time_point now)
{
    if (auto f = check_window_change(before.consultation, after.consultation, "consultation", now))
        return f;
    if (auto f = check_window_change(before.submission, after.submission, "submission", now))
        return f;
    if (auto f = check_window_change(before.voting, after.voting, "voting", now))
        return f;
    if (before.announcement != after.announcement) {
        if (before.announcement <= now)
            return fail(errc::timeline_locked, "timeline.announcement", "the announcement instant has passed");
        if (after.announcement < now)
            return fail(errc::timeline_locked, "timeline.announcement",
                        "the announcement cannot be moved into the past");
    }
    return check_window_change(before.development, after.development, "development", now);
}

std::vector<std::string> open_phases(const timeline& t, time_point now)
{
    std::vector<std::string> out;
    if (t.consultation && t.consultation->open_at(now))
        out.emplace_back("consultation");
    if (t.submission.open_at(now))
        out.emplace_back("submission");
    if (t.voting.open_at(now))
        out.emplace_back("voting");
    if (t.development && t.development->open_at(now))
        out.emplace_back("development");
    return out;
}

std::optional<failure> require_open(const window& w, std::string_view phase, time_point now)
{
    if (now < w.opens)
        return fail(errc::phase_not_open, "", std::string(phase) + " opens at " + format_rfc3339(w.opens));
    if (w.closed_at(now))
        return fail(errc::phase_closed, "", std::string(phase) + " closed at " + format_rfc3339(w.closes));
    return std::nullopt;
}

} // namespace cabildo::engine
