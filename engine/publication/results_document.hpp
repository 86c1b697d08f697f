#pragma once
// Counts a challenge's ballots with its method and writes the results document: every counted
// idea ranked with its score and title, the winners flagged, each tie with its lottery keys, and
// the method's own detail (the pairwise matrix for Schulze, the rounds of instant-runoff, the
// money spent and left for budgets).

#include "engine/domain/model.hpp"
#include "engine/storage/repository.hpp"

#include <nlohmann/json.hpp>

namespace cabildo::engine {

// The candidates are the ideas the count takes (idea::counted: those visible when voting closed).
nlohmann::json count_challenge(repository& repo, const challenge& ch);

// An idea's text in a ranking entry of the results: its title, or `hidden` while moderation
// withholds it (the idea stays counted). For the live count and published snapshots alike.
void set_ranking_text(nlohmann::json& entry, const idea& i);

} // namespace cabildo::engine
