#pragma once
// The area repositories written once in SQL, over a session of any driver (sql/session.hpp):
// one source per area beside this header, each with its queries as named constants, the row
// codecs they share in rows.hpp. Not thread-safe: one instance belongs to the thread that owns its
// session.

#include "engine/storage/repository.hpp"
#include "engine/storage/sql/session.hpp"

namespace cabildo::engine {

class sql_repository final : public repository {
public:
    explicit sql_repository(sql::session& session) : session_(session) {}
    sql_repository(const sql_repository&) = delete;
    sql_repository& operator=(const sql_repository&) = delete;

    std::optional<std::string> meta(std::string_view key) override;
    void set_meta(std::string_view key, std::string_view value) override;

    void insert_municipality(municipality& m) override;
    std::optional<municipality> find_municipality(std::string_view slug) override;
    std::vector<municipality> list_municipalities() override;
    void insert_key(access_key& k) override;
    std::vector<access_key> live_keys(std::optional<std::int64_t> municipality_id) override;
    bool revoke_key(std::int64_t municipality_id, std::int64_t id, time_point at) override;
    void set_key_last_used(std::int64_t id, time_point at) override;

    void insert_challenge(challenge& c) override;
    std::optional<challenge> find_challenge(std::int64_t municipality_id, std::string_view slug) override;
    std::optional<challenge> find_challenge_at(std::string_view municipality_slug, std::string_view slug) override;
    std::vector<challenge> list_challenges(std::int64_t municipality_id) override;
    void update_challenge(const challenge& c) override;
    std::vector<issuer_key_row> issuer_keys() override;
    void set_issuer_key_sealed(std::int64_t challenge_id, std::string_view sealed) override;
    std::vector<challenge_ref> due_for_publication(time_point now) override;

    void insert_token(std::int64_t challenge_id, const issued_token& t) override;
    bool insert_token_if_absent(std::int64_t challenge_id, const issued_token& t) override;
    void insert_batch(token_batch& b) override;
    std::optional<token_batch> find_batch(std::int64_t challenge_id, std::int64_t id) override;
    std::vector<token_batch> list_batches(std::int64_t challenge_id) override;
    std::vector<issued_token> batch_tokens(std::int64_t challenge_id, std::int64_t batch_id) override;
    std::optional<std::string> blind_issuance(std::int64_t challenge_id, std::string_view ref_hmac) override;
    void insert_blind_issuance(std::int64_t challenge_id, std::string_view ref_hmac, std::string_view blinded_digest,
                               time_point at) override;
    void replace_blind_issuance(std::int64_t challenge_id, std::string_view ref_hmac, std::string_view blinded_digest,
                                time_point at) override;
    void purge_relay_requests(time_point expired_before) override;
    std::size_t open_relay_requests(std::int64_t challenge_id, time_point now) override;
    bool insert_relay_request(const relay_request& r) override;
    std::optional<relay_request> find_relay_request(std::int64_t challenge_id, std::string_view code) override;
    std::optional<relay_request> relay_request_of(std::int64_t challenge_id, std::string_view ref_hmac) override;
    void update_relay_request(const relay_request& r) override;
    std::optional<issued_token> live_token_for_ref(std::int64_t challenge_id, std::string_view ref_hmac) override;
    std::optional<issued_token> token_by_jti(std::int64_t challenge_id, std::string_view jti) override;
    void set_token_code(std::int64_t challenge_id, std::string_view jti, std::string_view code_hmac) override;
    std::optional<issued_token> token_by_code(std::int64_t challenge_id, std::string_view code_hmac) override;
    bool revoke_token(std::int64_t challenge_id, std::string_view jti, time_point at) override;

    void insert_idea(idea& i) override;
    std::optional<idea> find_idea(std::int64_t challenge_id, idea_id id) override;
    std::vector<idea> list_ideas(std::int64_t challenge_id, bool include_hidden, idea_id after,
                                 std::size_t limit) override;
    std::size_t count_ideas_by_author(std::int64_t challenge_id, std::string_view jti) override;
    std::size_t count_ideas(std::int64_t challenge_id) override;
    void set_idea_moderation(idea_id id, bool hidden, std::string_view reason, bool counted) override;
    std::vector<idea> counted_ideas(std::int64_t challenge_id) override;
    std::vector<idea_id> hidden_ideas(std::int64_t challenge_id) override;

    replacement replace_ballot(std::int64_t challenge_id, std::string_view jti, std::string_view receipt,
                               std::string_view choices, time_point at, std::size_t keep_replaced,
                               std::optional<std::uint64_t> leaf) override;
    std::int64_t ballots_cast(std::int64_t challenge_id, std::string_view jti) override;
    ballot_log ballot_log_summary(std::int64_t challenge_id) override;
    engine::turnout turnout(std::int64_t challenge_id) override;
    std::optional<ballot_state> ballot_by_receipt(std::int64_t challenge_id, std::string_view receipt) override;
    void for_each_counted_ballot(std::int64_t challenge_id,
                                 const std::function<void(std::string_view, std::string_view)>& f) override;

    void insert_board(std::int64_t challenge_id, std::string_view key_sealed, std::string_view key_public) override;
    std::optional<stored_board> find_board(std::int64_t challenge_id) override;
    void append_board_entry(std::int64_t challenge_id, std::uint64_t seq, std::string_view body,
                            const std::vector<node>& nodes) override;
    void set_board_closed(std::int64_t challenge_id, std::uint64_t close_leaf) override;
    std::string board_node(std::int64_t challenge_id, unsigned level, std::uint64_t index) override;
    void for_each_board_entry(std::int64_t challenge_id, std::uint64_t from, std::size_t limit,
                              const std::function<void(std::uint64_t, std::string_view)>& f, bool bodies) override;
    void insert_board_head(std::int64_t challenge_id, const stored_head& h) override;
    std::optional<stored_head> latest_board_head(std::int64_t challenge_id) override;
    std::vector<stored_head> board_heads(std::int64_t challenge_id, std::uint64_t after, std::size_t limit) override;
    std::vector<challenge_ref> boards_due_for_close(time_point now) override;
    std::optional<std::uint64_t> ballot_leaf(std::int64_t challenge_id, std::string_view receipt) override;
    std::vector<std::uint64_t> counted_ballot_leaves(std::int64_t challenge_id) override;

    void insert_table(polling_table& t) override;
    std::vector<polling_table> list_tables(std::int64_t challenge_id) override;
    std::optional<polling_table> find_table(std::int64_t challenge_id, std::int64_t id) override;
    std::size_t count_tables(std::int64_t challenge_id) override;
    std::optional<time_point> last_table_close(std::int64_t challenge_id) override;
    void set_table_edition(std::int64_t table_id, std::int64_t edition, std::string_view correction) override;
    void add_to_table(std::int64_t table_id, const table_counts& add) override;
    std::vector<access_key> table_officers(std::int64_t challenge_id, std::optional<std::int64_t> table_id) override;
    bool checked_in(std::int64_t challenge_id, std::string_view ref_hmac) override;
    void insert_check_in(std::int64_t challenge_id, std::string_view ref_hmac) override;
    void put_entry(std::int64_t table_id, std::int64_t edition, const paper_entry& e, time_point at) override;
    std::vector<paper_entry> entries(std::int64_t table_id, std::int64_t edition) override;
    std::vector<paper_entry> entries_at(std::int64_t table_id, std::int64_t edition, std::int64_t position) override;
    void insert_act(stored_act& a) override;
    std::optional<stored_act> latest_act(std::int64_t table_id) override;
    std::optional<stored_act> counted_act(std::int64_t table_id) override;
    std::vector<stored_act> closed_acts(std::int64_t challenge_id, std::optional<std::int64_t> table_id) override;
    void delete_act(std::int64_t act_id) override;
    void set_act_signatures(std::int64_t act_id, std::string_view signatures) override;
    void close_act(std::int64_t act_id, time_point at, std::optional<std::uint64_t> leaf) override;
    void insert_paper_ballot(std::int64_t challenge_id, std::int64_t table_id, std::int64_t act_id,
                             std::int64_t position, std::string_view mark, std::optional<std::uint64_t> leaf) override;
    void defer_revocation(std::int64_t challenge_id, std::string_view jti) override;
    std::vector<std::string> take_deferred_revocations(std::int64_t challenge_id) override;
    void for_each_counted_paper_ballot(
        std::int64_t challenge_id,
        const std::function<void(std::int64_t, std::string_view, std::optional<std::uint64_t>)>& f) override;

    std::optional<time_point> test_clock() override;
    void move_test_clock(time_point to) override;

    void append_audit(const audit_entry& e) override;
    std::vector<audit_entry> audit_log(std::optional<std::int64_t> challenge_id, std::int64_t after,
                                       std::size_t limit) override;

    void store_published_export(std::int64_t challenge_id, std::string_view format, std::string_view digest,
                                std::string_view body) override;
    std::optional<published_export> find_published_export(std::int64_t challenge_id, std::string_view format) override;
    void drop_published_exports(std::int64_t challenge_id) override;
    void drop_published_export(std::int64_t challenge_id, std::string_view format) override;
    std::int64_t last_audit_id(std::int64_t challenge_id) override;

    void insert_commitment(commitment& c) override;
    void update_commitment(const commitment& c) override;
    std::optional<commitment> find_commitment(std::int64_t challenge_id, std::int64_t id) override;
    std::vector<commitment> list_commitments(std::int64_t challenge_id) override;
    std::optional<std::int64_t> commitment_of_idea(std::int64_t challenge_id, idea_id idea) override;
    void append_commitment_update(commitment_update& u) override;
    std::vector<commitment_update> commitment_history(std::int64_t commitment_id, std::int64_t after,
                                                      std::size_t limit) override;
    std::vector<commitment_update> latest_commitment_history(std::int64_t commitment_id, std::size_t limit) override;
    std::size_t commitment_history_size(std::int64_t commitment_id) override;
    std::size_t commitment_notes(std::int64_t commitment_id) override;
    std::size_t commitment_notes_by_key(std::int64_t commitment_id, std::optional<std::int64_t> key_id) override;
    std::int64_t last_commitment_update_id() override;

    std::optional<std::vector<question>> find_survey(std::int64_t challenge_id) override;
    void store_survey(std::int64_t challenge_id, const std::vector<question>& qs, time_point at) override;
    std::int64_t survey_responses_sent(std::int64_t challenge_id, std::string_view jti) override;
    bool replace_survey_response(std::int64_t challenge_id, std::string_view jti, std::string_view receipt,
                                 const std::vector<answer>& answers, time_point at) override;
    void withdraw_survey_response(std::int64_t challenge_id, std::string_view jti) override;
    void move_survey_response(std::int64_t challenge_id, std::string_view from_jti, std::string_view to_jti) override;
    std::optional<bool> survey_response_counts(std::int64_t challenge_id, std::string_view receipt) override;
    std::size_t survey_responses_received(std::int64_t challenge_id) override;
    std::vector<survey_response> counted_survey_responses(std::int64_t challenge_id) override;
    std::vector<survey_text> survey_texts(std::int64_t challenge_id, std::optional<text_status> status) override;
    std::vector<survey_text> published_survey_texts(std::int64_t challenge_id, std::string_view question,
                                                    std::int64_t after, std::size_t limit) override;
    std::optional<survey_text> find_survey_text(std::int64_t challenge_id, std::int64_t id) override;
    void set_survey_text_status(std::int64_t id, text_status status, std::string_view reason) override;
    bool survey_frozen(std::int64_t challenge_id) override;
    void freeze_survey(std::int64_t challenge_id, time_point at, std::size_t responses) override;
    std::vector<challenge_ref> surveys_due_for_freeze(time_point now) override;

    void insert_exercise(exercise& e) override;
    void update_exercise(const exercise& e) override;
    std::optional<exercise> find_exercise(std::int64_t municipality_id, std::string_view slug) override;
    std::vector<exercise> list_exercises(std::int64_t municipality_id, std::int64_t after, std::size_t limit) override;
    void append_exercise_update(exercise_update& u) override;
    std::vector<exercise_update> exercise_history(std::int64_t exercise_id, std::int64_t after,
                                                  std::size_t limit) override;
    void store_report(std::int64_t exercise_id, report_kind kind, const issued_report& r) override;
    std::optional<issued_report> find_report(std::int64_t exercise_id, report_kind kind) override;

private:
    sql::statement& prepared(const sql::query& q) { return session_.prepare(q); }

    sql::session& session_;
};

} // namespace cabildo::engine
