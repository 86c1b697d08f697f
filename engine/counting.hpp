#pragma once
// Counts a challenge's ballots with its method and writes the results document: every visible
// idea ranked with its score and title, the winners flagged, each tie with its lottery keys, and
// the method's own detail (the pairwise matrix for Schulze, the rounds of instant-runoff, the
// money spent and left for budgets).

#include "engine/model.hpp"
#include "engine/repository.hpp"

#include <nlohmann/json.hpp>

namespace cabildo::engine {

nlohmann::json count_challenge(repository& repo, const challenge& ch);

// Every visible idea of the challenge, by id.
std::vector<idea> visible_ideas(repository& repo, std::int64_t challenge_id);

} // namespace cabildo::engine
