#pragma once
// What every counting method returns: all candidate ideas in final order with their scores, the
// winners flagged, and each group of equal scores with the order the seeded lottery gave it.

#include "ballots/ballot_set.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace cabildo::ballots {

// The tie-break lottery, computed outside ballots/ (it needs SHA-256): for each idea its place in
// the lottery, 0 first. An idea missing from the map goes after every idea in it, by id.
using lottery = std::unordered_map<idea_id, std::size_t>;

struct ranked_idea {
    std::size_t rank = 0; // 1-based, unique: ties are already broken by the lottery
    idea_id idea = 0;
    std::int64_t score = 0;
    bool winner = false;
};

struct tie {
    std::int64_t score = 0;
    std::vector<idea_id> order; // the tied ideas in the order the lottery put them
    // For methods that proceed in steps (instant-runoff rounds, Equal Shares selections): the
    // 1-based step the tie arose in; 0 for a tie in the final scores.
    std::size_t step = 0;
};

struct outcome {
    std::string method;
    std::size_t ballots = 0;
    std::vector<ranked_idea> ranking;
    std::vector<tie> ties;
};

// The lottery place of an idea: its place in the map, or after every listed idea.
inline std::size_t lottery_place(const lottery& order, idea_id id)
{
    const auto it = order.find(id);
    return it == order.end() ? order.size() : it->second;
}

// True when the lottery puts `a` before `b` (ideas missing from the lottery go last, by id).
inline bool lottery_before(const lottery& order, idea_id a, idea_id b)
{
    const auto pa = lottery_place(order, a);
    const auto pb = lottery_place(order, b);
    return pa != pb ? pa < pb : a < b;
}

// Orders candidates by score (higher first), breaks equal scores with the lottery, flags the first
// `winners` as winners and records every tie. `scores[i]` belongs to `candidates[i]`.
outcome rank_by_score(std::string method, std::size_t ballot_count, std::span<const idea_id> candidates,
                      std::span<const std::int64_t> scores, std::size_t winners, const lottery& order);

} // namespace cabildo::ballots
