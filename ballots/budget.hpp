#pragma once
// Participatory budgeting: ideas carry a cost, the challenge a budget, and a method funds a set of
// ideas whose costs fit the budget. What every budget method returns.

#include "ballots/outcome.hpp"

#include <cstdint>
#include <vector>

namespace cabildo::ballots {

// Costs are whole money units (cents, or whatever unit makes them integers): exact arithmetic.
struct project {
    idea_id idea = 0;
    std::int64_t cost = 0;
};

struct budget_outcome {
    // Every project ranked by its score (the sum of its ballot weights: votes, points or ordinal
    // position scores), with `winner` set exactly for the funded ones; ties as in rank_by_score.
    outcome result;
    std::vector<idea_id> selected; // funded projects, in the order the method funded them
    std::int64_t budget = 0;
    std::int64_t spent = 0;
    std::int64_t left = 0;
};

} // namespace cabildo::ballots
