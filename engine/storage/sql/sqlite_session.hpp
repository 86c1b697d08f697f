#pragma once
// The SQLite driver of the SQL session: SQLite's C API over a connection the store opened and
// owns. Statements are prepared once per query (SQLITE_PREPARE_PERSISTENT) and kept.

#include "engine/storage/sql/session.hpp"

#include <memory>
#include <unordered_map>

struct sqlite3;

namespace cabildo::engine::sql {

class sqlite_statement;

class sqlite_session final : public session {
public:
    explicit sqlite_session(sqlite3* db);
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

private:
    void run(const std::string& sql);

    sqlite3* db_;
    std::unordered_map<const query*, std::unique_ptr<sqlite_statement>> statements_;
};

// Throws sql::error for a result code of SQLite's other than OK, ROW and DONE.
void check_sqlite(sqlite3* db, int rc);

} // namespace cabildo::engine::sql
