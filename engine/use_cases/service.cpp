#include "engine/use_cases/service.hpp"

#include "engine/domain/rfc3339.hpp"
#include "engine/domain/validation.hpp"
#include "engine/use_cases/service_detail.hpp"

namespace cabildo::engine {

namespace detail {

failure failure_of(job_failure f)
{
    if (f == job_failure::storage)
        return fail(errc::storage_failure, "", "the database could not be used; nothing was changed, try again");
    return fail(errc::internal, "", "the server failed on this request (a bug, logged); nothing was changed");
}

result<municipality> load_municipality(repository& repo, std::string_view m)
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
    if (auto f = require_organiser(who, ch->municipality_id))
        return *f;
    return ch;
}

std::optional<failure> require_admin(const caller& who)
{
    if (who.kind == caller::role::anonymous)
        return fail(errc::unauthorized, "", "send the admin key as Authorization: Bearer <key>");
    if (who.kind != caller::role::admin)
        return fail(errc::forbidden, "", "only the admin may do this");
    return std::nullopt;
}

std::optional<failure> require_organiser(const caller& who, std::int64_t municipality_id)
{
    if (who.kind == caller::role::anonymous)
        return fail(errc::unauthorized, "", "send an organiser key as Authorization: Bearer <key>");
    if (who.kind == caller::role::organiser && who.municipality_id != municipality_id)
        return fail(errc::forbidden, "", "this key belongs to another municipality");
    return std::nullopt;
}

std::string actor_name(const caller& who)
{
    switch (who.kind) {
    case caller::role::admin: return "admin";
    case caller::role::organiser: return "organiser";
    case caller::role::system: return "system";
    case caller::role::anonymous: break;
    }
    return "anonymous";
}

void audit(repository& repo, time_point at, const caller& who, std::int64_t municipality_id,
           std::optional<std::int64_t> challenge_id, std::string action, const nlohmann::json& detail)
{
    repo.append_audit({0, at, actor_name(who), municipality_id, challenge_id, std::move(action), detail.dump()});
}

challenge_view view_of(challenge c, time_point now)
{
    auto phases = open_phases(c.timeline, now);
    return {std::move(c), now, std::move(phases)};
}

} // namespace detail

using namespace detail;

service::service(store& storage, const engine::clock& clock, std::string hmac_secret, std::string admin_key_hash,
                 std::vector<std::pair<std::string, std::int64_t>> organiser_key_hashes)
    : store_(storage)
    , clock_(clock)
    , hmac_secret_(std::move(hmac_secret))
    , vault_(hmac_secret_)
    , admin_key_hash_(std::move(admin_key_hash))
{
    for (auto& [hash, muni] : organiser_key_hashes)
        organiser_keys_.emplace(std::move(hash), muni);
}

caller service::authenticate(std::string_view bearer_key) const
{
    if (bearer_key.empty() || bearer_key.size() > 256)
        return {};
    const auto hash = sha256(bearer_key);
    if (hash == admin_key_hash_)
        return {caller::role::admin, 0};
    std::shared_lock lock(keys_mutex_);
    if (const auto it = organiser_keys_.find(hash); it != organiser_keys_.end())
        return {caller::role::organiser, it->second};
    return {};
}

void service::create_municipality(const caller& who, municipality_input in, callback<municipality> cb)
{
    if (auto f = require_admin(who))
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

void service::create_organiser_key(const caller& who, std::string m, callback<std::string> cb)
{
    if (auto f = require_admin(who))
        return cb(*f);
    auto key = base64url_encode(random_bytes(32));
    auto hash = sha256(key);
    auto municipality_id = std::make_shared<std::int64_t>(0);
    write_use_case<std::string>(
        [this, who, m = std::move(m), key, hash, municipality_id](repository& repo) -> result<std::string> {
            auto muni = load_municipality(repo, m);
            if (!muni)
                return muni.error();
            *municipality_id = muni->id;
            const auto now = clock_.now();
            repo.insert_organiser_key(muni->id, hash, now);
            audit(repo, now, who, muni->id, std::nullopt, "organiser_key.create",
                  {{"key_hash", to_hex(hash).substr(0, 12)}});
            return key;
        },
        [this, hash, municipality_id, cb = std::move(cb)](result<std::string> r) {
            // The key works only once it is durable, and from then on without a database read.
            if (r.ok()) {
                std::unique_lock lock(keys_mutex_);
                organiser_keys_.emplace(hash, *municipality_id);
            }
            cb(std::move(r));
        });
}

} // namespace cabildo::engine
