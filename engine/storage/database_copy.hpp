#pragma once
// `cabildo migrate`'s storage part: a SQLite database copied, table by table and row by row, into
// an empty PostgreSQL one whose schema is current. Values are copied as stored: sealed signing
// keys stay sealed (they open with the same server secret), receipts, ids and times are kept, and
// the identity counters move past the copied ids. One transaction: a copy that fails leaves the
// target as empty as it was.

#include <cstdint>
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

} // namespace cabildo::engine
