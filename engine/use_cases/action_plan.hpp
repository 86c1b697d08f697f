#pragma once
// The action plan (service_commitments.cpp, service_exercises.cpp): commitments made from the
// announced winners by an organiser, progress by milestones, verified by a verifier key, every change
// a public history entry; and the municipality's local action plan exercise with its 13 steps and
// its reports (the interim one as things stand, the final one frozen once issued).

#include "engine/domain/commitment.hpp"
#include "engine/domain/exercise.hpp"
#include "engine/domain/ranking.hpp"
#include "engine/use_cases/runner.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cabildo::engine {

// A commitment as an organiser writes it; milestones carry title, weight and an optional due date.
struct commitment_input {
    std::string title, objective, responsible, indicator, target;
    time_point starts, ends;
    std::vector<std::string> topics;
    std::vector<std::int64_t> ideas;
    std::vector<milestone> milestones;
};

struct commitment_patch {
    std::optional<std::string> title, objective, responsible, indicator, target;
    std::optional<time_point> starts, ends;
    std::optional<std::vector<std::string>> topics;
    std::optional<std::vector<milestone>> milestones; // only while nothing has started
};

struct commitment_view {
    engine::commitment commitment;
    // The ideas it carries out, as the announced ranking has them.
    std::vector<ranking_line> ideas;
    // Oldest first, filled in for a single commitment: a page of its history (after an entry id),
    // or in a report its newest entries.
    std::vector<commitment_update> history;
    std::size_t history_total = 0;                  // entries in all
    std::optional<std::int64_t> history_next_after; // the cursor of the next page, if any
};

struct commitment_change {
    commitment_update entry;
    commitment_view view;
};

struct exercise_input {
    std::string slug, title;
    std::vector<std::string> challenges; // slugs of the municipality's challenges
};

struct step_patch {
    int n = 0;
    std::optional<std::string> status, note;
    std::optional<std::optional<time_point>> date; // set, or cleared with null
    std::optional<evidence> document;
};

struct exercise_patch {
    std::optional<std::string> title;
    std::optional<std::vector<std::string>> challenges;
    std::vector<step_patch> steps;
};

struct report_view {
    nlohmann::json report;
    std::string timezone; // the municipality's, for the printed dates
};

class action_plan_use_cases {
public:
    explicit action_plan_use_cases(use_case_runner& runner);

    // The action plan (service_commitments.cpp): made from the announced winners by an organiser,
    // progress by milestones, verified by a verifier key; every change a public history entry.
    void create_commitment(const caller& who, challenge_ref which, commitment_input in, callback<commitment_view> cb);
    void list_commitments(challenge_ref which, callback<std::vector<commitment_view>> cb);
    // One commitment with a page of its history: at most `limit` entries after the entry id `after`.
    void get_commitment(challenge_ref which, std::int64_t id, std::int64_t after, std::size_t limit,
                        callback<commitment_view> cb);
    void patch_commitment(const caller& who, challenge_ref which, std::int64_t id, commitment_patch patch,
                          callback<commitment_view> cb);
    void update_commitment(const caller& who, challenge_ref which, std::int64_t id, commitment_action act,
                           callback<commitment_change> cb);
    // The local action plan (service_exercises.cpp): a municipality's exercise with the 13 steps
    // and its challenges, and its reports: the interim one as things stand, the final one frozen
    // once issued, with an addendum of what changed after.
    void create_exercise(const caller& who, std::string m, exercise_input in, callback<nlohmann::json> cb);
    // A page of the municipality's exercises after the exercise id `after`: {"exercises","next_after"}.
    void list_exercises(std::string m, std::int64_t after, std::size_t limit, callback<nlohmann::json> cb);
    void get_exercise(exercise_ref which, callback<nlohmann::json> cb);
    // Every change to an exercise, public and append-only: {"entries","next_after"}.
    void exercise_history(exercise_ref which, std::int64_t after, std::size_t limit, callback<nlohmann::json> cb);
    void patch_exercise(const caller& who, exercise_ref which, exercise_patch patch, callback<nlohmann::json> cb);
    void exercise_report(exercise_ref which, report_kind kind, callback<report_view> cb);
    void issue_final_report(const caller& who, exercise_ref which, callback<report_view> cb);

private:
    use_case_runner& runner_;
    const engine::clock& clock_;
};

} // namespace cabildo::engine
