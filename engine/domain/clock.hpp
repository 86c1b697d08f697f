#pragma once
// The server's clock decides every phase; it is injected so tests can move time.

#include <atomic>
#include <chrono>

namespace cabildo::engine {

using time_point = std::chrono::sys_seconds;

class clock {
public:
    virtual ~clock() = default;
    virtual time_point now() const = 0;
};

class system_clock final : public clock {
public:
    time_point now() const override
    {
        return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    }
};

// A clock that stands still until set; tests and `serve --test-clock` move it.
class manual_clock final : public clock {
public:
    explicit manual_clock(time_point start) : now_(start.time_since_epoch().count()) {}
    time_point now() const override { return time_point{std::chrono::seconds{now_.load()}}; }
    void set(time_point t) { now_.store(t.time_since_epoch().count()); }
    // Moves to `t` unless the clock is already later: concurrent moves never take it back.
    void advance_to(time_point t)
    {
        const auto to = t.time_since_epoch().count();
        for (auto at = now_.load(); at < to && !now_.compare_exchange_weak(at, to);) {}
    }

private:
    std::atomic<std::chrono::seconds::rep> now_;
};

} // namespace cabildo::engine
