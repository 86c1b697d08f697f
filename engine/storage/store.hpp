#pragma once
// Where use cases run against storage, off the io threads. Writes go to one writer that commits
// queued writes in batches (group commit), each under its own savepoint so one failed write does
// not sink the batch; a write's completion runs only after its batch is durable. Reads run on
// their own connections.

#include "engine/storage/repository.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

namespace cabildo::engine {

enum class write_status {
    committed,     // durable
    failed,        // the database refused the job or its batch: nothing of it is stored
    unavailable,   // the database could not be reached or written (restarting, disk full): nothing of it is stored
    unknown,       // the connection was lost while the batch committed: it may or may not be stored
    threw,         // the job threw something not from the database (a bug): nothing of it is stored
    shutting_down, // submitted after stop(): never run
    overloaded,    // the write queue was full when it was submitted: never run
};

// Why a read or an offloaded job did not finish: the database failed, could not be reached, or
// the job threw (a bug).
enum class job_failure { storage, unavailable, bug, overloaded /* the read queue was full: never run */ };

struct read_job {
    // Runs in one read snapshot on a reader thread.
    std::function<void(repository&)> run;
    // Runs instead of the rest of `run` when it throws (already logged), so a caller waiting on
    // the job still gets its answer.
    std::function<void(job_failure)> failed;
};

struct write_job {
    // Runs inside the batch's transaction; returning false rolls back this job's savepoint. It may
    // run more than once (a batch that met another node's transaction runs again whole), so it
    // keeps what it captured as it was: copy before changing, never move out of a capture.
    std::function<bool(repository&)> run;
    // Runs after the batch, on the writer thread.
    std::function<void(write_status)> done;
};

// Counts of observations by upper bound, the last bucket unbounded (+Inf), with their sum: a
// Prometheus histogram before it is made cumulative.
template <std::size_t Bounds>
struct histogram_counts {
    std::array<std::uint64_t, Bounds + 1> buckets{};
    double sum = 0;
};
// A group commit's size (writes a commit held) and time (from BEGIN to the end of COMMIT).
inline constexpr std::array<double, 10> batch_size_bounds{1, 2, 4, 8, 16, 32, 64, 128, 256, 512};
inline constexpr std::array<double, 11> commit_seconds_bounds{0.0005, 0.001, 0.002, 0.005, 0.01, 0.02,
                                                              0.05,   0.1,   0.25,  0.5,   1};

// What the store is doing now, for the admin's status.
struct store_load {
    std::size_t reads_running = 0;
    std::int64_t oldest_read_ms = 0; // how long the longest-running read has run
    std::size_t reads_queued = 0;
    std::size_t writes_queued = 0;
    // Since the store opened: transactions the writer committed, the writes they held (their
    // ratio is the group commit's batch size), and batches run again after meeting another
    // transaction (another node's, on PostgreSQL).
    std::uint64_t commits = 0;
    std::uint64_t writes_committed = 0;
    std::uint64_t batches_run_again = 0;
    // Jobs refused at once because their queue was full (sql_store::sizes).
    std::uint64_t writes_refused = 0;
    std::uint64_t reads_refused = 0;
    histogram_counts<batch_size_bounds.size()> batch_sizes;
    histogram_counts<commit_seconds_bounds.size()> commit_seconds;
    // The database's size in bytes (SQLite: its file and WAL; PostgreSQL: pg_database_size), as
    // last measured (the writer looks after a batch, at most every 10 s); -1 before the first write.
    std::int64_t database_bytes = -1;
};

// What one node changed that every node holds in memory, told to the others (PostgreSQL's
// LISTEN/NOTIFY; a SQLite database has one node and never tells). `everything` follows a lost
// connection, when what was told meanwhile is unknown.
enum class shared_change { access_keys, test_clock, everything };
std::string_view name_of(shared_change c);
std::optional<shared_change> shared_change_named(std::string_view name);

class store {
public:
    virtual ~store() = default;
    virtual void read(read_job job) = 0;
    virtual void write(write_job job) = 0;
    // Runs CPU work (signing, say) off the io threads and off the writer; `failed` as for reads.
    virtual void offload(std::function<void()> job, std::function<void(job_failure)> failed) = 0;
    // Finishes every queued write and stops the writer; a write submitted later gets
    // done(shutting_down) at once. Reads go on until the store is destroyed.
    virtual void stop() = 0;
    virtual store_load load() const = 0;
    // Whether a write submitted now would be refused (write_status::overloaded), counted as refused
    // when it would: for a caller that refuses before costly work, a ballot before its token's
    // signature is checked.
    virtual bool refuse_write_early() { return false; }
    // Calls `f` (on a thread of the store's) when another node may have changed what it names;
    // set before the store takes load, by its first service: a later call is ignored.
    virtual void watch(std::function<void(shared_change)> f) { (void)f; }
    // Runs `f` in each batch of writes after its jobs, inside its transaction, on the writer's
    // thread (the bulletin boards sign one tree head per batch there). Each service on the store adds
    // its own (the demo's past edition runs a second service beside the server's): the returned id
    // removes it, waiting for a batch that is running it. What `f` throws is logged and leaves the
    // batch to commit without it.
    virtual std::uint64_t before_commit(std::function<void(repository&)> f)
    {
        (void)f;
        return 0;
    }
    virtual void remove_before_commit(std::uint64_t id) { (void)id; }
};

} // namespace cabildo::engine
