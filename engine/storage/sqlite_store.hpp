#pragma once
// The SQLite store: one read-write connection owned by the writer thread, a pool of read-only
// connections, WAL with synchronous=FULL so a committed batch survives power loss, numbered
// migrations applied when it opens. The database and its WAL are readable by their owner only
// (0600), and secure_delete zeroes freed pages, so a replaced secret does not linger in the file.

#include "engine/storage/store.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace SQLite {
class Database;
}

namespace cabildo::engine {

class sql_repository;
namespace sql {
class sqlite_session;
}

struct sqlite_options {
    std::filesystem::path path;
    std::size_t readers = 2;
    std::size_t max_batch = 512;
};

class sqlite_store final : public store {
public:
    explicit sqlite_store(sqlite_options options); // throws on open or migration failure
    ~sqlite_store() override;

    void read(read_job job) override;
    void write(write_job job) override;
    void offload(std::function<void()> job, std::function<void(job_failure)> failed) override; // on the reader threads
    void stop() override;
    store_load load() const override;
    // stop(), then waits for the reader running a job (a count, a batch of signatures) to finish
    // it and joins every reader; queued reads are dropped. After it nothing runs any job, so
    // whatever the jobs use (the service) may be destroyed.
    void close();
    // Rewrites the database (VACUUM), so no free page still holds what older versions deleted
    // without secure_delete, then copies the WAL into it and truncates the WAL. For start-up.
    void rewrite_clean();

    // Runs a job on the calling thread in its own transaction; for start-up and tools, before the
    // threads take load.
    void run_now(const std::function<void(repository&)>& job);

    // SQLite's online backup API into `target`, a new file created 0600.
    static void backup(const std::filesystem::path& source, const std::filesystem::path& target);

private:
    void writer_loop();
    // Takes the next batch of queued writes; false once stopped with nothing left.
    bool next_batch(std::vector<write_job>& batch);
    // Runs a batch in one transaction, each job under its own savepoint; false if the commit failed.
    bool commit_batch(std::vector<write_job>& batch, std::vector<write_status>& outcome);
    write_status run_in_savepoint(write_job& job);
    void reader_loop(std::size_t index);

    sqlite_options options_;
    // A connection, the session over it and the repositories over the session, for the writer and
    // for each reader, destroyed in the reverse order.
    struct connection;
    std::unique_ptr<connection> writer_;
    std::vector<std::unique_ptr<connection>> readers_;

    std::mutex writer_db_mutex_; // the writer connection is also used by run_now()
    mutable std::mutex mutex_;
    std::condition_variable write_ready_;
    std::condition_variable read_ready_;
    std::deque<write_job> writes_;
    std::deque<read_job> reads_;
    bool stopping_ = false; // writes refused
    bool closing_ = false;  // readers leave
    std::thread writer_thread_;
    std::vector<std::thread> reader_threads_;
    // When each reader's job started (steady clock, ms), 0 while it waits.
    std::unique_ptr<std::atomic<std::int64_t>[]> read_started_;
};

} // namespace cabildo::engine
