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

#include <optional>
#include <span>
#include <unordered_map>
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
// The same a ballot at a time, wherever the ballots come from (`cabildo verify` reads a board's).
class ballot_collector {
public:
    ballot_collector(const challenge& ch, std::span<const idea> candidates);
    // Cuts the ballot to the candidates (an idea hidden after it was cast leaves it) and keeps it.
    void add(ballot_content& content);
    challenge_ballots take() { return std::move(out_); }

private:
    std::unordered_map<idea_id, const idea*> candidates_;
    tally_shape shape_;
    challenge_ballots out_;
};

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

// The results as one request reads them: a count made now (an organiser's live count before the
// announcement), or once announced the published document as stored (`challenge.announced_result`,
// never counted again) with the counted ideas as moderation leaves them now.
struct challenge_results {
    engine::challenge challenge;          // as read; `announced_at` set once published
    std::optional<challenge_count> count; // the live count; nullopt once published
    std::vector<idea> ideas;              // the published document's counted ideas, as moderation leaves them
    time_point now;                       // when it was read: a live count's `counted_at`
};
// The results document as served: the count's document, or the stored one with each idea's text
// as moderation leaves it now (set_ranking_text), and `announced`, `announced_at` and `counted_at`.
nlohmann::json to_document(const challenge_results& r);
// A results document (a count's or the stored one) as served at `now`: with whether and when it
// was announced, and when it was counted (the announcement, or now for a live count).
nlohmann::json with_announcement(nlohmann::json doc, const challenge& ch, time_point now);

} // namespace cabildo::engine
