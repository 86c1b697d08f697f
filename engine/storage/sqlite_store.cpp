#include "engine/storage/sqlite_store.hpp"

#include "engine/storage/schema.hpp"
#include "engine/storage/sql/sqlite_session.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <sqlite3.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <stdexcept>
#include <system_error>
#include <thread>

namespace cabildo::engine {

namespace {

// How long a connection waits for another's lock (a backup, a second process) before failing.
constexpr int busy_timeout_ms = 5000;

void migrate(SQLite::Database& db)
{
    const auto migrations = schema_migrations();
    auto version = static_cast<std::size_t>(db.execAndGet("PRAGMA user_version").getInt());
    if (version > migrations.size())
        throw std::runtime_error("the database was written by a newer cabildo (schema " + std::to_string(version) +
                                 ")");
    for (; version < migrations.size(); ++version) {
        SQLite::Transaction tx(db);
        db.exec(std::string(migrations[version]));
        db.exec("PRAGMA user_version = " + std::to_string(version + 1));
        tx.commit();
    }
}

// Creates `path` empty with mode 0600 when it does not exist, and takes group and other access
// away from it (and from its -wal and -shm files) when it does: SQLite gives the files it creates
// beside a database the database's own mode.
void owner_only(const std::filesystem::path& path)
{
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) // the reason named: a read-only file system, a folder of someone else's
        throw std::runtime_error("cannot open " + path.string() +
                                 " to write: " + std::system_category().message(errno));
    const bool ok = ::fchmod(fd, 0600) == 0;
    ::close(fd);
    if (!ok)
        throw std::runtime_error("cannot make " + path.string() + " private (mode 0600)");
    for (const char* suffix : {"-wal", "-shm"}) {
        const auto beside = path.string() + suffix;
        if (std::filesystem::exists(beside))
            ::chmod(beside.c_str(), 0600);
    }
}

// The folder and the file made private, the writer's connection opened and the schema migrated
// once, before any connection of the store: what each later connection opens is ready.
sql_store::connector sqlite_connector(const sqlite_options& options)
{
    const auto& path = options.path;
    if (path.has_parent_path() && !std::filesystem::exists(path.parent_path())) {
        std::filesystem::create_directories(path.parent_path());
        std::filesystem::permissions(path.parent_path(), std::filesystem::perms::owner_all);
    }
    owner_only(path);
    // Each connection is used by one thread at a time (a reader's by its thread, the writer's under
    // sql_store's writer lock), so SQLite's lock on every call into a connection is left out
    // (OPEN_NOMUTEX: its multi-thread mode).
    return [path](connection_role role) -> std::unique_ptr<sql::session> {
        if (role == connection_role::reader) {
            auto db = std::make_unique<SQLite::Database>(path.string(), SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX);
            db->setBusyTimeout(busy_timeout_ms);
            return std::make_unique<sql::sqlite_session>(std::move(db));
        }
        auto db = std::make_unique<SQLite::Database>(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE |
                                                                        SQLite::OPEN_NOMUTEX);
        db->exec("PRAGMA journal_mode = WAL");
        db->exec("PRAGMA synchronous = FULL");
        db->exec("PRAGMA foreign_keys = ON");
        db->exec("PRAGMA secure_delete = ON");
        db->setBusyTimeout(busy_timeout_ms);
        migrate(*db);
        return std::make_unique<sql::sqlite_session>(std::move(db));
    };
}

} // namespace

std::int64_t sqlite_store::database_bytes(sql::session& writer) const
{
    (void)writer;
    std::int64_t total = 0;
    for (const auto* suffix : {"", "-wal"}) {
        std::error_code ec;
        const auto size = std::filesystem::file_size(path_.string() + suffix, ec);
        if (!ec)
            total += static_cast<std::int64_t>(size);
    }
    return total;
}

sqlite_store::sqlite_store(const sqlite_options& options)
    : sql_store(sqlite_connector(options),
                {options.readers, options.max_batch, options.max_queued_writes, options.max_queued_reads})
    , path_(options.path)
{}

void sqlite_store::rewrite_clean()
{
    with_writer_session([](sql::session& s) {
        s.execute("VACUUM");
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    });
}

void sqlite_store::backup(const std::filesystem::path& source, const std::filesystem::path& target)
{
    SQLite::Database src(source.string(), SQLite::OPEN_READONLY);
    src.setBusyTimeout(busy_timeout_ms);
    // The copy holds what the database does: created private before SQLite writes to it.
    const int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        throw std::runtime_error("cannot create " + target.string());
    ::close(fd);
    SQLite::Database dst(target.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    SQLite::Backup b(dst, src);
    // One step: it reads one snapshot, and in WAL mode a reader never blocks the server's writer.
    // In steps, every write the server made between two of them would start the copy over, which
    // under the load of a closing hour could go on for ever. BUSY and LOCKED come back as codes,
    // not exceptions, so retry them and fail on anything else.
    for (int attempts = 0;;) {
        const int rc = b.executeStep(-1);
        if (rc == SQLITE_DONE)
            return;
        if (rc == SQLITE_OK)
            continue;
        if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && ++attempts < 100) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            continue;
        }
        throw std::runtime_error("backup failed with SQLite code " + std::to_string(rc));
    }
}

std::string sqlite_store::integrity_check(const std::filesystem::path& file)
{
    SQLite::Database db(file.string(), SQLite::OPEN_READONLY);
    db.setBusyTimeout(busy_timeout_ms);
    SQLite::Statement q(db, "PRAGMA integrity_check(20)");
    std::string out;
    while (q.executeStep()) {
        if (!out.empty())
            out += '\n';
        out += q.getColumn(0).getString();
    }
    return out;
}

int sqlite_store::schema_version(const std::filesystem::path& file)
{
    SQLite::Database db(file.string(), SQLite::OPEN_READONLY);
    return db.execAndGet("PRAGMA user_version").getInt();
}

} // namespace cabildo::engine
