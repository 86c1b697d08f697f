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

// Ballots as tiers of candidate positions, non-candidates dropped.
struct tiered_ballots {
    std::vector<std::size_t> items;
    std::vector<std::uint32_t> tiers;
    std::vector<std::size_t> ends;
    std::vector<std::int64_t> weights;
    std::size_t widest_tier = 1;
};

tiered_ballots read_ballots(const ranking_set& ballots, const candidate_index& slot)
{
    tiered_ballots out;
    auto& items = out.items;
    for (std::size_t b = 0; b < ballots.size(); ++b) {
        const ranked_ballot ballot = ballots[b];
        std::size_t run = 0;
        for (std::size_t k = 0; k < ballot.ideas.size(); ++k) {
            const auto i = slot.find(ballot.ideas[k]);
            if (i == candidate_index::npos)
                continue;
            const bool same_tier =
                items.size() > (out.ends.empty() ? 0 : out.ends.back()) && out.tiers.back() == ballot.tiers[k];
            run = same_tier ? run + 1 : 1;
            out.widest_tier = std::max(out.widest_tier, run);
            items.push_back(i);
            out.tiers.push_back(ballot.tiers[k]);
        }
        out.ends.push_back(items.size());
        out.weights.push_back(ballot.weight);
    }
    return out;
}

// What carries over from round to round.
struct irv_state {
    irv_state(std::size_t ideas, std::size_t ballots)
        : continuing(ideas, true), counts(ideas), overvoted(ballots, false)
    {}
    std::vector<bool> continuing;
    std::vector<std::int64_t> counts;
    std::vector<bool> overvoted; // once an overvote, for every later round
    std::int64_t overvotes = 0;
    std::vector<std::size_t> top; // scratch: a ballot's best continuing tier
};

// Counts each ballot for its best continuing preference; returns the exhausted weight.
std::int64_t tally_round(const tiered_ballots& ballots, std::int64_t denominator, bool split, irv_state& s)
{
    std::fill(s.counts.begin(), s.counts.end(), 0);
    std::int64_t exhausted = 0;
    const auto& ends = ballots.ends;
    for (std::size_t b = 0, begin = 0; b < ends.size(); begin = ends[b], ++b) {
        if (s.overvoted[b])
            continue;
        // The ballot's best tier that still holds a continuing idea.
        s.top.clear();
        for (std::size_t k = begin; k < ends[b]; ++k) {
            if (!s.top.empty() && ballots.tiers[k] != ballots.tiers[k - 1])
                break;
            if (s.continuing[ballots.items[k]])
                s.top.push_back(ballots.items[k]);
        }
        const std::int64_t share = ballots.weights[b] * denominator;
        if (s.top.empty()) {
            exhausted += share;
        } else if (s.top.size() > 1 && !split) {
            s.overvoted[b] = true;
            s.overvotes += share;
        } else {
            for (const std::size_t i : s.top)
                s.counts[i] += share / static_cast<std::int64_t>(s.top.size());
        }
    }
    return exhausted;
}

// Fewest votes loses; among equals, the idea last in the lottery (a tie of several is recorded
// with the round it arose in). Returns the loser's position.
std::size_t eliminate(std::span<const idea_id> candidates, const candidate_index& slot, const irv_state& s,
                      const lottery& order, irv_outcome& out)
{
    const std::size_t n = candidates.size();
    std::int64_t fewest = std::numeric_limits<std::int64_t>::max();
    for (std::size_t i = 0; i < n; ++i)
        if (s.continuing[i])
            fewest = std::min(fewest, s.counts[i]);
    std::vector<idea_id> tied;
    for (std::size_t i = 0; i < n; ++i)
        if (s.continuing[i] && s.counts[i] == fewest)
            tied.push_back(candidates[i]);
    std::sort(tied.begin(), tied.end(), [&](idea_id a, idea_id b) { return lottery_before(order, a, b); });
    const idea_id loser = tied.back();
    if (tied.size() > 1)
        out.result.ties.push_back({fewest, tied, out.rounds.size() + 1});
    return slot.find(loser);
}

// The winner first, then the others in reverse order of elimination.
void rank_ideas(std::span<const idea_id> candidates, const irv_state& s,
                const std::vector<std::size_t>& eliminated_order, const std::vector<std::int64_t>& last_count,
                std::size_t winners, irv_outcome& out)
{
    std::vector<std::size_t> ranked;
    for (std::size_t i = 0; i < candidates.size(); ++i)
        if (s.continuing[i])
            ranked.push_back(i);
    ranked.insert(ranked.end(), eliminated_order.rbegin(), eliminated_order.rend());
    for (std::size_t r = 0; r < ranked.size(); ++r)
        out.result.ranking.push_back({r + 1, candidates[ranked[r]], last_count[ranked[r]], r < winners});
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
    const tiered_ballots tiered = read_ballots(ballots, slot);
    const std::int64_t total = std::max<std::int64_t>(ballots.total_weight(), 1);
    out.denominator =
        split ? split_denominator(tiered.widest_tier, std::numeric_limits<std::int64_t>::max() / total) : 1;
    if (out.denominator == 0) {
        out.denominator = 1;
        out.error = "ties inside ballots are too wide to split votes exactly";
        return out;
    }

    irv_state state(n, tiered.ends.size());
    std::vector<std::int64_t> last_count(n, 0);
    std::vector<std::size_t> eliminated_order;
    for (std::size_t remaining = n; remaining > 0; --remaining) {
        irv_round round;
        round.exhausted = tally_round(tiered, out.denominator, split, state);
        round.overvotes = state.overvotes;
        for (std::size_t i = 0; i < n; ++i)
            if (state.continuing[i]) {
                round.counts.emplace_back(candidates[i], state.counts[i]);
                last_count[i] = state.counts[i];
            }
        if (remaining == 1) {
            out.rounds.push_back(std::move(round));
            break;
        }
        const std::size_t loser = eliminate(candidates, slot, state, order, out);
        state.continuing[loser] = false;
        eliminated_order.push_back(loser);
        round.eliminated = candidates[loser];
        out.rounds.push_back(std::move(round));
    }
    rank_ideas(candidates, state, eliminated_order, last_count, winners, out);
    return out;
}

} // namespace cabildo::ballots
