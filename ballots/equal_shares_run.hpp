#pragma once
// Internal to the Method of Equal Shares: one MES run with a given per-voter budget. The step
// loop (fund the candidate with the smallest rho, equal rho in lottery order, until nothing is
// affordable) is written once, in equal_shares_run.cpp; the fast pass (floating point with error
// bounds) and the exact pass (big rationals) each supply its arithmetic.

#include "ballots/equal_shares_instance.hpp"
#include "ballots/equal_shares_tallies.hpp"

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace cabildo::ballots::mes_detail {

struct run_result {
    std::vector<std::size_t> selected;                                  // project positions in funding order
    std::vector<std::pair<std::size_t, std::vector<std::size_t>>> ties; // step, tied positions
    bool unsure = false;                                                // the fast pass could not certify a decision
    // For an integer per-voter budget x: the runs with x, x + 1, ..., x + stable - 1 take the same
    // decisions (same funding order, same ties). 1 when nothing is certified beyond x.
    std::int64_t stable = 1;
};

// What a pass says of one candidate at one step.
enum class verdict {
    affordable,   // its supporters can pay its cost: it competes at this step
    unaffordable, // they cannot, now or later (budgets only shrink)
    unsure,       // too close to tell in this pass's arithmetic
};

// Two candidates' rho compared: which is funded first (before equal rho, the lottery decides).
enum class rho_order {
    smaller,
    equal,
    larger,
    unsure, // too close to tell in this pass's arithmetic
};

// The run with budget num / den per voter: the fast pass, then the exact pass when the fast one
// is unsure (counted in `exact_runs`), or the exact pass alone. `track`: compute `stable`.
// `tallies`: the supporters' groups kept from earlier runs of this count on this thread (see
// equal_shares_tallies.hpp), or null.
run_result run_mes(const instance& in, std::int64_t num, std::int64_t den, bool exact_only, std::size_t& exact_runs,
                   bool track = false, supporter_tallies* tallies = nullptr);

} // namespace cabildo::ballots::mes_detail
