#pragma once
// Instant-runoff voting with every round published. Each round a ballot counts for its most
// preferred continuing idea. A ballot with no continuing idea left is exhausted. A ballot whose
// best continuing preference is a tie between continuing ideas (PrefLib toc/toi) is an overvote,
// as ranked-choice jurisdictions count it (e.g. Maine, 21-A M.R.S. section 723-A; San Francisco's
// RCV rules): it counts for nobody from that round on, reported apart as exhausted by overvote.
// Splitting it equally among the tied ideas is available as a named option (`irv_ties::split`);
// counts are then kept in units of 1/denominator of a voter to stay exact.
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

// A ballot whose best continuing preference ties several continuing ideas:
enum class irv_ties {
    overvote, // counts for nobody from that round on (exhausted by overvote)
    split,    // counts 1/k for each of the k tied ideas
};

struct irv_options {
    irv_ties ties = irv_ties::overvote;
};

struct irv_round {
    std::vector<std::pair<idea_id, std::int64_t>> counts; // continuing ideas, in candidate order
    idea_id eliminated = 0;                               // 0 in the last round: nobody is
    std::int64_t exhausted = 0;                           // weight of ballots with no continuing idea
    std::int64_t overvotes = 0; // weight of ballots exhausted by an overvote, in this round or before
};

struct irv_outcome {
    outcome result; // method "irv"; score = the idea's count in its last round
    std::vector<irv_round> rounds;
    std::int64_t denominator = 1; // counts, exhausted and scores are in 1/denominator voters
    std::string error;            // non-empty when split ties would overflow exact counts
};

irv_outcome count_irv(std::span<const idea_id> candidates, const ranking_set& ballots, std::size_t winners,
                      const lottery& order, const irv_options& options = {});

} // namespace cabildo::ballots
