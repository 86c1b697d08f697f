#pragma once
// Numbered schema migrations, one list per database, the same number of each saying the same:
// SQLite's (schema.cpp; migration i moves PRAGMA user_version from i to i + 1) and PostgreSQL's
// (schema_postgresql.cpp; the version is the one row of the table cabildo_schema).

#include <span>
#include <string_view>

namespace cabildo::engine {

std::span<const std::string_view> schema_migrations();
std::span<const std::string_view> postgresql_schema_migrations();

} // namespace cabildo::engine
