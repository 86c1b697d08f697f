#pragma once
// `cabildo migrate`'s storage part: a SQLite database copied, table by table and row by row, into
// an empty PostgreSQL one whose schema is current; and `cabildo backup`'s for PostgreSQL, the other
// way, into a new SQLite file. Values are copied as stored: sealed signing
// keys stay sealed (they open with the same server secret), receipts, ids and times are kept, and
// the identity counters move past the copied ids. One transaction: a copy that fails leaves the
// target as empty as it was.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace cabildo::engine {

struct copied_table {
    std::string name;
    std::int64_t source_rows = 0;
    std::int64_t target_rows = 0; // counted again after the commit
};

// Brings the SQLite database's schema to the current version, then copies it. Throws
// std::runtime_error (an operator's sentence) when the target holds any row, or when the source
// holds a table this version does not know.
// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): a file and a URI; either swapped fails to open
std::vector<copied_table> copy_sqlite_to_postgresql(const std::string& sqlite_path, const std::string& postgresql_uri);

// `cabildo backup` of a PostgreSQL database: one snapshot of every table (taken while the nodes go
// on writing) copied into a new SQLite file of mode 0600 with the current schema, the id counters
// past every id handed out. The file is a SQLite database like any other: `cabildo serve --db`
// opens it, `cabildo migrate --from` puts it into an empty PostgreSQL database. Throws
// std::runtime_error (an operator's sentence) when the file exists or the database's schema is
// not the one this cabildo writes; a failed copy leaves the file empty of rows.
std::vector<copied_table> back_up_postgresql_to_sqlite(const std::string& postgresql_uri,
                                                       const std::filesystem::path& sqlite_path);

} // namespace cabildo::engine
