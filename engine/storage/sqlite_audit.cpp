// The audit log (append-only) and the published files of announced challenges.

#include "engine/storage/sqlite_repository.hpp"

#include "engine/storage/sqlite_rows.hpp"

namespace cabildo::engine {

using namespace sqlite_rows;

void sqlite_repository::append_audit(const audit_entry& e)
{
    auto& s = prepared(
        "INSERT INTO audit_log (at, actor, municipality_id, challenge_id, action, detail, key_id) VALUES (?, ?, ?, "
        "?, ?, ?, ?)");
    s.bind(1, secs(e.at));
    bind_text(s, 2, e.actor);
    s.bind(3, e.municipality_id);
    if (e.challenge_id)
        s.bind(4, *e.challenge_id);
    bind_text(s, 5, e.action);
    bind_text(s, 6, e.detail);
    if (e.key_id)
        s.bind(7, *e.key_id);
    s.exec();
}

std::vector<audit_entry> sqlite_repository::audit_log(std::optional<std::int64_t> challenge_id, std::int64_t after,
                                                      std::size_t limit)
{
    auto& s = challenge_id ? prepared("SELECT id, at, actor, municipality_id, challenge_id, action, detail, key_id "
                                      "FROM audit_log WHERE challenge_id = ? AND id > ? ORDER BY id LIMIT ?")
                           : prepared("SELECT id, at, actor, municipality_id, challenge_id, action, detail, key_id "
                                      "FROM audit_log WHERE challenge_id IS NULL AND id > ? ORDER BY id LIMIT ?");
    int i = 1;
    if (challenge_id)
        s.bind(i++, *challenge_id);
    s.bind(i++, after);
    s.bind(i, static_cast<std::int64_t>(limit));
    std::vector<audit_entry> out;
    while (s.executeStep()) {
        audit_entry e{s.getColumn(0).getInt64(),  at_secs(s.getColumn(1).getInt64()),
                      s.getColumn(2).getString(), std::nullopt,
                      s.getColumn(3).getInt64(),  std::nullopt,
                      s.getColumn(5).getString(), s.getColumn(6).getString()};
        if (!s.getColumn(4).isNull())
            e.challenge_id = s.getColumn(4).getInt64();
        if (!s.getColumn(7).isNull())
            e.key_id = s.getColumn(7).getInt64();
        out.push_back(std::move(e));
    }
    return out;
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the interface names them
void sqlite_repository::store_published_export(std::int64_t challenge_id, std::string_view format,
                                               std::string_view digest, std::string_view body)
{
    auto& s =
        prepared("INSERT OR IGNORE INTO published_exports (challenge_id, format, digest, body) VALUES (?, ?, ?, ?)");
    s.bind(1, challenge_id);
    bind_text(s, 2, format);
    bind_text(s, 3, digest);
    bind_blob(s, 4, body);
    s.exec();
}

std::optional<repository::published_export> sqlite_repository::find_published_export(std::int64_t challenge_id,
                                                                                     std::string_view format)
{
    auto& s = prepared("SELECT digest, body FROM published_exports WHERE challenge_id = ? AND format = ?");
    s.bind(1, challenge_id);
    bind_text(s, 2, format);
    if (!s.executeStep())
        return std::nullopt;
    return published_export{s.getColumn(0).getString(), blob(s.getColumn(1))};
}

void sqlite_repository::drop_published_exports(std::int64_t challenge_id)
{
    auto& s = prepared("DELETE FROM published_exports WHERE challenge_id = ?");
    s.bind(1, challenge_id);
    s.exec();
}

void sqlite_repository::drop_published_export(std::int64_t challenge_id, std::string_view format)
{
    auto& s = prepared("DELETE FROM published_exports WHERE challenge_id = ? AND format = ?");
    s.bind(1, challenge_id);
    bind_text(s, 2, format);
    s.exec();
}

std::int64_t sqlite_repository::last_audit_id(std::int64_t challenge_id)
{
    auto& s = prepared("SELECT coalesce(max(id), 0) FROM audit_log WHERE challenge_id = ?");
    s.bind(1, challenge_id);
    s.executeStep();
    return s.getColumn(0).getInt64();
}

} // namespace cabildo::engine
