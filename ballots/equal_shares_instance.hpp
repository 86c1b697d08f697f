#pragma once
// Internal to the Method of Equal Shares (ballots/equal_shares.cpp): the ballots of one count
// regrouped by project, as every MES run reads them. Built once per count; runs only read it.

#include "ballots/budget.hpp"
#include "ballots/equal_shares.hpp"
#include "ballots/scored_ballot_set.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace cabildo::ballots::mes_detail {

// Identical ballots (same projects, same weights) are merged into one ballot type with a
// multiplicity: they always hold the same budget, so every pass runs over types, not voters.
// Types are sorted by their ballots read most popular project first: popular projects are funded
// first, so neighbouring types in a project's supporter list tend to share their funding history,
// and the per-supporter loops mostly hit the class they just saw.
struct instance {
    std::size_t voters = 0;                       // ballots, empty ones included
    std::vector<std::int64_t> multiplicity;       // by ballot type
    std::vector<std::int64_t> cost;               // by project position
    std::vector<std::int64_t> scale;              // utility per unit of weight: the cost, or 1
    std::vector<std::size_t> begin;               // supporters of p: [begin[p], begin[p + 1])
    std::vector<std::uint32_t> type;              // the supporting ballot type
    std::vector<std::int64_t> weight;             // its weight for the project
    std::vector<std::uint32_t> slot_multiplicity; // the type's multiplicity, beside `type`
    std::vector<std::int64_t> total_weight;       // by project position, over voters
    std::vector<std::int64_t> max_weight;
    std::vector<std::size_t> ballot_begin; // by type: its projects are ballot[ballot_begin[t], ballot_begin[t + 1])
    std::vector<std::uint32_t> ballot;     // project positions
    std::vector<std::size_t> ballot_slots; // by project position: its supporters' ballot lengths, summed
    std::vector<std::size_t> lottery_rank; // 0 = first in the lottery
    std::vector<std::size_t> payable;      // positive cost and some support: MES decides
    std::vector<std::size_t> free;         // no cost and some support: always funded
    bool unit_weights = true;
};

// Ballot weights of 0 or less and ideas outside `projects` are dropped.
instance make_instance(std::span<const project> projects, const scored_ballot_set& ballots, const lottery& order,
                       mes_utility utility);

// The cost of the projects at these positions. Saturates at INT64_MAX: every cost fits int64 but a
// run's selection need not (a large budget raised by add1 can fund many projects near it), and
// only the comparison with the budget matters.
std::int64_t cost_of(const instance& in, const std::vector<std::size_t>& selected);

} // namespace cabildo::ballots::mes_detail
