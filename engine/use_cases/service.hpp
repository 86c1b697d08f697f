#pragma once
// The use cases of a challenge, from launch to announced winners. Every method answers through
// its callback exactly once, on a storage or io thread; callers post the answer where they need
// it. Writes are acknowledged only after their transaction is durable.

#include "engine/domain/ballot_rules.hpp"
#include "engine/domain/clock.hpp"
#include "engine/domain/commitment.hpp"
#include "engine/domain/exercise.hpp"
#include "engine/domain/limits.hpp"
#include "engine/domain/model.hpp"
#include "engine/domain/result.hpp"
#include "engine/domain/survey.hpp"
#include "engine/identity/blind_rsa.hpp"
#include "engine/identity/crypto.hpp"
#include "engine/identity/key_vault.hpp"
#include "engine/publication/open_data.hpp"
#include "engine/storage/store.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace cabildo::engine {

template <class T>
using callback = std::function<void(result<T>)>;

// Who is asking, as established from the bearer key.
struct caller {
    engine::role kind = role::anonymous; // domain/access.hpp
    std::int64_t municipality_id = 0;    // for organisers, issuers and verifiers
    std::int64_t key_id = 0;             // for organisers and issuers: the key's id, named in the audit log
};

struct key_request {
    engine::role role = role::organiser;
    std::string label;
};

// A key just made: shown once, then only its hash is kept.
struct created_key {
    access_key record;
    std::string key;
};

struct municipality_input {
    std::string slug, name, state, timezone, locale = "es-MX";
};

struct challenge_input {
    std::string slug, title, description;
    std::vector<std::string> categories;
    engine::timeline timeline;
    ballot_patch ballot; // the fields the request sent; the kind's defaults fill in the rest
    std::size_t winners = 1;
    std::optional<std::int64_t> budget;
    std::optional<std::string> tie_break_seed;
    std::size_t max_ideas_per_token = default_ideas_per_token;
    std::size_t max_ideas = default_max_ideas;
    engine::anonymity anonymity = anonymity::signed_tokens;
    unsigned blind_key_bits = default_blind_key_bits;
};

struct window_patch {
    std::optional<time_point> opens, closes;
};

struct challenge_patch {
    std::optional<std::string> title, description;
    std::optional<std::vector<std::string>> categories;
    std::optional<window_patch> consultation, submission, voting, development;
    std::optional<time_point> announcement;
    std::optional<ballot_patch> ballot;
    std::optional<std::size_t> winners;
    std::optional<std::string> tie_break_seed;
    std::optional<std::size_t> max_ideas_per_token;
    std::optional<std::size_t> max_ideas;
};

struct challenge_view {
    engine::challenge challenge;
    time_point now;
    std::vector<std::string> open_phases;
};

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

struct idea_input {
    std::string token, title, description, category;
    std::optional<std::int64_t> cost;
    std::optional<engine::location> location;
};

struct idea_page {
    std::vector<idea> ideas;
    std::optional<idea_id> next_after; // cursor for the next page, if any
};

struct ballot_input {
    std::string token;
    std::string field; // the body field that carried the ballot: choices, ranking or points
    ballot_content content;
};

struct ballot_receipt {
    std::string receipt;
    bool replaced = false;
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

struct audit_page {
    std::vector<audit_entry> entries;
    std::optional<std::int64_t> next_after; // cursor for the next page, if any
};

// A commitment as an organiser writes it; milestones carry title, weight and an optional due date.
struct commitment_input {
    std::string title, objective, responsible, indicator, target;
    time_point starts, ends;
    std::vector<std::string> topics;
    std::vector<std::int64_t> ideas;
    std::vector<milestone> milestones;
};

struct commitment_patch {
    std::optional<std::string> title, objective, responsible, indicator, target;
    std::optional<time_point> starts, ends;
    std::optional<std::vector<std::string>> topics;
    std::optional<std::vector<milestone>> milestones; // only while nothing has started
};

struct commitment_view {
    engine::commitment commitment;
    // The ideas it carries out, as the announced ranking has them: {id, rank, score, winner, title}.
    nlohmann::json ideas = nlohmann::json::array();
    // Oldest first, filled in for a single commitment: a page of its history (after an entry id),
    // or in a report its newest entries.
    std::vector<commitment_update> history;
    std::size_t history_total = 0;                  // entries in all
    std::optional<std::int64_t> history_next_after; // the cursor of the next page, if any
};

struct commitment_change {
    commitment_update entry;
    commitment_view view;
};

struct survey_view {
    std::vector<question> questions; // empty when the challenge has no survey
    std::optional<window> consultation;
    time_point now;
};

struct survey_answers {
    std::string token;
    std::vector<answer> answers;
};

struct exercise_input {
    std::string slug, title;
    std::vector<std::string> challenges; // slugs of the municipality's challenges
};

struct step_patch {
    int n = 0;
    std::optional<std::string> status, note;
    std::optional<std::optional<time_point>> date; // set, or cleared with null
    std::optional<evidence> document;
};

struct exercise_patch {
    std::optional<std::string> title;
    std::optional<std::vector<std::string>> challenges;
    std::vector<step_patch> steps;
};

struct report_view {
    nlohmann::json report;
    std::string timezone; // the municipality's, for the printed dates
};

class service {
public:
    // `admin_key_hash` is SHA-256 of the admin key; keys are only ever kept hashed.
    service(store& storage, const engine::clock& clock, std::string hmac_secret, std::string admin_key_hash,
            std::vector<access_key> keys);

    const engine::clock& clock() const { return clock_; }
    store_load storage_load() const { return store_.load(); }
    // The key's role and municipality; anonymous when it matches none (or was revoked). Compares in
    // constant time and notes the key's last use.
    caller authenticate(std::string_view bearer_key) const;

    void create_municipality(const caller& who, municipality_input in, callback<municipality> cb);
    void list_municipalities(callback<std::vector<municipality>> cb);
    void get_municipality(std::string m, callback<municipality> cb);
    void create_key(const caller& who, std::string m, key_request in, callback<created_key> cb);
    void list_keys(const caller& who, std::string m, callback<std::vector<access_key>> cb);
    // Takes effect on the next request: the key is dropped from memory once its revocation is durable.
    void revoke_key(const caller& who, std::string m, std::int64_t id, callback<done_t> cb);

    void create_challenge(const caller& who, std::string m, challenge_input in, callback<challenge_view> cb);
    void list_challenges(std::string m, callback<std::vector<challenge_view>> cb);
    void get_challenge(std::string m, std::string c, callback<challenge_view> cb);
    void patch_challenge(const caller& who, std::string m, std::string c, challenge_patch patch,
                         callback<challenge_view> cb);
    // Public: every organiser change to a challenge is an act the public may inspect. Pages of
    // at most `limit` entries after the entry id `after`.
    void audit_log(std::string m, std::string c, std::int64_t after, std::size_t limit, callback<audit_page> cb);
    // The admin's: entries of no challenge (municipalities, keys, test clock moves).
    void server_audit_log(const caller& who, std::int64_t after, std::size_t limit, callback<audit_page> cb);

    void issue_tokens(const caller& who, std::string m, std::string c, token_request req, callback<issuance> cb);
    void list_batches(const caller& who, std::string m, std::string c, callback<std::vector<token_batch>> cb);
    // Organisers': how far participation has come (model.hpp's turnout).
    void turnout(const caller& who, std::string m, std::string c, callback<engine::turnout> cb);
    // The printable sheet of a batch's live cards (HTML), each card's QR code opening
    // `challenge_url` + "?token=" + its token; audited.
    void print_cards(const caller& who, std::string m, std::string c, std::int64_t batch, std::string challenge_url,
                     callback<std::string> cb);
    // RFC 9474: signs a person's blinded message once; the same message again gets the same
    // signature (a lost reply must not cost a voice), another one 409 already_issued.
    void blind_sign(const caller& who, std::string m, std::string c, blind_request req, callback<std::string> cb);
    // The page-to-desk relay of anonymous challenges (service_relay.cpp, domain/relay.hpp). A page
    // opens a request with its blinded message; the desk signs it by code for a person (the same
    // rules as blind_sign, plus: a person whose earlier relayed signature was never fetched by its
    // page, and has expired, may be signed for again); the page fetches the signature and says when
    // its token exists.
    void open_blind_request(std::string m, std::string c, std::string blinded_msg, callback<relay_opened> cb);
    void find_blind_request(std::string m, std::string c, std::string code, callback<relay_view> cb);
    // The page fetched a signed request's signature: it counts as delivered.
    void note_delivered(std::int64_t challenge_id, std::string code, callback<done_t> cb);
    void sign_blind_request(const caller& who, std::string m, std::string c, std::string ref, std::string code,
                            callback<relay_view> cb);
    // The page made its token: the request is withdrawn, with the secret its opening answered.
    void collect_blind_request(std::string m, std::string c, std::string code, std::string secret, callback<done_t> cb);
    // Deletes the relay's expired requests (domain/relay.hpp), at most once a minute however
    // often it is called (the publication timer calls it every second).
    void purge_relay();
    // The challenge's verification keys as a JWKS (RFC 7517).
    void challenge_keys(std::string m, std::string c, callback<nlohmann::json> cb);
    void revoke_tokens(const caller& who, std::string m, std::string c, revoke_request req,
                       callback<revoke_outcome> cb);
    // The token a card's short code stands for (any case, dashes optional): 404 for a code no live
    // card has, 401 token_revoked for a revoked one.
    void redeem_card_code(std::string m, std::string c, std::string code, callback<std::string> cb);

    void submit_idea(std::string m, std::string c, idea_input in, callback<idea> cb);
    void list_ideas(const caller& who, std::string m, std::string c, idea_id after, std::size_t limit,
                    bool include_hidden, callback<idea_page> cb);
    void get_idea(const caller& who, std::string m, std::string c, idea_id id, callback<idea> cb);
    void moderate_idea(const caller& who, std::string m, std::string c, idea_id id, bool hide, std::string reason,
                       callback<idea> cb);

    void cast_ballot(std::string m, std::string c, ballot_input in, callback<ballot_receipt> cb);
    // Whether `token` is a live participant token of this challenge (signature, audience, expiry,
    // revocation): lets a body that is malformed and carries a bad token be refused for the token
    // first, so nobody without a token learns what a valid body looks like.
    void check_participant(std::string m, std::string c, std::string token, callback<done_t> cb);

    // A ballot by its receipt (public: only its holder knows it): recorded, or once the results are
    // published counted, replaced or revoked. 404 for a receipt no stored ballot has.
    void find_ballot_receipt(std::string m, std::string c, std::string receipt, callback<receipt_status> cb);
    // The same for a survey response, final once the consultation closed (revoked: withdrawn).
    void find_survey_receipt(std::string m, std::string c, std::string receipt, callback<receipt_status> cb);
    // The results document (JSON): ranking, scores, winners and ties with their lottery keys.
    void results(const caller& who, std::string m, std::string c, callback<nlohmann::json> cb);
    void announce(const caller& who, std::string m, std::string c, callback<nlohmann::json> cb);
    void export_data(const caller& who, std::string m, std::string c, export_format format,
                     callback<export_document> cb);
    // Publishes every challenge whose announcement instant has passed unannounced (the server's
    // timer calls it: winners are never held back by waiting for a request). `done` gets how
    // many were found due.
    void publish_due(std::function<void(std::size_t)> done = {});
    // Freezes the count of every consultation that closed (and builds its results document); the
    // publication timer calls it too.
    void freeze_due_surveys(std::function<void(std::size_t)> done = {});

    // The action plan (service_commitments.cpp): made from the announced winners by an organiser,
    // progress by milestones, verified by a verifier key; every change a public history entry.
    void create_commitment(const caller& who, std::string m, std::string c, commitment_input in,
                           callback<commitment_view> cb);
    void list_commitments(std::string m, std::string c, callback<std::vector<commitment_view>> cb);
    // One commitment with a page of its history: at most `limit` entries after the entry id `after`.
    void get_commitment(std::string m, std::string c, std::int64_t id, std::int64_t after, std::size_t limit,
                        callback<commitment_view> cb);
    void patch_commitment(const caller& who, std::string m, std::string c, std::int64_t id, commitment_patch patch,
                          callback<commitment_view> cb);
    void update_commitment(const caller& who, std::string m, std::string c, std::int64_t id, commitment_action act,
                           callback<commitment_change> cb);

    // The consultation (service_survey.cpp): a survey editable until the consultation opens,
    // answered once per token inside it (the latest response counts), results public once it
    // closes (organisers' from its opening), free text published only after moderation.
    void get_survey(std::string m, std::string c, callback<survey_view> cb);
    void put_survey(const caller& who, std::string m, std::string c, std::vector<question> qs,
                    callback<survey_view> cb);
    void answer_survey(std::string m, std::string c, survey_answers in, callback<ballot_receipt> cb);
    // Once it closed, the frozen results (everyone alike); while it is open, to its organisers, only
    // how many responses arrived.
    void survey_results(const caller& who, std::string m, std::string c, callback<nlohmann::json> cb);
    // One row per counted response, no token: CSV, or JSON when `csv` is false; once it closed.
    void survey_export(const caller& who, std::string m, std::string c, bool csv, callback<std::string> cb);
    // Published free text of a text question, a page after the text id `after`; once it closed.
    void published_survey_texts(std::string m, std::string c, std::string question, std::int64_t after,
                                std::size_t limit, callback<nlohmann::json> cb);
    // The free text to moderate; once it closed.
    void survey_texts(const caller& who, std::string m, std::string c, std::optional<text_status> status,
                      callback<std::vector<survey_text>> cb);
    void moderate_survey_text(const caller& who, std::string m, std::string c, std::int64_t id, bool publish,
                              std::string reason, callback<survey_text> cb);
    // Adds the `count` most-chosen options of a single or multiple question to the challenge's
    // categories, through the same rules as an edit.
    void seed_categories(const caller& who, std::string m, std::string c, std::string question, std::size_t count,
                         callback<challenge_view> cb);

    // The local action plan (service_exercises.cpp): a municipality's exercise with the 13 steps
    // and its challenges, and its reports: the interim one as things stand, the final one frozen
    // once issued, with an addendum of what changed after.
    void create_exercise(const caller& who, std::string m, exercise_input in, callback<nlohmann::json> cb);
    // A page of the municipality's exercises after the exercise id `after`: {"exercises","next_after"}.
    void list_exercises(std::string m, std::int64_t after, std::size_t limit, callback<nlohmann::json> cb);
    void get_exercise(std::string m, std::string e, callback<nlohmann::json> cb);
    // Every change to an exercise, public and append-only: {"entries","next_after"}.
    void exercise_history(std::string m, std::string e, std::int64_t after, std::size_t limit,
                          callback<nlohmann::json> cb);
    void patch_exercise(const caller& who, std::string m, std::string e, exercise_patch patch,
                        callback<nlohmann::json> cb);
    void exercise_report(std::string m, std::string e, report_kind kind, callback<report_view> cb);
    void issue_final_report(const caller& who, std::string m, std::string e, callback<report_view> cb);

    // Tests only (`serve --test-clock`): moves `clock` forward to `to`, audited; never backwards,
    // which would reopen closed windows.
    void move_test_clock(const caller& who, manual_clock& clock, time_point to, callback<time_point> cb);

private:
    struct issuer {
        std::int64_t challenge_id = 0;
        std::int64_t municipality_id = 0;
        ed25519_key key;
        std::shared_ptr<const blind_rsa::public_key> blind; // blind challenges only
    };
    // A key as the service holds it: hash -> who it makes the caller, and when it was last used.
    struct live_key {
        access_key record;
        mutable std::atomic<std::int64_t> last_used{0};      // seconds since the epoch
        mutable std::atomic<std::int64_t> last_persisted{0}; // what the database holds, roughly
    };

    void note_use(const live_key& k) const;
    // A challenge's Ed25519 signing key, opened from its sealed form (raw, 32 bytes).
    result<std::string> signing_key(const challenge& ch) const;
    // A blind challenge's RSA key, opened from its sealed form once and kept.
    result<std::shared_ptr<const blind_rsa::private_key>> blind_key(const challenge& ch);
    // The key a participant's token gives ballots and ideas, once the token verifies: a JWS's jti,
    // or in a blind challenge the digest of an anonymous token's message.
    result<std::string> participant_jti(const issuer& iss, const std::string& token, const std::string& m,
                                        const std::string& c) const;
    std::string reference_hmac(std::int64_t challenge_id, std::string_view canonical_ref) const;
    // A card's short code (canonical, identity/short_code.hpp), derived from its token's jti under
    // the server secret so a sheet printed again shows the same code; and the HMAC the token is
    // found by when someone types it.
    std::string card_code(std::int64_t challenge_id, std::string_view jti) const;
    std::string card_code_hmac(std::int64_t challenge_id, std::string_view canonical_code) const;
    std::optional<issued_token> live_token_of(repository& repo, std::int64_t challenge_id, const std::string& canonical,
                                              const std::string& as_sent) const;

    struct blind_material {
        std::string sealed, public_der; // a blind challenge's RSA key: PKCS#8 sealed, and SPKI
    };
    void insert_challenge(const caller& who, std::string m, challenge_input in, ballot_rules rules,
                          blind_material blind, callback<challenge_view> cb);
    void publish(const caller& who, std::string m, std::string c, callback<nlohmann::json> cb);
    // Publications the server starts itself (the timer, a results request once due): one at a
    // time per challenge, the requests that arrive meanwhile answered by the same count.
    void publish_as_system(std::string m, std::string c, callback<nlohmann::json> cb);
    void with_issuer(const std::string& m, const std::string& c, std::function<void(result<issuer>)> next);
    // A closed consultation's results document or export (`file`), built once and kept.
    void closed_survey_file(const caller& who, std::string m, std::string c, std::string_view file,
                            callback<std::string> cb);
    // Runs `run` on a reader whose snapshot has {m}/{c}'s consultation frozen if it has closed
    // (service_survey.cpp): a reader that finds it closed and not frozen yet has one write freeze
    // it, then reads again.
    template <class T>
    void read_frozen_survey(std::string m, std::string c, std::function<result<T>(repository&)> run, callback<T> cb);
    void remember_issuer(const challenge& ch);
    // What the timer sweeps: runs `each` for every (municipality, challenge) slug pair `due` finds
    // on a reader now, and gives `done` how many; a failed look is logged as "cannot look for
    // <what>".
    using slug_pairs = std::vector<std::pair<std::string, std::string>>;
    void for_each_due(std::function<slug_pairs(repository&)> due, std::string_view what,
                      std::function<void(const std::string& m, const std::string& c)> each,
                      std::function<void(std::size_t)> done);
    template <class T>
    void read_use_case(std::function<result<T>(repository&)> run, callback<T> cb);
    template <class T>
    using participant_act = std::function<result<T>(repository&, const challenge*, const std::string& jti, time_point)>;
    // Whether the window an act belongs to is open at the time (its refusal otherwise).
    using phase_check = std::function<std::optional<failure>(const timeline&, time_point)>;
    template <class T>
    void as_participant(std::string m, std::string c, std::string token, phase_check phase, participant_act<T> act,
                        callback<T> cb);
    template <class T>
    void offload_use_case(std::function<result<T>()> run, callback<T> cb);
    template <class T>
    void write_use_case(std::function<result<T>(repository&)> run, callback<T> cb);

    store& store_;
    const engine::clock& clock_;
    std::atomic<std::chrono::steady_clock::time_point> next_relay_purge_{}; // purge_relay's
    std::string hmac_secret_;
    key_vault vault_; // seals and opens the challenges' signing keys
    std::string admin_key_hash_;

    mutable std::shared_mutex keys_mutex_;
    std::unordered_map<std::string, std::shared_ptr<live_key>> keys_; // SHA-256 of key -> key
    std::mutex blind_keys_mutex_;
    std::unordered_map<std::int64_t, std::shared_ptr<const blind_rsa::private_key>> blind_keys_; // challenge id

    std::mutex publishing_mutex_;
    std::unordered_map<std::string, std::vector<callback<nlohmann::json>>> publishing_;  // "m/c" -> waiting
    std::unordered_map<std::string, std::chrono::steady_clock::time_point> retry_after_; // failed: not before
    time_point test_clock_floor_{};                                                      // writer thread only

    std::shared_mutex issuers_mutex_;
    std::unordered_map<std::string, std::shared_ptr<const issuer>> issuers_; // "m/c" -> issuer
};

} // namespace cabildo::engine
