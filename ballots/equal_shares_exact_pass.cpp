#include "ballots/equal_shares_exact_pass.hpp"

#include <algorithm>
#include <compare>
#include <numeric>
#include <utility>

namespace cabildo::ballots::mes_detail {

exact_pass::exact_pass(const instance& in, std::int64_t num, std::int64_t den)
    : in_(in)
    , d_(static_cast<uint128>(den))
    , budget_(in.multiplicity.size(), big_uint(static_cast<uint128>(num)))
    , key_(in.cost.size(), 0.0)
    , evals_(in.cost.size())
{
    for (const std::size_t p : in_.payable)
        key_[p] = static_cast<double>(in_.cost[p]) /
                  (static_cast<double>(in_.total_weight[p]) * static_cast<double>(in_.scale[p]));
}

verdict exact_pass::evaluate(std::size_t p)
{
    if (!evaluate(p, evals_[p]))
        return verdict::unaffordable;
    key_[p] =
        approximate_ratio(evals_[p].q, d_) / (static_cast<double>(evals_[p].rest) * static_cast<double>(in_.scale[p]));
    return verdict::affordable;
}

rho_order exact_pass::compare(std::size_t p, std::size_t best) const
{
    const eval& a = evals_[p];
    const eval& b = evals_[best];
    // rho = q / scale; both over the same d_.
    const uint128 da = static_cast<uint128>(a.rest) * static_cast<uint128>(in_.scale[p]);
    const uint128 db = static_cast<uint128>(b.rest) * static_cast<uint128>(in_.scale[best]);
    const auto c = (a.q * db) <=> (b.q * da);
    return std::is_lt(c) ? rho_order::smaller : std::is_gt(c) ? rho_order::larger : rho_order::equal;
}

bool exact_pass::evaluate(std::size_t p, eval& e)
{
    const std::size_t lo = in_.begin[p];
    const std::size_t hi = in_.begin[p + 1];
    const big_uint cost = d_ * static_cast<std::uint64_t>(in_.cost[p]);
    big_uint sum;
    for (std::size_t k = lo; k < hi; ++k)
        sum += budget_[in_.type[k]] * static_cast<std::uint64_t>(in_.multiplicity[in_.type[k]]);
    if (sum < cost)
        return false;
    order_.resize(hi - lo);
    std::iota(order_.begin(), order_.end(), lo);
    if (in_.unit_weights) {
        std::sort(order_.begin(), order_.end(),
                  [&](std::size_t a, std::size_t b) { return budget_[in_.type[a]] < budget_[in_.type[b]]; });
    } else {
        std::sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) {
            return budget_[in_.type[a]] * static_cast<std::uint64_t>(in_.weight[b]) <
                   budget_[in_.type[b]] * static_cast<std::uint64_t>(in_.weight[a]);
        });
    }
    big_uint paid;
    std::int64_t rest = in_.total_weight[p];
    for (const std::size_t k : order_) {
        const big_uint& b = budget_[in_.type[k]];
        big_uint numerator = cost - paid;
        // Pays in full when b / d >= numerator * w / (rest * d).
        if (b * static_cast<std::uint64_t>(rest) >= numerator * static_cast<std::uint64_t>(in_.weight[k])) {
            e.q = std::move(numerator);
            e.rest = rest;
            return true;
        }
        const std::int64_t n = in_.multiplicity[in_.type[k]];
        paid += b * static_cast<std::uint64_t>(n);
        rest -= in_.weight[k] * n;
    }
    return false; // unreachable when sum >= cost
}

void exact_pass::fund(std::size_t p, std::size_t /*step*/)
{
    const eval& e = evals_[p];
    const auto factor = static_cast<std::uint64_t>(e.rest);
    d_ *= factor;
    for (auto& b : budget_)
        if (!b.is_zero())
            b *= factor;
    for (std::size_t k = in_.begin[p]; k < in_.begin[p + 1]; ++k) {
        big_uint& b = budget_[in_.type[k]];
        const big_uint share = e.q * static_cast<std::uint64_t>(in_.weight[k]);
        if (b >= share)
            b -= share;
        else
            b = big_uint();
    }
}

} // namespace cabildo::ballots::mes_detail
