#pragma once
// The greedy budget rules most cities use (pabulib's `greedy`, `greedy-threshold`,
// `greedy-no-skip`): go through the projects by score, highest first, equal scores in lottery
// order, and fund each one that still fits the money left.
//   greedy            skip a project that no longer fits and go on;
//   greedy-threshold  greedy with a threshold (pabulib's META min_project_score_threshold);
//   greedy-no-skip    stop at the first project that does not fit.
// A threshold applies to every rule: a project scoring under it is not eligible, whichever
// rule is used (pabulib files set it for greedy and greedy-no-skip too). A project costing more
// than the whole budget is not eligible either (files mark withdrawn projects so): it is passed
// over, and does not end a no-skip count.

#include "ballots/budget.hpp"
#include "ballots/scored_ballot_set.hpp"

#include <cstdint>
#include <span>

namespace cabildo::ballots {

struct greedy_options {
    bool skip = true;           // false: greedy-no-skip
    std::int64_t threshold = 0; // projects whose score is below it are not eligible
};

// `scores[i]` belongs to `projects[i]`.
budget_outcome count_greedy(std::span<const project> projects, std::span<const std::int64_t> scores,
                            std::int64_t budget, const lottery& order, const greedy_options& options = {});

// Scores are the sums of the ballots' weights (approvals, points, ordinal position scores).
budget_outcome count_greedy(std::span<const project> projects, const scored_ballot_set& ballots, std::int64_t budget,
                            const lottery& order, const greedy_options& options = {});

// The outcome record for an already chosen set of projects: ranking by score with the funded
// ones flagged, money spent and left. Shared by every budget method.
budget_outcome describe_funding(std::string method, std::size_t ballot_count, std::span<const project> projects,
                                std::span<const std::int64_t> scores, std::vector<idea_id> selected,
                                std::int64_t budget, const lottery& order);

} // namespace cabildo::ballots
