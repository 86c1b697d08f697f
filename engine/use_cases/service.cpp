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
    if (f == job_failure::unavailable)
        return fail(errc::storage_unavailable, "",
                    "the database cannot be reached just now; nothing was changed, try again in a few seconds");
    if (f == job_failure::overloaded)
        return fail(errc::overloaded, "",
                    "the server has more work waiting than it takes on: nothing was changed, try again in a second");
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

result<challenge> load_challenge(repository& repo, const challenge_ref& which)
{
    // One query on the way that counts (a ballot's write takes it); the two below say which part
    // of the address is wrong.
    if (is_slug(which.municipality) && is_slug(which.challenge))
        if (auto found = repo.find_challenge_at(which.municipality, which.challenge))
            return std::move(*found);
    auto muni = load_municipality(repo, which.municipality);
    if (!muni)
        return muni.error();
    if (!is_slug(which.challenge))
        return fail(errc::not_found, "", "no challenge has that slug");
    if (auto found = repo.find_challenge(muni->id, which.challenge))
        return std::move(*found);
    return fail(errc::not_found, "", "no challenge '" + which.challenge + "' in " + which.municipality);
}

result<challenge> load_challenge_as_organiser(repository& repo, const caller& who, const challenge_ref& which)
{
    auto ch = load_challenge(repo, which);
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

result<challenge> load_challenge_as_issuer(repository& repo, const caller& who, const challenge_ref& which)
{
    auto ch = load_challenge(repo, which);
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

result<issued_token> live_token(repository& repo, std::int64_t challenge_id, const std::string& jti)
{
    auto t = repo.token_by_jti(challenge_id, jti);
    if (!t)
        return fail(errc::invalid_token, "token", "the token was not issued for this challenge");
    if (t->revoked_at)
        return fail(errc::token_revoked, "token", "the token was revoked");
    return std::move(*t);
}

audit_page audit_page_of(audit_repository& repo, std::optional<std::int64_t> challenge_id, std::int64_t after,
                         std::size_t limit)
{
    audit_page page;
    page.entries = repo.audit_log(challenge_id, after, limit + 1);
    if (page.entries.size() > limit) {
        page.entries.pop_back();
        page.next_after = page.entries.back().id;
    }
    return page;
}

result<verification_keys> token_keys_of(const challenge& ch)
{
    verification_keys out{ch.issuer_public, std::nullopt, {}};
    if (ch.anonymity == anonymity::blind) {
        const auto pk = blind_rsa::public_key::from_der(ch.blind_public);
        if (!pk)
            return fail(errc::internal, "", "the challenge's blind-signing key is unreadable");
        out.rsa.emplace(pk->n(), pk->e());
    }
    return out;
}

challenge_view view_of(challenge c, time_point now)
{
    auto phases = open_phases(c.timeline, now);
    return {std::move(c), now, std::move(phases)};
}

} // namespace detail

service::service(store& storage, const engine::clock& clock, std::string hmac_secret, std::string admin_key_hash,
                 std::vector<access_key> keys)
    : runner_(storage, clock, std::move(hmac_secret))
    , admin_(runner_, std::move(admin_key_hash), std::move(keys))
    , challenges_(runner_)
    , participants_(runner_)
    , ballots_(runner_)
    , board_(runner_)
    , consultation_(runner_, challenges_)
    , action_plan_(runner_)
    , tables_(runner_)
{
    // Keys are held in memory for every request, and a test clock too: what another node changes in
    // them is read again.
    storage.watch([this](shared_change change) {
        if (change != shared_change::test_clock)
            admin_.reload_keys();
        if (change != shared_change::access_keys)
            admin_.reload_test_clock();
    });
}

// Each area holds the runner, and its clock to read the time by.
challenge_use_cases::challenge_use_cases(use_case_runner& runner) : runner_(runner), clock_(runner.clock()) {}
participant_use_cases::participant_use_cases(use_case_runner& runner) : runner_(runner), clock_(runner.clock()) {}
ballot_use_cases::ballot_use_cases(use_case_runner& runner) : runner_(runner), clock_(runner.clock()) {}
consultation_use_cases::consultation_use_cases(use_case_runner& runner, challenge_use_cases& challenges)
    : runner_(runner), clock_(runner.clock()), challenges_(challenges)
{}
action_plan_use_cases::action_plan_use_cases(use_case_runner& runner) : runner_(runner), clock_(runner.clock()) {}

} // namespace cabildo::engine
