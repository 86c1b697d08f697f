#pragma once
// Participants and their tokens (service_tokens.cpp, service_relay.cpp): one token per person by the
// desk (signed, or blind-signed in anonymous challenges through the page-to-desk relay), cards in
// batches, revocation, turnout.

#include "engine/use_cases/runner.hpp"

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace cabildo::engine {

struct token_request {
    std::vector<std::string> refs; // issue one per identity reference, idempotently
    std::size_t count = 0;         // or this many anonymous cards, as one batch
    bool reissue = false;          // with refs: revoke each person's live token and issue a new one
    std::string label;             // the batch's label
};

struct issued {
    std::optional<std::string> ref;
    std::string token;
    std::string code; // the card's short code to type, "ABCD-EFGH-JKMN"
};

struct issuance {
    std::vector<issued> tokens;
    std::optional<token_batch> batch; // for cards
};

struct blind_request {
    std::string ref;
    std::string blinded_msg; // raw bytes, decoded from base64url by the caller
};

// The desk signs the request its `code` names (as read out) for the person of reference `ref`.
struct relay_signing {
    std::string ref;
    std::string code;
};

// A blind-token request a resident's page opened: its code to read out at the desk.
struct relay_opened {
    std::string code; // as shown: "ABCD-2345"
    time_point expires_at;
    std::string secret; // base64url, for the page alone: it withdraws the request (kept as its SHA-256)
};

// A blind-token request as its page or its desk sees it now.
struct relay_view {
    relay_request request;
    std::int64_t municipality_id = 0; // the challenge's: its desks see more of a request
    time_point now;
};

struct revoke_request {
    std::vector<std::string> tokens;
    std::vector<std::string> refs;
};

struct revoke_outcome {
    std::size_t revoked = 0;
    std::size_t already_revoked_or_unknown = 0;
};

class participant_use_cases {
public:
    explicit participant_use_cases(use_case_runner& runner);

    void issue_tokens(const caller& who, challenge_ref which, token_request req, callback<issuance> cb);
    void list_batches(const caller& who, challenge_ref which, callback<std::vector<token_batch>> cb);
    // Organisers': how far participation has come (model.hpp's turnout).
    void turnout(const caller& who, challenge_ref which, callback<engine::turnout> cb);
    // The printable sheet of a batch's live cards (HTML), each card's QR code opening
    // `challenge_url` + "?token=" + its token; audited.
    void print_cards(const caller& who, challenge_ref which, std::int64_t batch, std::string challenge_url,
                     callback<std::string> cb);
    // RFC 9474: signs a person's blinded message once; the same message again gets the same
    // signature (a lost reply must not cost a voice), another one 409 already_issued.
    void blind_sign(const caller& who, challenge_ref which, blind_request req, callback<std::string> cb);
    // The page-to-desk relay of anonymous challenges (service_relay.cpp, domain/relay.hpp). A page
    // opens a request with its blinded message; the desk signs it by code for a person (the same
    // rules as blind_sign, plus: a person whose earlier relayed signature was never fetched by its
    // page, and has expired, may be signed for again); the page fetches the signature and says when
    // its token exists.
    void open_blind_request(challenge_ref which, std::string blinded_msg, callback<relay_opened> cb);
    void find_blind_request(challenge_ref which, std::string code, callback<relay_view> cb);
    // The page fetched a signed request's signature: it counts as delivered.
    void note_delivered(std::int64_t challenge_id, std::string code, callback<done_t> cb);
    void sign_blind_request(const caller& who, challenge_ref which, relay_signing req, callback<relay_view> cb);
    // The page made its token: the request is withdrawn, with the secret its opening answered.
    void collect_blind_request(challenge_ref which, std::string code, std::string secret, callback<done_t> cb);
    // Deletes the relay's expired requests (domain/relay.hpp), at most once a minute however
    // often it is called (the publication timer calls it every second).
    void purge_relay();
    void revoke_tokens(const caller& who, challenge_ref which, revoke_request req, callback<revoke_outcome> cb);
    // Whether `token` is a live participant token of this challenge (signature, audience, expiry,
    // revocation): lets a body that is malformed and carries a bad token be refused for the token
    // first, so nobody without a token learns what a valid body looks like.
    void check_participant(challenge_ref which, std::string token, callback<done_t> cb);
    // The token a card's short code stands for (any case, dashes optional): 404 for a code no live
    // card has, 401 token_revoked for a revoked one.
    void redeem_card_code(challenge_ref which, std::string code, callback<std::string> cb);

private:
    std::optional<issued_token> live_token_of(repository& repo, std::int64_t challenge_id, const std::string& canonical,
                                              const std::string& as_sent) const;

    use_case_runner& runner_;
    const engine::clock& clock_;
    std::atomic<std::chrono::steady_clock::time_point> next_relay_purge_{}; // purge_relay's
};

} // namespace cabildo::engine
