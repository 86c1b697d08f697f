#include "ballots/approval.hpp"

#include <unordered_map>

namespace cabildo::ballots {

outcome count_approval(std::span<const idea_id> candidates, const ballot_set& ballots, std::size_t winners,
                       const lottery& order)
{
    std::unordered_map<idea_id, std::size_t> slot;
    slot.reserve(candidates.size());
    for (std::size_t i = 0; i < candidates.size(); ++i)
        slot.emplace(candidates[i], i);

    std::vector<std::int64_t> scores(candidates.size(), 0);
    for (std::size_t b = 0; b < ballots.size(); ++b)
        for (const idea_id id : ballots[b])
            if (const auto it = slot.find(id); it != slot.end())
                ++scores[it->second];
    return rank_by_score("approval", ballots.size(), candidates, scores, winners, order);
}

} // namespace cabildo::ballots
