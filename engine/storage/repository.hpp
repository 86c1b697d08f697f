#pragma once
// The storage interface the use cases run against: one instance per connection, used by one
// thread, inside a transaction the store opened. sqlite_repository implements it; a PostgreSQL
// backend would implement it and store.hpp for deployments that outgrow one machine.

#include "engine/domain/commitment.hpp"
#include "engine/domain/exercise.hpp"
#include "engine/domain/model.hpp"
#include "engine/domain/relay.hpp"
#include "engine/domain/survey.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cabildo::engine {

class repository {
public:
    virtual ~repository() = default;

    virtual std::optional<std::string> meta(std::string_view key) = 0;
    virtual void set_meta(std::string_view key, std::string_view value) = 0;

    virtual void insert_municipality(municipality& m) = 0; // sets m.id
    virtual std::optional<municipality> find_municipality(std::string_view slug) = 0;
    virtual std::vector<municipality> list_municipalities() = 0;
    virtual void insert_key(access_key& k) = 0; // sets k.id
    // Keys not revoked: every municipality's (start-up loads them), or one municipality's.
    virtual std::vector<access_key> live_keys(std::optional<std::int64_t> municipality_id = std::nullopt) = 0;
    // Revokes a live key of that municipality; false if there is none with that id.
    virtual bool revoke_key(std::int64_t municipality_id, std::int64_t id, time_point at) = 0;
    virtual void set_key_last_used(std::int64_t id, time_point at) = 0;

    virtual void insert_challenge(challenge& c) = 0; // sets c.id
    virtual std::optional<challenge> find_challenge(std::int64_t municipality_id, std::string_view slug) = 0;
    virtual std::vector<challenge> list_challenges(std::int64_t municipality_id) = 0;
    virtual void update_challenge(const challenge& c) = 0;
    // Every challenge's id, sealed key and public key; for start-up, which seals keys stored
    // in clear by an older version.
    struct issuer_key_row {
        std::int64_t challenge_id = 0;
        std::string sealed;
        std::string public_key;
    };
    virtual std::vector<issuer_key_row> issuer_keys() = 0;
    virtual void set_issuer_key_sealed(std::int64_t challenge_id, std::string_view sealed) = 0;
    // Challenges whose announcement instant is at or before `now` and that nobody published yet,
    // as (municipality slug, challenge slug).
    virtual std::vector<std::pair<std::string, std::string>> due_for_publication(time_point now) = 0;

    virtual void insert_token(std::int64_t challenge_id, const issued_token& t) = 0;
    // A blind token's row, made when it is first used (the server never saw it before): false if
    // it was there already.
    virtual bool insert_token_if_absent(std::int64_t challenge_id, const issued_token& t) = 0;
    virtual void insert_batch(token_batch& b) = 0; // sets b.id
    virtual std::optional<token_batch> find_batch(std::int64_t challenge_id, std::int64_t id) = 0;
    // With each batch's used and revoked tokens counted.
    virtual std::vector<token_batch> list_batches(std::int64_t challenge_id) = 0;
    virtual std::vector<issued_token> batch_tokens(std::int64_t challenge_id, std::int64_t batch_id) = 0;
    // The digest of the blinded message signed for a person (by the HMAC of their reference).
    virtual std::optional<std::string> blind_issuance(std::int64_t challenge_id, std::string_view ref_hmac) = 0;
    virtual void insert_blind_issuance(std::int64_t challenge_id, std::string_view ref_hmac,
                                       std::string_view blinded_digest, time_point at) = 0;
    // A person's earlier blind signature is void (a relayed one their page never fetched): the
    // digest of the message signed now replaces it.
    virtual void replace_blind_issuance(std::int64_t challenge_id, std::string_view ref_hmac,
                                        std::string_view blinded_digest, time_point at) = 0;
    // The blind-token relay (domain/relay.hpp): requests by code, the newest of a person's.
    virtual void purge_relay_requests(time_point expired_before) = 0;
    virtual std::size_t open_relay_requests(std::int64_t challenge_id, time_point now) = 0;
    virtual bool insert_relay_request(const relay_request& r) = 0; // false: the code is taken
    virtual std::optional<relay_request> find_relay_request(std::int64_t challenge_id, std::string_view code) = 0;
    virtual std::optional<relay_request> relay_request_of(std::int64_t challenge_id, std::string_view ref_hmac) = 0;
    virtual void update_relay_request(const relay_request& r) = 0;
    virtual std::optional<issued_token> live_token_for_ref(std::int64_t challenge_id, std::string_view ref_hmac) = 0;
    virtual std::optional<issued_token> token_by_jti(std::int64_t challenge_id, std::string_view jti) = 0;
    // Cards' short codes: the HMAC of a token's code (set once: a token's code never changes), and
    // the token it stands for.
    virtual void set_token_code(std::int64_t challenge_id, std::string_view jti, std::string_view code_hmac) = 0;
    virtual std::optional<issued_token> token_by_code(std::int64_t challenge_id, std::string_view code_hmac) = 0;
    virtual bool revoke_token(std::int64_t challenge_id, std::string_view jti,
                              time_point at) = 0; // false if unknown or already revoked

    virtual void insert_idea(idea& i) = 0; // sets i.id
    virtual std::optional<idea> find_idea(std::int64_t challenge_id, idea_id id) = 0;
    virtual std::vector<idea> list_ideas(std::int64_t challenge_id, bool include_hidden, idea_id after,
                                         std::size_t limit) = 0;
    virtual std::size_t count_ideas_by_author(std::int64_t challenge_id, std::string_view jti) = 0;
    virtual std::size_t count_ideas(std::int64_t challenge_id) = 0; // hidden ones included
    virtual void set_idea_moderation(idea_id id, bool hidden, std::string_view reason, bool counted) = 0;
    // The ideas the count takes (idea::counted), by id.
    virtual std::vector<idea> counted_ideas(std::int64_t challenge_id) = 0;
    // The ids of the ideas hidden now.
    virtual std::vector<idea_id> hidden_ideas(std::int64_t challenge_id) = 0;

    // Stores a ballot as the one that counts for `jti`, marking the earlier one replaced, and
    // deletes the token's oldest replaced ballots beyond `keep_replaced` (counted in the token's
    // replaced_pruned). Returns whether an earlier ballot was replaced.
    virtual bool replace_ballot(std::int64_t challenge_id, std::string_view jti, std::string_view receipt,
                                std::string_view choices, time_point at, std::size_t keep_replaced) = 0;
    // Every ballot `jti` cast: the one that counts, the replaced ones kept and those deleted.
    virtual std::int64_t ballots_cast(std::int64_t challenge_id, std::string_view jti) = 0;
    struct ballot_log {
        std::int64_t cast = 0;            // every ballot cast, replaced ones included
        std::int64_t replaced_kept = 0;   // replaced ballots still stored
        std::int64_t replaced_pruned = 0; // replaced ballots deleted, only counted
    };
    virtual ballot_log ballot_log_summary(std::int64_t challenge_id) = 0;
    virtual engine::turnout turnout(std::int64_t challenge_id) = 0;
    // The ballot a receipt names, if it is still stored (replaced ballots beyond the kept ones are not).
    virtual std::optional<ballot_state> ballot_by_receipt(std::int64_t challenge_id, std::string_view receipt) = 0;
    // The ballots that count: the latest of each token that is not revoked. `choices` is the
    // comma-separated idea ids as stored.
    virtual void
    for_each_counted_ballot(std::int64_t challenge_id,
                            const std::function<void(std::string_view receipt, std::string_view choices)>& f) = 0;

    virtual void append_audit(const audit_entry& e) = 0;
    // A page of a challenge's entries after the entry id `after`, or of the server's own
    // (challenge_id unset: municipalities, keys, test clock moves).
    virtual std::vector<audit_entry> audit_log(std::optional<std::int64_t> challenge_id, std::int64_t after,
                                               std::size_t limit) = 0;

    // Election files and open data built once when results are published, served from then on.
    virtual void store_published_export(std::int64_t challenge_id, std::string_view format, std::string_view digest,
                                        std::string_view body) = 0;
    struct published_export {
        std::string digest; // content_digest(body)
        std::string body;
    };
    virtual std::optional<published_export> find_published_export(std::int64_t challenge_id,
                                                                  std::string_view format) = 0;
    // After a moderation changes what the published files may show; the next request rebuilds.
    virtual void drop_published_exports(std::int64_t challenge_id) = 0;
    virtual void drop_published_export(std::int64_t challenge_id, std::string_view format) = 0;
    // The id of the challenge's newest audit entry (0 for none): every change to what a file
    // shows is audited, so an unchanged id means a file built earlier is still right.
    virtual std::int64_t last_audit_id(std::int64_t challenge_id) = 0;

    // Commitments of the action plan. Inserting one also records each of its ideas as taken: the
    // schema refuses an idea in two commitments.
    virtual void insert_commitment(commitment& c) = 0; // sets c.id
    virtual void update_commitment(const commitment& c) = 0;
    virtual std::optional<commitment> find_commitment(std::int64_t challenge_id, std::int64_t id) = 0;
    virtual std::vector<commitment> list_commitments(std::int64_t challenge_id) = 0;
    // The commitment that already carries out this idea, if any.
    virtual std::optional<std::int64_t> commitment_of_idea(std::int64_t challenge_id, idea_id idea) = 0;
    // The public history: appended, never changed (the schema refuses UPDATE and DELETE).
    virtual void append_commitment_update(commitment_update& u) = 0; // sets u.id
    // Oldest first: entries after the id `after`, at most `limit`.
    virtual std::vector<commitment_update> commitment_history(std::int64_t commitment_id, std::int64_t after,
                                                              std::size_t limit) = 0;
    // The newest `limit` entries, oldest first.
    virtual std::vector<commitment_update> latest_commitment_history(std::int64_t commitment_id, std::size_t limit) = 0;
    virtual std::size_t commitment_history_size(std::int64_t commitment_id) = 0;
    virtual std::size_t commitment_notes_by_key(std::int64_t commitment_id, std::optional<std::int64_t> key_id) = 0;
    virtual std::size_t commitment_notes(std::int64_t commitment_id) = 0; // from every key
    // The newest history entry of any commitment (0 for none): entries after it came later.
    virtual std::int64_t last_commitment_update_id() = 0;

    // The consultation's survey, and the responses to it: one per token, a new one replacing the
    // old (its texts with it). Free-text answers are kept apart with their moderation.
    virtual std::optional<std::vector<question>> find_survey(std::int64_t challenge_id) = 0;
    virtual void store_survey(std::int64_t challenge_id, const std::vector<question>& qs, time_point at) = 0;
    // Every response the token sent, replaced ones included (the cap counts them).
    virtual std::int64_t survey_responses_sent(std::int64_t challenge_id, std::string_view jti) = 0;
    // Returns whether an earlier response of the token was replaced. Text answers get random ids.
    virtual bool replace_survey_response(std::int64_t challenge_id, std::string_view jti, std::string_view receipt,
                                         const std::vector<answer>& answers, time_point at) = 0;
    // A token revoked while the consultation is open: its response leaves the count (which nobody
    // sees before the close). A reissued card: the person's response moves to the new token.
    virtual void withdraw_survey_response(std::int64_t challenge_id, std::string_view jti) = 0;
    virtual void move_survey_response(std::int64_t challenge_id, std::string_view from_jti,
                                      std::string_view to_jti) = 0;
    // The response a receipt names: whether it counts (false: withdrawn), if it is the token's latest.
    virtual std::optional<bool> survey_response_counts(std::int64_t challenge_id, std::string_view receipt) = 0;
    // Responses received, withdrawn ones included: what organisers see while it is open.
    virtual std::size_t survey_responses_received(std::int64_t challenge_id) = 0;
    // The responses that count, in receipt order (random, so the order says nothing of arrival).
    virtual std::vector<survey_response> counted_survey_responses(std::int64_t challenge_id) = 0;
    // The text answers of counted responses, by id (random); of one status if given.
    virtual std::vector<survey_text> survey_texts(std::int64_t challenge_id, std::optional<text_status> status) = 0;
    // Published texts of counted responses to one question, by id after `after`, at most `limit`.
    virtual std::vector<survey_text> published_survey_texts(std::int64_t challenge_id, std::string_view question,
                                                            std::int64_t after, std::size_t limit) = 0;
    virtual std::optional<survey_text> find_survey_text(std::int64_t challenge_id, std::int64_t id) = 0;
    virtual void set_survey_text_status(std::int64_t id, text_status status, std::string_view reason) = 0;
    // A closed consultation's count is frozen by one write (service_survey.cpp); readers serve its
    // answers only once it is. The consultations closed by `now` and not frozen yet, as slugs.
    virtual bool survey_frozen(std::int64_t challenge_id) = 0;
    virtual void freeze_survey(std::int64_t challenge_id, time_point at, std::size_t responses) = 0;
    virtual std::vector<std::pair<std::string, std::string>> surveys_due_for_freeze(time_point now) = 0;

    // Open-government exercises, their public history and their issued reports.
    virtual void insert_exercise(exercise& e) = 0; // sets e.id
    virtual void update_exercise(const exercise& e) = 0;
    virtual std::optional<exercise> find_exercise(std::int64_t municipality_id, std::string_view slug) = 0;
    // A page of a municipality's exercises, by id after `after`.
    virtual std::vector<exercise> list_exercises(std::int64_t municipality_id, std::int64_t after,
                                                 std::size_t limit) = 0;
    virtual void append_exercise_update(exercise_update& u) = 0; // sets u.id; the schema refuses changes
    virtual std::vector<exercise_update> exercise_history(std::int64_t exercise_id, std::int64_t after,
                                                          std::size_t limit) = 0;
    struct issued_report {
        time_point issued_at;
        std::string body;                      // the report's JSON as issued
        std::int64_t last_history_id = 0;      // the newest commitment history entry it saw
        std::string digest;                    // SHA-256 of its sealed form (exercise_report.hpp)
        std::int64_t last_exercise_update = 0; // the newest entry of the exercise's history it saw
    };
    virtual void store_report(std::int64_t exercise_id, report_kind kind, const issued_report& r) = 0;
    virtual std::optional<issued_report> find_report(std::int64_t exercise_id, report_kind kind) = 0;
};

} // namespace cabildo::engine
