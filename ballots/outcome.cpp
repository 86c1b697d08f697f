#include "ballots/outcome.hpp"

#include <algorithm>
#include <numeric>

namespace cabildo::ballots {

outcome rank_by_score(std::string method, std::size_t ballot_count, std::span<const idea_id> candidates,
                      std::span<const std::int64_t> scores, std::size_t winners, const lottery& order)
{
    std::vector<std::size_t> idx(candidates.size());
    std::iota(idx.begin(), idx.end(), std::size_t{0});
    std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
        if (scores[a] != scores[b])
            return scores[a] > scores[b];
        return lottery_before(order, candidates[a], candidates[b]);
    });

    outcome out;
    out.method = std::move(method);
    out.ballots = ballot_count;
    out.ranking.reserve(idx.size());
    for (std::size_t r = 0; r < idx.size(); ++r)
        out.ranking.push_back({r + 1, candidates[idx[r]], scores[idx[r]], r < winners});

    for (std::size_t r = 0; r < out.ranking.size();) {
        std::size_t end = r + 1;
        while (end < out.ranking.size() && out.ranking[end].score == out.ranking[r].score)
            ++end;
        if (end - r > 1) {
            tie t{out.ranking[r].score, {}};
            for (std::size_t k = r; k < end; ++k)
                t.order.push_back(out.ranking[k].idea);
            out.ties.push_back(std::move(t));
        }
        r = end;
    }
    return out;
}

} // namespace cabildo::ballots
