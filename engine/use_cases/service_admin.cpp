// Administration: municipalities and their keys, the server's own audit log, the test clock.

#include "engine/use_cases/admin.hpp"

#include "engine/domain/rfc3339.hpp"
#include "engine/domain/validation.hpp"
#include "engine/identity/officer_key.hpp"
#include "engine/use_cases/service_detail.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <future>
#include <memory>
#include <thread>

namespace cabildo::engine {

using namespace detail;
using json = nlohmann::json;

namespace {

std::int64_t epoch_seconds(time_point t)
{
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// A key's last use is written at most this often: it tells an admin whether a desk still works
// with a key, and a write per request would cost every ballot's writer slot.
constexpr std::int64_t last_use_resolution_s = 60;

} // namespace

admin_use_cases::admin_use_cases(use_case_runner& runner, std::string admin_key_hash, std::vector<access_key> keys)
    : runner_(runner), clock_(runner.clock()), admin_key_hash_(std::move(admin_key_hash))
{
    for (auto& k : keys) {
        auto entry = held(std::move(k));
        keys_.emplace(entry->record.hash, std::move(entry));
    }
}

std::shared_ptr<admin_use_cases::live_key> admin_use_cases::held(access_key k)
{
    auto entry = std::make_shared<live_key>();
    const auto used = k.last_used_at ? epoch_seconds(*k.last_used_at) : 0;
    entry->last_used = used;
    entry->last_persisted = used;
    entry->record = std::move(k);
    return entry;
}

void admin_use_cases::server_audit_log(const caller& who, std::int64_t after, std::size_t limit,
                                       callback<audit_page> cb)
{
    if (auto f = refused(who, permission::administer))
        return cb(*f);
    limit = std::clamp<std::size_t>(limit, 1, max_page_size);
    runner_.read<audit_page>(
        [after, limit](repository& repo) -> result<audit_page> {
            return audit_page_of(repo, std::nullopt, after, limit);
        },
        std::move(cb));
}

void admin_use_cases::move_test_clock(const caller& who, manual_clock& clock, time_point to, callback<time_point> cb)
{
    if (auto f = refused(who, permission::administer))
        return cb(*f);
    runner_.write<time_point>(
        [this, who, to](repository& repo) -> result<time_point> {
            // Checked against the moves on record (this node's and the others'), not only the
            // clock: moves in one batch are applied after it, in order.
            const auto from = std::max(clock_.now(), repo.test_clock().value_or(time_point{}));
            if (to < from)
                return fail(errc::invalid_field, "now",
                            "the test clock only moves forward (it is at " + format_rfc3339(from) +
                                "): moving back would reopen closed windows");
            audit(repo, from, who, 0, std::nullopt, "test_clock.move",
                  {{"from", format_rfc3339(from)}, {"to", format_rfc3339(to)}});
            repo.move_test_clock(to);
            return to;
        },
        [&clock, cb = std::move(cb)](result<time_point> r) {
            // Moved once the move is on record; the timer publishes what falls due.
            if (r.ok())
                clock.advance_to(*r);
            cb(std::move(r));
        });
}

void admin_use_cases::follow_test_clock(manual_clock& clock)
{
    followed_clock_ = &clock;
    auto read = std::make_shared<std::promise<void>>();
    read_test_clock(clock, [read] { read->set_value(); });
    if (read->get_future().wait_for(std::chrono::seconds(10)) != std::future_status::ready)
        spdlog::warn("the test clock's last move was not read within 10 s; it starts where --test-clock says");
}

void admin_use_cases::reload_test_clock()
{
    if (manual_clock* clock = followed_clock_; clock != nullptr)
        read_test_clock(*clock, [] {});
}

// Moves only go forward, so reads landing in any order leave the latest.
void admin_use_cases::read_test_clock(manual_clock& clock, std::function<void()> then)
{
    runner_.read<std::optional<time_point>>(
        [](repository& repo) -> result<std::optional<time_point>> { return repo.test_clock(); },
        [&clock, then = std::move(then)](result<std::optional<time_point>> at) {
            if (!at.ok())
                spdlog::warn("could not read the test clock's last move: {}", at.error().message);
            else if (*at)
                clock.advance_to(**at);
            then();
        });
}

// Keys are found by their SHA-256, so how long a lookup takes tells nothing about a key; the hash
// found is then compared in constant time.
caller admin_use_cases::authenticate(std::string_view bearer_key) const
{
    if (bearer_key.empty() || bearer_key.size() > 256)
        return {};
    const auto hash = sha256(bearer_key);
    if (equal_in_constant_time(hash, admin_key_hash_))
        return {role::admin, 0, 0};
    std::shared_ptr<live_key> key;
    {
        std::shared_lock lock(keys_mutex_);
        if (const auto it = keys_.find(hash); it != keys_.end())
            key = it->second;
    }
    if (!key || !equal_in_constant_time(hash, key->record.hash))
        return {};
    note_use(*key);
    return {key->record.role, key->record.municipality_id, key->record.id, key->record.challenge_id.value_or(0),
            key->record.table_id.value_or(0)}; // a key role (access_key)
}

void admin_use_cases::note_use(const live_key& k) const
{
    const auto now = epoch_seconds(clock_.now());
    k.last_used = now;
    auto persisted = k.last_persisted.load();
    if (now - persisted < last_use_resolution_s || !k.last_persisted.compare_exchange_strong(persisted, now))
        return;
    // Fire and forget: a lost update only makes the listed last use a minute older.
    const auto id = k.record.id;
    runner_.storage().write({[id, at = clock_.now()](repository& repo) {
                                 repo.set_key_last_used(id, at);
                                 return true;
                             },
                             [](write_status) {}});
}

void admin_use_cases::create_municipality(const caller& who, municipality_input in, callback<municipality> cb)
{
    if (auto f = refused(who, permission::administer))
        return cb(*f);
    if (auto f = check_slug(in.slug, "slug"))
        return cb(*f);
    if (auto f = check_text(in.name, "name", municipality_name_limit))
        return cb(*f);
    if (auto f = check_text(in.state, "state", municipality_state_limit))
        return cb(*f);
    if (auto f = check_locale(in.locale, "locale"))
        return cb(*f);
    runner_.write<municipality>(
        [this, who, in = std::move(in)](repository& repo) -> result<municipality> {
            if (auto f = check_timezone(in.timezone, "timezone"))
                return *f;
            if (repo.find_municipality(in.slug))
                return fail(errc::slug_taken, "slug", "the slug '" + in.slug + "' is taken");
            municipality m{0, in.slug, in.name, in.state, in.timezone, in.locale, clock_.now()};
            repo.insert_municipality(m);
            audit(repo, m.created_at, who, m.id, std::nullopt, "municipality.create",
                  {{"slug", m.slug}, {"name", m.name}, {"timezone", m.timezone}});
            return m;
        },
        std::move(cb));
}

void admin_use_cases::list_municipalities(callback<std::vector<municipality>> cb)
{
    runner_.read<std::vector<municipality>>([](repository& repo) { return repo.list_municipalities(); }, std::move(cb));
}

void admin_use_cases::get_municipality(std::string m, callback<municipality> cb)
{
    runner_.read<municipality>([m = std::move(m)](repository& repo) { return load_municipality(repo, m); },
                               std::move(cb));
}

void admin_use_cases::create_key(const caller& who, std::string m, key_request in, callback<created_key> cb)
{
    const bool officer = in.role == role::officer;
    if (officer != static_cast<bool>(in.scope))
        return cb(fail(errc::invalid_field, "role", "an officer's key is made on its table"));
    if (auto f = refused(who, officer ? permission::organise : permission::administer))
        return cb(*f);
    if (auto f = check_text(in.label, "label", key_label_limit))
        return cb(*f);
    auto key = base64url_encode(random_bytes(32));
    // An officer's key carries a second part, the secret its act signatures derive from: the
    // server publishes the public half and never sees the secret again (identity/officer_key.hpp).
    std::string signing_public;
    if (officer) {
        const auto secret = base64url_encode(random_bytes(32));
        signing_public = officer_signing_key(secret).public_raw();
        key += "." + secret;
    }
    runner_.write<created_key>(
        [this, who, officer, m = std::move(m), in = std::move(in), key,
         signing_public = std::move(signing_public)](repository& repo) -> result<created_key> {
            auto muni = load_municipality(repo, m);
            if (!muni)
                return muni.error();
            // An officer's key is found by its bearer part alone.
            const auto bearer = officer ? split_officer_key(key)->bearer : std::string_view(key);
            access_key k{0, sha256(bearer), muni->id, in.role, in.label, clock_.now(), std::nullopt};
            k.signing_key = signing_public;
            if (officer) {
                if (auto f = refused(who, permission::organise, muni->id))
                    return *f;
                if (auto f = in.scope(repo, k))
                    return *f;
            }
            repo.insert_key(k);
            if (in.stored)
                in.stored(repo, k);
            // Organiser keys keep the action name they always had, so audit readers still find them.
            audit(repo, k.created_at, who, muni->id, std::nullopt, std::string(name_of(k.role)).append("_key.create"),
                  {{"key_id", k.id},
                   {"role", name_of(k.role)},
                   {"label", k.label},
                   {"key_hash", to_hex(k.hash).substr(0, 12)}});
            return created_key{std::move(k), key};
        },
        [this, cb = std::move(cb)](result<created_key> r) {
            // The key works only once it is durable, and from then on without a database read.
            if (r.ok()) {
                auto entry = std::make_shared<live_key>();
                entry->record = r->record;
                std::unique_lock lock(keys_mutex_);
                ++keys_changed_here_;
                keys_.emplace(entry->record.hash, std::move(entry));
            }
            cb(std::move(r));
        });
}

void admin_use_cases::reload_keys()
{
    // One read at a time, so an older snapshot never lands after a newer one; a notice that comes
    // meanwhile asks for one more.
    {
        const std::lock_guard lock(reload_mutex_);
        if (reloading_) {
            reload_again_ = true;
            return;
        }
        reloading_ = true;
        reload_again_ = false;
    }
    read_keys_again(0);
}

void admin_use_cases::read_keys_again(int failures)
{
    const auto seen = keys_changed_here_.load();
    runner_.read<std::vector<access_key>>(
        [](repository& repo) -> result<std::vector<access_key>> { return repo.live_keys(); },
        [this, seen, failures](result<std::vector<access_key>> live) {
            bool again = false;
            if (!live.ok()) {
                // The database may still be failing over: try again, a little later, for a while.
                spdlog::warn("could not read the keys again after another node changed them: {}", live.error().message);
                if (failures + 1 >= 60) {
                    spdlog::error("gave up reading the keys again; a key revoked elsewhere may still work here "
                                  "until the next change or a restart");
                } else {
                    std::this_thread::sleep_for(std::chrono::milliseconds(500));
                    return read_keys_again(failures + 1);
                }
            } else {
                std::unique_lock lock(keys_mutex_);
                // A key made or revoked here since the read began is newer than what it read: read
                // again rather than undo it (what another node changed is in the next read too).
                if (keys_changed_here_.load() != seen) {
                    again = true;
                } else {
                    std::unordered_map<std::string, std::shared_ptr<live_key>> now;
                    for (auto& k : *live) {
                        if (const auto it = keys_.find(k.hash); it != keys_.end()) {
                            now.emplace(k.hash, it->second); // its last use, as this node knows it
                            continue;
                        }
                        auto entry = held(std::move(k));
                        now.emplace(entry->record.hash, std::move(entry));
                    }
                    keys_.swap(now);
                }
            }
            {
                const std::lock_guard lock(reload_mutex_);
                again = again || reload_again_;
                reload_again_ = false;
                if (!again) {
                    reloading_ = false;
                    return;
                }
            }
            read_keys_again(0);
        });
}

void admin_use_cases::list_keys(const caller& who, std::string m, callback<std::vector<access_key>> cb)
{
    if (auto f = refused(who, permission::administer))
        return cb(*f);
    runner_.read<std::vector<access_key>>(
        [this, m = std::move(m)](repository& repo) -> result<std::vector<access_key>> {
            auto muni = load_municipality(repo, m);
            if (!muni)
                return muni.error();
            auto keys = repo.live_keys(muni->id);
            // The last use in memory is newer than the stored one by up to a minute.
            std::shared_lock lock(keys_mutex_);
            for (auto& k : keys) {
                if (const auto it = keys_.find(k.hash); it != keys_.end())
                    if (const auto used = it->second->last_used.load(); used > 0)
                        k.last_used_at = time_point{std::chrono::seconds{used}};
                k.hash.clear();
            }
            return keys;
        },
        std::move(cb));
}

void admin_use_cases::revoke_key(const caller& who, std::string m, std::int64_t id, callback<done_t> cb,
                                 std::optional<std::int64_t> table)
{
    if (auto f = refused(who, table ? permission::organise : permission::administer))
        return cb(*f);
    auto hash = std::make_shared<std::string>();
    runner_.write<done_t>(
        [this, who, m = std::move(m), id, hash, table](repository& repo) -> result<done_t> {
            auto muni = load_municipality(repo, m);
            if (!muni)
                return muni.error();
            if (auto f = refused(who, permission::organise, muni->id); f && table)
                return *f;
            for (const auto& k : repo.live_keys(muni->id))
                if (k.id == id && (!table || (k.role == role::officer && k.table_id == table)))
                    *hash = k.hash;
            const auto now = clock_.now();
            if (hash->empty() || !repo.revoke_key(muni->id, id, now))
                return fail(errc::not_found, "", "no live key " + std::to_string(id) + " in " + m);
            audit(repo, now, who, muni->id, std::nullopt, "key.revoke", {{"key_id", id}});
            return done_t{};
        },
        [this, hash, cb = std::move(cb)](result<done_t> r) {
            if (r.ok()) {
                std::unique_lock lock(keys_mutex_);
                ++keys_changed_here_;
                keys_.erase(*hash);
            }
            cb(std::move(r));
        });
}

} // namespace cabildo::engine
