#include "ballots/schulze.hpp"

#include "ballots/candidate_index.hpp"

#include <algorithm>

namespace cabildo::ballots {

pairwise_matrix count_pairwise(std::span<const idea_id> candidates, const ranking_set& ballots)
{
    const std::size_t n = candidates.size();
    const candidate_index slot(candidates);
    pairwise_matrix d(n);
    // A ranked idea beats every unranked one. Crediting that for all n columns per ballot would
    // cost O(L * n); instead credit a per-row bonus once and take it back for the columns the
    // ballot does rank but the idea does not beat, so a ballot costs O(L^2).
    std::vector<std::int64_t> bonus(n, 0);
    std::vector<std::size_t> pos;
    std::vector<std::uint32_t> tier;
    for (std::size_t b = 0; b < ballots.size(); ++b) {
        const ranked_ballot ballot = ballots[b];
        pos.clear();
        tier.clear();
        for (std::size_t k = 0; k < ballot.ideas.size(); ++k)
            if (const auto i = slot.find(ballot.ideas[k]); i != candidate_index::npos) {
                pos.push_back(i);
                tier.push_back(ballot.tiers[k]);
            }
        const std::int64_t m = ballot.weight;
        for (std::size_t k = 0; k < pos.size(); ++k) {
            bonus[pos[k]] += m;
            for (std::size_t l = k + 1; l < pos.size(); ++l) {
                d.at(pos[l], pos[k]) -= m; // l is not above k
                if (tier[k] == tier[l])
                    d.at(pos[k], pos[l]) -= m; // tied: neither is above the other
            }
        }
    }
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j)
            if (i != j)
                d.at(i, j) += bonus[i];
    return d;
}

pairwise_matrix strongest_paths(const pairwise_matrix& d)
{
    const std::size_t n = d.size();
    pairwise_matrix p(n);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j)
            if (i != j && d(i, j) > d(j, i))
                p.at(i, j) = d(i, j);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            if (j == i)
                continue;
            const std::int64_t ji = p(j, i);
            if (ji == 0)
                continue; // min(0, .) cannot improve anything
            for (std::size_t k = 0; k < n; ++k)
                if (k != i && k != j)
                    p.at(j, k) = std::max(p(j, k), std::min(ji, p(i, k)));
        }
    return p;
}

schulze_outcome count_schulze(std::span<const idea_id> candidates, const ranking_set& ballots, std::size_t winners,
                              const lottery& order)
{
    schulze_outcome out;
    out.pairwise = count_pairwise(candidates, ballots);
    out.paths = strongest_paths(out.pairwise);
    const std::size_t n = candidates.size();
    std::vector<std::int64_t> beaten(n, 0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j)
            if (i != j && out.paths(i, j) > out.paths(j, i))
                ++beaten[i];
    out.result =
        rank_by_score("schulze", static_cast<std::size_t>(ballots.total_weight()), candidates, beaten, winners, order);
    return out;
}

} // namespace cabildo::ballots
