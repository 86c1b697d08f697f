#pragma once
// The SQLite store: one read-write connection owned by the writer thread, a pool of read-only
// connections, WAL with synchronous=FULL so a committed batch survives power loss, numbered
// migrations applied when it opens. The database and its WAL are readable by their owner only
// (0600), and secure_delete zeroes freed pages, so a replaced secret does not linger in the file.

#include "engine/storage/sql_store.hpp"

#include <filesystem>
#include <string>

namespace cabildo::engine {

struct sqlite_options {
    std::filesystem::path path;
    std::size_t readers = 2;
    std::size_t max_batch = 512;
    std::size_t max_queued_writes = sql_store::default_max_queued_writes;
    std::size_t max_queued_reads = sql_store::default_max_queued_reads;
};

class sqlite_store final : public sql_store {
public:
    explicit sqlite_store(const sqlite_options& options); // throws on open or migration failure

    // Rewrites the database (VACUUM), so no free page still holds what older versions deleted
    // without secure_delete, then copies the WAL into it and truncates the WAL. For start-up.
    void rewrite_clean() override;

    // SQLite's online backup API into `target`, a new file created 0600: one snapshot of the source.
    static void backup(const std::filesystem::path& source, const std::filesystem::path& target);
    // What `PRAGMA integrity_check` says of a database file: "ok", or its findings (the first 20),
    // one a line; throws when the file is no SQLite database at all.
    static std::string integrity_check(const std::filesystem::path& file);
    // The file's schema version (PRAGMA user_version): how many of this build's migrations it has.
    static int schema_version(const std::filesystem::path& file);

private:
    // The file and its WAL.
    std::int64_t database_bytes(sql::session& writer) const override;
    std::filesystem::path path_;
    // A refused COMMIT leaves nothing behind: SQLite's commit is atomic, a full disk included.
    bool failed_commit_rolls_back() const override { return true; }
};

} // namespace cabildo::engine
