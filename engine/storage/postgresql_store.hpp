#pragma once
// The PostgreSQL store: the writer's connection and a pool of readers' (sql_store), each opened
// from a libpq connection URI with synchronous_commit on, so a write is acknowledged only once
// PostgreSQL (and a synchronous standby, where one is named) has it on disk; many writes share one
// commit under load, as on SQLite. Opening it applies the numbered migrations (PostgreSQL's
// dialect, schema_postgresql.cpp) under an advisory lock, so several nodes may start at once.

#include "engine/storage/sql_store.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace cabildo::engine {

struct postgresql_options {
    std::string uri; // postgresql://user@host:port/database?..., or key=value words
    std::size_t readers = 2;
    std::size_t max_batch = 512;
    // Where the readers connect, when not to `uri`: a synchronous standby. Every node's writer
    // commits with synchronous_commit = remote_apply, so what any node acknowledged is visible
    // there before the answer leaves (and before the other nodes hear of it).
    std::string read_uri = {};
    std::size_t max_queued_writes = sql_store::default_max_queued_writes;
    std::size_t max_queued_reads = sql_store::default_max_queued_reads;
};

class postgresql_store final : public sql_store {
public:
    explicit postgresql_store(const postgresql_options& options); // throws when it cannot connect or migrate
    ~postgresql_store() override;
    postgresql_store(const postgresql_store&) = delete;
    postgresql_store& operator=(const postgresql_store&) = delete;

    // Listens (LISTEN cabildo, on a connection of its own, opened again when lost) and calls `f`
    // with what other nodes changed; after a lost connection, with `everything`.
    void watch(std::function<void(shared_change)> f) override;
    void close() override;

private:
    void listen(const std::function<void(shared_change)>& f);
    std::int64_t database_bytes(sql::session& writer) const override;
    void attempted(); // the listener's first connection was made, or failed

    std::string uri_;
    std::atomic<bool> listening_{false};
    std::thread listener_;
    std::mutex heard_mutex_;
    std::condition_variable heard_;
    bool first_attempt_done_ = false;
};

// Whether `db` names a PostgreSQL database (a postgresql:// or postgres:// URI) rather than a file.
bool is_postgresql_uri(std::string_view db);

} // namespace cabildo::engine
