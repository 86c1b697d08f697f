#pragma once
// The SQLite driver of the SQL session: SQLite's C API over a connection opened by SQLiteCpp (which
// the session owns, or not). Statements are prepared once per query (SQLITE_PREPARE_PERSISTENT) and
// kept.

#include "engine/storage/sql/session.hpp"

#include <map>
#include <memory>
#include <string>
#include <unordered_map>

struct sqlite3;
namespace SQLite {
class Database;
}

namespace cabildo::engine::sql {

class sqlite_statement;

class sqlite_session final : public session {
public:
    explicit sqlite_session(sqlite3* db); // the caller keeps the connection open longer than the session
    explicit sqlite_session(std::unique_ptr<SQLite::Database> db);
    // A session of its own on the file, read-only (tools: `cabildo migrate`).
    static std::unique_ptr<sqlite_session> open_read_only(const std::string& path);
    ~sqlite_session() override;
    sqlite_session(const sqlite_session&) = delete;
    sqlite_session& operator=(const sqlite_session&) = delete;

    statement& prepare(const query& q) override;
    void begin(begin_mode mode) override;
    void commit() override;
    void rollback() override;
    void savepoint(std::string_view name) override;
    void release(std::string_view name) override;
    void rollback_to(std::string_view name) override;
    void reset_statements() noexcept override;
    void execute(const std::string& sql) override;

private:
    // A transaction's own statement (BEGIN, COMMIT, a savepoint's), prepared once and kept like the
    // queries: each batch of writes runs several per write, and parsing them again each time cost a
    // measurable share of the writer's time.
    void control(std::string_view sql);

    std::unique_ptr<SQLite::Database> owned_;
    sqlite3* db_;
    std::unordered_map<const query*, std::unique_ptr<sqlite_statement>> statements_;
    std::map<std::string, std::unique_ptr<sqlite_statement>, std::less<>> controls_;
};

// Throws sql::error for a result code of SQLite's other than OK, ROW and DONE.
void check_sqlite(sqlite3* db, int rc);

} // namespace cabildo::engine::sql
