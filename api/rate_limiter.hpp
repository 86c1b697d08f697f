#pragma once
// How often one client address may do something that costs others (open a blind-token request)
// or could be guessing (type a card's code): at most `allowed` times per `window`, counted in this
// process's memory only. No address is written anywhere; a restart forgets them all, and each node
// of a deployment counts its own. IPv6 addresses count by their /64, which one household holds.
// Keys are client addresses alone (never a path's slugs, which a client could vary without end),
// and at most `max_keys` of them are held: past that, new clients are refused until the clients
// whose window ended are swept out.

#include "engine/domain/clock.hpp"

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace cabildo::api {

class rate_limiter {
public:
    rate_limiter(std::size_t allowed, std::chrono::seconds window, std::size_t max_keys = 100'000)
        : allowed_(allowed), window_(window), max_keys_(max_keys)
    {}

    // Whether `key` (a scope and a client address, say) may act once more at `now`; counts it.
    bool allow(const std::string& key, engine::time_point now);
    // For limits that count only failures (a card's code typed wrong): whether `key` used up its
    // allowance, and counting one more.
    bool exhausted(const std::string& key, engine::time_point now);
    void count(const std::string& key, engine::time_point now) { allow(key, now); }

private:
    static std::chrono::seconds sweep_interval(std::chrono::seconds window)
    {
        return window / 60 + std::chrono::seconds(1);
    }
    struct counter {
        engine::time_point since;
        std::size_t count = 0;
    };
    std::size_t allowed_;
    std::chrono::seconds window_;
    std::size_t max_keys_;
    std::mutex mutex_;
    engine::time_point next_sweep_{};
    std::unordered_map<std::string, counter> counters_;
};

// The part of a client's address that names one client: an IPv4 address whole, an IPv6 address's
// first 64 bits.
std::string client_of(std::string_view address);

} // namespace cabildo::api
