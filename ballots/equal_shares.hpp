#pragma once
// The Method of Equal Shares (MES) for participatory budgets: D. Peters, G. Pierczyński and
// P. Skowron, "Proportional Participatory Budgeting with Additive Utilities", NeurIPS 2021
// (arXiv:2008.13276), computed as https://equalshares.net/implementation/computation/ describes.
//
// The budget is split equally among all voters (those with empty ballots too). A project can be
// funded when its supporters can pay its cost, each paying in proportion to their utility for it,
// and a supporter who cannot pay that share pays everything they have left. Each step funds the
// project whose supporters pay least per unit of utility (rho); equal rho: the lottery decides.
// It stops when no project is affordable.
//
// Utility (`mes_utility`): with `cost`, a voter's utility for a project is its ballot weight times
// the project's cost (pabutools' Cost_Sat): for approval ballots the supporters split a cost
// equally and the project with the smallest payment per unit of cost wins the step. This is how
// pabulib files marked `equalshares` were computed: it reproduces the `selected` column of
// Netherlands_Assen_2024.pb, where utility 1 per approved project (`weight`, the choice of
// equalshares.net's own tool) does not. For cumulative ballots `cost` means points times cost.
//
// Completion `add1` (pabulib's `equalshares/add1`, as cities count it with the reference
// implementation at equalshares.net/implementation/completion): MES leaves money unspent, so
// after the run with budget/voters each, rerun with floor(budget/voters) + 1, + 2, ... per voter
// while the outcome still fits the real budget, and keep the last outcome that fits. An outcome
// that is exhaustive (no supported project left that fits the money left) does not stop the
// raises: a later, larger budget may fund another set that still fits. The raises end at the
// first outcome over the budget, or when every supported project is funded (nothing can change).
//
// Completion `add1e` (pabutools' variant, equalshares.net's "add1e"): the same raises, but also
// stop at the first outcome that is exhaustive. Offered only when asked for by name.
//
// Comparison step (pabulib's `-comparison` rules; equalshares.net's "satisfaction" comparison, as
// the pabulib checker implements it): compute greedy (by score, skipping what no longer fits). A
// voter prefers the outcome that funds more of the projects they voted for; if more voters prefer
// greedy's than prefer MES's, greedy's outcome is used.
//
// Cost: one MES run per add1 raise, each O(supporters evaluated + funded); identical ballots are
// merged and supporters grouped by budget class. The raises go one currency unit at a time, so a
// file whose budget far exceeds what its supporters can gather for a project that would still fit
// needs as many raises as the per-voter shortfall in currency units (as in every add1
// implementation); real files stop after tens to hundreds of raises.
//
// Skipping (approval ballots): while a run's decisions (which project is funded at each step,
// which are out of reach, who pays in full) stay the same, every budget, payment and rho in it is
// an affine function of the starting per-voter budget x. The fast pass carries each one's rate of
// change with x and, for every decision, how far x can grow before it could flip; below the
// smallest such distance the runs with x + 1, x + 2, ... have the same outcome, so the loop jumps
// past them (as if computed: `runs` is unchanged). Bounds are rounded towards a shorter jump, so
// the outcome is exactly the +1 loop's; a run redone exactly certifies nothing beyond itself.
//
// Exactness: every decision (is a project affordable, which rho is smaller, does a voter pay in
// full) is taken in exact arithmetic. A fast pass runs in floating point while carrying a bound on
// its rounding error; when some decision is closer than that bound (a tie or a near tie) the run
// is redone with exact rationals (big integers over one common denominator), so rounding never
// decides who wins.

#include "ballots/budget.hpp"
#include "ballots/scored_ballot_set.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace cabildo::ballots {

enum class mes_utility {
    cost,   // weight * cost (pabulib, pabutools' Cost_Sat)
    weight, // the ballot weight alone (1 per approved project)
};

enum class mes_completion {
    none,  // plain MES with budget/voters each
    add1,  // raise every voter's budget by 1 per run while the outcome still fits
    add1e, // the same, stopping early at the first exhaustive outcome (pabutools)
};

struct equal_shares_options {
    mes_utility utility = mes_utility::cost;
    mes_completion completion = mes_completion::add1;
    bool compare_with_greedy = false;
    bool exact_only = false; // skip the floating-point pass (audits, tests)
    // Add1: jump over the per-voter budgets a run certifies to take its own decisions (see
    // "Skipping" above) instead of computing each. The outcome is the same; false runs the plain
    // +1 loop (tests compare the two).
    bool skip = true;
    // Add1 runs computed at once (speculatively, consumed in order): the outcome is the same for
    // any value; more threads only finish sooner on a machine with idle cores. Approval ballots
    // (unit weights) count on one thread whatever this says: their runs reuse each other's
    // tallies, which is worth more than a second core.
    unsigned threads = 1;
};

struct equal_shares_comparison {
    std::size_t prefer_equal_shares = 0;
    std::size_t prefer_greedy = 0;
    bool greedy_used = false;
    std::vector<idea_id> greedy_selected;
};

struct equal_shares_outcome {
    // method: "equalshares", "equalshares/add1", "equalshares/add1e", with "-comparison" appended
    // when compared.
    // result.ties holds score ties and, with step > 0, ties between equal rho at a funding step.
    budget_outcome funded;
    // The per-voter budget of the run whose outcome is used: numerator / denominator.
    std::int64_t voter_budget_numerator = 0;
    std::int64_t voter_budget_denominator = 1;
    std::size_t runs = 0;          // 1 + the add1 raises tried, as the plain +1 loop counts them
    std::size_t computed_runs = 0; // MES runs actually computed (skipping and threads change it)
    std::size_t exact_runs = 0;    // used runs redone exactly because the fast pass saw a near tie
    std::optional<equal_shares_comparison> comparison;
};

// Ballot weights of 0 or less and ideas outside `projects` are ignored. Every ballot is a voter.
equal_shares_outcome count_equal_shares(std::span<const project> projects, const scored_ballot_set& ballots,
                                        std::int64_t budget, const lottery& order,
                                        const equal_shares_options& options = {});

// One MES run with a given per-voter budget (numerator / denominator) and no completion: the
// funded projects in funding order. For tests and audits of a single run.
std::vector<idea_id> equal_shares_run(std::span<const project> projects, const scored_ballot_set& ballots,
                                      std::int64_t voter_budget_numerator, std::int64_t voter_budget_denominator,
                                      const lottery& order, mes_utility utility = mes_utility::cost,
                                      bool exact_only = false);

} // namespace cabildo::ballots
