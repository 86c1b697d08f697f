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
};

struct outcome {
    std::string method;
    std::size_t ballots = 0;
    std::vector<ranked_idea> ranking;
    std::vector<tie> ties;
};

// Orders candidates by score (higher first), breaks equal scores with the lottery, flags the first
// `winners` as winners and records every tie. `scores[i]` belongs to `candidates[i]`.
outcome rank_by_score(std::string method, std::size_t ballot_count, std::span<const idea_id> candidates,
                      std::span<const std::int64_t> scores, std::size_t winners, const lottery& order);

} // namespace cabildo::ballots
