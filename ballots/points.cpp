#include "ballots/points.hpp"

#include "ballots/candidate_index.hpp"

namespace cabildo::ballots {

std::vector<std::int64_t> sum_weights(std::span<const idea_id> candidates, const scored_ballot_set& ballots)
{
    const candidate_index slot(candidates);
    std::vector<std::int64_t> scores(candidates.size(), 0);
    for (std::size_t b = 0; b < ballots.size(); ++b) {
        const auto ideas = ballots.ideas(b);
        const auto weights = ballots.weights(b);
        for (std::size_t k = 0; k < ideas.size(); ++k)
            if (const auto i = slot.find(ideas[k]); i != candidate_index::npos)
                scores[i] += weights[k];
    }
    return scores;
}

outcome count_points(std::span<const idea_id> candidates, const scored_ballot_set& ballots, std::size_t winners,
                     const lottery& order)
{
    const auto scores = sum_weights(candidates, ballots);
    return rank_by_score("points", ballots.size(), candidates, scores, winners, order);
}

} // namespace cabildo::ballots
