#pragma once
// The test clock of `serve --test-clock`, kept in the database so that every node on it reads the
// same time (tests only; a real consultation's database never holds it).
// One of the area repositories storage/repository.hpp gathers; a backend implements each.

#include "engine/domain/clock.hpp"

#include <optional>

namespace cabildo::engine {

class test_clock_repository {
public:
    virtual ~test_clock_repository() = default;

    // Where the test clock was last moved to; none before the first move.
    virtual std::optional<time_point> test_clock() = 0;
    // Records a move and tells the other nodes (store::watch, shared_change::test_clock).
    virtual void move_test_clock(time_point to) = 0;
};

} // namespace cabildo::engine
