#include "engine/use_cases/service.hpp"

#include "engine/domain/rfc3339.hpp"
#include "engine/domain/validation.hpp"
#include "engine/identity/short_code.hpp"
#include "engine/use_cases/service_detail.hpp"

#include <spdlog/spdlog.h>

namespace cabildo::engine {

namespace detail {

failure failure_of(job_failure f)
{
    if (f == job_failure::storage)
        return fail(errc::storage_failure, "", "the database could not be used; nothing was changed, try again");
    return fail(errc::internal, "", "the server failed on this request (a bug, logged); nothing was changed");
}

result<municipality> load_municipality(municipalities_repository& repo, std::string_view m)
{
    if (!is_slug(m))
        return fail(errc::not_found, "", "no municipality has that slug");
    if (auto found = repo.find_municipality(m))
        return std::move(*found);
    return fail(errc::not_found, "", "no municipality '" + std::string(m) + "'");
}

result<challenge> load_challenge(repository& repo, std::string_view m, std::string_view c)
{
    auto muni = load_municipality(repo, m);
    if (!muni)
        return muni.error();
    if (!is_slug(c))
        return fail(errc::not_found, "", "no challenge has that slug");
    if (auto found = repo.find_challenge(muni->id, c))
        return std::move(*found);
    return fail(errc::not_found, "", "no challenge '" + std::string(c) + "' in " + std::string(m));
}

result<challenge> load_challenge_as_organiser(repository& repo, const caller& who, std::string_view m,
                                              std::string_view c)
{
    auto ch = load_challenge(repo, m, c);
    if (!ch)
        return ch;
    if (auto f = refused(who, permission::organise, ch->municipality_id))
        return *f;
    return ch;
}

std::optional<failure> refused(const caller& who, permission p) { return refusal(p, who.kind); }

std::optional<failure> refused(const caller& who, permission p, std::int64_t owner)
{
    return refusal(p, who.kind, who.municipality_id, owner);
}

result<challenge> load_challenge_as_issuer(repository& repo, const caller& who, std::string_view m, std::string_view c)
{
    auto ch = load_challenge(repo, m, c);
    if (!ch)
        return ch;
    if (auto f = refused(who, permission::issue, ch->municipality_id))
        return *f;
    return ch;
}

void audit(audit_repository& repo, time_point at, const caller& who, std::int64_t municipality_id,
           std::optional<std::int64_t> challenge_id, std::string action, const nlohmann::json& detail)
{
    std::optional<std::int64_t> key_id;
    if (who.key_id != 0)
        key_id = who.key_id;
    repo.append_audit({0, at, std::string(name_of(who.kind)), key_id, municipality_id, challenge_id, std::move(action),
                       detail.dump()});
}

challenge_view view_of(challenge c, time_point now)
{
    auto phases = open_phases(c.timeline, now);
    return {std::move(c), now, std::move(phases)};
}

} // namespace detail

using namespace detail;

namespace {

std::int64_t epoch_seconds(time_point t)
{
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// A key's last use is written at most this often: it tells an admin whether a desk still works
// with a key, and a write per request would cost every ballot's writer slot.
constexpr std::int64_t last_use_resolution_s = 60;

} // namespace

service::service(store& storage, const engine::clock& clock, std::string hmac_secret, std::string admin_key_hash,
                 std::vector<access_key> keys)
    : store_(storage)
    , clock_(clock)
    , hmac_secret_(std::move(hmac_secret))
    , vault_(hmac_secret_)
    , admin_key_hash_(std::move(admin_key_hash))
{
    for (auto& k : keys) {
        auto entry = std::make_shared<live_key>();
        const auto used = k.last_used_at ? epoch_seconds(*k.last_used_at) : 0;
        entry->last_used = used;
        entry->last_persisted = used;
        entry->record = std::move(k);
        keys_.emplace(entry->record.hash, std::move(entry));
    }
}

// Keys are found by their SHA-256, so how long a lookup takes tells nothing about a key; the hash
// found is then compared in constant time.
void service::for_each_due(std::function<slug_pairs(repository&)> due, std::string_view what,
                           std::function<void(const std::string& m, const std::string& c)> each,
                           std::function<void(std::size_t)> done)
{
    read_use_case<slug_pairs>(std::move(due), [what = std::string(what), each = std::move(each),
                                               done = std::move(done)](result<slug_pairs> found) {
        if (!found) {
            spdlog::error("cannot look for {}: {}", what, found.error().message);
            return done ? done(0) : void();
        }
        for (const auto& [m, c] : *found)
            each(m, c);
        if (done)
            done(found->size());
    });
}

caller service::authenticate(std::string_view bearer_key) const
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
    return {key->record.role, key->record.municipality_id, key->record.id}; // a key role (access_key)
}

void service::note_use(const live_key& k) const
{
    const auto now = epoch_seconds(clock_.now());
    k.last_used = now;
    auto persisted = k.last_persisted.load();
    if (now - persisted < last_use_resolution_s || !k.last_persisted.compare_exchange_strong(persisted, now))
        return;
    // Fire and forget: a lost update only makes the listed last use a minute older.
    const auto id = k.record.id;
    store_.write({[id, at = clock_.now()](repository& repo) {
                      repo.set_key_last_used(id, at);
                      return true;
                  },
                  [](write_status) {}});
}

std::string service::reference_hmac(std::int64_t challenge_id, std::string_view canonical_ref) const
{
    // Keyed per challenge, so the same person is unlinkable across challenges.
    return hmac_sha256(hmac_secret_, std::to_string(challenge_id) + ":" + std::string(canonical_ref));
}

// Each with its own label, so no HMAC of one kind can stand for another (a reference never
// starts with "card").
std::string service::card_code(std::int64_t challenge_id, std::string_view jti) const
{
    return short_code_of(
        hmac_sha256(hmac_secret_, "card-code:" + std::to_string(challenge_id) + ":" + std::string(jti)),
        card_code_length);
}

std::string service::card_code_hmac(std::int64_t challenge_id, std::string_view canonical_code) const
{
    return hmac_sha256(hmac_secret_, "card-lookup:" + std::to_string(challenge_id) + ":" + std::string(canonical_code));
}

void service::create_municipality(const caller& who, municipality_input in, callback<municipality> cb)
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
    write_use_case<municipality>(
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

void service::list_municipalities(callback<std::vector<municipality>> cb)
{
    read_use_case<std::vector<municipality>>([](repository& repo) { return repo.list_municipalities(); },
                                             std::move(cb));
}

void service::get_municipality(std::string m, callback<municipality> cb)
{
    read_use_case<municipality>([m = std::move(m)](repository& repo) { return load_municipality(repo, m); },
                                std::move(cb));
}

void service::create_key(const caller& who, std::string m, key_request in, callback<created_key> cb)
{
    if (auto f = refused(who, permission::administer))
        return cb(*f);
    if (auto f = check_text(in.label, "label", key_label_limit))
        return cb(*f);
    auto key = base64url_encode(random_bytes(32));
    write_use_case<created_key>(
        [this, who, m = std::move(m), in = std::move(in), key](repository& repo) -> result<created_key> {
            auto muni = load_municipality(repo, m);
            if (!muni)
                return muni.error();
            access_key k{0, sha256(key), muni->id, in.role, in.label, clock_.now(), std::nullopt};
            repo.insert_key(k);
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
                keys_.emplace(entry->record.hash, std::move(entry));
            }
            cb(std::move(r));
        });
}

void service::list_keys(const caller& who, std::string m, callback<std::vector<access_key>> cb)
{
    if (auto f = refused(who, permission::administer))
        return cb(*f);
    read_use_case<std::vector<access_key>>(
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

void service::revoke_key(const caller& who, std::string m, std::int64_t id, callback<done_t> cb)
{
    if (auto f = refused(who, permission::administer))
        return cb(*f);
    auto hash = std::make_shared<std::string>();
    write_use_case<done_t>(
        [this, who, m = std::move(m), id, hash](repository& repo) -> result<done_t> {
            auto muni = load_municipality(repo, m);
            if (!muni)
                return muni.error();
            for (const auto& k : repo.live_keys(muni->id))
                if (k.id == id)
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
                keys_.erase(*hash);
            }
            cb(std::move(r));
        });
}

} // namespace cabildo::engine
