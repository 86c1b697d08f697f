#pragma once
// Approval voting: an idea's score is the number of ballots that approve it. `single` is approval
// with at most one choice; the limit is enforced where ballots are accepted, not here.

#include "ballots/ballot_set.hpp"
#include "ballots/outcome.hpp"

#include <span>

namespace cabildo::ballots {

// Choices naming an idea outside `candidates` are ignored (a hidden idea leaves the count).
outcome count_approval(std::span<const idea_id> candidates, const ballot_set& ballots, std::size_t winners,
                       const lottery& order);

} // namespace cabildo::ballots
