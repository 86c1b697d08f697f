#include "engine/storage/database_copy.hpp"

#include "engine/storage/postgresql_store.hpp"
#include "engine/storage/schema.hpp"
#include "engine/storage/sql/postgresql_session.hpp"
#include "engine/storage/sql/rows.hpp"
#include "engine/storage/sql/sqlite_session.hpp"
#include "engine/storage/sqlite_store.hpp"

#include <SQLiteCpp/Database.h>

#include <algorithm>
#include <array>
#include <memory>
#include <set>
#include <stdexcept>
#include <string_view>

namespace cabildo::engine {

namespace {

// Every table of the current schema, each after those it refers to.
constexpr std::array<std::string_view, 33> tables{
    "meta",
    "municipalities",
    "access_keys",
    "challenges",
    "token_batches",
    "tokens",
    "blind_issuances",
    "blind_requests",
    "ideas",
    "ballots",
    "audit_log",
    "published_exports",
    "commitments",
    "commitment_ideas",
    "commitment_updates",
    "surveys",
    "survey_responses",
    "survey_texts",
    "survey_freezes",
    "exercises",
    "exercise_reports",
    "exercise_updates",
    "test_clock",
    "boards",
    "board_entries",
    "board_nodes",
    "board_heads",
    "polling_tables",
    "check_ins",
    "paper_entries",
    "table_acts",
    "paper_ballots",
    "deferred_revocations",
};

struct column {
    std::string name;
    sql::value_kind kind;
};

sql::value_kind kind_of_declared(std::string type)
{
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::toupper(c); });
    if (type.find("INT") != std::string::npos)
        return sql::value_kind::integer;
    if (type.find("REAL") != std::string::npos)
        return sql::value_kind::real;
    if (type.find("BLOB") != std::string::npos)
        return sql::value_kind::bytes;
    return sql::value_kind::text;
}

std::string joined(const std::vector<column>& columns, bool placeholders)
{
    std::string out;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (i > 0)
            out += ", ";
        out += placeholders ? "?" : columns[i].name;
    }
    return out;
}

void copy_value(sql::statement& from, int i, sql::statement& to, sql::value_kind kind)
{
    if (from.is_null(i))
        return to.bind_null(i + 1, kind);
    switch (kind) {
    case sql::value_kind::integer: return to.bind_int(i + 1, from.int_at(i));
    case sql::value_kind::real: return to.bind_real(i + 1, from.real_at(i));
    case sql::value_kind::bytes: return to.bind_blob(i + 1, from.blob_at(i));
    default: return to.bind_text(i + 1, from.text_at(i));
    }
}

// A table's rows from `source` into `target` (inside their transactions), the columns as named in
// both; how many.
std::int64_t copy_rows(sql::session& source, sql::session& target, std::string_view table,
                       const std::vector<column>& columns, std::vector<std::unique_ptr<sql::query>>& queries)
{
    queries.push_back(std::make_unique<sql::query>("SELECT " + joined(columns, false) + " FROM " + std::string(table)));
    const auto& read = *queries.back();
    queries.push_back(std::make_unique<sql::query>("INSERT INTO " + std::string(table) + " (" + joined(columns, false) +
                                                   ") VALUES (" + joined(columns, true) + ")"));
    const auto& write = *queries.back();
    std::int64_t rows = 0;
    auto& from = source.prepare(read);
    while (from.step()) {
        auto& to = target.prepare(write);
        for (std::size_t i = 0; i < columns.size(); ++i)
            copy_value(from, static_cast<int>(i), to, columns[i].kind);
        to.exec();
        ++rows;
    }
    return rows;
}

const sql::query source_tables{"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"};
const sql::query source_columns{"SELECT name, type FROM pragma_table_info(?) ORDER BY cid"};
const sql::query autoincrement_mark{"SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = ?"};
const sql::query postgresql_schema_version{"SELECT version FROM cabildo_schema"};
const sql::query postgresql_id_mark{"SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence(?, 'id')), 0)"};
const sql::query raise_autoincrement_mark{"UPDATE sqlite_sequence SET seq = max(seq, ?2) WHERE name = ?1"};
const sql::query add_autoincrement_mark{"INSERT INTO sqlite_sequence (name, seq) SELECT ?1, ?2 "
                                        "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?1)"};

} // namespace

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): a file and a URI; either swapped fails to open
std::vector<copied_table> copy_sqlite_to_postgresql(const std::string& sqlite_path, const std::string& postgresql_uri)
{
    {
        postgresql_options target_options;
        target_options.uri = postgresql_uri;
        target_options.readers = 1;
        const postgresql_store current(target_options); // the target's schema
    }
    sql::postgresql_session target(postgresql_uri);

    // Queries made here live until the end, beside the sessions that prepared them.
    std::vector<std::unique_ptr<sql::query>> queries;
    const auto query = [&](std::string text) -> const sql::query& {
        queries.push_back(std::make_unique<sql::query>(std::move(text)));
        return *queries.back();
    };
    for (const auto table : tables)
        if (const auto rows = rows::scalar(target.prepare(query("SELECT count(*) FROM " + std::string(table))));
            rows > 0)
            throw std::runtime_error("the PostgreSQL database is not empty (" + std::to_string(rows) + " rows in " +
                                     std::string(table) + "): migrate copies into an empty one");
    {
        const sqlite_store current(sqlite_options{sqlite_path, 1}); // the source's schema, up to date
    }
    auto opened = sql::sqlite_session::open_read_only(sqlite_path);
    auto& source = *opened;
    // One snapshot of the source for the whole copy, even if a server still writes to it.
    const sql::transaction snapshot(source, sql::begin_mode::read);
    const std::set<std::string> known(tables.begin(), tables.end());
    for (const auto& name :
         rows::all_rows(source.prepare(source_tables), [](sql::statement& s) { return std::string(s.text_at(0)); }))
        if (!known.contains(name))
            throw std::runtime_error("the SQLite database holds a table this cabildo does not know: " + name);
    std::vector<copied_table> out;
    sql::transaction tx(target, sql::begin_mode::write);
    for (const auto table : tables) {
        // The stored columns (a computed one, such as announcement_due, is each database's own).
        const auto columns = rows::all_rows(source.prepare(source_columns).bind(table), [](sql::statement& s) {
            return column{std::string(s.text_at(0)), kind_of_declared(std::string(s.text_at(1)))};
        });
        copied_table copied{std::string(table)};
        copied.source_rows = copy_rows(source, target, table, columns, queries);
        // Ids made after the move continue past the copied ones, and past those SQLite handed out
        // and deleted since (AUTOINCREMENT's high-water mark): an id is never used twice.
        if (std::any_of(columns.begin(), columns.end(), [](const column& c) { return c.name == "id"; })) {
            const auto used = rows::scalar(source.prepare(autoincrement_mark).bind(table));
            target.execute("SELECT setval(pg_get_serial_sequence('" + std::string(table) + "', 'id'), greatest(" +
                           std::to_string(used) + ", coalesce(max(id), 0)) + 1, false) FROM " + std::string(table));
        }
        out.push_back(std::move(copied));
    }
    tx.commit();
    for (auto& t : out)
        t.target_rows = rows::scalar(target.prepare(query("SELECT count(*) FROM " + t.name)));
    return out;
}

std::vector<copied_table> back_up_postgresql_to_sqlite(const std::string& postgresql_uri,
                                                       const std::filesystem::path& sqlite_path)
{
    if (std::filesystem::exists(sqlite_path))
        throw std::runtime_error(sqlite_path.string() + " exists; a backup writes a new file");
    sql::postgresql_session source(postgresql_uri);
    const auto version = rows::scalar(source.prepare(postgresql_schema_version));
    if (version != static_cast<std::int64_t>(postgresql_schema_migrations().size()))
        throw std::runtime_error("the PostgreSQL database is at schema " + std::to_string(version) +
                                 " and this cabildo writes schema " +
                                 std::to_string(postgresql_schema_migrations().size()) +
                                 ": back it up with the cabildo version its nodes run");
    {
        const sqlite_store created(sqlite_options{sqlite_path, 1}); // the current schema, a file of mode 0600
    }
    sql::sqlite_session target(std::make_unique<SQLite::Database>(sqlite_path.string(), SQLite::OPEN_READWRITE));
    std::vector<std::unique_ptr<sql::query>> queries;
    // One snapshot of the database for the whole copy, while the nodes go on writing.
    const sql::transaction snapshot(source, sql::begin_mode::read);
    sql::transaction tx(target, sql::begin_mode::write);
    std::vector<copied_table> out;
    for (const auto table : tables) {
        // The stored columns as the SQLite schema has them (a computed one is each database's own).
        const auto columns = rows::all_rows(target.prepare(source_columns).bind(table), [](sql::statement& s) {
            return column{std::string(s.text_at(0)), kind_of_declared(std::string(s.text_at(1)))};
        });
        copied_table copied{std::string(table)};
        copied.source_rows = copy_rows(source, target, table, columns, queries);
        // Ids the database handed out and deleted since stay used in the copy too.
        if (std::any_of(columns.begin(), columns.end(), [](const column& c) { return c.name == "id"; })) {
            const auto used = rows::scalar(source.prepare(postgresql_id_mark).bind(table));
            if (used > 0) {
                target.prepare(raise_autoincrement_mark).bind(table, used).exec();
                target.prepare(add_autoincrement_mark).bind(table, used).exec();
            }
        }
        out.push_back(std::move(copied));
    }
    tx.commit();
    for (auto& t : out) {
        queries.push_back(std::make_unique<sql::query>("SELECT count(*) FROM " + t.name));
        t.target_rows = rows::scalar(target.prepare(*queries.back()));
    }
    return out;
}

} // namespace cabildo::engine
