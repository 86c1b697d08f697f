// Municipalities, their access keys, and the server's own metadata.

#include "engine/storage/sql/repository.hpp"
#include "engine/storage/sql/rows.hpp"
#include "engine/storage/store.hpp"

namespace cabildo::engine {

using namespace rows;

namespace {

const sql::query find_meta{"SELECT value FROM meta WHERE key = ?"};
const sql::query upsert_meta{
    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"};

const sql::query insert_municipality_sql{
    "INSERT INTO municipalities (slug, name, state, timezone, locale, created_at) VALUES (?, ?, ?, ?, ?, ?) "
    "RETURNING id"};
const sql::query find_municipality_sql{select(municipality_columns, "FROM municipalities WHERE slug = ?")};
const sql::query list_municipalities_sql{select(municipality_columns, "FROM municipalities ORDER BY slug")};

const sql::query insert_key_sql{
    "INSERT INTO access_keys (key_hash, municipality_id, role, label, created_at, challenge_id, table_id, "
    "signing_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"};
const sql::query live_keys_sql{select(
    key_columns, "FROM access_keys WHERE revoked_at IS NULL AND (?1 IS NULL OR municipality_id = ?1) ORDER BY id")};
const sql::query revoke_key_sql{
    "UPDATE access_keys SET revoked_at = ? WHERE id = ? AND municipality_id = ? AND revoked_at IS NULL"};
// Never moves back: two requests of one key finish in any order.
const sql::query key_used_sql{
    "UPDATE access_keys SET last_used_at = ?1 WHERE id = ?2 AND (last_used_at IS NULL OR last_used_at < ?1)"};

} // namespace

std::optional<std::string> sql_repository::meta(std::string_view key)
{
    return first_row(prepared(find_meta).bind(key), [](sql::statement& s) { return std::string(s.blob_at(0)); });
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): a key and its value
void sql_repository::set_meta(std::string_view key, std::string_view value)
{
    prepared(upsert_meta).bind(key, sql::blob{value}).exec();
}

void sql_repository::insert_municipality(municipality& m)
{
    auto& s = prepared(insert_municipality_sql).bind(m.slug, m.name, m.state, m.timezone, m.locale, m.created_at);
    s.step();
    m.id = s.int_at(0);
}

std::optional<municipality> sql_repository::find_municipality(std::string_view slug)
{
    return first_row(prepared(find_municipality_sql).bind(slug), municipality_from);
}

std::vector<municipality> sql_repository::list_municipalities()
{
    return all_rows(prepared(list_municipalities_sql), municipality_from);
}

void sql_repository::insert_key(access_key& k)
{
    auto& s = prepared(insert_key_sql)
                  .bind(sql::blob{k.hash}, k.municipality_id, name_of(k.role), k.label, k.created_at, k.challenge_id,
                        k.table_id,
                        k.signing_key.empty() ? std::optional<sql::blob>() : std::optional(sql::blob{k.signing_key}));
    s.step();
    k.id = s.int_at(0);
    session_.notify(name_of(shared_change::access_keys));
}

std::vector<access_key> sql_repository::live_keys(std::optional<std::int64_t> municipality_id)
{
    return all_rows(prepared(live_keys_sql).bind(municipality_id), key_from);
}

bool sql_repository::revoke_key(std::int64_t municipality_id, std::int64_t id, time_point at)
{
    const bool revoked = prepared(revoke_key_sql).bind(at, id, municipality_id).exec() > 0;
    if (revoked)
        session_.notify(name_of(shared_change::access_keys));
    return revoked;
}

void sql_repository::set_key_last_used(std::int64_t id, time_point at) { prepared(key_used_sql).bind(at, id).exec(); }

} // namespace cabildo::engine
