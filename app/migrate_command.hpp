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
// SQLite file, every table's rows counted on both sides; then the copy passes `PRAGMA
// integrity_check` before anything is reported done (a copy that fails it is deleted). Exit 0 when
// it holds and the counts agree, 1 when not, 2 when it refused or failed.
struct backup_options {
    std::string db = "data/cabildo.db";
    std::string target;
};

int run_backup(const backup_options& opts, std::ostream& out, std::ostream& err);

// `cabildo restore BACKUP [--db FILE]`: a backup (a SQLite file `cabildo backup` wrote) made a
// database again, at a path where none is: it refuses to overwrite a live database (the file, or
// its -wal or -shm), a backup that fails `PRAGMA integrity_check`, and one of a newer schema than
// this build's. The copy is checked the same way. The server secret is not in a backup: the
// restored database needs the one it was made with (`<db>.secret` or CABILDO_HMAC_SECRET), or the
// server refuses to start. Exit 0 restored, 1 the copy failed its check, 2 refused.
struct restore_options {
    std::string backup;
    std::string db = "data/cabildo.db";
};

int run_restore(const restore_options& opts, std::ostream& out, std::ostream& err);

} // namespace cabildo::app
