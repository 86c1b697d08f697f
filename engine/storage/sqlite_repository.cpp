#include "engine/storage/sqlite_repository.hpp"

#include "engine/storage/sqlite_rows.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <stdexcept>

namespace cabildo::engine {

using namespace sqlite_rows;

SQLite::Statement& sqlite_repository::prepared(const char* sql)
{
    // A statement that fails to prepare throws before it is kept: the cache never holds an empty
    // slot for reset_statements to trip over after the failed job.
    if (const auto it = statements_.find(sql); it != statements_.end()) {
        it->second->reset();
        it->second->clearBindings();
        return *it->second;
    }
    auto statement = std::make_unique<SQLite::Statement>(db_, sql);
    return *statements_.emplace(sql, std::move(statement)).first->second;
}

void sqlite_repository::reset_statements() noexcept
{
    for (auto& [sql, statement] : statements_)
        statement->tryReset();
}

std::optional<std::string> sqlite_repository::meta(std::string_view key)
{
    auto& s = prepared("SELECT value FROM meta WHERE key = ?");
    bind_text(s, 1, key);
    if (!s.executeStep())
        return std::nullopt;
    return blob(s.getColumn(0));
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): a key and its value
void sqlite_repository::set_meta(std::string_view key, std::string_view value)
{
    auto& s =
        prepared("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    bind_text(s, 1, key);
    bind_blob(s, 2, value);
    s.exec();
}

void sqlite_repository::insert_municipality(municipality& m)
{
    auto& s = prepared(
        "INSERT INTO municipalities (slug, name, state, timezone, locale, created_at) VALUES (?, ?, ?, ?, ?, ?)");
    bind_text(s, 1, m.slug);
    bind_text(s, 2, m.name);
    bind_text(s, 3, m.state);
    bind_text(s, 4, m.timezone);
    bind_text(s, 5, m.locale);
    s.bind(6, secs(m.created_at));
    s.exec();
    m.id = db_.getLastInsertRowid();
}

std::optional<municipality> sqlite_repository::find_municipality(std::string_view slug)
{
    auto& s = prepared("SELECT id, slug, name, state, timezone, locale, created_at FROM municipalities WHERE slug = ?");
    bind_text(s, 1, slug);
    if (!s.executeStep())
        return std::nullopt;
    return municipality_from(s);
}

std::vector<municipality> sqlite_repository::list_municipalities()
{
    auto& s = prepared("SELECT id, slug, name, state, timezone, locale, created_at FROM municipalities ORDER BY slug");
    std::vector<municipality> out;
    while (s.executeStep())
        out.push_back(municipality_from(s));
    return out;
}

void sqlite_repository::insert_key(access_key& k)
{
    auto& s =
        prepared("INSERT INTO access_keys (key_hash, municipality_id, role, label, created_at) VALUES (?, ?, ?, ?, ?)");
    bind_blob(s, 1, k.hash);
    s.bind(2, k.municipality_id);
    s.bind(3, std::string(name_of(k.role)));
    bind_text(s, 4, k.label);
    s.bind(5, secs(k.created_at));
    s.exec();
    k.id = db_.getLastInsertRowid();
}

std::vector<access_key> sqlite_repository::live_keys(std::optional<std::int64_t> municipality_id)
{
    auto& s = prepared("SELECT id, key_hash, municipality_id, role, label, created_at, last_used_at FROM access_keys "
                       "WHERE revoked_at IS NULL AND (?1 IS NULL OR municipality_id = ?1) ORDER BY id");
    if (municipality_id)
        s.bind(1, *municipality_id);
    std::vector<access_key> out;
    while (s.executeStep())
        out.push_back(key_from(s));
    return out;
}

bool sqlite_repository::revoke_key(std::int64_t municipality_id, std::int64_t id, time_point at)
{
    auto& s =
        prepared("UPDATE access_keys SET revoked_at = ? WHERE id = ? AND municipality_id = ? AND revoked_at IS NULL");
    s.bind(1, secs(at));
    s.bind(2, id);
    s.bind(3, municipality_id);
    return s.exec() > 0;
}

void sqlite_repository::set_key_last_used(std::int64_t id, time_point at)
{
    auto& s = prepared("UPDATE access_keys SET last_used_at = max(coalesce(last_used_at, 0), ?) WHERE id = ?");
    s.bind(1, secs(at));
    s.bind(2, id);
    s.exec();
}

} // namespace cabildo::engine
