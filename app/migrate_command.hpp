#pragma once
// `cabildo migrate --from data/cabildo.db --to postgresql://...`: a city's SQLite database copied
// into an empty PostgreSQL one, then checked: every table's rows counted on both sides, every
// challenge counted again on both sides and the two results documents compared byte for byte.
// Prints what it moved; exit 0 when every check holds, 1 when one does not, 2 when it refused.
// And `cabildo backup`, which moves the other way for PostgreSQL.

#include <ostream>
#include <string>

namespace cabildo::app {

struct migrate_options {
    std::string from; // the SQLite file
    std::string to;   // a postgresql:// URI (or CABILDO_DB)
};

int run_migrate(const migrate_options& opts, std::ostream& out, std::ostream& err);

// `cabildo backup [--db FILE|URI] NEW_FILE`: a SQLite database copied with SQLite's online backup
// API, or a PostgreSQL one (a postgresql:// URI, or CABILDO_DB) copied from one snapshot into a new
// SQLite file, every table's rows counted on both sides. Exit 0 when the counts agree, 1 when not,
// 2 when it refused or failed.
struct backup_options {
    std::string db = "data/cabildo.db";
    std::string target;
};

int run_backup(const backup_options& opts, std::ostream& out, std::ostream& err);

} // namespace cabildo::app
