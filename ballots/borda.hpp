#pragma once
// Borda count in the variant pabulib uses for ordinal ballots: a ballot that ranks L ideas gives
// the idea at position p (0 for the first) L - p points, and ideas it does not rank get nothing.
// So a short ballot weighs less than a long one, and `max_ranks` caps every ballot's weight.
// Ties inside a ballot (PrefLib toc/toi groups): every idea of a group gets the points of the
// group's best position, L - (number of ideas ranked strictly above it).

#include "ballots/outcome.hpp"
#include "ballots/ranking_set.hpp"

#include <span>

namespace cabildo::ballots {

// Ranked ideas outside `candidates` are ignored, but still count in L and in positions: the
// ballot is scored as cast.
outcome count_borda(std::span<const idea_id> candidates, const ranking_set& ballots, std::size_t winners,
                    const lottery& order);

} // namespace cabildo::ballots
