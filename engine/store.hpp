#pragma once
// Where use cases run against storage, off the io threads. Writes go to one writer that commits
// queued writes in batches (group commit), each under its own savepoint so one failed write does
// not sink the batch; a write's completion runs only after its batch is durable. Reads run on
// their own connections.

#include "engine/repository.hpp"

#include <functional>

namespace cabildo::engine {

struct write_job {
    // Runs inside the batch's transaction; returning false rolls back this job's savepoint.
    std::function<bool(repository&)> run;
    // Runs after the batch: committed is false if the transaction could not be made durable.
    std::function<void(bool committed)> done;
};

class store {
public:
    virtual ~store() = default;
    virtual void read(std::function<void(repository&)> job) = 0;
    virtual void write(write_job job) = 0;
    // Finishes every queued write, then stops the threads. A write submitted later gets
    // done(false) at once; a read submitted later never runs.
    virtual void stop() = 0;
};

} // namespace cabildo::engine
