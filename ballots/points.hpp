#pragma once
// Cumulative voting ("points"): each voter spreads `points_total` over ideas, at most
// `max_per_idea` each; an idea's score is the sum of its points. Both limits are enforced where
// ballots are accepted, so the counter only adds.

#include "ballots/outcome.hpp"
#include "ballots/scored_ballot_set.hpp"

#include <span>

namespace cabildo::ballots {

// Points given to ideas outside `candidates` are ignored.
outcome count_points(std::span<const idea_id> candidates, const scored_ballot_set& ballots, std::size_t winners,
                     const lottery& order);

// The sum of each candidate's weights over all ballots (scores[i] belongs to candidates[i]); the
// score every budget method ranks by.
std::vector<std::int64_t> sum_weights(std::span<const idea_id> candidates, const scored_ballot_set& ballots);

} // namespace cabildo::ballots
