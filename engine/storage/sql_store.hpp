#pragma once
// The store over SQL sessions, whatever the database: one writer connection owned by the writer
// thread, which commits queued writes in batches (one transaction, a savepoint per write, so one
// failed write does not sink the others) and completes each write only after its batch is durable;
// a pool of reader connections, one snapshot per job. A connection that is lost for good (a
// server's, never a file's) is opened again before the next batch or read. sqlite_store and
// postgresql_store open the connections, and migrate the schema first.

#include "engine/storage/store.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace cabildo::engine {

namespace sql {
class session;
class transaction;
enum class begin_mode;
} // namespace sql

enum class connection_role { writer, reader };

class sql_store : public store {
public:
    // Opens a connection for the role; throws sql::error when it cannot.
    using connector = std::function<std::unique_ptr<sql::session>(connection_role)>;

    // How many reader connections, how many queued writes one commit takes at most, and how many
    // writes and reads (offloaded jobs among them) may wait: past that a job is refused at once
    // (write_status::overloaded, job_failure::overloaded) rather than queued without limit, so a
    // flood costs its senders a quick 503 and the server flat memory and a bounded wait for the
    // requests it took. 0: unbounded.
    struct sizes {
        std::size_t readers = 2;
        std::size_t max_batch = 512;
        std::size_t max_queued_writes = default_max_queued_writes;
        std::size_t max_queued_reads = default_max_queued_reads;
        // Group commit's gathering: while writes keep coming (the last batch held more than one),
        // the writer waits this long for more before it begins a batch, so that one commit (one
        // fsync, one signed board head) serves many. A lone write is never held. 0: never waits.
        std::chrono::microseconds gather = default_gather;
    };
    // About a second of writes at the measured rate, and of the readers' work.
    static constexpr std::size_t default_max_queued_writes = 4096;
    static constexpr std::size_t default_max_queued_reads = 2048;
    static constexpr std::chrono::microseconds default_gather{1000};
    sql_store(connector connect, sizes size); // throws when it cannot connect
    ~sql_store() override;
    sql_store(const sql_store&) = delete;
    sql_store& operator=(const sql_store&) = delete;

    void read(read_job job) override;
    void write(write_job job) override;
    void offload(std::function<void()> job, std::function<void(job_failure)> failed) override; // on the reader threads
    void stop() override;
    store_load load() const override;
    bool refuse_write_early() override
    {
        if (max_queued_writes_ == 0 || writes_waiting_.load(std::memory_order_relaxed) < max_queued_writes_)
            return false;
        ++writes_refused_;
        return true;
    }
    // stop(), then waits for the reader running a job (a count, a batch of signatures) to finish
    // it and joins every reader; queued reads are dropped. After it nothing runs any job, so
    // whatever the jobs use (the service) may be destroyed.
    virtual void close();

    // Runs a job on the calling thread in its own transaction; for start-up and tools, before the
    // threads take load.
    std::uint64_t before_commit(std::function<void(repository&)> f) override;
    void remove_before_commit(std::uint64_t id) override;
    void run_now(const std::function<void(repository&)>& job);

    // Rewrites the database so no freed page still holds what was deleted or replaced, where the
    // database keeps such pages (SQLite's file); a no-op elsewhere. For start-up.
    virtual void rewrite_clean() {}

protected:
    // Whether a COMMIT the database refuses is known to be rolled back: SQLite's is (its journal
    // makes the commit atomic, so a full disk stores nothing); a server's connection lost while it
    // committed is not (it may have committed).
    virtual bool failed_commit_rolls_back() const { return false; }

    // Runs `f` on the writer's session, outside any transaction (a database's own upkeep).
    void with_writer_session(const std::function<void(sql::session&)>& f);

    // The database's size in bytes, measured on the writer's thread between batches (on its
    // session, outside any transaction); -1 where it cannot be told.
    virtual std::int64_t database_bytes(sql::session& writer) const
    {
        (void)writer;
        return -1;
    }

private:
    void run_before_commit();
    struct connection;

    void writer_loop();
    // Measures database_bytes() again when 10 s have passed since the last time (writer thread).
    void measure_size();
    // Takes the next batch of queued writes; false once stopped with nothing left.
    bool next_batch(std::vector<write_job>& batch);
    // Runs a batch in one transaction, each job under its own savepoint; what the batch's committed
    // jobs become when it could not be committed (failed or unavailable), nothing when it was.
    std::optional<write_status> commit_batch(std::vector<write_job>& batch, std::vector<write_status>& outcome);
    write_status run_in_savepoint(write_job& job);
    void reader_loop(std::size_t index);
    // The connection, opened again first if it was lost; throws sql::error when it cannot be.
    connection& usable(std::unique_ptr<connection>& c, connection_role role);
    // A transaction begun on it, the connection opened again once if it is found lost only then.
    std::pair<connection*, std::unique_ptr<sql::transaction>> begin_on(std::unique_ptr<connection>& c,
                                                                       connection_role role, sql::begin_mode mode);

    connector connect_;
    std::size_t max_batch_;
    std::chrono::microseconds gather_;
    std::size_t last_batch_ = 0; // the writer thread's
    std::size_t max_queued_writes_;
    std::size_t max_queued_reads_;
    // Held while a batch runs them, so one removed is never running once removal returns.
    std::mutex before_commit_mutex_;
    std::vector<std::pair<std::uint64_t, std::function<void(repository&)>>> before_commit_;
    std::uint64_t next_before_commit_ = 1;
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
    std::atomic<std::uint64_t> commits_{0};
    std::atomic<std::uint64_t> writes_committed_{0};
    std::atomic<std::uint64_t> batches_run_again_{0};
    std::atomic<std::size_t> writes_waiting_{0}; // writes_.size(), read without the lock
    std::atomic<std::uint64_t> writes_refused_{0};
    std::atomic<std::uint64_t> reads_refused_{0};
    // Written by the writer thread only, read under mutex_ (load()).
    histogram_counts<batch_size_bounds.size()> batch_sizes_;
    histogram_counts<commit_seconds_bounds.size()> commit_seconds_;
    std::atomic<std::int64_t> database_bytes_{-1};
    std::chrono::steady_clock::time_point size_measured_{};
    // When each reader's job started (steady clock, ms), 0 while it waits.
    std::unique_ptr<std::atomic<std::int64_t>[]> read_started_;
};

} // namespace cabildo::engine
