#pragma once
// A challenge's timeline: named windows, each [opens, closes) in UTC, and the announcement
// instant. Windows may overlap. Ordering: submission.closes <= voting.closes <= announcement <=
// development.opens. A window may be extended before it closes and never reopened after.

#include "engine/domain/clock.hpp"
#include "engine/domain/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cabildo::engine {

struct window {
    time_point opens;
    time_point closes;

    bool open_at(time_point now) const { return opens <= now && now < closes; }
    bool closed_at(time_point now) const { return closes <= now; }
    bool operator==(const window&) const = default;
};

struct timeline {
    std::optional<window> consultation;
    window submission;
    window voting;
    time_point announcement;
    std::optional<window> development;

    bool operator==(const timeline&) const = default;
};

// The ordering rules and non-empty windows. The failure names the field, e.g.
// "timeline.voting.closes".
std::optional<failure> validate(const timeline& t);

// Whether an organiser may replace `before` by `after` at `now`: closed windows and a passed
// announcement are frozen, an open window keeps its start and may only be extended.
std::optional<failure> check_change(const timeline& before, const timeline& after, time_point now);

// The names of the windows open at `now`, in timeline order.
std::vector<std::string> open_phases(const timeline& t, time_point now);

// phase_not_open before the window, phase_closed from its close on, nothing while it is open.
std::optional<failure> require_open(const window& w, std::string_view phase, time_point now);

} // namespace cabildo::engine
