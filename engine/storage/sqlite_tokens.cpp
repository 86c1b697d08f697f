// Participant tokens, their card batches, and the blind issuances of anonymous challenges.

#include "engine/storage/sqlite_repository.hpp"

#include "engine/storage/sqlite_rows.hpp"

namespace cabildo::engine {

using namespace sqlite_rows;

void sqlite_repository::insert_token(std::int64_t challenge_id, const issued_token& t)
{
    auto& s = prepared("INSERT INTO tokens (challenge_id, jti, ref_hmac, issued_at, expires_at, batch_id, code_hmac) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, challenge_id);
    bind_text(s, 2, t.jti);
    if (t.ref_hmac)
        bind_blob(s, 3, *t.ref_hmac);
    s.bind(4, secs(t.issued_at));
    s.bind(5, secs(t.expires_at));
    if (t.batch_id)
        s.bind(6, *t.batch_id);
    if (t.code_hmac)
        bind_blob(s, 7, *t.code_hmac);
    s.exec();
}

bool sqlite_repository::insert_token_if_absent(std::int64_t challenge_id, const issued_token& t)
{
    auto& s = prepared("INSERT OR IGNORE INTO tokens (challenge_id, jti, issued_at, expires_at, revoked_at) "
                       "VALUES (?, ?, ?, ?, ?)");
    s.bind(1, challenge_id);
    bind_text(s, 2, t.jti);
    s.bind(3, secs(t.issued_at));
    s.bind(4, secs(t.expires_at));
    if (t.revoked_at)
        s.bind(5, secs(*t.revoked_at));
    return s.exec() > 0;
}

void sqlite_repository::insert_batch(token_batch& b)
{
    auto& s =
        prepared("INSERT INTO token_batches (challenge_id, label, count, created_at, key_id) VALUES (?, ?, ?, ?, ?)");
    s.bind(1, b.challenge_id);
    bind_text(s, 2, b.label);
    s.bind(3, static_cast<std::int64_t>(b.count));
    s.bind(4, secs(b.created_at));
    if (b.key_id)
        s.bind(5, *b.key_id);
    s.exec();
    b.id = db_.getLastInsertRowid();
}

std::optional<token_batch> sqlite_repository::find_batch(std::int64_t challenge_id, std::int64_t id)
{
    auto& s = prepared("SELECT id, challenge_id, label, count, created_at, key_id FROM token_batches "
                       "WHERE challenge_id = ? AND id = ?");
    s.bind(1, challenge_id);
    s.bind(2, id);
    if (!s.executeStep())
        return std::nullopt;
    return batch_from(s);
}

std::vector<token_batch> sqlite_repository::list_batches(std::int64_t challenge_id)
{
    // A card is used once it cast a ballot (its counted or latest one has replaced_at unset) or
    // submitted an idea; both lookups ride an index.
    auto& s =
        prepared("SELECT b.id, b.challenge_id, b.label, b.count, b.created_at, b.key_id, "
                 "(SELECT count(*) FROM tokens t WHERE t.challenge_id = b.challenge_id AND t.batch_id = b.id AND ("
                 "  EXISTS (SELECT 1 FROM ballots x WHERE x.challenge_id = t.challenge_id AND x.jti = t.jti AND "
                 "          x.replaced_at IS NULL) OR "
                 "  EXISTS (SELECT 1 FROM ideas i WHERE i.challenge_id = t.challenge_id AND i.author_jti = t.jti))), "
                 "(SELECT count(*) FROM tokens t WHERE t.challenge_id = b.challenge_id AND t.batch_id = b.id AND "
                 " t.revoked_at IS NOT NULL) "
                 "FROM token_batches b WHERE b.challenge_id = ? ORDER BY b.id");
    s.bind(1, challenge_id);
    std::vector<token_batch> out;
    while (s.executeStep()) {
        auto b = batch_from(s);
        b.used = static_cast<std::size_t>(s.getColumn(6).getInt64());
        b.revoked = static_cast<std::size_t>(s.getColumn(7).getInt64());
        out.push_back(std::move(b));
    }
    return out;
}

std::vector<issued_token> sqlite_repository::batch_tokens(std::int64_t challenge_id, std::int64_t batch_id)
{
    auto& s = prepared("SELECT jti, ref_hmac, issued_at, expires_at, revoked_at, batch_id FROM tokens "
                       "WHERE challenge_id = ? AND batch_id = ? ORDER BY issued_at, jti");
    s.bind(1, challenge_id);
    s.bind(2, batch_id);
    std::vector<issued_token> out;
    while (s.executeStep())
        out.push_back(token_from(s));
    return out;
}

std::optional<std::string> sqlite_repository::blind_issuance(std::int64_t challenge_id, std::string_view ref_hmac)
{
    auto& s = prepared("SELECT blinded_digest FROM blind_issuances WHERE challenge_id = ? AND ref_hmac = ?");
    s.bind(1, challenge_id);
    bind_blob(s, 2, ref_hmac);
    if (!s.executeStep())
        return std::nullopt;
    return blob(s.getColumn(0));
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the interface names them
void sqlite_repository::insert_blind_issuance(std::int64_t challenge_id, std::string_view ref_hmac,
                                              std::string_view blinded_digest, time_point at)
{
    auto& s =
        prepared("INSERT INTO blind_issuances (challenge_id, ref_hmac, blinded_digest, issued_at) VALUES (?, ?, ?, ?)");
    s.bind(1, challenge_id);
    bind_blob(s, 2, ref_hmac);
    bind_blob(s, 3, blinded_digest);
    s.bind(4, secs(at));
    s.exec();
}

std::optional<issued_token> sqlite_repository::live_token_for_ref(std::int64_t challenge_id, std::string_view ref_hmac)
{
    auto& s = prepared("SELECT jti, ref_hmac, issued_at, expires_at, revoked_at FROM tokens "
                       "WHERE challenge_id = ? AND ref_hmac = ? AND revoked_at IS NULL");
    s.bind(1, challenge_id);
    bind_blob(s, 2, ref_hmac);
    if (!s.executeStep())
        return std::nullopt;
    return token_from(s);
}

std::optional<issued_token> sqlite_repository::token_by_jti(std::int64_t challenge_id, std::string_view jti)
{
    auto& s = prepared(
        "SELECT jti, ref_hmac, issued_at, expires_at, revoked_at FROM tokens WHERE challenge_id = ? AND jti = ?");
    s.bind(1, challenge_id);
    bind_text(s, 2, jti);
    if (!s.executeStep())
        return std::nullopt;
    return token_from(s);
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the interface names them
void sqlite_repository::set_token_code(std::int64_t challenge_id, std::string_view jti, std::string_view code_hmac)
{
    auto& s = prepared("UPDATE tokens SET code_hmac = ? WHERE challenge_id = ? AND jti = ? AND code_hmac IS NULL");
    bind_blob(s, 1, code_hmac);
    s.bind(2, challenge_id);
    bind_text(s, 3, jti);
    s.exec();
}

std::optional<issued_token> sqlite_repository::token_by_code(std::int64_t challenge_id, std::string_view code_hmac)
{
    auto& s = prepared("SELECT jti, ref_hmac, issued_at, expires_at, revoked_at, batch_id FROM tokens "
                       "WHERE challenge_id = ? AND code_hmac = ?");
    s.bind(1, challenge_id);
    bind_blob(s, 2, code_hmac);
    if (!s.executeStep())
        return std::nullopt;
    return token_from(s);
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the interface names them
void sqlite_repository::replace_blind_issuance(std::int64_t challenge_id, std::string_view ref_hmac,
                                               std::string_view blinded_digest, time_point at)
{
    auto& s = prepared(
        "UPDATE blind_issuances SET blinded_digest = ?, issued_at = ? WHERE challenge_id = ? AND ref_hmac = ?");
    bind_blob(s, 1, blinded_digest);
    s.bind(2, secs(at));
    s.bind(3, challenge_id);
    bind_blob(s, 4, ref_hmac);
    s.exec();
}

bool sqlite_repository::revoke_token(std::int64_t challenge_id, std::string_view jti, time_point at)
{
    auto& s = prepared("UPDATE tokens SET revoked_at = ? WHERE challenge_id = ? AND jti = ? AND revoked_at IS NULL");
    s.bind(1, secs(at));
    s.bind(2, challenge_id);
    bind_text(s, 3, jti);
    return s.exec() > 0;
}

} // namespace cabildo::engine
