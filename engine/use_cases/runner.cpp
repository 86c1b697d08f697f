// The runner every area shares (runner.hpp): issuers and keys opened from the server's secrets.

#include "engine/use_cases/runner.hpp"

#include "engine/domain/rfc3339.hpp"
#include "engine/identity/blind_token.hpp"
#include "engine/identity/short_code.hpp"
#include "engine/identity/token.hpp"
#include "engine/use_cases/service_detail.hpp"

#include <spdlog/spdlog.h>

namespace cabildo::engine {

using namespace detail;

use_case_runner::use_case_runner(store& storage, const engine::clock& clock, std::string hmac_secret)
    : store_(storage), clock_(clock), hmac_secret_(std::move(hmac_secret)), vault_(hmac_secret_), board_(vault_, clock_)
{
    before_commit_ = store_.before_commit([this](repository& repo) { board_.sign_heads(repo); });
}

use_case_runner::~use_case_runner() { store_.remove_before_commit(before_commit_); }

void use_case_runner::remember_issuer(const challenge& ch)
{
    auto key = ed25519_key::from_public(ch.issuer_public);
    if (!key)
        return;
    std::shared_ptr<const blind_rsa::public_key> blind;
    if (ch.anonymity == anonymity::blind) {
        auto pk = blind_rsa::public_key::from_der(ch.blind_public);
        if (!pk)
            return;
        blind = std::make_shared<const blind_rsa::public_key>(std::move(*pk));
    }
    auto entry = std::make_shared<const issuer>(issuer{ch.id, ch.municipality_id, std::move(*key), std::move(blind)});
    std::unique_lock lock(issuers_mutex_);
    issuers_.insert_or_assign(ch.ref().key(), std::move(entry));
}

void use_case_runner::with_issuer(const challenge_ref& which, std::function<void(result<issuer>)> next)
{
    std::shared_ptr<const issuer> known;
    {
        std::shared_lock lock(issuers_mutex_);
        if (const auto it = issuers_.find(which.key()); it != issuers_.end())
            known = it->second;
    }
    // Verification and queueing run outside the lock, so remember_issuer never waits on them.
    if (known)
        return next(*known);
    read<issuer>(
        [this, which](repository& repo) -> result<issuer> {
            auto ch = load_challenge(repo, which);
            if (!ch)
                return ch.error();
            remember_issuer(*ch);
            std::shared_lock lock(issuers_mutex_);
            return *issuers_.at(which.key());
        },
        std::move(next));
}

void use_case_runner::for_each_due(std::function<std::vector<challenge_ref>(repository&)> due, std::string_view what,
                                   std::function<void(const challenge_ref&)> each,
                                   std::function<void(std::size_t)> done)
{
    using refs = std::vector<challenge_ref>;
    read<refs>(std::move(due),
               [what = std::string(what), each = std::move(each), done = std::move(done)](result<refs> found) {
                   if (!found) {
                       spdlog::error("cannot look for {}: {}", what, found.error().message);
                       return done ? done(0) : void();
                   }
                   for (const auto& which : *found)
                       each(which);
                   if (done)
                       done(found->size());
               });
}

std::string use_case_runner::reference_hmac(std::int64_t challenge_id, std::string_view canonical_ref) const
{
    return hmac_sha256(hmac_secret_, std::to_string(challenge_id) + ":" + std::string(canonical_ref));
}

// Each with its own label, so no HMAC of one kind can stand for another (a reference never
// starts with "card").
std::string use_case_runner::card_code(std::int64_t challenge_id, std::string_view jti) const
{
    return short_code_of(
        hmac_sha256(hmac_secret_, "card-code:" + std::to_string(challenge_id) + ":" + std::string(jti)),
        card_code_length);
}

std::string use_case_runner::card_code_hmac(std::int64_t challenge_id, std::string_view canonical_code) const
{
    return hmac_sha256(hmac_secret_, "card-lookup:" + std::to_string(challenge_id) + ":" + std::string(canonical_code));
}

result<std::string> use_case_runner::signing_key(const challenge& ch) const
{
    if (auto key = vault_.open(ch.issuer_key_sealed, ch.issuer_public))
        return std::move(*key);
    return fail(errc::storage_failure, "", "the challenge's signing key does not open with this server's secret");
}

result<std::shared_ptr<const blind_rsa::private_key>> use_case_runner::blind_key(const challenge& ch)
{
    {
        std::lock_guard lock(blind_keys_mutex_);
        if (const auto it = blind_keys_.find(ch.id); it != blind_keys_.end())
            return it->second;
    }
    const auto der = vault_.open(ch.blind_key_sealed, ch.blind_public);
    auto key = der ? blind_rsa::private_key::from_der(*der) : std::nullopt;
    if (!key)
        return fail(errc::storage_failure, "",
                    "the challenge's blind-signing key does not open with this server's secret");
    auto shared = std::make_shared<const blind_rsa::private_key>(std::move(*key));
    std::lock_guard lock(blind_keys_mutex_);
    blind_keys_.emplace(ch.id, shared);
    return shared;
}

result<std::string> use_case_runner::participant_jti(const issuer& iss, const std::string& token,
                                                     const challenge_ref& which) const
{
    if (iss.blind && is_blind_token(token))
        return verify_blind_token(token, *iss.blind);
    auto claims = verify_token(token, iss.key, which.municipality, which.challenge, clock_.now());
    if (!claims)
        return claims.error();
    return std::move(claims->jti);
}

} // namespace cabildo::engine
