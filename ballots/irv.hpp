#pragma once
// Instant-runoff voting with every round published. Each round a ballot counts for its most
// preferred continuing idea; a ballot whose best continuing preference is a tie (PrefLib toc/toi)
// is split equally among the tied continuing ideas, so counts are kept in units of
// 1/denominator of a voter to stay exact. A ballot with no continuing idea left is exhausted.
// The idea with the fewest votes is eliminated; among equal fewest, the idea that comes LAST in
// the lottery is eliminated (the lottery favours its early places everywhere). Rounds go on until
// one idea is left, so the published rounds rank every idea: the winner first, then the others
// in reverse order of elimination. Eliminating after a majority appears never changes the
// winner: an idea with more than half the continuing votes cannot have the fewest.

#include "ballots/outcome.hpp"
#include "ballots/ranking_set.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace cabildo::ballots {

struct irv_round {
    std::vector<std::pair<idea_id, std::int64_t>> counts; // continuing ideas, in candidate order
    idea_id eliminated = 0;                                // 0 in the last round: nobody is
    std::int64_t exhausted = 0;                            // weight of ballots with no continuing idea
};

struct irv_outcome {
    outcome result; // method "irv"; score = the idea's count in its last round
    std::vector<irv_round> rounds;
    std::int64_t denominator = 1; // counts, exhausted and scores are in 1/denominator voters
    std::string error;            // non-empty when the split ties would overflow exact counts
};

irv_outcome count_irv(std::span<const idea_id> candidates, const ranking_set& ballots, std::size_t winners,
                      const lottery& order);

} // namespace cabildo::ballots
