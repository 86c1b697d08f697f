#pragma once
// How often one client address may do something that costs others (open a blind-token request)
// or could be guessing (type a card's code): at most `allowed` times per `window`, counted in this
// process's memory only. No address is written anywhere; a restart forgets them all, and each node
// of a deployment counts its own. IPv6 addresses count by their /64, which one household holds.
// Keys are client addresses alone (never a path's slugs, which a client could vary without end),
// and at most `max_keys` of them are held: past that, new clients are refused until the clients
// whose window ended are swept out.

#include "engine/domain/clock.hpp"

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
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

// A token bucket's rule: `per_second` tokens come back a second, up to `burst`; off when either is 0.
struct bucket_rule {
    double per_second = 0;
    double burst = 0;
    bool on() const { return per_second > 0 && burst >= 1; }
};

// One token bucket per key (a client address, a participant token's hash), in this process's
// memory: a key may act while its bucket holds a whole token, and each act takes one. Time is the
// steady clock's, never the service's (a test clock moved by hours would refill every bucket). At
// most `max_keys` buckets are held; past that, buckets full again are swept out, and while none is,
// a new key is let through uncounted (a flood from that many addresses is the queues' to bound,
// and refusing new clients would lock out the honest ones).
class token_buckets {
public:
    using clock = std::chrono::steady_clock;
    explicit token_buckets(bucket_rule rule, std::size_t max_keys = 100'000) : rule_(rule), max_keys_(max_keys) {}

    // Set before the server takes load.
    void rule(bucket_rule r) { rule_ = r; }
    const bucket_rule& rule() const { return rule_; }

    // Zero when `key` may act now, and takes its token; otherwise how long until it may (whole
    // seconds, at least one), taking nothing.
    std::chrono::seconds take(std::string_view key, clock::time_point now);
    // The same wait, taking nothing: for acts counted only once they succeed (a replaced ballot).
    std::chrono::seconds wait(std::string_view key, clock::time_point now);
    // Takes a token for an act that succeeded; a bucket already empty stays empty.
    void spend(std::string_view key, clock::time_point now);

private:
    struct bucket {
        double tokens;
        clock::time_point at;
    };
    // The key's bucket refilled to `now`; null when the table is full (the key goes uncounted).
    bucket* find(std::string_view key, clock::time_point now);
    std::chrono::seconds wait_of(const bucket& b) const;
    bucket_rule rule_;
    std::size_t max_keys_;
    std::mutex mutex_;
    clock::time_point next_sweep_{};
    std::unordered_map<std::string, bucket> buckets_;
};

// What a client may do often, each limited by its own bucket per client address; `replacements`
// counts the ballots one participant token replaces, whatever address they come from.
enum class limited_act { issuance, ideas, ballots, replacements };
inline constexpr std::size_t limited_act_count = 4;
std::string_view name_of(limited_act a);
std::optional<limited_act> limited_act_named(std::string_view name);
// What a 429 for the act says (the body's message).
std::string_view refusal_of(limited_act a);

// The defaults are generous: a household, a library's network or a desk behind one address never
// meets them in honest use; a script does.
struct client_limits {
    bucket_rule issuance{20, 600};     // token requests: a desk issuing, card codes, blind requests
    bucket_rule ideas{1, 30};          // ideas submitted
    bucket_rule ballots{20, 600};      // ballots cast
    bucket_rule replacements{0.1, 10}; // one token's replaced ballots: ten at once, then one every 10 s
    bucket_rule& operator[](limited_act a);
};

// Sets one rule from `act=PER_SECOND/BURST` ("ballots=20/600"; "ballots=0" turns it off); the
// error says what is wrong.
std::optional<std::string> set_limit(client_limits& limits, std::string_view spec);

// The part of a client's address that names one client: an IPv4 address whole, an IPv6 address's
// first 64 bits.
std::string client_of(std::string_view address);

} // namespace cabildo::api
