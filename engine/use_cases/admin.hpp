#pragma once
// Administration (service_admin.cpp): municipalities, their keys, the server's own audit log and the
// test clock; and who a bearer key makes the caller.

#include "engine/use_cases/runner.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cabildo::engine {

struct key_request {
    engine::role role = role::organiser;
    std::string label;
    // A table officer's key (tables.hpp's officer_key makes these): inside the key's write, `scope`
    // checks the table and scopes the record to it before it is stored, `stored` records it
    // elsewhere after (the board). An organiser of the municipality may make such a key.
    std::function<std::optional<failure>(repository&, access_key&)> scope = {};
    std::function<void(repository&, const access_key&)> stored = {};
};

// A key just made: shown once, then only its hash is kept.
struct created_key {
    access_key record;
    std::string key;
};

struct municipality_input {
    std::string slug, name, state, timezone, locale = "es-MX";
};

class admin_use_cases {
public:
    // `admin_key_hash` is SHA-256 of the admin key; keys are only ever kept hashed.
    admin_use_cases(use_case_runner& runner, std::string admin_key_hash, std::vector<access_key> keys);

    // The key's role and municipality; anonymous when it matches none (or was revoked). Compares in
    // constant time and notes the key's last use.
    caller authenticate(std::string_view bearer_key) const;

    void create_municipality(const caller& who, municipality_input in, callback<municipality> cb);
    void list_municipalities(callback<std::vector<municipality>> cb);
    void get_municipality(std::string m, callback<municipality> cb);
    void create_key(const caller& who, std::string m, key_request in, callback<created_key> cb);
    void list_keys(const caller& who, std::string m, callback<std::vector<access_key>> cb);
    // Takes effect on the next request: the key is dropped from memory once its revocation is durable.
    // An organiser may revoke its municipality's officer keys of `table` (nullopt: the admin, any key).
    void revoke_key(const caller& who, std::string m, std::int64_t id, callback<done_t> cb,
                    std::optional<std::int64_t> table = std::nullopt);
    // The admin's: entries of no challenge (municipalities, keys, test clock moves).
    void server_audit_log(const caller& who, std::int64_t after, std::size_t limit, callback<audit_page> cb);
    // Tests only (`serve --test-clock`): moves `clock` forward to `to`, audited; never backwards,
    // which would reopen closed windows. The move is kept in the database, where every node on it
    // reads it (follow_test_clock).
    void move_test_clock(const caller& who, manual_clock& clock, time_point to, callback<time_point> cb);
    // Tests only: from now on `clock` follows the moves kept in the database, those made before
    // (read before this returns, for up to 10 s) and those another node makes (store::watch).
    // `clock` outlives the service.
    void follow_test_clock(manual_clock& clock);
    // Reads the test clock again after another node moved it (store::watch). Not a use case.
    void reload_test_clock();

    // Reads the live keys again, for those another node created or revoked (store::watch): a new
    // one starts working here, a revoked one stops. Not a use case: the store calls it.
    void reload_keys();

private:
    // A key as the service holds it: hash -> who it makes the caller, and when it was last used.
    struct live_key {
        access_key record;
        mutable std::atomic<std::int64_t> last_used{0};      // seconds since the epoch
        mutable std::atomic<std::int64_t> last_persisted{0}; // what the database holds, roughly
    };
    void note_use(const live_key& k) const;
    static std::shared_ptr<live_key> held(access_key k);
    void read_keys_again(int failures);
    // Advances `clock` to the last move on record, then calls `then` (on a reader thread).
    void read_test_clock(manual_clock& clock, std::function<void()> then);

    use_case_runner& runner_;
    const engine::clock& clock_;
    std::string admin_key_hash_;
    mutable std::shared_mutex keys_mutex_;
    std::unordered_map<std::string, std::shared_ptr<live_key>> keys_; // SHA-256 of key -> key
    std::atomic<std::uint64_t> keys_changed_here_{0}; // keys made or revoked by this node, for reload_keys
    std::mutex reload_mutex_;
    bool reloading_ = false;    // a read of the keys is under way
    bool reload_again_ = false; // a notice came meanwhile
    std::atomic<manual_clock*> followed_clock_{nullptr};
};

} // namespace cabildo::engine
