#pragma once
// The PostgreSQL driver of the SQL session, on libpq (Debian's libpq-dev): one connection, opened
// from a libpq connection URI. The queries the repositories share are written with `?` and `?N`
// placeholders, rewritten to `$N` once per query; values travel as text, bytes as binary, results
// come back as text. Each query is prepared on the server once per connection, with the types of
// its first binding (a NULL leaves its type to the server).

#include "engine/storage/sql/session.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

struct pg_conn;

namespace cabildo::engine::sql {

class postgresql_statement;

class postgresql_session final : public session {
public:
    // Connects (throws sql::error, kind unavailable, when it cannot), with synchronous_commit on:
    // a COMMIT returns only once the database (and a synchronous standby) has it on disk.
    explicit postgresql_session(const std::string& uri);
    ~postgresql_session() override;
    postgresql_session(const postgresql_session&) = delete;
    postgresql_session& operator=(const postgresql_session&) = delete;

    statement& prepare(const query& q) override;
    void begin(begin_mode mode) override;
    void commit() override;
    void rollback() override;
    void savepoint(std::string_view name) override;
    void release(std::string_view name) override;
    void rollback_to(std::string_view name) override;
    void reset_statements() noexcept override;
    void execute(const std::string& sql) override;
    bool broken() const override;
    void notify(std::string_view topic) override; // NOTIFY cabildo, 'topic'

    // For a connection that LISTENs: the topics told within `timeout` (none if nothing came);
    // throws sql::error (unavailable) when the connection is lost.
    std::vector<std::string> notifications(std::chrono::milliseconds timeout);

private:
    void end(const std::string& sql); // COMMIT or ROLLBACK, then the writer lock let go
    void let_go_of_writer_lock() noexcept;

    pg_conn* conn_ = nullptr;
    bool stale_ = false;            // open, but to the wrong server or one going away: broken()
    bool writer_lock_held_ = false; // begin(write) took the nodes' writer lock
    std::unordered_map<const query*, std::unique_ptr<postgresql_statement>> statements_;
    int next_name_ = 0;
};

// `?` and `?N` placeholders as PostgreSQL spells them ($N), outside quoted strings and names;
// how many parameters the query takes.
std::string postgresql_placeholders(std::string_view sql, int& parameters);

} // namespace cabildo::engine::sql
