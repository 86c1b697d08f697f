#pragma once
// Where use cases run against storage, off the io threads. Writes go to one writer that commits
// queued writes in batches (group commit), each under its own savepoint so one failed write does
// not sink the batch; a write's completion runs only after its batch is durable. Reads run on
// their own connections.

#include "engine/storage/repository.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>

namespace cabildo::engine {

enum class write_status {
    committed,     // durable
    failed,        // the job threw, or its batch could not be committed: nothing of it is stored
    shutting_down, // submitted after stop(): never run
};

struct write_job {
    // Runs inside the batch's transaction; returning false rolls back this job's savepoint.
    std::function<bool(repository&)> run;
    // Runs after the batch, on the writer thread.
    std::function<void(write_status)> done;
};

// What the store is doing now, for the admin's status.
struct store_load {
    std::size_t reads_running = 0;
    std::int64_t oldest_read_ms = 0; // how long the longest-running read has run
    std::size_t reads_queued = 0;
    std::size_t writes_queued = 0;
};

class store {
public:
    virtual ~store() = default;
    virtual void read(std::function<void(repository&)> job) = 0;
    virtual void write(write_job job) = 0;
    // Runs CPU work (signing, say) off the io threads and off the writer.
    virtual void offload(std::function<void()> job) = 0;
    // Finishes every queued write and stops the writer; a write submitted later gets
    // done(shutting_down) at once. Reads go on until the store is destroyed.
    virtual void stop() = 0;
    virtual store_load load() const = 0;
};

} // namespace cabildo::engine
