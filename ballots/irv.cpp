#include "ballots/irv.hpp"

#include "ballots/candidate_index.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

namespace cabildo::ballots {

namespace {

// lcm(1..k), or 0 when it exceeds `limit`: a continuing part of a tied group of k ideas can have
// any size from 1 to k, so this denominator keeps every split share whole.
std::int64_t split_denominator(std::size_t k, std::int64_t limit)
{
    std::int64_t l = 1;
    for (std::int64_t i = 2; i <= static_cast<std::int64_t>(k); ++i) {
        const std::int64_t step = i / std::gcd(l, i);
        if (l > limit / step)
            return 0;
        l *= step;
    }
    return l;
}

} // namespace

irv_outcome count_irv(std::span<const idea_id> candidates, const ranking_set& ballots, std::size_t winners,
                      const lottery& order, const irv_options& options)
{
    const bool split = options.ties == irv_ties::split;
    irv_outcome out;
    out.result.method = split ? "irv-split" : "irv";
    out.result.ballots = static_cast<std::size_t>(ballots.total_weight());
    const std::size_t n = candidates.size();
    const candidate_index slot(candidates);

    // Ballots as tiers of candidate positions, non-candidates dropped.
    std::vector<std::size_t> items;
    std::vector<std::uint32_t> tiers;
    std::vector<std::size_t> ends;
    std::vector<std::int64_t> weights;
    std::size_t widest_tier = 1;
    for (std::size_t b = 0; b < ballots.size(); ++b) {
        const ranked_ballot ballot = ballots[b];
        std::size_t run = 0;
        for (std::size_t k = 0; k < ballot.ideas.size(); ++k) {
            const auto i = slot.find(ballot.ideas[k]);
            if (i == candidate_index::npos)
                continue;
            const bool same_tier = items.size() > (ends.empty() ? 0 : ends.back()) && tiers.back() == ballot.tiers[k];
            run = same_tier ? run + 1 : 1;
            widest_tier = std::max(widest_tier, run);
            items.push_back(i);
            tiers.push_back(ballot.tiers[k]);
        }
        ends.push_back(items.size());
        weights.push_back(ballot.weight);
    }
    const std::int64_t total = std::max<std::int64_t>(ballots.total_weight(), 1);
    out.denominator = split ? split_denominator(widest_tier, std::numeric_limits<std::int64_t>::max() / total) : 1;
    if (out.denominator == 0) {
        out.denominator = 1;
        out.error = "ties inside ballots are too wide to split votes exactly";
        return out;
    }

    std::vector<bool> continuing(n, true);
    std::vector<std::int64_t> counts(n);
    std::vector<std::int64_t> last_count(n, 0);
    std::vector<std::size_t> eliminated_order;
    std::vector<std::size_t> top;
    std::vector<bool> overvoted(ends.size(), false); // once an overvote, for every later round
    std::int64_t overvotes = 0;
    for (std::size_t remaining = n; remaining > 0; --remaining) {
        std::fill(counts.begin(), counts.end(), 0);
        std::int64_t exhausted = 0;
        for (std::size_t b = 0, begin = 0; b < ends.size(); begin = ends[b], ++b) {
            if (overvoted[b])
                continue;
            // The ballot's best tier that still holds a continuing idea.
            top.clear();
            for (std::size_t k = begin; k < ends[b]; ++k) {
                if (!top.empty() && tiers[k] != tiers[k - 1])
                    break;
                if (continuing[items[k]])
                    top.push_back(items[k]);
            }
            const std::int64_t share = weights[b] * out.denominator;
            if (top.empty()) {
                exhausted += share;
            } else if (top.size() > 1 && !split) {
                overvoted[b] = true;
                overvotes += share;
            } else {
                for (const std::size_t i : top)
                    counts[i] += share / static_cast<std::int64_t>(top.size());
            }
        }

        irv_round round;
        round.exhausted = exhausted;
        round.overvotes = overvotes;
        for (std::size_t i = 0; i < n; ++i)
            if (continuing[i]) {
                round.counts.emplace_back(candidates[i], counts[i]);
                last_count[i] = counts[i];
            }
        if (remaining == 1) {
            out.rounds.push_back(std::move(round));
            break;
        }
        // Fewest votes loses; among equals, the idea last in the lottery.
        std::int64_t fewest = std::numeric_limits<std::int64_t>::max();
        for (std::size_t i = 0; i < n; ++i)
            if (continuing[i])
                fewest = std::min(fewest, counts[i]);
        std::vector<idea_id> tied;
        for (std::size_t i = 0; i < n; ++i)
            if (continuing[i] && counts[i] == fewest)
                tied.push_back(candidates[i]);
        std::sort(tied.begin(), tied.end(), [&](idea_id a, idea_id b) { return lottery_before(order, a, b); });
        const idea_id loser = tied.back();
        if (tied.size() > 1)
            out.result.ties.push_back({fewest, tied, out.rounds.size() + 1});
        const std::size_t loser_pos = slot.find(loser);
        continuing[loser_pos] = false;
        eliminated_order.push_back(loser_pos);
        round.eliminated = loser;
        out.rounds.push_back(std::move(round));
    }

    std::vector<std::size_t> ranked;
    for (std::size_t i = 0; i < n; ++i)
        if (continuing[i])
            ranked.push_back(i);
    ranked.insert(ranked.end(), eliminated_order.rbegin(), eliminated_order.rend());
    for (std::size_t r = 0; r < ranked.size(); ++r)
        out.result.ranking.push_back({r + 1, candidates[ranked[r]], last_count[ranked[r]], r < winners});
    return out;
}

} // namespace cabildo::ballots
