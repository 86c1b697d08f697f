#pragma once
// Ballots and results (service_ballots.cpp, service_results.cpp): a ballot per live token inside the
// voting window (the latest counts), receipts, the count, its announcement (by an organiser, or by
// the timer once due) and the open-data exports.

#include "engine/publication/open_data.hpp"
#include "engine/publication/results_document.hpp"
#include "engine/use_cases/board_log.hpp"
#include "engine/use_cases/runner.hpp"

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace cabildo::engine {

struct ballot_input {
    std::string token;
    std::string field; // the body field that carried the ballot: choices, ranking or points
    ballot_content content;
};

struct ballot_receipt {
    std::string receipt;
    bool replaced = false;
    // Its entry on the challenge's bulletin board (none for a challenge made before boards): the
    // canonical bytes, the leaf index, and the signed head of the batch it was stored in (empty only
    // if signing that head failed; the next batch's head includes it).
    std::optional<board_log::appended> board;
};

// Where a ballot (or a survey response) a receipt names stands. Before the count is public it is
// only "recorded": whether it was replaced since is not told (a resident who changed their vote
// under pressure must not be found out by whoever holds their receipt before it matters); once
// the count is published, whether it counts.
struct receipt_status {
    std::string receipt;
    bool final = false; // the results (the consultation's, once it closed) are public
    ballot_state state = ballot_state::counted;
};

class ballot_use_cases {
public:
    explicit ballot_use_cases(use_case_runner& runner);

    void cast_ballot(challenge_ref which, ballot_input in, callback<ballot_receipt> cb);
    // A ballot by its receipt (public: only its holder knows it): recorded, or once the results are
    // published counted, replaced or revoked. 404 for a receipt no stored ballot has.
    void find_ballot_receipt(challenge_ref which, std::string receipt, callback<receipt_status> cb);
    // The results: an organiser's live count before the announcement, the published ones after it
    // (publishing them first if they are due); the handler writes them with to_document
    // (results_document.hpp): ranking, scores, winners and ties with their lottery keys.
    void results(const caller& who, challenge_ref which, callback<challenge_results> cb);
    void announce(const caller& who, challenge_ref which, callback<challenge_results> cb)
    {
        announce(who, std::move(which), std::nullopt, std::move(cb));
    }
    // `missing`: the in-person tables the organiser publishes without (exactly those not reported).
    void announce(const caller& who, challenge_ref which, std::optional<std::vector<std::int64_t>> missing,
                  callback<challenge_results> cb);
    void export_data(const caller& who, challenge_ref which, export_format format, callback<export_document> cb);
    // Publishes every challenge whose announcement instant has passed unannounced (the server's
    // timer calls it: winners are never held back by waiting for a request). `done` gets how
    // many were found due.
    void publish_due(std::function<void(std::size_t)> done = {});

private:
    void publish(const caller& who, challenge_ref which, std::optional<std::vector<std::int64_t>> missing,
                 callback<challenge_results> cb);
    // Publications the server starts itself (the timer, a results request once due): one at a
    // time per challenge, the requests that arrive meanwhile answered by the same count.
    void publish_as_system(challenge_ref which, callback<challenge_results> cb);

    use_case_runner& runner_;
    const engine::clock& clock_;
    std::mutex publishing_mutex_;
    std::unordered_map<std::string, std::vector<callback<challenge_results>>> publishing_; // key() -> waiting
    std::unordered_map<std::string, std::chrono::steady_clock::time_point> retry_after_;   // failed: not before
};

} // namespace cabildo::engine
