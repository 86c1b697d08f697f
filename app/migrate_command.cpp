#include "app/migrate_command.hpp"

#include "engine/publication/results_document.hpp"
#include "engine/storage/database_copy.hpp"
#include "engine/storage/postgresql_store.hpp"
#include "engine/storage/schema.hpp"
#include "engine/storage/sql/postgresql_session.hpp"
#include "engine/storage/sql/repository.hpp"
#include "engine/storage/sql/sqlite_session.hpp"
#include "engine/storage/sqlite_store.hpp"

#include <filesystem>
#include <map>
#include <system_error>

namespace cabildo::app {

using namespace cabildo::engine;

namespace {

// Every challenge's results document as a count of what the database holds now, by
// "municipality/challenge".
std::map<std::string, std::string> recount(sql::session& session)
{
    sql_repository repo(session);
    const sql::transaction tx(session, sql::begin_mode::read);
    std::map<std::string, std::string> out;
    for (const auto& m : repo.list_municipalities())
        for (const auto& ch : repo.list_challenges(m.id)) {
            auto ideas = repo.counted_ideas(ch.id);
            const auto cast = read_counted_ballots(repo, repo, ch, ideas);
            out[m.slug + "/" + ch.slug] = to_document(count_challenge(ch, std::move(ideas), cast), ch).dump();
        }
    return out;
}

// The copy at `file` checked whole: true when SQLite finds it sound; otherwise says why on `err`.
// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): out and err, as every command here takes them
bool sound(const std::filesystem::path& file, std::ostream& out, std::ostream& err, std::string_view who)
{
    std::string said;
    try {
        said = sqlite_store::integrity_check(file);
    } catch (const std::exception& e) {
        said = e.what();
    }
    if (said == "ok") {
        out << "integrity_check: ok\n";
        return true;
    }
    err << who << ": " << file.string() << " fails PRAGMA integrity_check:\n" << said << "\n";
    return false;
}

} // namespace

int run_backup(const backup_options& opts, std::ostream& out, std::ostream& err)
{
    if (std::filesystem::exists(opts.target)) {
        err << "cabildo backup: " << opts.target << " exists; a backup writes a new file\n";
        return 2;
    }
    if (!is_postgresql_uri(opts.db)) {
        try {
            sqlite_store::backup(opts.db, opts.target);
        } catch (const std::exception& e) {
            err << "cabildo backup: " << e.what() << "\n";
            return 2;
        }
        out << "backed up " << opts.db << " to " << opts.target << "\n";
        if (!sound(opts.target, out, err, "cabildo backup")) {
            std::error_code ignored;
            std::filesystem::remove(opts.target, ignored);
            err << "cabildo backup: the copy was deleted; nothing is backed up\n";
            return 1;
        }
        return 0;
    }
    std::vector<copied_table> copied;
    try {
        copied = back_up_postgresql_to_sqlite(opts.db, opts.target);
    } catch (const std::exception& e) {
        err << "cabildo backup: " << e.what() << "\n";
        std::error_code ignored;
        std::filesystem::remove(opts.target, ignored); // empty of rows, or not made at all
        return 2;
    }
    bool same = true;
    std::int64_t total = 0;
    out << "backed up PostgreSQL into " << opts.target << " (rows: PostgreSQL snapshot -> SQLite file):\n";
    for (const auto& t : copied) {
        out << "  " << t.name << ": " << t.source_rows << " -> " << t.target_rows
            << (t.source_rows == t.target_rows ? "" : "  DIFFERENT") << "\n";
        same = same && t.source_rows == t.target_rows;
        total += t.target_rows;
    }
    if (!sound(opts.target, out, err, "cabildo backup"))
        same = false;
    out << total << " rows in " << copied.size() << " tables" << (same ? "" : "; the counts DIFFER") << ".\n"
        << "It restores with `cabildo migrate --from " << opts.target
        << " --to postgresql://...` into an empty database. The server secret is not in it: keep it beside it.\n";
    return same ? 0 : 1;
}

int run_restore(const restore_options& opts, std::ostream& out, std::ostream& err)
{
    if (is_postgresql_uri(opts.db)) {
        err << "cabildo restore: --db must be a SQLite file; into PostgreSQL a backup goes with `cabildo migrate "
               "--from BACKUP --to postgresql://...`\n";
        return 2;
    }
    const std::filesystem::path target = opts.db;
    for (const auto& part : {target, std::filesystem::path(opts.db + "-wal"), std::filesystem::path(opts.db + "-shm")})
        if (std::filesystem::exists(part)) {
            err << "cabildo restore: " << part.string()
                << " exists; refusing to overwrite a live database (stop its server, move it aside, then restore)\n";
            return 2;
        }
    if (!std::filesystem::is_regular_file(opts.backup)) {
        err << "cabildo restore: no backup at " << opts.backup << "\n";
        return 2;
    }
    if (!sound(opts.backup, out, err, "cabildo restore"))
        return 2;
    const auto version = sqlite_store::schema_version(opts.backup);
    const auto known = static_cast<int>(schema_migrations().size());
    if (version > known) {
        err << "cabildo restore: the backup is at schema version " << version << ", newer than this build's " << known
            << "; restore it with the Cabildo that made it\n";
        return 2;
    }
    try {
        sqlite_store::backup(opts.backup, target);
    } catch (const std::exception& e) {
        err << "cabildo restore: " << e.what() << "\n";
        return 2;
    }
    if (!sound(target, out, err, "cabildo restore")) {
        std::error_code ignored;
        std::filesystem::remove(target, ignored);
        return 1;
    }
    out << "restored " << opts.backup << " to " << opts.db << " (schema version " << version << " of " << known
        << "; a server started on it brings it to " << known << ").\n"
        << "Its server secret is not in the backup: put the one it was made with beside it as " << opts.db
        << ".secret (mode 0600) or in CABILDO_HMAC_SECRET; with another, the server refuses to start.\n";
    return 0;
}

int run_migrate(const migrate_options& opts, std::ostream& out, std::ostream& err)
{
    if (!is_postgresql_uri(opts.to)) {
        err << "cabildo migrate: --to must be a postgresql:// URI (or set CABILDO_DB)\n";
        return 2;
    }
    if (!std::filesystem::is_regular_file(opts.from)) {
        err << "cabildo migrate: no SQLite database at " << opts.from << "\n";
        return 2;
    }
    std::vector<copied_table> copied;
    try {
        copied = copy_sqlite_to_postgresql(opts.from, opts.to);
    } catch (const std::exception& e) {
        err << "cabildo migrate: nothing was copied: " << e.what() << "\n";
        return 2;
    }
    bool same = true;
    std::int64_t total = 0;
    out << "copied into PostgreSQL (rows: SQLite -> PostgreSQL):\n";
    for (const auto& t : copied) {
        out << "  " << t.name << ": " << t.source_rows << " -> " << t.target_rows
            << (t.source_rows == t.target_rows ? "" : "  DIFFERENT") << "\n";
        same = same && t.source_rows == t.target_rows;
        total += t.target_rows;
    }
    const auto source = sql::sqlite_session::open_read_only(opts.from);
    sql::postgresql_session target(opts.to);
    const auto before = recount(*source);
    const auto after = recount(target);
    for (const auto& [key, document] : before) {
        const auto it = after.find(key);
        const bool equal = it != after.end() && it->second == document;
        if (!equal)
            out << "  results of " << key << " differ after the copy\n";
        same = same && equal;
    }
    same = same && before.size() == after.size();
    out << total << " rows in " << copied.size() << " tables; " << before.size()
        << " challenges counted again on both sides: "
        << (same ? "every count and every results document identical" : "NOT identical") << "\n"
        << "The server secret is not in the database: give the PostgreSQL nodes the same one (the content of "
        << opts.from << ".secret, or CABILDO_HMAC_SECRET), or the sealed keys will not open.\n";
    return same ? 0 : 1;
}

} // namespace cabildo::app
