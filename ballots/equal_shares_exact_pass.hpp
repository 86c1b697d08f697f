#pragma once
// Internal to the Method of Equal Shares: the exact pass of one MES run, the arithmetic the step
// loop (equal_shares_run.cpp) falls back on when the fast pass cannot certify a decision.
//
// Every budget is an integer numerator over one common denominator `d_`. Funding a project
// multiplies the denominator by the weight of its fully paying supporters, so payments stay
// integers; the numbers grow by that factor's bits per funding step.

#include "ballots/big_uint.hpp"
#include "ballots/equal_shares_instance.hpp"
#include "ballots/equal_shares_run.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace cabildo::ballots::mes_detail {

// One run's state in the exact pass; the public member functions are what run_steps in
// equal_shares_run.cpp asks of a pass.
class exact_pass {
public:
    exact_pass(const instance& in, std::int64_t num, std::int64_t den);

    // The candidates' last known rho, rounded: only the order of evaluation depends on them.
    const std::vector<double>& keys() const { return key_; }
    // Keys are rounded exact values; the margin covers the rounding.
    bool behind(std::size_t p, std::size_t best) const { return key_[p] > key_[best] * (1 + 1e-9); }
    verdict evaluate(std::size_t p);
    rho_order compare(std::size_t p, std::size_t best) const;
    // Exact decisions certify nothing beyond this run's own budget.
    void certify_step(std::size_t, std::span<const std::size_t>, std::span<const std::size_t>,
                      std::span<const std::size_t>)
    {}
    void fund(std::size_t p, std::size_t step);
    std::int64_t stable() const { return 1; }

private:
    // q = numerator / (rest * d_): the payment per unit of weight of the fully paying supporters.
    struct eval {
        big_uint q;
        std::int64_t rest = 0;
    };

    bool evaluate(std::size_t p, eval& e);

    const instance& in_;
    big_uint d_;
    std::vector<big_uint> budget_;
    std::vector<std::size_t> order_;
    std::vector<double> key_; // by project position
    std::vector<eval> evals_; // by project position: the last evaluation
};

} // namespace cabildo::ballots::mes_detail
