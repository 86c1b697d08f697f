#pragma once
// Counts a challenge's ballots with its method and writes the results document: every counted
// idea ranked with its score and title, the winners flagged, each tie with its lottery keys, and
// the method's own detail (the pairwise matrix for Schulze, the rounds of instant-runoff, the
// money spent and left for budgets).

#include "engine/counting/tally.hpp"
#include "engine/domain/model.hpp"
#include "engine/domain/ranking.hpp"
#include "engine/storage/repositories/ballots.hpp"
#include "engine/storage/repositories/tables.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

namespace cabildo::engine {

// Where the counted ballots came from (issue 22): online, or a table's box. Votes per idea as a
// table's act counts them (domain/tables.hpp's add_votes), on the ballots as counted (cut to the
// candidates); per district, the paper ballots of the tables that name one.
struct channel_figures {
    bool tables = false;        // the challenge has in-person tables (else none of this is written)
    std::int64_t online = 0;    // online ballots counted
    std::int64_t in_person = 0; // valid paper ballots counted
    std::int64_t blank = 0;     // paper ballots found blank
    std::int64_t null = 0;      // paper ballots found null
    std::map<idea_id, std::int64_t> online_votes, in_person_votes;
    struct district_figures {
        std::int64_t ballots = 0;
        std::map<idea_id, std::int64_t> votes;
    };
    std::map<std::string, district_figures> districts;
};

// Every counted ballot of a challenge (each token's latest, and the paper ballots of each table's
// act that counts), each cut to the `candidates`, in the set its method counts (approvals, scores
// or rankings). The one part of a count that reads storage.
struct challenge_ballots {
    ballots::ballot_set approvals;
    ballots::scored_ballot_set scores;
    ballots::ranking_set rankings;
    channel_figures channels;
};
challenge_ballots read_counted_ballots(ballots_repository& repo, tables_repository& tables, const challenge& ch,
                                       std::span<const idea> candidates);
// The same a ballot at a time, wherever the ballots come from (`cabildo verify` reads a board's).
class ballot_collector {
public:
    ballot_collector(const challenge& ch, std::span<const idea> candidates);
    // Cuts the ballot to the candidates (an idea hidden after it was cast leaves it) and keeps it.
    void add(ballot_content& content);
    // A paper ballot of a table (in `district`, if it names one): a valid one counted like an
    // online one, a blank or null one only shown.
    void add_paper(paper_mark& mark, const std::optional<std::string>& district);
    challenge_ballots take() { return std::move(out_); }

private:
    void keep(ballot_content& content);

    std::unordered_map<idea_id, const idea*> candidates_;
    tally_shape shape_;
    ballot_kind kind_;
    challenge_ballots out_;
};

// A challenge's count: the method's outcome and detail, and the ideas it counted. The candidates
// are the ideas the count takes (idea::counted: those visible when voting closed). Pure: the same
// ideas and ballots always give the same count.
struct challenge_count {
    tally counted;
    std::vector<idea> candidates;
    channel_figures channels;
    std::vector<std::int64_t> missing_tables; // tables the publication went without, named by the organiser
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
