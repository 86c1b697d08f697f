#include "ballots/equal_shares_fast_pass.hpp"

#include "ballots/big_uint.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <optional>
#include <utility>

namespace cabildo::ballots::mes_detail {

namespace {

constexpr double eps = std::numeric_limits<double>::epsilon();

// An entry's ratio, unit and weight: a group (unit weights, by pattern) has unit 1, so its ratio
// is its budget and its weight its count, the values an entry would hold.
template <class E>
double ratio_of(const E& x)
{
    if constexpr (requires { x.ratio; })
        return x.ratio;
    else
        return x.budget;
}
template <class E>
double unit_of(const E& x)
{
    if constexpr (requires { x.unit; })
        return x.unit;
    else
        return 1.0;
}
template <class E>
double weight_of(const E& x)
{
    if constexpr (requires { x.weight; })
        return x.weight;
    else
        return x.count;
}

} // namespace

fast_pass::fast_pass(const instance& in, std::int64_t num, std::int64_t den, bool track, supporter_tallies* tallies)
    : in_(in), x_(static_cast<double>(num) / static_cast<double>(den)), track_(track && in.unit_weights && den == 1)
{
    if (in_.unit_weights && tallies != nullptr) {
        tallies_ = tallies;
        // Voters who paid for nothing hold the starting budget, which grows one for one with x.
        tallies_->budgets()[supporter_tallies::empty_pattern] = {x_, 2 * eps * x_};
        max_err_ = 2 * eps * x_;
        tallies_->rates()[supporter_tallies::empty_pattern] = {1.0, 0.0};
        path_nodes_.push_back(supporter_tallies::empty_set);
    } else if (in_.unit_weights) {
        // Class 0 is "nothing left" (exactly 0 whatever x is); class 1 is the starting budget,
        // which grows one for one with x.
        type_class_.assign(in_.multiplicity.size(), 1);
        classes_.push_back({0.0, 0.0});
        classes_.push_back({x_, 2 * eps * x_});
        if (track_)
            class_rates_ = {{0.0, 0.0}, {1.0, 0.0}};
    } else {
        budget_.assign(in_.multiplicity.size(), x_);
        error_.assign(in_.multiplicity.size(), 2 * eps * x_);
    }
    const std::size_t m = in_.cost.size();
    key_.assign(m, 0.0);
    key_err_.assign(m, 0.0);
    key_slope_.assign(m, 0.0);
    key_slope_err_.assign(m, 0.0);
    eval_.resize(m);
    for (const std::size_t p : in_.payable) {
        key_[p] = static_cast<double>(in_.cost[p]) /
                  (static_cast<double>(in_.total_weight[p]) * static_cast<double>(in_.scale[p]));
        key_err_[p] = 4 * eps * key_[p];
    }
}

verdict fast_pass::evaluate(std::size_t p)
{
    eval_[p] = evaluate_at(p);
    const fast_eval& e = eval_[p];
    if (e.state == fast_eval::unaffordable)
        return verdict::unaffordable;
    if (e.state == fast_eval::unsure)
        return verdict::unsure;
    key_[p] = e.rho;
    key_err_[p] = e.rho_err;
    key_slope_[p] = e.rho_slope;
    key_slope_err_[p] = e.rho_slope_err;
    return verdict::affordable;
}

rho_order fast_pass::compare(std::size_t p, std::size_t best) const
{
    const int c = compare(eval_[p], p, eval_[best], best);
    return c == 2 ? rho_order::unsure : c < 0 ? rho_order::smaller : c > 0 ? rho_order::larger : rho_order::equal;
}

void fast_pass::certify_step(std::size_t best, std::span<const std::size_t> tied, std::span<const std::size_t> kept,
                             std::span<const std::size_t> unevaluated)
{
    if (!track_)
        return;
    const fast_eval& b = eval_[best];
    // The evaluated candidates stay behind the best. Ties are between clean rho, which are
    // constants, and so are gaps between two clean rho.
    for (const std::size_t p : kept) {
        if (std::find(tied.begin(), tied.end(), p) != tied.end() || (eval_[p].clean && b.clean))
            continue;
        limit(eval_[p].rho - b.rho, eval_[p].rho_err + b.rho_err, eval_[p].rho_slope - b.rho_slope,
              eval_[p].rho_slope_err + b.rho_slope_err);
    }
    // The ones not evaluated: their key, a lower bound of their rho, stays above.
    for (const std::size_t p : unevaluated)
        limit(key_[p] - b.rho, key_err_[p] + b.rho_err, key_slope_[p] - b.rho_slope,
              key_slope_err_[p] + b.rho_slope_err);
}

void fast_pass::fund(std::size_t p, std::size_t step)
{
    if (tallies_ != nullptr)
        pay_patterns(p, eval_[p]);
    else if (in_.unit_weights)
        pay_classes(p, eval_[p], step);
    else
        pay_voters(p, eval_[p]);
}

std::int64_t fast_pass::stable() const
{
    if (!track_)
        return 1;
    // x + k takes the same decisions for every k < reach_ (see "Reach").
    constexpr double cap = 1e15; // far beyond any budget in money units per voter
    return static_cast<std::int64_t>(std::max(1.0, std::ceil(std::min(reach_, cap))));
}

// A quantity certified positive at x: exact value within `err` of `value`, exact rate of
// change with x within `slope_err` of `slope`. It stays positive for x + k while
// k < (value - err) / (slope_err - slope); reach_ keeps the smallest such bound over the run,
// each rounded down (the 4 eps terms cover the rounding of this arithmetic).
void fast_pass::limit(double value, double err, double slope, double slope_err)
{
    const double low = value - err - 4 * eps * (std::abs(value) + err);
    if (!(low > 0)) {
        reach_ = 0;
        return;
    }
    const double fall = slope_err - slope + 4 * eps * (std::abs(slope) + slope_err);
    if (!(fall > 0))
        return; // it never falls
    reach_ = std::min(reach_, low / fall * (1 - 4 * eps));
}

// -1: a before b, 1: b before a, 0: exactly equal rho, 2: too close to tell.
int fast_pass::compare(const fast_eval& a, std::size_t pa, const fast_eval& b, std::size_t pb) const
{
    if (a.clean && b.clean) {
        // rho = cost / (W * scale); for cost utility that is 1 / W.
        const auto frac = [&](std::size_t p) -> std::pair<uint128, uint128> {
            if (in_.scale[p] == in_.cost[p])
                return {1, static_cast<uint128>(in_.total_weight[p])};
            return {static_cast<uint128>(in_.cost[p]),
                    static_cast<uint128>(in_.total_weight[p]) * static_cast<uint128>(in_.scale[p])};
        };
        const auto [an, ad] = frac(pa);
        const auto [bn, bd] = frac(pb);
        // Numerators are below 2^63, so the cross products fit when the denominators are
        // below 2^64; otherwise the error bounds decide.
        if (ad < (uint128{1} << 64) && bd < (uint128{1} << 64)) {
            const uint128 l = an * bd;
            const uint128 r = bn * ad;
            return l < r ? -1 : l > r ? 1 : 0;
        }
    }
    const double diff = a.rho - b.rho;
    if (std::abs(diff) <= a.rho_err + b.rho_err)
        return 2;
    return diff < 0 ? -1 : 1;
}

// The supporters of p as entries in scratch_, and their money.
fast_pass::support_sum fast_pass::gather(std::size_t p)
{
    scratch_.clear();
    if (tallies_ != nullptr)
        return gather_patterns(p);
    if (in_.unit_weights)
        gather_classes(in_.begin[p], in_.begin[p + 1]);
    else
        gather_voters(in_.begin[p], in_.begin[p + 1]);
    return sum_support();
}

// A run without a cache (a single run) tallies its budget classes supporter by supporter: a
// class is the voters with one pattern, or every voter with nothing left (class 0).
void fast_pass::gather_classes(std::size_t lo, std::size_t hi)
{
    // Voters per class among the supporters. The tallies are all zeros between gathers; the
    // first touch of a class records it. Branch-free, as which classes are new is unpredictable:
    // every slot writes its class at the end of the touched list and only a new one advances the
    // end. Neighbouring supporters mostly share a class, and adding to the count just stored
    // waits for that store, so the two halves of the list are tallied apart, interleaved: two
    // independent chains instead of one.
    if (tally_.size() < classes_.size())
        tally_.resize(2 * classes_.size(), 0);
    if (other_tally_.size() < tally_.size())
        other_tally_.resize(tally_.size(), 0);
    if (touched_.size() < hi - lo)
        touched_.resize(hi - lo);
    const std::size_t mid = lo + (hi - lo) / 2;
    std::uint32_t* const first = touched_.data();
    std::uint32_t* last = first;
    std::uint32_t* const other_first = first + (mid - lo);
    std::uint32_t* other_last = other_first;
    const auto count = [&](std::vector<std::uint32_t>& tally, std::size_t k, std::uint32_t*& end) {
        const std::uint32_t cls = type_class_[in_.type[k]];
        const std::uint32_t before = tally[cls];
        *end = cls;
        end += before == 0 ? 1 : 0;
        tally[cls] = before + in_.slot_multiplicity[k];
    };
    for (std::size_t k = lo, j = mid; k < mid; ++k, ++j) {
        count(tally_, k, last);
        count(other_tally_, j, other_last);
    }
    if (hi - mid > mid - lo)
        count(other_tally_, hi - 1, other_last);
    scratch_.resize(static_cast<std::size_t>((last - first) + (other_last - other_first)));
    entry* out = scratch_.data();
    const auto emit = [&](std::uint32_t c) {
        const auto n = static_cast<double>(tally_[c] + other_tally_[c]);
        tally_[c] = 0;
        other_tally_[c] = 0;
        *out++ = entry(classes_[c].budget, classes_[c].budget, classes_[c].error, n, 1.0, n, c);
    };
    for (const std::uint32_t c : std::span<const std::uint32_t>(first, last))
        emit(c);
    for (const std::uint32_t c : std::span<const std::uint32_t>(other_first, other_last))
        if (other_tally_[c] != 0) // not emitted with the first half
            emit(c);
    scratch_.resize(static_cast<std::size_t>(out - scratch_.data()));
}

// The supporters of p by pattern, as the cache has them at this run's funded set. The patterns
// this run has exhausted (budget 0, exactly) are read as one entry at the first one's place, the
// voters who have nothing left: the entries, their order and their values are then those of
// tallying the run's budget classes supporter by supporter (see equal_shares_tallies.hpp).
// The sums of sum_support are taken in the same pass, entry by entry in the same order: the
// entry of the voters with nothing left adds its terms where it stands, count * 0 (its budget,
// error and rate are all 0: pay_patterns writes them together), so whatever its count ends at.
fast_pass::support_sum fast_pass::gather_patterns(std::size_t p)
{
    return track_ ? gather_patterns<true>(p) : gather_patterns<false>(p);
}

template <bool track>
fast_pass::support_sum fast_pass::gather_patterns(std::size_t p)
{
    const project_tally& t = tallies_->tally(path_nodes_, path_funded_, p);
    const pattern_budget* const budgets = tallies_->budgets().data();
    const pattern_rate* const rates = tallies_->rates().data();
    const std::uint32_t* const pattern = t.pattern.data();
    const double* const voters = t.voters.data();
    const std::size_t groups = t.pattern.size();
    groups_.resize(groups);
    group_entry* const first = groups_.data();
    group_entry* out = first;
    group_entry* nothing_left = nullptr;
    // sum_support's sums, term by term as it takes them (unit 1: ratio = budget - error).
    double sum = 0;
    double sum_err = 0;
    double sum_slope = 0;
    double sum_slope_err = 0;
    double min_ratio = std::numeric_limits<double>::infinity();
    const auto add = [&](double n, double budget, double error, std::uint32_t c) {
        sum += n * budget;
        sum_err += n * error;
        min_ratio = std::min(min_ratio, budget - error);
        if constexpr (track) {
            sum_slope += n * rates[c].slope;
            sum_slope_err += n * rates[c].slope_err;
        }
    };
    for (std::size_t g = 0; g < groups; ++g) {
        const std::uint32_t c = pattern[g];
        const pattern_budget b = budgets[c];
        const double n = voters[g];
        if (b.budget == 0 && c != supporter_tallies::empty_pattern) {
            if (nothing_left == nullptr) {
                nothing_left = out++;
                *nothing_left = group_entry(0.0, 0.0, n, c);
                add(n, 0.0, 0.0, c);
            } else {
                nothing_left->count += n; // and so its weight
            }
            continue;
        }
        *out++ = group_entry(b.budget, b.error, n, c);
        add(n, b.budget, b.error, c);
    }
    const auto entries = static_cast<std::size_t>(out - first);
    groups_.resize(entries);
    support_sum s;
    const auto rounding = 4 * static_cast<double>(entries + 1) * eps; // the summation's own
    s.sum = sum;
    s.sum_err = sum_err + rounding * sum;
    s.sum_slope = sum_slope;
    s.sum_slope_err = sum_slope_err + rounding * std::abs(sum_slope);
    s.min_ratio = min_ratio;
    return s;
}

void fast_pass::gather_voters(std::size_t lo, std::size_t hi)
{
    for (std::size_t k = lo; k < hi; ++k) {
        const std::uint32_t t = in_.type[k];
        const auto w = static_cast<double>(in_.weight[k]);
        const auto n = static_cast<double>(in_.multiplicity[t]);
        scratch_.emplace_back(budget_[t] / w, budget_[t], error_[t], n, w, n * w, 0);
    }
}

fast_pass::support_sum fast_pass::sum_support() const
{
    support_sum s;
    for (const entry& x : scratch_) {
        s.sum += x.count * x.budget;
        s.sum_err += x.count * x.error;
        s.min_ratio = std::min(s.min_ratio, (x.budget - x.error) / x.unit);
    }
    if (track_)
        for (const entry& x : scratch_) {
            s.sum_slope += x.count * rate(x.cls).slope;
            s.sum_slope_err += x.count * rate(x.cls).slope_err;
        }
    const auto rounding = 4 * static_cast<double>(scratch_.size() + 1) * eps; // the summation's own
    s.sum_err += rounding * s.sum;
    s.sum_slope_err += rounding * std::abs(s.sum_slope);
    return s;
}

fast_eval fast_pass::evaluate_at(std::size_t p)
{
    if (tallies_ != nullptr && !track_) {
        if (const auto e = evaluate_near(p))
            return *e;
    }
    fast_eval e;
    const double cost = static_cast<double>(in_.cost[p]);
    const support_sum s = gather(p);
    if (s.sum + s.sum_err < cost) {
        e.state = fast_eval::unaffordable;
        if (track_) // it stays short of the cost
            limit(cost - s.sum, s.sum_err, -s.sum_slope, s.sum_slope_err);
        return e;
    }
    if (s.sum - s.sum_err < cost)
        return e; // unsure
    if (track_)   // it stays affordable (also implied by the payment lines below)
        limit(s.sum - cost, s.sum_err, s.sum_slope, s.sum_slope_err);
    if (tallies_ != nullptr)
        return price(groups_, p, s.min_ratio);
    return price(scratch_, p, s.min_ratio);
}

// Unit weights with a cache, untracked: p's supporters by pattern as gather_patterns reads them,
// with the same sum, but only the groups that may pay less than in full are kept for the payment
// line: those with a budget below `far_factor` times cost / weight (q0). The voters with nothing
// left are partial payers from the start (they pay 0), and the others certainly pay in full while
// the line stays below that bound less the largest error of the run: they need no look. Nullopt
// when the line comes that close (about 2 evaluations in 100 on Warszawa 2026): gather_patterns
// and price then read every group. The sum's error is bounded by the run's largest budget error
// times the supporters (instead of term by term), and the line is the water-filling's, its sum
// taken in another order than price's: the bounds still hold, only their size changes.
std::optional<fast_eval> fast_pass::evaluate_near(std::size_t p)
{
    constexpr double far_factor = 2.0;
    const double cost = static_cast<double>(in_.cost[p]);
    const double total_w = static_cast<double>(in_.total_weight[p]);
    const double q0 = cost / total_w;
    const double far = far_factor * q0;
    // The far groups' lowest budget less margin, at least.
    const double far_low = far - (max_err_ + 4 * eps * far);
    if (!(far_low > 1.5 * q0))
        return std::nullopt; // errors as large as that never happen; price handles them
    const project_tally& t = tallies_->tally(path_nodes_, path_funded_, p);
    const pattern_budget* const budgets = tallies_->budgets().data();
    const std::uint32_t* const pattern = t.pattern.data();
    const double* const voters = t.voters.data();
    const std::size_t groups = t.pattern.size();
    std::vector<group_money>& scratch = tallies_->group_scratch();
    if (scratch.size() < 2 * groups)
        scratch.resize(std::max(2 * groups, 2 * scratch.size()));
    group_money* const near = scratch.data();
    group_money* const spill = near + groups; // a pass's full payers, before they go back
    std::size_t kept = 0;
    double sum = 0;    // gather_patterns' sum, term by term in its order (nothing left adds 0)
    double paying = 0; // voters with something left
    for (std::size_t g = 0; g < groups; ++g) {
        const pattern_budget b = budgets[pattern[g]];
        const double n = voters[g];
        sum += n * b.budget;
        // Without branches: which groups have nothing left follows no pattern.
        const bool some = b.budget > 0; // budgets are never negative
        paying += n * static_cast<double>(some);
        near[kept] = {b.budget, b.error, n};
        kept += static_cast<std::size_t>(some) & static_cast<std::size_t>(b.budget < far);
    }
    const double nothing = total_w - paying; // whole numbers: exact
    const double sum_err = max_err_ * total_w + 4 * static_cast<double>(groups + 1) * eps * sum;
    fast_eval e;
    if (sum + sum_err < cost) {
        e.state = fast_eval::unaffordable;
        return e;
    }
    if (sum - sum_err < cost)
        return e; // unsure
    // The lowest budget less error: the far groups' is above far_low, past any line below q0.
    double min_ratio = nothing > 0 ? 0.0 : far_low;
    for (std::size_t k = 0; k < kept; ++k)
        min_ratio = std::min(min_ratio, near[k].budget - near[k].error);
    const double scale = static_cast<double>(in_.scale[p]);
    if (min_ratio * (1 - 4 * eps) > q0 * (1 + 4 * eps)) { // all_pay_in_full, untracked
        e.state = fast_eval::affordable;
        e.clean = true;
        e.q = q0;
        e.q_err = 4 * eps * q0;
        e.rho = cost / (total_w * scale);
        e.rho_err = 8 * eps * e.rho;
        return e;
    }
    // find_line over the near groups, the voters with nothing left paying 0.
    payment_line line;
    line.rest = total_w - nothing;
    if (!(line.rest > 0))
        return e; // unsure: nobody is left to pay in full
    line.q = cost / line.rest;
    for (;;) {
        if (!(line.q < far_low))
            return std::nullopt;
        // The groups below q to the front, in order, without branches (which groups fall
        // below follows no pattern).
        const double q = line.q;
        std::size_t moved = line.first_full;
        std::size_t stay = 0;
        for (std::size_t k = line.first_full; k < kept; ++k) {
            const group_money x = near[k];
            const bool below = x.budget < q;
            near[moved] = x;
            spill[stay] = x;
            moved += below ? 1 : 0;
            stay += below ? 0 : 1;
        }
        std::copy(spill, spill + stay, near + moved);
        if (moved == line.first_full)
            break;
        for (std::size_t k = line.first_full; k < moved; ++k) {
            line.paid += near[k].count * near[k].budget;
            line.paid_err += near[k].count * near[k].error;
            line.rest -= near[k].count;
        }
        line.first_full = moved;
        if (!(line.rest > 0))
            return e; // unsure: nobody is left to pay in full
        line.q = (cost - line.paid) / line.rest;
    }
    // certify_line: every group certainly on its side of the line.
    e.q = line.q;
    const double partial_terms = static_cast<double>(line.first_full + (nothing > 0 ? 1 : 0));
    const double paid_rounding = (partial_terms + 2) * 4 * eps;
    e.q_err = (line.paid_err + paid_rounding * (cost + line.paid)) / line.rest + 4 * eps * e.q;
    if (nothing > 0 && !(e.q_err < e.q))
        return e; // unsure
    if (!(far_low - e.q_err > e.q))
        return e; // unsure
    bool certain = true;
    for (std::size_t k = 0; k < line.first_full; ++k) {
        const group_money& x = near[k];
        certain &= x.budget + (x.error + 4 * eps * x.budget + e.q_err) < e.q;
    }
    for (std::size_t k = line.first_full; k < kept; ++k) {
        const group_money& x = near[k];
        certain &= x.budget - (x.error + 4 * eps * x.budget + e.q_err) > e.q;
    }
    if (!certain)
        return e; // unsure
    e.state = fast_eval::affordable;
    e.rho = e.q / scale;
    e.rho_err = e.q_err / scale + 4 * eps * e.rho;
    return e;
}

// An affordable project's payment line and rho, from its supporters' entries.
template <class E>
fast_eval fast_pass::price(std::vector<E>& entries, std::size_t p, double min_ratio)
{
    const double cost = static_cast<double>(in_.cost[p]);
    const double total_w = static_cast<double>(in_.total_weight[p]);
    const double q0 = cost / total_w;
    const double scale = static_cast<double>(in_.scale[p]);
    if (min_ratio * (1 - 4 * eps) > q0 * (1 + 4 * eps))
        return all_pay_in_full(entries, q0, cost, total_w, scale);
    payment_line line;
    if (!find_line(entries, q0, cost, total_w, line))
        return {}; // unsure: only possible at the edge of affordability
    return certify_line(entries, line, cost, scale);
}

template <class E>
fast_eval fast_pass::all_pay_in_full(const std::vector<E>& entries, double q0, double cost, double total_w,
                                     double scale)
{
    fast_eval e;
    e.state = fast_eval::affordable;
    e.clean = true;
    e.q = q0;
    e.q_err = 4 * eps * q0;
    e.rho = cost / (total_w * scale);
    e.rho_err = 8 * eps * e.rho;
    if (track_) // every supporter stays above the line q0 (unit weights: ratio = budget)
        for (const E& x : entries)
            limit(x.budget - q0, x.error + e.q_err, rate(x.cls).slope, rate(x.cls).slope_err);
    return e;
}

// Water-filling: the supporters who cannot pay q * weight pay all they have. Find q by the
// poor/rich iteration instead of sorting: start from everyone paying in full, move the supporters
// who cannot afford the current q to the partial payers, recompute q (it only rises), and repeat
// until nobody moves; each pass only scans the full payers. False: nobody is left to pay in full.
template <class E>
bool fast_pass::find_line(std::vector<E>& entries, double q0, double cost, double total_w, payment_line& line)
{
    line.rest = total_w;
    line.q = q0;
    for (;;) {
        const double q = line.q;
        const auto from = entries.begin() + static_cast<std::ptrdiff_t>(line.first_full);
        const auto split = std::partition(from, entries.end(), [q](const E& x) { return ratio_of(x) < q; });
        const auto moved = static_cast<std::size_t>(split - entries.begin());
        if (moved == line.first_full)
            return true;
        for (std::size_t k = line.first_full; k < moved; ++k) {
            const E& x = entries[k];
            line.paid += x.count * x.budget;
            line.paid_err += x.count * x.error;
            if (track_) {
                line.paid_slope += x.count * rate(x.cls).slope;
                line.paid_slope_err += x.count * rate(x.cls).slope_err;
            }
            line.rest -= weight_of(x);
        }
        line.first_full = moved;
        if (line.first_full == entries.size() || line.rest <= 0)
            return false;
        line.q = (cost - line.paid) / line.rest;
    }
}

template <class E>
fast_eval fast_pass::certify_line(const std::vector<E>& entries, const payment_line& line, double cost, double scale)
{
    fast_eval e;
    e.q = line.q;
    const double rest = line.rest;
    // If every supporter is certainly on its side of the payment line, the exact q uses the
    // same split, and differs from this q only through the partial payers' budgets.
    const auto paid_rounding = static_cast<double>(line.first_full + 2) * 4 * eps;
    e.q_err = (line.paid_err + paid_rounding * (cost + line.paid)) / rest + 4 * eps * e.q;
    // q = (cost - paid) / rest: it falls by the partial payers' rate spread over `rest`.
    e.q_slope = -line.paid_slope / rest;
    e.q_slope_err =
        (line.paid_slope_err + paid_rounding * std::abs(line.paid_slope)) / rest + 4 * eps * std::abs(e.q_slope);
    for (std::size_t k = 0; k < entries.size(); ++k) {
        const E& x = entries[k];
        const double ratio = ratio_of(x);
        const double margin = x.error / unit_of(x) + 4 * eps * ratio + e.q_err;
        const bool partial = k < line.first_full;
        const bool certain = partial ? ratio + margin < e.q : ratio - margin > e.q;
        if (!certain)
            return e; // unsure
        if (track_) { // it stays on its side of the line (unit weights: ratio = budget)
            const double gap = partial ? e.q - ratio : ratio - e.q;
            const pattern_rate r = rate(x.cls);
            const double gap_slope = partial ? e.q_slope - r.slope : r.slope - e.q_slope;
            limit(gap, margin, gap_slope, r.slope_err + e.q_slope_err);
        }
    }
    e.state = fast_eval::affordable;
    e.rho = e.q / scale;
    e.rho_err = e.q_err / scale + 4 * eps * e.rho;
    e.rho_slope = e.q_slope / scale;
    e.rho_slope_err = e.q_slope_err / scale + 4 * eps * std::abs(e.rho_slope);
    return e;
}

// The voters of each pattern among p's supporters pay q each, or all they have: their pattern
// with p added holds what is left (0 for a partial payer, exactly, evaluate checked).
void fast_pass::pay_patterns(std::size_t p, const fast_eval& e)
{
    const project_tally& t = tallies_->funded(path_nodes_.back(), p);
    pattern_budget* const budgets = tallies_->budgets().data();
    const std::uint32_t* const pattern = t.pattern.data();
    const std::uint32_t* const next = t.funded_pattern.data();
    const std::size_t groups = t.pattern.size();
    const double q = e.q;
    const double q_err = e.q_err;
    double max_err = max_err_;
    // The patterns with p added are not among those without, so the reads see no write. Without
    // branches (who pays in full follows no pattern): the partial payers' new budget and error
    // are masked to exactly 0.
    for (std::size_t g = 0; g < groups; ++g) {
        const pattern_budget from = budgets[pattern[g]];
        const std::uint64_t full = -static_cast<std::uint64_t>(from.budget > q);
        const double left = std::bit_cast<double>(std::bit_cast<std::uint64_t>(from.budget - q) & full);
        const double error =
            std::bit_cast<double>(std::bit_cast<std::uint64_t>(from.error + q_err + 2 * eps * from.budget) & full);
        budgets[next[g]] = {left, error};
        max_err = std::max(max_err, error);
    }
    max_err_ = max_err;
    if (track_) { // a run reads only the rates it wrote, and only when tracked
        pattern_rate* const rates = tallies_->rates().data();
        for (std::size_t g = 0; g < groups; ++g) {
            const pattern_rate r = rates[pattern[g]];
            if (budgets[pattern[g]].budget > e.q) {
                const double rounding = 4 * eps * (std::abs(r.slope) + std::abs(e.q_slope));
                rates[next[g]] = {r.slope - e.q_slope, r.slope_err + e.q_slope_err + rounding};
            } else {
                rates[next[g]] = {0.0, 0.0};
            }
        }
    }
    path_nodes_.push_back(tallies_->add(path_nodes_.back(), p));
    path_funded_.push_back(p);
}

// Every supporter of the funded project in class c moves to one new class (or to class 0 when
// they pay all they have).
void fast_pass::pay_classes(std::size_t p, const fast_eval& e, std::size_t step)
{
    const auto stamp = static_cast<std::uint32_t>(step);
    if (moves_.size() < classes_.size())
        moves_.resize(2 * classes_.size(), {0, 0});
    moves_[0] = {stamp, 0}; // nothing left stays nothing left, without a branch per supporter
    for (std::size_t k = in_.begin[p]; k < in_.begin[p + 1]; ++k) {
        std::uint32_t& c = type_class_[in_.type[k]];
        class_move& move = moves_[c];
        if (move.step != stamp) {
            move.step = stamp;
            const pattern_budget from = classes_[c];
            if (from.budget > e.q) {
                move.next = static_cast<std::uint32_t>(classes_.size());
                classes_.push_back({from.budget - e.q, from.error + e.q_err + 2 * eps * from.budget});
                if (track_) {
                    const pattern_rate r = class_rates_[c];
                    const double rounding = 4 * eps * (std::abs(r.slope) + std::abs(e.q_slope));
                    class_rates_.push_back({r.slope - e.q_slope, r.slope_err + e.q_slope_err + rounding});
                }
                if (moves_.size() < classes_.size())
                    moves_.resize(2 * classes_.size(), {0, 0}); // `move` is not used below
            } else {
                move.next = 0; // certainly a partial payer (evaluate checked): nothing left
            }
            c = moves_[c].next;
            continue;
        }
        c = move.next;
    }
}

void fast_pass::pay_voters(std::size_t p, const fast_eval& e)
{
    for (std::size_t k = in_.begin[p]; k < in_.begin[p + 1]; ++k) {
        const std::uint32_t v = in_.type[k];
        const double share = e.q * static_cast<double>(in_.weight[k]);
        if (budget_[v] > share) {
            error_[v] += e.q_err * static_cast<double>(in_.weight[k]) + 2 * eps * budget_[v];
            budget_[v] -= share;
        } else {
            // Certainly a partial payer (evaluate checked): exactly nothing is left.
            budget_[v] = 0;
            error_[v] = 0;
        }
    }
}

} // namespace cabildo::ballots::mes_detail
