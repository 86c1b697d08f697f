#pragma once
// Internal to the Method of Equal Shares: the add1 and add1e completions (see "Completion" and
// "Skipping" in ballots/equal_shares.hpp). Raises the per-voter budget from floor(budget/voters)
// + 1 on, one currency unit at a time as the plain +1 loop does, jumping over the budgets a run
// certifies to take its own decisions, optionally computing runs ahead on several threads; the
// outcome is the +1 loop's whatever the skips and the thread count.

#include "ballots/equal_shares.hpp"
#include "ballots/equal_shares_instance.hpp"
#include "ballots/equal_shares_run.hpp"

#include <cstdint>

namespace cabildo::ballots::mes_detail {

// The run whose outcome is used, starting with the run with budget / voters each. Adds to
// `out`'s runs, computed_runs and exact_runs, and sets its voter budget when a raise is used.
run_result complete_add1(const instance& in, std::int64_t budget, std::int64_t voters,
                         const equal_shares_options& options, equal_shares_outcome& out);

} // namespace cabildo::ballots::mes_detail
