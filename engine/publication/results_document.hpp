#pragma once
// Counts a challenge's ballots with its method and writes the results document: every counted
// idea ranked with its score and title, the winners flagged, each tie with its lottery keys, and
// the method's own detail (the pairwise matrix for Schulze, the rounds of instant-runoff, the
// money spent and left for budgets).

#include "engine/counting/tally.hpp"
#include "engine/domain/model.hpp"
#include "engine/domain/ranking.hpp"
#include "engine/storage/repositories/ballots.hpp"

#include <nlohmann/json.hpp>

#include <span>
#include <vector>

namespace cabildo::engine {

// Every counted ballot of a challenge (each token's latest), each cut to the `candidates`, in the set
// its method counts (approvals, scores or rankings). The one part of a count that reads storage.
struct challenge_ballots {
    ballots::ballot_set approvals;
    ballots::scored_ballot_set scores;
    ballots::ranking_set rankings;
};
challenge_ballots read_counted_ballots(ballots_repository& repo, const challenge& ch, std::span<const idea> candidates);

// A challenge's count: the method's outcome and detail, and the ideas it counted. The candidates
// are the ideas the count takes (idea::counted: those visible when voting closed). Pure: the same
// ideas and ballots always give the same count.
struct challenge_count {
    tally counted;
    std::vector<idea> candidates;
};
challenge_count count_challenge(const challenge& ch, std::vector<idea> candidates, const challenge_ballots& cast);
// The results document of a count: every counted idea ranked with its score and title, the
// winners flagged, each tie with its lottery keys, and the method's own detail.
nlohmann::json to_document(const challenge_count& count, const challenge& ch);

// An idea's text in a ranking entry of the results: its title, or `hidden` while moderation
// withholds it (the idea stays counted). For the live count and published snapshots alike.
void set_ranking_text(nlohmann::json& entry, const idea& i);

// The announced ranking of `ch` as its published document has it, best first, each idea's text
// taken from `ideas` (as moderation leaves it now) when it is there; empty before the announcement.
std::vector<ranking_line> announced_ranking(const challenge& ch, std::span<const idea> ideas);
// A ranking line as the results document writes it: {idea, rank, score, winner, cost?, title|hidden}.
nlohmann::json to_document(const ranking_line& r);

} // namespace cabildo::engine
