// Participant tokens, their card batches, and the blind issuances of anonymous challenges.

#include "engine/storage/sql/repository.hpp"
#include "engine/storage/sql/rows.hpp"

namespace cabildo::engine {

using namespace rows;

namespace {

const sql::query insert_token_sql{
    "INSERT INTO tokens (challenge_id, jti, ref_hmac, issued_at, expires_at, batch_id, code_hmac) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"};
const sql::query insert_token_if_absent_sql{
    "INSERT INTO tokens (challenge_id, jti, issued_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT DO NOTHING"};
const sql::query insert_batch_sql{
    "INSERT INTO token_batches (challenge_id, label, count, created_at, key_id) VALUES (?, ?, ?, ?, ?) RETURNING id"};
const sql::query find_batch_sql{select(batch_columns, "FROM token_batches b WHERE b.challenge_id = ? AND b.id = ?")};
// A card is used once it cast a ballot (its counted or latest one has replaced_at unset) or
// submitted an idea; both lookups ride an index.
const sql::query list_batches_sql{select(
    batch_columns, ", (SELECT count(*) FROM tokens t WHERE t.challenge_id = b.challenge_id AND t.batch_id = b.id AND ("
                   "  EXISTS (SELECT 1 FROM ballots x WHERE x.challenge_id = t.challenge_id AND x.jti = t.jti AND "
                   "          x.replaced_at IS NULL) OR "
                   "  EXISTS (SELECT 1 FROM ideas i WHERE i.challenge_id = t.challenge_id AND i.author_jti = t.jti))), "
                   "(SELECT count(*) FROM tokens t WHERE t.challenge_id = b.challenge_id AND t.batch_id = b.id AND "
                   " t.revoked_at IS NOT NULL) "
                   "FROM token_batches b WHERE b.challenge_id = ? ORDER BY b.id")};
const sql::query batch_tokens_sql{select(token_with_batch_columns, "FROM tokens WHERE challenge_id = ? AND "
                                                                   "batch_id = ? ORDER BY issued_at, jti")};
const sql::query blind_issuance_sql{
    "SELECT blinded_digest FROM blind_issuances WHERE challenge_id = ? AND ref_hmac = ?"};
const sql::query insert_blind_issuance_sql{
    "INSERT INTO blind_issuances (challenge_id, ref_hmac, blinded_digest, issued_at) VALUES (?, ?, ?, ?)"};
const sql::query replace_blind_issuance_sql{
    "UPDATE blind_issuances SET blinded_digest = ?, issued_at = ? WHERE challenge_id = ? AND ref_hmac = ?"};
const sql::query live_token_for_ref_sql{
    select(token_columns, "FROM tokens WHERE challenge_id = ? AND ref_hmac = ? AND revoked_at IS NULL")};
const sql::query token_by_jti_sql{select(token_columns, "FROM tokens WHERE challenge_id = ? AND jti = ?")};
const sql::query set_token_code_sql{
    "UPDATE tokens SET code_hmac = ? WHERE challenge_id = ? AND jti = ? AND code_hmac IS NULL"};
const sql::query token_by_code_sql{
    select(token_with_batch_columns, "FROM tokens WHERE challenge_id = ? AND code_hmac = ?")};
const sql::query revoke_token_sql{
    "UPDATE tokens SET revoked_at = ? WHERE challenge_id = ? AND jti = ? AND revoked_at IS NULL"};

std::optional<sql::blob> optional_blob(const std::optional<std::string>& v)
{
    if (!v)
        return std::nullopt;
    return sql::blob{*v};
}

issued_token token_only(sql::statement& s) { return token_from(s, false); }
issued_token token_and_batch(sql::statement& s) { return token_from(s, true); }

} // namespace

void sql_repository::insert_token(std::int64_t challenge_id, const issued_token& t)
{
    prepared(insert_token_sql)
        .bind(challenge_id, t.jti, optional_blob(t.ref_hmac), t.issued_at, t.expires_at, t.batch_id,
              optional_blob(t.code_hmac))
        .exec();
}

bool sql_repository::insert_token_if_absent(std::int64_t challenge_id, const issued_token& t)
{
    return prepared(insert_token_if_absent_sql)
               .bind(challenge_id, t.jti, t.issued_at, t.expires_at, t.revoked_at)
               .exec() > 0;
}

void sql_repository::insert_batch(token_batch& b)
{
    auto& s = prepared(insert_batch_sql).bind(b.challenge_id, b.label, b.count, b.created_at, b.key_id);
    s.step();
    b.id = s.int_at(0);
}

std::optional<token_batch> sql_repository::find_batch(std::int64_t challenge_id, std::int64_t id)
{
    return first_row(prepared(find_batch_sql).bind(challenge_id, id), batch_from);
}

std::vector<token_batch> sql_repository::list_batches(std::int64_t challenge_id)
{
    auto& s = prepared(list_batches_sql).bind(challenge_id);
    std::vector<token_batch> out;
    while (s.step()) {
        auto b = batch_from(s);
        sql::row r{s, 6};
        b.used = r.count();
        b.revoked = r.count();
        out.push_back(std::move(b));
    }
    return out;
}

std::vector<issued_token> sql_repository::batch_tokens(std::int64_t challenge_id, std::int64_t batch_id)
{
    return all_rows(prepared(batch_tokens_sql).bind(challenge_id, batch_id), token_and_batch);
}

std::optional<std::string> sql_repository::blind_issuance(std::int64_t challenge_id, std::string_view ref_hmac)
{
    return first_row(prepared(blind_issuance_sql).bind(challenge_id, sql::blob{ref_hmac}),
                     [](sql::statement& s) { return std::string(s.blob_at(0)); });
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the interface names them
void sql_repository::insert_blind_issuance(std::int64_t challenge_id, std::string_view ref_hmac,
                                           std::string_view blinded_digest, time_point at)
{
    prepared(insert_blind_issuance_sql).bind(challenge_id, sql::blob{ref_hmac}, sql::blob{blinded_digest}, at).exec();
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the interface names them
void sql_repository::replace_blind_issuance(std::int64_t challenge_id, std::string_view ref_hmac,
                                            std::string_view blinded_digest, time_point at)
{
    prepared(replace_blind_issuance_sql).bind(sql::blob{blinded_digest}, at, challenge_id, sql::blob{ref_hmac}).exec();
}

std::optional<issued_token> sql_repository::live_token_for_ref(std::int64_t challenge_id, std::string_view ref_hmac)
{
    return first_row(prepared(live_token_for_ref_sql).bind(challenge_id, sql::blob{ref_hmac}), token_only);
}

std::optional<issued_token> sql_repository::token_by_jti(std::int64_t challenge_id, std::string_view jti)
{
    return first_row(prepared(token_by_jti_sql).bind(challenge_id, jti), token_only);
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the interface names them
void sql_repository::set_token_code(std::int64_t challenge_id, std::string_view jti, std::string_view code_hmac)
{
    prepared(set_token_code_sql).bind(sql::blob{code_hmac}, challenge_id, jti).exec();
}

std::optional<issued_token> sql_repository::token_by_code(std::int64_t challenge_id, std::string_view code_hmac)
{
    return first_row(prepared(token_by_code_sql).bind(challenge_id, sql::blob{code_hmac}), token_and_batch);
}

bool sql_repository::revoke_token(std::int64_t challenge_id, std::string_view jti, time_point at)
{
    return prepared(revoke_token_sql).bind(at, challenge_id, jti).exec() > 0;
}

} // namespace cabildo::engine
