#include "ballots/approval.hpp"

#include "ballots/candidate_index.hpp"

namespace cabildo::ballots {

outcome count_approval(std::span<const idea_id> candidates, const ballot_set& ballots, std::size_t winners,
                       const lottery& order)
{
    const candidate_index slot(candidates);
    std::vector<std::int64_t> scores(candidates.size(), 0);
    for (std::size_t b = 0; b < ballots.size(); ++b)
        for (const idea_id id : ballots[b])
            if (const auto i = slot.find(id); i != candidate_index::npos)
                ++scores[i];
    return rank_by_score("approval", ballots.size(), candidates, scores, winners, order);
}

} // namespace cabildo::ballots
