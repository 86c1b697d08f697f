#include "ballots/borda.hpp"

#include "ballots/candidate_index.hpp"

namespace cabildo::ballots {

outcome count_borda(std::span<const idea_id> candidates, const ranking_set& ballots, std::size_t winners,
                    const lottery& order)
{
    const candidate_index slot(candidates);
    std::vector<std::int64_t> scores(candidates.size(), 0);
    for (std::size_t b = 0; b < ballots.size(); ++b) {
        const ranked_ballot ballot = ballots[b];
        const auto length = static_cast<std::int64_t>(ballot.ideas.size());
        std::size_t group_start = 0;
        for (std::size_t k = 0; k < ballot.ideas.size(); ++k) {
            if (k > 0 && ballot.tiers[k] != ballot.tiers[k - 1])
                group_start = k;
            if (const auto i = slot.find(ballot.ideas[k]); i != candidate_index::npos)
                scores[i] += ballot.weight * (length - static_cast<std::int64_t>(group_start));
        }
    }
    return rank_by_score("borda", static_cast<std::size_t>(ballots.total_weight()), candidates, scores, winners, order);
}

} // namespace cabildo::ballots
