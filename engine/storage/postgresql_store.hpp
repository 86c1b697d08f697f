#pragma once
// The PostgreSQL store: the writer's connection and a pool of readers' (sql_store), each opened
// from a libpq connection URI with synchronous_commit on, so a write is acknowledged only once
// PostgreSQL (and a synchronous standby, where one is named) has it on disk; many writes share one
// commit under load, as on SQLite. Opening it applies the numbered migrations (PostgreSQL's
// dialect, schema_postgresql.cpp) under an advisory lock, so several nodes may start at once.

#include "engine/storage/sql_store.hpp"

#include <string>

namespace cabildo::engine {

struct postgresql_options {
    std::string uri; // postgresql://user@host:port/database?..., or key=value words
    std::size_t readers = 2;
    std::size_t max_batch = 512;
};

class postgresql_store final : public sql_store {
public:
    explicit postgresql_store(const postgresql_options& options); // throws when it cannot connect or migrate
};

// Whether `db` names a PostgreSQL database (a postgresql:// or postgres:// URI) rather than a file.
bool is_postgresql_uri(std::string_view db);

} // namespace cabildo::engine
