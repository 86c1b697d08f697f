#include "ballots/equal_shares.hpp"

#include "ballots/big_uint.hpp"
#include "ballots/candidate_index.hpp"
#include "ballots/greedy.hpp"
#include "ballots/points.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cmath>
#include <condition_variable>
#include <limits>
#include <map>
#include <mutex>
#include <numeric>
#include <thread>

namespace cabildo::ballots {

namespace {

constexpr double eps = std::numeric_limits<double>::epsilon();

// The ballots regrouped by project. Identical ballots (same projects, same weights) are merged
// into one ballot type with a multiplicity: they always hold the same budget, so every pass below
// runs over types, not voters. Types are sorted by their ballots read most popular project first:
// popular projects are funded first, so neighbouring types in a project's supporter list tend to
// share their funding history, and the per-supporter loops mostly hit the class they just saw.
struct instance {
    std::size_t voters = 0;                 // ballots, empty ones included
    std::vector<std::int64_t> multiplicity; // by ballot type
    std::vector<std::int64_t> cost;         // by project position
    std::vector<std::int64_t> scale;        // utility per unit of weight: the cost, or 1
    std::vector<std::size_t> begin;         // supporters of p: [begin[p], begin[p + 1])
    std::vector<std::uint32_t> type;        // the supporting ballot type
    std::vector<std::int64_t> weight;       // its weight for the project
    std::vector<std::uint32_t> slot_multiplicity; // the type's multiplicity, beside `type`
    std::vector<std::int64_t> total_weight; // by project position, over voters
    std::vector<std::int64_t> max_weight;
    std::vector<std::size_t> lottery_rank;  // 0 = first in the lottery
    std::vector<std::size_t> payable;       // positive cost and some support: MES decides
    std::vector<std::size_t> free;          // no cost and some support: always funded
    bool unit_weights = true;
};

instance make_instance(std::span<const project> projects, const scored_ballot_set& ballots, const lottery& order,
                       mes_utility utility)
{
    instance in;
    const std::size_t m = projects.size();
    in.voters = ballots.size();
    std::vector<idea_id> ideas;
    for (const auto& p : projects) {
        ideas.push_back(p.idea);
        in.cost.push_back(p.cost);
        in.scale.push_back(utility == mes_utility::cost ? p.cost : 1);
    }
    const candidate_index slot(ideas);
    std::vector<std::int64_t> support(m, 0);
    for (std::size_t v = 0; v < ballots.size(); ++v) {
        const auto is = ballots.ideas(v);
        const auto ws = ballots.weights(v);
        for (std::size_t k = 0; k < is.size(); ++k)
            if (const auto p = slot.find(is[k]); p != candidate_index::npos && ws[k] > 0)
                support[p] += ws[k];
    }
    std::vector<std::uint32_t> by_support(m); // rank -> project
    std::iota(by_support.begin(), by_support.end(), 0U);
    std::stable_sort(by_support.begin(), by_support.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return support[a] > support[b]; });
    std::vector<std::uint32_t> rank(m);
    for (std::uint32_t r = 0; r < m; ++r)
        rank[by_support[r]] = r;

    // Each ballot as (popularity rank, weight) pairs sorted by rank, flat.
    struct item {
        std::uint32_t project;
        std::int64_t weight;
        auto operator<=>(const item&) const = default;
    };
    std::vector<item> items;
    std::vector<std::size_t> ends;
    items.reserve(ballots.items());
    ends.reserve(ballots.size());
    for (std::size_t v = 0; v < ballots.size(); ++v) {
        const auto is = ballots.ideas(v);
        const auto ws = ballots.weights(v);
        const std::size_t start = items.size();
        for (std::size_t k = 0; k < is.size(); ++k)
            if (const auto p = slot.find(is[k]); p != candidate_index::npos && ws[k] > 0)
                items.push_back({rank[p], ws[k]});
        if (items.size() - start <= 16) { // ballots are short: insertion sort, without std::sort's set-up
            for (std::size_t i = start + 1; i < items.size(); ++i)
                for (std::size_t j = i; j > start && items[j] < items[j - 1]; --j)
                    std::swap(items[j], items[j - 1]);
        } else {
            std::sort(items.begin() + static_cast<std::ptrdiff_t>(start), items.end());
        }
        ends.push_back(items.size());
    }
    const auto ballot = [&](std::size_t v) {
        const std::size_t b = v == 0 ? 0 : ends[v - 1];
        return std::span<const item>(items.data() + b, ends[v] - b);
    };
    // Sorting compares ballots lexicographically. Reading two ballots at random places per
    // comparison is slow, so with unit weights each ballot's first ranks are packed into a key
    // (rank + 1 in `bits` bits each, 0 past the end: a prefix sorts first, as lexicographically)
    // and only ballots with equal keys are read. With other weights an earlier weight can decide
    // before a later rank does, so the key stays 0 and every comparison reads the ballots.
    const bool unit = std::all_of(items.begin(), items.end(), [](const item& x) { return x.weight == 1; });
    const auto bits = static_cast<unsigned>(std::bit_width(m));
    const std::size_t packed = unit && bits > 0 && bits < 64 ? 64 / bits : 0;
    struct keyed {
        std::uint64_t key;
        std::uint32_t ballot;
    };
    std::vector<keyed> by_ballot(ballots.size());
    for (std::size_t v = 0; v < ballots.size(); ++v) {
        const auto b = ballot(v);
        std::uint64_t key = 0;
        for (std::size_t k = 0; k < packed; ++k)
            key = (key << bits) | (k < b.size() ? b[k].project + 1 : 0);
        by_ballot[v] = {key, static_cast<std::uint32_t>(v)};
    }
    // By key: a least significant digit radix sort, a byte per pass, skipping bytes all keys
    // share. Then ballots with equal keys (equal ballots, unless longer than the key holds) by
    // reading them.
    {
        std::vector<keyed> buffer(by_ballot.size());
        for (unsigned shift = 0; shift < 64 && packed > 0; shift += 8) {
            std::array<std::size_t, 257> place{};
            for (const keyed& x : by_ballot)
                ++place[((x.key >> shift) & 0xFF) + 1];
            if (std::ranges::any_of(place, [&](std::size_t n) { return n == by_ballot.size(); }))
                continue; // one byte value for every key: this pass would not move anything
            std::partial_sum(place.begin(), place.end(), place.begin());
            for (const keyed& x : by_ballot)
                buffer[place[(x.key >> shift) & 0xFF]++] = x;
            by_ballot.swap(buffer);
        }
    }
    const auto before = [&](const keyed& a, const keyed& b) {
        const auto x = ballot(a.ballot);
        const auto y = ballot(b.ballot);
        return std::lexicographical_compare(x.begin(), x.end(), y.begin(), y.end());
    };
    for (auto run = by_ballot.begin(); run != by_ballot.end();) {
        const auto end = std::find_if(run, by_ballot.end(), [&](const keyed& x) { return x.key != run->key; });
        if (end - run > 1)
            std::sort(run, end, before);
        run = end;
    }
    // The ballots rewritten in sorted order: the passes below then read them in sequence.
    {
        std::vector<item> sorted;
        std::vector<std::size_t> sorted_ends;
        sorted.reserve(items.size());
        sorted_ends.reserve(ends.size());
        for (const keyed& k : by_ballot) {
            const auto b = ballot(k.ballot);
            sorted.insert(sorted.end(), b.begin(), b.end());
            sorted_ends.push_back(sorted.size());
        }
        items.swap(sorted);
        ends.swap(sorted_ends);
    }
    std::vector<std::uint32_t> types; // a representative ballot per type, as sorted
    for (std::size_t i = 0; i < by_ballot.size(); ++i) {
        const auto cur = ballot(i);
        if (cur.empty())
            continue; // supports nothing: holds a share, never pays
        if (!types.empty() && std::ranges::equal(cur, ballot(types.back()))) {
            ++in.multiplicity.back();
            continue;
        }
        types.push_back(static_cast<std::uint32_t>(i));
        in.multiplicity.push_back(1);
    }

    std::vector<std::size_t> count(m + 1, 0);
    for (item& x : items)
        x.project = by_support[x.project]; // back from ranks to project positions
    for (const std::uint32_t v : types)
        for (const item& x : ballot(v))
            ++count[x.project + 1];
    std::partial_sum(count.begin(), count.end(), count.begin());
    in.begin = count;
    in.type.resize(in.begin[m]);
    in.weight.resize(in.begin[m]);
    in.slot_multiplicity.resize(in.begin[m]);
    in.total_weight.assign(m, 0);
    in.max_weight.assign(m, 0);
    std::vector<std::size_t> fill(in.begin.begin(), in.begin.end() - 1);
    for (std::size_t t = 0; t < types.size(); ++t)
        for (const item& x : ballot(types[t])) {
            in.type[fill[x.project]] = static_cast<std::uint32_t>(t);
            in.slot_multiplicity[fill[x.project]] = static_cast<std::uint32_t>(in.multiplicity[t]);
            in.weight[fill[x.project]++] = x.weight;
            in.total_weight[x.project] += x.weight * in.multiplicity[t];
            in.max_weight[x.project] = std::max(in.max_weight[x.project], x.weight);
            in.unit_weights = in.unit_weights && x.weight == 1;
        }

    std::vector<std::size_t> by_lottery(m);
    std::iota(by_lottery.begin(), by_lottery.end(), std::size_t{0});
    std::sort(by_lottery.begin(), by_lottery.end(),
              [&](std::size_t a, std::size_t b) { return lottery_before(order, ideas[a], ideas[b]); });
    in.lottery_rank.resize(m);
    for (std::size_t r = 0; r < m; ++r)
        in.lottery_rank[by_lottery[r]] = r;
    for (std::size_t p = 0; p < m; ++p) {
        if (in.total_weight[p] == 0)
            continue;
        (in.cost[p] > 0 ? in.payable : in.free).push_back(p);
    }
    return in;
}

struct run_result {
    std::vector<std::size_t> selected; // project positions in funding order
    std::vector<std::pair<std::size_t, std::vector<std::size_t>>> ties; // step, tied positions
    bool unsure = false;                // the fast pass could not certify a decision
    // For an integer per-voter budget x: the runs with x, x + 1, ..., x + stable - 1 take the same
    // decisions (same funding order, same ties). 1 when nothing is certified beyond x.
    std::int64_t stable = 1;
};

// Sorts candidates by their last known rho (a lower bound of the current one: budgets only
// shrink, so rho only grows), lottery order among equals.
void sort_by_key(std::vector<std::size_t>& remaining, const std::vector<double>& key, const instance& in)
{
    std::sort(remaining.begin(), remaining.end(), [&](std::size_t a, std::size_t b) {
        if (key[a] != key[b])
            return key[a] < key[b];
        return in.lottery_rank[a] < in.lottery_rank[b];
    });
}

// ---------------------------------------------------------------------------------------------
// Fast pass: doubles, each voter's budget with a bound on its distance from the exact budget.
// Funding a project moves money, and so error, from its supporters' budgets: a supporter who pays
// all they have ends at exactly 0 (no error left), one who pays q * w inherits q's error, which is
// the poor supporters' errors spread over the weight of the full payers. So the bounds stay near
// the rounding of the operations instead of compounding. Any decision the bounds cannot settle
// (a tie, a near tie, a supporter too close to the payment line) sends the run to the exact pass.
//
// Reach (unit weights, integer per-voter budget x; what lets add1 skip budgets): as long as a run
// takes the same decisions and puts each supporter on the same side of each payment line, every
// quantity in it is an affine function of x. A full payer keeps budget - q, q = (cost - paid) /
// rest with the partial payers' `paid` and the full payers' weight `rest` fixed, so each budget,
// sum, q and rho moves with x at a fixed rate. The fast pass carries that rate (the slope) with an
// error bound beside each value, and for every decision it certified, a positive quantity (money
// short of a cost, a gap between two rho, a supporter's distance from the payment line), computes
// how far x can grow before that quantity could reach 0. Up to the smallest such distance the
// run with x + k takes exactly the decisions of the run with x, so has the same outcome: that is
// `run_result::stable`. Rates are all a run needs, the run is not redone.

struct fast_eval {
    enum { affordable, unaffordable, unsure } state = unsure;
    double q = 0;     // payment per unit of weight asked of the paying supporters
    double q_err = 0; // bound on |q - exact q|
    double rho = 0;   // q / scale: payment per unit of utility
    double rho_err = 0;
    bool clean = false; // every supporter certainly pays in full: rho is exactly cost/(W*scale)
    // Rates of change with x and their error bounds (tracked runs only, see "Reach").
    double q_slope = 0;
    double q_slope_err = 0;
    double rho_slope = 0;
    double rho_slope_err = 0;
};

class fast_run {
public:
    // track: compute `stable` (unit weights and integer x only; it costs some 15% more).
    fast_run(const instance& in, std::int64_t num, std::int64_t den, bool track)
        : in_(in), x_(static_cast<double>(num) / static_cast<double>(den)), track_(track && in.unit_weights && den == 1)
    {
        if (in_.unit_weights) {
            // Class 0 is "nothing left" (exactly 0 whatever x is); class 1 is the starting budget,
            // which grows one for one with x.
            type_class_.assign(in_.multiplicity.size(), 1);
            classes_.push_back({0.0, 0.0});
            classes_.push_back({x_, 2 * eps * x_});
            if (track_)
                rates_ = {{0.0, 0.0}, {1.0, 0.0}};
        } else {
            budget_.assign(in_.multiplicity.size(), x_);
            error_.assign(in_.multiplicity.size(), 2 * eps * x_);
        }
    }

    run_result operator()()
    {
        run_result out;
        const std::size_t m = in_.cost.size();
        std::vector<double> key(m, 0.0);
        std::vector<double> key_err(m, 0.0);
        // A key from an evaluation is rho at that step, affine in x while that evaluation's
        // decisions hold; the starting key cost / (W * scale) is a constant lower bound.
        std::vector<double> key_slope(m, 0.0);
        std::vector<double> key_slope_err(m, 0.0);
        std::vector<fast_eval> eval(m);
        for (const std::size_t p : in_.payable) {
            key[p] = static_cast<double>(in_.cost[p]) /
                     (static_cast<double>(in_.total_weight[p]) * static_cast<double>(in_.scale[p]));
            key_err[p] = 4 * eps * key[p];
        }
        std::vector<std::size_t> remaining = in_.payable;
        std::vector<std::size_t> kept;
        std::vector<std::size_t> tied;
        for (std::size_t step = 1;; ++step) {
            sort_by_key(remaining, key, in_);
            kept.clear();
            tied.clear();
            std::size_t best = 0;
            bool have_best = false;
            std::size_t i = 0;
            for (; i < remaining.size(); ++i) {
                const std::size_t p = remaining[i];
                // Its rho can only have grown since `key` was computed: if even that bound is
                // certainly above the best, so is every later candidate's.
                if (have_best && key[p] - key_err[p] > eval[best].rho + eval[best].rho_err)
                    break;
                eval[p] = evaluate(p);
                if (eval[p].state == fast_eval::unaffordable)
                    continue; // budgets only shrink: it never becomes affordable again
                if (eval[p].state == fast_eval::unsure) {
                    out.unsure = true;
                    return out;
                }
                key[p] = eval[p].rho;
                key_err[p] = eval[p].rho_err;
                key_slope[p] = eval[p].rho_slope;
                key_slope_err[p] = eval[p].rho_slope_err;
                kept.push_back(p);
                if (!have_best) {
                    best = p;
                    have_best = true;
                    tied.assign(1, p);
                    continue;
                }
                const int c = compare(eval[p], p, eval[best], best);
                if (c == 2) {
                    out.unsure = true;
                    return out;
                }
                if (c < 0) {
                    best = p;
                    tied.assign(1, p);
                } else if (c == 0) {
                    tied.push_back(p);
                    if (in_.lottery_rank[p] < in_.lottery_rank[best])
                        best = p;
                }
            }
            if (track_ && have_best) {
                const fast_eval& b = eval[best];
                // The evaluated candidates stay behind the best. Ties are between clean rho,
                // which are constants, and so are gaps between two clean rho.
                for (const std::size_t p : kept) {
                    if (std::find(tied.begin(), tied.end(), p) != tied.end() || (eval[p].clean && b.clean))
                        continue;
                    limit(eval[p].rho - b.rho, eval[p].rho_err + b.rho_err, eval[p].rho_slope - b.rho_slope,
                          eval[p].rho_slope_err + b.rho_slope_err);
                }
                // The ones not evaluated: their key, a lower bound of their rho, stays above.
                for (std::size_t j = i; j < remaining.size(); ++j) {
                    const std::size_t p = remaining[j];
                    limit(key[p] - b.rho, key_err[p] + b.rho_err, key_slope[p] - b.rho_slope,
                          key_slope_err[p] + b.rho_slope_err);
                }
            }
            kept.insert(kept.end(), remaining.begin() + static_cast<std::ptrdiff_t>(i), remaining.end());
            remaining.swap(kept);
            if (!have_best)
                break;
            if (tied.size() > 1)
                out.ties.emplace_back(step, tied);
            out.selected.push_back(best);
            remaining.erase(std::find(remaining.begin(), remaining.end(), best));
            if (in_.unit_weights)
                pay_classes(best, eval[best], step);
            else
                pay_voters(best, eval[best]);
        }
        if (track_) {
            // x + k takes the same decisions for every k < reach_ (see "Reach").
            constexpr double cap = 1e15; // far beyond any budget in money units per voter
            out.stable = static_cast<std::int64_t>(std::max(1.0, std::ceil(std::min(reach_, cap))));
        }
        return out;
    }

private:
    // Supporters with equal standing, as the water-filling sees them: `count` voters, each with
    // `budget` (error bound `error`) and weight `unit` for this project, `weight` = count * unit.
    struct entry {
        // Left uninitialised, so that resizing scratch_ to fill it writes each entry once.
        entry() {} // NOLINT(modernize-use-equals-default): `= default` would zero on resize
        entry(double r, double b, double e, double n, double u, double w, std::uint32_t c)
            : ratio(r), budget(b), error(e), count(n), unit(u), weight(w), cls(c)
        {
        }
        double ratio; // budget / unit
        double budget;
        double error;
        double count;
        double unit;
        double weight;
        std::uint32_t cls; // its budget class (unit weights)
    };

    // A budget class (unit weights only): every voter who supported the same funded projects
    // holds the same budget, so evaluations work per class instead of per voter.
    struct budget_class {
        double budget;
        double error;
    };
    // A class's budget's rate of change with x, and its error bound (tracked runs only).
    struct class_rate {
        double slope;
        double slope_err;
    };

    // A quantity certified positive at x: exact value within `err` of `value`, exact rate of
    // change with x within `slope_err` of `slope`. It stays positive for x + k while
    // k < (value - err) / (slope_err - slope); reach_ keeps the smallest such bound over the run,
    // each rounded down (the 4 eps terms cover the rounding of this arithmetic).
    void limit(double value, double err, double slope, double slope_err)
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
    int compare(const fast_eval& a, std::size_t pa, const fast_eval& b, std::size_t pb) const
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

    // The supporters of p as entries in scratch_.
    void gather(std::size_t p)
    {
        scratch_.clear();
        const std::size_t lo = in_.begin[p];
        const std::size_t hi = in_.begin[p + 1];
        if (in_.unit_weights) {
            // Voters per class among the supporters. The tallies are all zeros between gathers;
            // the first touch of a class records it. Branch-free, as which classes are new is
            // unpredictable: every slot writes its class at the end of the touched list and only a
            // new one advances the end. Neighbouring supporters mostly share a class, and adding
            // to the count just stored waits for that store, so the two halves of the list are
            // tallied apart, interleaved: two independent chains instead of one.
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
        } else {
            for (std::size_t k = lo; k < hi; ++k) {
                const std::uint32_t t = in_.type[k];
                const auto w = static_cast<double>(in_.weight[k]);
                const auto n = static_cast<double>(in_.multiplicity[t]);
                scratch_.emplace_back(budget_[t] / w, budget_[t], error_[t], n, w, n * w, 0);
            }
        }
    }

    fast_eval evaluate(std::size_t p)
    {
        fast_eval e;
        const double cost = static_cast<double>(in_.cost[p]);
        const double total_w = static_cast<double>(in_.total_weight[p]);
        gather(p);
        double sum = 0;
        double sum_err = 0;
        double sum_slope = 0;
        double sum_slope_err = 0;
        double min_ratio = std::numeric_limits<double>::infinity(); // certain lower bound
        for (const entry& x : scratch_) {
            sum += x.count * x.budget;
            sum_err += x.count * x.error;
            min_ratio = std::min(min_ratio, (x.budget - x.error) / x.unit);
        }
        if (track_)
            for (const entry& x : scratch_) {
                sum_slope += x.count * rates_[x.cls].slope;
                sum_slope_err += x.count * rates_[x.cls].slope_err;
            }
        const auto rounding = 4 * static_cast<double>(scratch_.size() + 1) * eps; // the summation's own
        sum_err += rounding * sum;
        sum_slope_err += rounding * std::abs(sum_slope);
        if (sum + sum_err < cost) {
            e.state = fast_eval::unaffordable;
            if (track_) // it stays short of the cost
                limit(cost - sum, sum_err, -sum_slope, sum_slope_err);
            return e;
        }
        if (sum - sum_err < cost)
            return e; // unsure
        if (track_) // it stays affordable (also implied by the payment lines below)
            limit(sum - cost, sum_err, sum_slope, sum_slope_err);
        const double q0 = cost / total_w;
        const double scale = static_cast<double>(in_.scale[p]);
        if (min_ratio * (1 - 4 * eps) > q0 * (1 + 4 * eps)) {
            e.state = fast_eval::affordable;
            e.clean = true;
            e.q = q0;
            e.q_err = 4 * eps * q0;
            e.rho = cost / (total_w * scale);
            e.rho_err = 8 * eps * e.rho;
            if (track_) // every supporter stays above the line q0 (unit weights: ratio = budget)
                for (const entry& x : scratch_)
                    limit(x.budget - q0, x.error + e.q_err, rates_[x.cls].slope, rates_[x.cls].slope_err);
            return e;
        }
        // Water-filling: the supporters who cannot pay q * weight pay all they have. Find q by
        // the poor/rich iteration instead of sorting: start from everyone paying in full, move
        // the supporters who cannot afford the current q to the partial payers, recompute q (it
        // only rises), and repeat until nobody moves; each pass only scans the full payers.
        double paid = 0;
        double paid_err = 0;
        double paid_slope = 0;
        double paid_slope_err = 0;
        double rest = total_w;
        std::size_t first_full = 0; // scratch_[0, first_full) pay all they have
        double q = q0;
        for (;;) {
            const auto from = scratch_.begin() + static_cast<std::ptrdiff_t>(first_full);
            const auto split = std::partition(from, scratch_.end(), [q](const entry& x) { return x.ratio < q; });
            const auto moved = static_cast<std::size_t>(split - scratch_.begin());
            if (moved == first_full)
                break;
            for (std::size_t k = first_full; k < moved; ++k) {
                paid += scratch_[k].count * scratch_[k].budget;
                paid_err += scratch_[k].count * scratch_[k].error;
                if (track_) {
                    paid_slope += scratch_[k].count * rates_[scratch_[k].cls].slope;
                    paid_slope_err += scratch_[k].count * rates_[scratch_[k].cls].slope_err;
                }
                rest -= scratch_[k].weight;
            }
            first_full = moved;
            if (first_full == scratch_.size() || rest <= 0)
                return e; // unsure: only possible at the edge of affordability
            q = (cost - paid) / rest;
        }
        e.q = q;
        // If every supporter is certainly on its side of the payment line, the exact q uses the
        // same split, and differs from this q only through the partial payers' budgets.
        const auto paid_rounding = static_cast<double>(first_full + 2) * 4 * eps;
        e.q_err = (paid_err + paid_rounding * (cost + paid)) / rest + 4 * eps * e.q;
        // q = (cost - paid) / rest: it falls by the partial payers' rate spread over `rest`.
        e.q_slope = -paid_slope / rest;
        e.q_slope_err = (paid_slope_err + paid_rounding * std::abs(paid_slope)) / rest + 4 * eps * std::abs(e.q_slope);
        for (std::size_t k = 0; k < scratch_.size(); ++k) {
            const entry& x = scratch_[k];
            const double margin = x.error / x.unit + 4 * eps * x.ratio + e.q_err;
            const bool partial = k < first_full;
            const bool certain = partial ? x.ratio + margin < e.q : x.ratio - margin > e.q;
            if (!certain)
                return e; // unsure
            if (track_) { // it stays on its side of the line (unit weights: ratio = budget)
                const double gap = partial ? e.q - x.ratio : x.ratio - e.q;
                const class_rate r = rates_[x.cls];
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

    // Every supporter of the funded project in class c moves to one new class (or to class 0
    // when they pay all they have).
    void pay_classes(std::size_t p, const fast_eval& e, std::size_t step)
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
                const budget_class from = classes_[c];
                if (from.budget > e.q) {
                    move.next = static_cast<std::uint32_t>(classes_.size());
                    classes_.push_back({from.budget - e.q, from.error + e.q_err + 2 * eps * from.budget});
                    if (track_) {
                        const class_rate r = rates_[c];
                        const double rounding = 4 * eps * (std::abs(r.slope) + std::abs(e.q_slope));
                        rates_.push_back({r.slope - e.q_slope, r.slope_err + e.q_slope_err + rounding});
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

    void pay_voters(std::size_t p, const fast_eval& e)
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

    const instance& in_;
    double x_;
    bool track_; // compute reach_ (unit weights, integer x)
    double reach_ = std::numeric_limits<double>::infinity();
    // Unit weights: budgets per class.
    std::vector<std::uint32_t> type_class_;
    std::vector<budget_class> classes_;
    std::vector<class_rate> rates_; // beside classes_ when tracking
    std::vector<std::uint32_t> tally_; // voters per class: below 2^32 (voter indices are 32-bit)
    std::vector<std::uint32_t> other_tally_; // the same for the second half of a supporter list
    struct class_move {
        std::uint32_t step; // the funding step the move below belongs to
        std::uint32_t next; // where the class's paying supporters go
    };
    std::vector<class_move> moves_;
    std::vector<std::uint32_t> touched_;
    // Other weights: budgets per ballot type.
    std::vector<double> budget_;
    std::vector<double> error_;
    std::vector<entry> scratch_;
};

// ---------------------------------------------------------------------------------------------
// Exact pass: every budget is an integer numerator over one common denominator `d_`. Funding a
// project multiplies the denominator by the weight of its fully paying supporters, so payments
// stay integers; the numbers grow by that factor's bits per funding step.

class exact_run {
public:
    exact_run(const instance& in, std::int64_t num, std::int64_t den)
        : in_(in), d_(static_cast<uint128>(den)),
          budget_(in.multiplicity.size(), big_uint(static_cast<uint128>(num)))
    {
    }

    run_result operator()()
    {
        run_result out;
        const std::size_t m = in_.cost.size();
        std::vector<double> key(m, 0.0);
        std::vector<eval> evals(m);
        for (const std::size_t p : in_.payable)
            key[p] = static_cast<double>(in_.cost[p]) /
                     (static_cast<double>(in_.total_weight[p]) * static_cast<double>(in_.scale[p]));
        std::vector<std::size_t> remaining = in_.payable;
        std::vector<std::size_t> kept;
        std::vector<std::size_t> tied;
        for (std::size_t step = 1;; ++step) {
            sort_by_key(remaining, key, in_);
            kept.clear();
            tied.clear();
            std::size_t best = 0;
            bool have_best = false;
            std::size_t i = 0;
            for (; i < remaining.size(); ++i) {
                const std::size_t p = remaining[i];
                // Keys are rounded exact values; the margin covers the rounding.
                if (have_best && key[p] > key[best] * (1 + 1e-9))
                    break;
                if (!evaluate(p, evals[p]))
                    continue;
                key[p] = approximate_ratio(evals[p].q, d_) /
                         (static_cast<double>(evals[p].rest) * static_cast<double>(in_.scale[p]));
                kept.push_back(p);
                if (!have_best) {
                    best = p;
                    have_best = true;
                    tied.assign(1, p);
                    continue;
                }
                const auto c = compare(evals[p], p, evals[best], best);
                if (c < 0) {
                    best = p;
                    tied.assign(1, p);
                } else if (c == 0) {
                    tied.push_back(p);
                    if (in_.lottery_rank[p] < in_.lottery_rank[best])
                        best = p;
                }
            }
            kept.insert(kept.end(), remaining.begin() + static_cast<std::ptrdiff_t>(i), remaining.end());
            remaining.swap(kept);
            if (!have_best)
                break;
            if (tied.size() > 1)
                out.ties.emplace_back(step, tied);
            out.selected.push_back(best);
            remaining.erase(std::find(remaining.begin(), remaining.end(), best));
            pay(best, evals[best]);
        }
        return out;
    }

private:
    // q = numerator / (rest * d_): the payment per unit of weight of the fully paying supporters.
    struct eval {
        big_uint q;
        std::int64_t rest = 0;
    };

    int compare(const eval& a, std::size_t pa, const eval& b, std::size_t pb) const
    {
        // rho = q / scale; both over the same d_.
        const uint128 da = static_cast<uint128>(a.rest) * static_cast<uint128>(in_.scale[pa]);
        const uint128 db = static_cast<uint128>(b.rest) * static_cast<uint128>(in_.scale[pb]);
        const auto c = (a.q * db) <=> (b.q * da);
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }

    bool evaluate(std::size_t p, eval& e)
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

    void pay(std::size_t p, const eval& e)
    {
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

    const instance& in_;
    big_uint d_;
    std::vector<big_uint> budget_;
    std::vector<std::size_t> order_;
};

run_result run_mes(const instance& in, std::int64_t num, std::int64_t den, bool exact_only, std::size_t& exact_runs,
                   bool track = false)
{
    if (!exact_only) {
        auto fast = fast_run(in, num, den, track)();
        if (!fast.unsure)
            return fast;
    }
    ++exact_runs;
    return exact_run(in, num, den)();
}

// Saturates at INT64_MAX: every cost fits int64 but a run's selection need not (a large budget
// raised by add1 can fund many projects near it), and only the comparison with the budget matters.
std::int64_t cost_of(const instance& in, const std::vector<std::size_t>& selected)
{
    std::int64_t total = 0;
    for (const std::size_t p : selected)
        if (__builtin_add_overflow(total, in.cost[p], &total))
            return std::numeric_limits<std::int64_t>::max();
    return total;
}

} // namespace

std::vector<idea_id> equal_shares_run(std::span<const project> projects, const scored_ballot_set& ballots,
                                      std::int64_t voter_budget_numerator, std::int64_t voter_budget_denominator,
                                      const lottery& order, mes_utility utility, bool exact_only)
{
    const instance in = make_instance(projects, ballots, order, utility);
    std::size_t exact_runs = 0;
    const auto run = run_mes(in, voter_budget_numerator, voter_budget_denominator, exact_only, exact_runs);
    std::vector<idea_id> out;
    for (const std::size_t p : in.free)
        out.push_back(projects[p].idea);
    for (const std::size_t p : run.selected)
        out.push_back(projects[p].idea);
    return out;
}

equal_shares_outcome count_equal_shares(std::span<const project> projects, const scored_ballot_set& ballots,
                                        std::int64_t budget, const lottery& order,
                                        const equal_shares_options& options)
{
    const instance in = make_instance(projects, ballots, order, options.utility);
    equal_shares_outcome out;
    const auto voters = static_cast<std::int64_t>(std::max<std::size_t>(in.voters, 1));

    // The run with budget / voters each; with add1 and threads, computed while they start.
    run_result chosen;
    const auto first_run = [&] { chosen = run_mes(in, budget, voters, options.exact_only, out.exact_runs); };
    out.runs = 1;
    out.computed_runs = 1;
    out.voter_budget_numerator = budget;
    out.voter_budget_denominator = voters;
    if (options.completion != mes_completion::none) {
        // Ends the raises: an outcome over the budget, one that funds every supported project
        // (more money cannot change it), or for add1e one that is exhaustive.
        const bool stop_when_exhaustive = options.completion == mes_completion::add1e;
        const auto ends = [&](const run_result& r) {
            const std::int64_t spent = cost_of(in, r.selected);
            if (spent > budget)
                return true;
            if (r.selected.size() == in.payable.size())
                return true;
            if (!stop_when_exhaustive)
                return false;
            std::vector<bool> funded(in.cost.size(), false);
            for (const std::size_t p : r.selected)
                funded[p] = true;
            return std::none_of(in.payable.begin(), in.payable.end(),
                                [&](std::size_t p) { return !funded[p] && in.cost[p] <= budget - spent; });
        };
        // Per-voter budgets [from, until) whose runs all take the decisions of `run` (the run with
        // `from`): the plain +1 loop would see the same outcome at each of them.
        struct stretch {
            std::int64_t from = 0;
            std::int64_t until = 0;
            run_result run;
            std::size_t exact_runs = 0;
            bool ends = false;
        };
        // No run above stop_at is needed: the loop ends there or earlier. No run at all once over.
        std::atomic<std::int64_t> stop_at{std::numeric_limits<std::int64_t>::max()};
        std::atomic<bool> over{false};
        std::atomic<std::size_t> computed{0};
        // Whether to compute `stable`: not after a few runs in a row certified nothing beyond
        // themselves (supporters cross payment lines at every raise on large files), except every
        // few runs to notice when that changes. Only which runs are computed depends on it.
        struct tracking {
            int misses = 0;    // tracked runs in a row that certified nothing
            int untracked = 0; // runs since the last tracked one
            // Up to 3 misses, then retry after 8, 16, ... 64 untracked runs.
            bool next() const { return misses < 3 || untracked >= 8 << std::min(misses - 3, 3); }
            void saw(bool tracked, std::int64_t stable)
            {
                untracked = tracked ? 0 : untracked + 1;
                if (tracked)
                    misses = stable > 1 ? 0 : std::min(misses + 1, 100);
            }
        };
        const auto run_at = [&](std::int64_t z, tracking& track) {
            stretch s;
            s.from = z;
            const bool tracked = options.skip && track.next();
            s.run = run_mes(in, z, 1, options.exact_only, s.exact_runs, tracked);
            track.saw(tracked, s.run.stable);
            computed.fetch_add(1);
            const std::int64_t room = std::numeric_limits<std::int64_t>::max() - z;
            s.until = z + (options.skip ? std::min(s.run.stable, room) : 1);
            s.ends = ends(s.run);
            if (s.ends) {
                std::int64_t known = stop_at.load();
                while (z < known && !stop_at.compare_exchange_weak(known, z)) {
                }
            }
            return s;
        };
        // The stretches covering [start, end), one run each, unless the loop ends before.
        const auto cover = [&](std::int64_t start, std::int64_t end, std::vector<stretch>& into, tracking& track) {
            into.clear();
            for (std::int64_t z = start; z < end && z < stop_at.load() && !over.load();) {
                into.push_back(run_at(z, track));
                if (into.back().ends)
                    break;
                z = into.back().until;
            }
        };
        // Consumes budgets from `next` on, in order, exactly as the +1 loop would.
        const std::int64_t base = budget / voters + 1;
        std::int64_t next = base;
        bool done = false;
        const auto consume = [&](stretch& s) {
            if (done || s.until <= next || s.from > next)
                return; // already passed, or not reached: the next round starts at `next`
            ++out.runs;
            out.exact_runs += s.exact_runs;
            s.exact_runs = 0;
            if (s.ends) {
                done = true;
                if (cost_of(in, s.run.selected) > budget)
                    return;
                out.voter_budget_numerator = next; // the loop stops at the stretch's first budget
            } else {
                out.runs += static_cast<std::size_t>(s.until - next - 1);
                out.voter_budget_numerator = s.until - 1;
                next = s.until;
            }
            chosen = std::move(s.run);
            out.voter_budget_denominator = 1;
        };
        // Stretches of successive budgets are independent, so with several threads each computes
        // blocks of budgets ahead (thread t the blocks t, t + threads, ...), and the blocks are
        // consumed strictly in order, as one thread would: the outcome never depends on the thread
        // count, only the time does. A block's first run may fall inside its predecessor's last
        // stretch (wasted): blocks span a few stretches. Starting a thread costs about what a run
        // over a few thousand supporters does.
        const bool worth_threads = in.type.size() >= 20'000;
        const std::size_t threads = worth_threads ? std::max<std::size_t>(options.threads, 1) : 1;
        tracking own_track;
        if (threads == 1) {
            first_run();
            done = ends(chosen); // the first run fits (it spends at most budget / voters each)
            while (!done) {
                stretch s = run_at(next, own_track);
                consume(s);
            }
        } else {
            const std::int64_t block = options.skip ? 8 : 1;
            std::mutex mutex;
            std::condition_variable published;
            std::map<std::size_t, std::vector<stretch>> blocks; // computed, not yet consumed
            std::size_t working = threads;
            const auto work = [&](std::size_t t) {
                tracking track;
                for (std::size_t k = t; !over.load(); k += threads) {
                    const std::int64_t from = base + static_cast<std::int64_t>(k) * block;
                    if (from >= stop_at.load())
                        break; // the loop ends before
                    std::vector<stretch> covered;
                    cover(from, from + block, covered, track);
                    const std::lock_guard lock(mutex);
                    blocks.emplace(k, std::move(covered));
                    published.notify_all();
                }
                const std::lock_guard lock(mutex);
                --working;
                published.notify_all();
            };
            std::vector<std::thread> workers;
            // Stops and joins the workers however this scope is left (a run may throw bad_alloc).
            struct joiner {
                std::atomic<bool>& over;
                std::vector<std::thread>& workers;
                ~joiner()
                {
                    over.store(true);
                    for (auto& t : workers)
                        if (t.joinable())
                            t.join();
                }
            } const join_at_exit{over, workers};
            for (std::size_t t = 0; t < threads; ++t)
                workers.emplace_back(work, t);
            first_run();
            done = ends(chosen);
            while (!done) {
                const auto k = static_cast<std::size_t>((next - base) / block);
                std::vector<stretch> covered;
                {
                    std::unique_lock lock(mutex);
                    published.wait(lock, [&] { return blocks.contains(k) || working == 0; });
                    if (const auto it = blocks.find(k); it != blocks.end())
                        covered = std::move(it->second);
                    blocks.erase(blocks.begin(), blocks.upper_bound(k));
                }
                const std::int64_t before = next;
                for (stretch& s : covered)
                    consume(s);
                if (!done && next == before) { // not covered (cannot happen; cheap to be safe)
                    stretch s = run_at(next, own_track);
                    consume(s);
                }
            }
        }
        out.computed_runs += computed.load();
    } else {
        first_run();
    }

    std::vector<idea_id> selected;
    for (const std::size_t p : in.free)
        selected.push_back(projects[p].idea);
    for (const std::size_t p : chosen.selected)
        selected.push_back(projects[p].idea);

    std::vector<idea_id> ideas;
    for (const auto& p : projects)
        ideas.push_back(p.idea);
    const auto scores = sum_weights(ideas, ballots);
    std::string method = options.completion == mes_completion::add1    ? "equalshares/add1"
                         : options.completion == mes_completion::add1e ? "equalshares/add1e"
                                                                       : "equalshares";
    std::vector<tie> step_ties;
    for (const auto& [step, tied] : chosen.ties) {
        tie t;
        t.step = step;
        for (const std::size_t p : tied)
            t.order.push_back(projects[p].idea);
        std::sort(t.order.begin(), t.order.end(), [&](idea_id a, idea_id b) { return lottery_before(order, a, b); });
        step_ties.push_back(std::move(t));
    }

    if (options.compare_with_greedy) {
        method += "-comparison";
        equal_shares_comparison cmp;
        const auto greedy = count_greedy(projects, scores, budget, order);
        cmp.greedy_selected = greedy.selected;
        // A voter prefers the outcome that funds more of the projects they voted for.
        const candidate_index slot(ideas);
        std::vector<std::int64_t> balance(in.multiplicity.size(), 0); // MES-funded minus greedy-funded
        const auto tally = [&](const std::vector<idea_id>& funded, std::int64_t sign) {
            for (const idea_id id : funded) {
                const std::size_t p = slot.find(id);
                for (std::size_t k = in.begin[p]; k < in.begin[p + 1]; ++k)
                    balance[in.type[k]] += sign;
            }
        };
        tally(selected, 1);
        tally(greedy.selected, -1);
        for (std::size_t t = 0; t < balance.size(); ++t) {
            const auto n = static_cast<std::size_t>(in.multiplicity[t]);
            cmp.prefer_equal_shares += balance[t] > 0 ? n : 0;
            cmp.prefer_greedy += balance[t] < 0 ? n : 0;
        }
        cmp.greedy_used = cmp.prefer_greedy > cmp.prefer_equal_shares;
        if (cmp.greedy_used) {
            selected = greedy.selected;
            step_ties.clear();
        }
        out.comparison = std::move(cmp);
    }

    out.funded = describe_funding(method, ballots.size(), projects, scores, std::move(selected), budget, order);
    out.funded.result.ties.insert(out.funded.result.ties.end(), step_ties.begin(), step_ties.end());
    return out;
}

} // namespace cabildo::ballots
