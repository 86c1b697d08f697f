#pragma once
// The action plan (service_commitments.cpp, service_exercises.cpp): commitments made from the
// announced winners by an organiser, progress by milestones, verified by a verifier key, every change
// a public history entry; and the municipality's local action plan exercise with its 13 steps and
// its reports (the interim one as things stand, the final one frozen once issued).

#include "engine/domain/commitment.hpp"
#include "engine/domain/exercise.hpp"
#include "engine/domain/ranking.hpp"
#include "engine/publication/commitment_documents.hpp"
#include "engine/publication/exercise_documents.hpp"
#include "engine/publication/exercise_report.hpp"
#include "engine/use_cases/runner.hpp"

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
    // once issued, with an addendum of what changed after. The handlers write them with
    // publication/exercise_documents.hpp and exercise_report.hpp.
    void create_exercise(const caller& who, std::string m, exercise_input in, callback<exercise_view> cb);
    // A page of the municipality's exercises after the exercise id `after`.
    void list_exercises(std::string m, std::int64_t after, std::size_t limit, callback<exercise_list> cb);
    void get_exercise(exercise_ref which, callback<exercise_view> cb);
    // Every change to an exercise, public and append-only.
    void exercise_history(exercise_ref which, std::int64_t after, std::size_t limit,
                          callback<exercise_history_page> cb);
    void patch_exercise(const caller& who, exercise_ref which, exercise_patch patch, callback<exercise_view> cb);
    void exercise_report(exercise_ref which, report_kind kind, callback<report_view> cb);
    void issue_final_report(const caller& who, exercise_ref which, callback<report_view> cb);

private:
    use_case_runner& runner_;
    const engine::clock& clock_;
};

} // namespace cabildo::engine
