// The audit log (append-only) and the published files of announced challenges.

#include "engine/storage/sql/repository.hpp"
#include "engine/storage/sql/rows.hpp"

namespace cabildo::engine {

using namespace rows;

namespace {

constexpr std::string_view audit_columns = "id, at, actor, municipality_id, challenge_id, action, detail, key_id";

const sql::query append_audit_sql{
    "INSERT INTO audit_log (at, actor, municipality_id, challenge_id, action, detail, key_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"};
const sql::query challenge_audit_sql{
    select(audit_columns, "FROM audit_log WHERE challenge_id = ? AND id > ? ORDER BY id LIMIT ?")};
const sql::query server_audit_sql{
    select(audit_columns, "FROM audit_log WHERE challenge_id IS NULL AND id > ? ORDER BY id LIMIT ?")};
const sql::query last_audit_sql{"SELECT coalesce(max(id), 0) FROM audit_log WHERE challenge_id = ?"};

const sql::query store_export_sql{"INSERT INTO published_exports (challenge_id, format, digest, body) "
                                  "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"};
const sql::query find_export_sql{"SELECT digest, body FROM published_exports WHERE challenge_id = ? AND format = ?"};
const sql::query drop_exports_sql{"DELETE FROM published_exports WHERE challenge_id = ?"};
const sql::query drop_export_sql{"DELETE FROM published_exports WHERE challenge_id = ? AND format = ?"};

audit_entry audit_from(sql::statement& s)
{
    sql::row r{s};
    audit_entry e;
    e.id = r.int64();
    e.at = r.time();
    e.actor = r.text();
    e.municipality_id = r.int64();
    e.challenge_id = r.optional_int64();
    e.action = r.text();
    e.detail = r.text();
    e.key_id = r.optional_int64();
    return e;
}

} // namespace

void sql_repository::append_audit(const audit_entry& e)
{
    prepared(append_audit_sql)
        .bind(e.at, e.actor, e.municipality_id, e.challenge_id, e.action, e.detail, e.key_id)
        .exec();
}

std::vector<audit_entry> sql_repository::audit_log(std::optional<std::int64_t> challenge_id, std::int64_t after,
                                                   std::size_t limit)
{
    if (challenge_id)
        return all_rows(prepared(challenge_audit_sql).bind(*challenge_id, after, limit), audit_from);
    return all_rows(prepared(server_audit_sql).bind(after, limit), audit_from);
}

std::int64_t sql_repository::last_audit_id(std::int64_t challenge_id)
{
    return scalar(prepared(last_audit_sql).bind(challenge_id));
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the interface names them
void sql_repository::store_published_export(std::int64_t challenge_id, std::string_view format, std::string_view digest,
                                            std::string_view body)
{
    prepared(store_export_sql).bind(challenge_id, format, digest, sql::blob{body}).exec();
}

std::optional<repository::published_export> sql_repository::find_published_export(std::int64_t challenge_id,
                                                                                  std::string_view format)
{
    return first_row(prepared(find_export_sql).bind(challenge_id, format), [](sql::statement& s) {
        sql::row r{s};
        auto digest = r.text();
        return published_export{std::move(digest), r.bytes()};
    });
}

void sql_repository::drop_published_exports(std::int64_t challenge_id)
{
    prepared(drop_exports_sql).bind(challenge_id).exec();
}

void sql_repository::drop_published_export(std::int64_t challenge_id, std::string_view format)
{
    prepared(drop_export_sql).bind(challenge_id, format).exec();
}

} // namespace cabildo::engine
