#include "ballots/equal_shares_run.hpp"

#include "ballots/equal_shares_exact_pass.hpp"
#include "ballots/equal_shares_fast_pass.hpp"

#include <algorithm>
#include <span>

namespace cabildo::ballots::mes_detail {

namespace {

// Sorts candidates by their last known rho (a lower bound of the current one: budgets only
// shrink, so rho only grows), lottery order among equals. By insertion: from one step to the next
// only the few candidates evaluated have new keys, so the list is nearly in order already (and
// the order is total, so any sort gives this one).
void sort_by_key(std::vector<std::size_t>& remaining, const std::vector<double>& key, const instance& in)
{
    const auto before = [&](std::size_t a, std::size_t b) {
        if (key[a] != key[b])
            return key[a] < key[b];
        return in.lottery_rank[a] < in.lottery_rank[b];
    };
    for (std::size_t i = 1; i < remaining.size(); ++i) {
        const std::size_t p = remaining[i];
        std::size_t j = i;
        for (; j > 0 && before(p, remaining[j - 1]); --j)
            remaining[j] = remaining[j - 1];
        remaining[j] = p;
    }
}

// The MES steps, in the arithmetic of `Pass` (fast_pass or exact_pass): each step evaluates the
// candidates by their last known rho, smallest first, until the next one is certainly behind the
// best so far, and funds the best (equal rho: the lottery's first). It ends when no candidate is
// affordable, or at the first decision the pass cannot take (`unsure`, fast pass only).
template <class Pass>
run_result run_steps(const instance& in, Pass& pass)
{
    run_result out;
    std::vector<std::size_t> remaining = in.payable;
    std::vector<std::size_t> kept;
    std::vector<std::size_t> tied;
    for (std::size_t step = 1;; ++step) {
        sort_by_key(remaining, pass.keys(), in);
        kept.clear();
        tied.clear();
        std::size_t best = 0;
        bool have_best = false;
        std::size_t i = 0;
        for (; i < remaining.size(); ++i) {
            const std::size_t p = remaining[i];
            if (have_best && pass.behind(p, best))
                break;
            const verdict v = pass.evaluate(p);
            if (v == verdict::unaffordable)
                continue; // budgets only shrink: it never becomes affordable again
            if (v == verdict::unsure) {
                out.unsure = true;
                return out;
            }
            kept.push_back(p);
            if (!have_best) {
                best = p;
                have_best = true;
                tied.assign(1, p);
                continue;
            }
            const rho_order c = pass.compare(p, best);
            if (c == rho_order::unsure) {
                out.unsure = true;
                return out;
            }
            if (c == rho_order::smaller) {
                best = p;
                tied.assign(1, p);
            } else if (c == rho_order::equal) {
                tied.push_back(p);
                if (in.lottery_rank[p] < in.lottery_rank[best])
                    best = p;
            }
        }
        if (have_best)
            pass.certify_step(best, tied, kept, std::span<const std::size_t>(remaining).subspan(i));
        kept.insert(kept.end(), remaining.begin() + static_cast<std::ptrdiff_t>(i), remaining.end());
        remaining.swap(kept);
        if (!have_best)
            break;
        if (tied.size() > 1)
            out.ties.emplace_back(step, tied);
        out.selected.push_back(best);
        remaining.erase(std::find(remaining.begin(), remaining.end(), best));
        pass.fund(best, step);
    }
    out.stable = pass.stable();
    return out;
}

} // namespace

run_result run_mes(const instance& in, std::int64_t num, std::int64_t den, bool exact_only, std::size_t& exact_runs,
                   bool track, supporter_tallies* tallies)
{
    if (!exact_only) {
        fast_pass fast(in, num, den, track, tallies);
        auto result = run_steps(in, fast);
        if (!result.unsure)
            return result;
    }
    ++exact_runs;
    exact_pass exact(in, num, den);
    return run_steps(in, exact);
}

} // namespace cabildo::ballots::mes_detail
