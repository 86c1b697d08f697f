#pragma once
// A commitment of the action plan: what the municipality promised to do with one or more winning
// ideas, the milestones that measure it, and the status the public follows. Progress is never
// typed in: it is the sum of the completed milestones' weights, so anyone can redo the sum.

#include "engine/domain/access.hpp"
#include "engine/domain/clock.hpp"
#include "engine/domain/names.hpp"
#include "engine/domain/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cabildo::engine {

// Mexico's national action plan charts commitments as por iniciar / iniciado / completado /
// verificado; the same four, in that order.
enum class commitment_status { not_started, started, completed, verified };
std::string_view name_of(commitment_status s);
std::optional<commitment_status> commitment_status_named(std::string_view name);

// What an update asks of a commitment: an organiser starts it and completes or reopens its
// milestones; a verifier verifies or rejects it once complete; both may add a note.
enum class commitment_act { start, complete_milestone, reopen_milestone, note, verify, reject };
name_table<commitment_act> commitment_act_names();
std::string_view name_of(commitment_act a);
std::optional<commitment_act> commitment_act_named(std::string_view name);

// What a history entry records: the commitment's creation and edits, and each act's outcome.
enum class commitment_event {
    created,
    edited,
    started,
    milestone_completed,
    milestone_reopened,
    verified,
    rejected,
    note
};
std::string_view name_of(commitment_event e);
std::optional<commitment_event> commitment_event_named(std::string_view name);
// The entry an act leaves in the history.
commitment_event event_of(commitment_act a);

struct milestone {
    std::string title;
    int weight = 0; // percentage points; a commitment's weights sum to 100
    std::optional<time_point> due;
    std::optional<time_point> completed_at;
};

// What backs a claim: a link to a published document, or the SHA-256 of one kept elsewhere.
struct evidence {
    std::string url;
    std::string sha256; // lowercase hex
    bool empty() const { return url.empty() && sha256.empty(); }
};

struct verification {
    time_point at;
    engine::evidence evidence;
    std::string note;
};

struct commitment {
    std::int64_t id = 0;
    std::int64_t challenge_id = 0;
    std::string title, objective, responsible, indicator, target;
    time_point starts, ends;
    std::vector<std::string> topics;
    std::vector<std::int64_t> ideas; // the winning ideas it carries out
    std::vector<engine::milestone> milestones;
    std::optional<time_point> started_at;
    std::optional<engine::verification> verification;
    time_point created_at, updated_at;
};

// One public, dated entry of a commitment's history; entries are only ever appended.
struct commitment_update {
    std::int64_t id = 0;
    std::int64_t commitment_id = 0;
    time_point at;
    role by = role::organiser; // the role that acted: organiser, verifier or admin
    commitment_event action = commitment_event::created;
    std::optional<int> milestone; // 1-based
    std::string note;
    engine::evidence evidence;
    std::string changes; // JSON {"field":{"from":…,"to":…}} for edits, empty otherwise
    commitment_status status = commitment_status::not_started; // after the entry
    int progress = 0;                                          // after the entry
    // The key that wrote it, kept to bound notes per key; never published (the history names the
    // role only).
    std::optional<std::int64_t> key_id;
};

// One update of a commitment's progress: an organiser's start, milestone or note, or a verifier's
// verdict on a completed commitment.
struct commitment_action {
    commitment_act action = commitment_act::note;
    std::optional<int> milestone; // 1-based
    std::string note;
    engine::evidence evidence;
};

// Applies `act` to `c` at `now`, or says why not (the field, the role, or the status that forbids
// it). Organisers start, complete and reopen milestones; verifiers verify or reject a completed
// commitment (a rejection reopens the milestone it names, or the one completed last); both may add
// a note. The admin acts as the implementing organiser: nobody verifies their own work. Returns the
// milestone the update touched, if any.
result<std::optional<int>> apply_action(commitment& c, role by, const commitment_action& act, time_point now);

int progress_of(const commitment& c);
// The sum behind progress_of, written out: "25 + 25 = 50", or "0" when nothing is complete.
std::string progress_formula(const commitment& c);
// Verified once a verifier said so; completed when every milestone is; started once the organiser
// said so or a milestone is complete; not started otherwise.
commitment_status status_of(const commitment& c);

// Milestones as an organiser sends them: 1 to max_milestones, each titled, weights whole numbers
// from 1 to 100 that sum to exactly 100, due dates inside [starts, ends]. Fields are named
// "milestones[i].weight" and so on; a wrong sum is "milestones".
std::optional<failure> check_milestones(const std::vector<milestone>& ms, time_point starts, time_point ends);
// A URL (http or https, no spaces) or a SHA-256 in hex; at least one. Field "evidence".
std::optional<failure> check_evidence(const evidence& e, bool required);

} // namespace cabildo::engine
