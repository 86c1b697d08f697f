#pragma once
// The domain's records as the engine stores and returns them.

#include "ballots/ballot_set.hpp"
#include "engine/domain/access.hpp"
#include "engine/domain/ballot_rules.hpp"
#include "engine/domain/clock.hpp"
#include "engine/domain/limits.hpp"
#include "engine/domain/names.hpp"
#include "engine/domain/tables.hpp"
#include "engine/domain/timeline.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cabildo::engine {

using ballots::idea_id;

// Challenge `challenge` of municipality `municipality`, both by slug, as a path names them: one
// value, so the two slugs cannot be swapped on their way through the layers.
struct challenge_ref {
    std::string municipality;
    std::string challenge;

    // "municipality/challenge": a key for what is kept per challenge in memory.
    std::string key() const { return municipality + "/" + challenge; }
    friend bool operator==(const challenge_ref&, const challenge_ref&) = default;
};

// Exercise `exercise` (its slug) of municipality `municipality` (its slug).
struct exercise_ref {
    std::string municipality;
    std::string exercise;
};

struct municipality {
    std::int64_t id = 0;
    std::string slug;
    std::string name;
    std::string state;
    std::string timezone; // IANA, e.g. America/Hermosillo
    std::string locale;   // BCP 47, default es-MX
    time_point created_at;
};

// A municipality's key as stored: only its SHA-256, never the key.
struct access_key {
    std::int64_t id = 0;
    std::string hash; // SHA-256 of the key, 32 bytes
    std::int64_t municipality_id = 0;
    engine::role role = role::organiser; // organiser, issuer or verifier (domain/access.hpp)
    std::string label;
    time_point created_at;
    std::optional<time_point> last_used_at;
    // A table officer's (issue 22): the challenge and table it is scoped to, and the public half
    // of the Ed25519 key derived from it that signs the table's act (identity/officer_key.hpp).
    std::optional<std::int64_t> challenge_id = std::nullopt;
    std::optional<std::int64_t> table_id = std::nullopt;
    std::string signing_key = {};
};

// How a challenge's participants prove they count once. `signed_tokens`: Ed25519 tokens the
// server signs (by reference or on cards). `blind`: RFC 9474 blind signatures, so the server
// that signed a person's token cannot tell which ballot it carries.
enum class anonymity { signed_tokens, blind };
// As the API names them: "none" (signed tokens) or "blind".
inline constexpr std::array<std::pair<anonymity, std::string_view>, 2> anonymity_names{{
    {anonymity::signed_tokens, "none"},
    {anonymity::blind, "blind"},
}};
inline std::string_view name_of(anonymity a) { return name_in<anonymity>(anonymity_names, a); }
inline std::optional<anonymity> anonymity_named(std::string_view name)
{
    return value_in<anonymity>(anonymity_names, name);
}

struct challenge {
    std::int64_t id = 0;
    std::int64_t municipality_id = 0;
    std::string municipality_slug;
    std::string slug;
    std::string title;
    std::string description;
    std::vector<std::string> categories;
    engine::timeline timeline;
    ballot_rules ballot;
    std::size_t winners = 1;
    std::optional<std::int64_t> budget;
    std::string tie_break_seed;
    std::size_t max_ideas_per_token = default_ideas_per_token;
    std::size_t max_ideas = default_max_ideas; // ideas in all: every count is bounded by it
    // The Ed25519 signing key as the key vault sealed it (AES-256-GCM under the server secret):
    // the database alone cannot sign a token. Never leaves the engine.
    std::string issuer_key_sealed;
    std::string issuer_public;
    engine::anonymity anonymity = anonymity::signed_tokens;
    // For blind challenges: the RSA key (PKCS#8, sealed like the Ed25519 key) and its public
    // SubjectPublicKeyInfo; empty otherwise.
    std::string blind_key_sealed;
    std::string blind_public;
    std::optional<time_point> announced_at;
    std::string announced_result; // JSON of the published outcome, empty until announced
    time_point created_at;
    // What a check-in at one of its in-person tables does to an earlier online ballot (issue 22).
    engine::in_person_policy in_person_policy = in_person_policy::paper_replaces_online;

    challenge_ref ref() const { return {municipality_slug, slug}; }
};

struct location {
    double latitude = 0;
    double longitude = 0;
};

struct idea {
    idea_id id = 0;
    std::int64_t challenge_id = 0;
    std::string author_jti;
    std::string title;
    std::string description;
    std::string category;
    std::optional<std::int64_t> cost;
    std::optional<engine::location> location;
    time_point created_at;
    bool hidden = false;
    std::string hidden_reason;
    // In the count: visible when voting closed. Moderation before the close sets it with `hidden`;
    // from the close on it is frozen, so hiding an idea then hides its text but not its votes.
    bool counted = true;
};

// An issued participant token as stored: enough to re-sign the identical token (Ed25519 is
// deterministic), never the identity reference itself, only its HMAC.
struct issued_token {
    std::string jti;
    std::optional<std::string> ref_hmac;
    time_point issued_at;
    time_point expires_at;
    std::optional<time_point> revoked_at;
    std::optional<std::int64_t> batch_id; // printed cards: the batch they belong to
    // HMAC of the card's short code under the server secret (use_case_runner::card_code): the code a
    // person types finds the token by it. Unset for blind tokens, and for tokens issued before
    // codes until they are handed out or printed again.
    std::optional<std::string> code_hmac;
};

// Where one cast ballot stands: the one that counts for its token, replaced by a later ballot of
// the same token, or cast by a token revoked before voting closed.
enum class ballot_state { counted, replaced, revoked };
inline constexpr std::array<std::pair<ballot_state, std::string_view>, 3> ballot_state_names{{
    {ballot_state::counted, "counted"},
    {ballot_state::replaced, "replaced"},
    {ballot_state::revoked, "revoked"},
}};
inline std::string_view name_of(ballot_state s) { return name_in<ballot_state>(ballot_state_names, s); }

// How far a challenge's participation has come, for its organisers' dashboard. Every figure only
// grows with what residents and desks do (a revocation counts as one more revoked, never one voter
// less), so comparing it before and after a revocation says nothing of the person revoked.
struct turnout {
    std::size_t tokens_issued = 0; // cards, tokens by reference and blind signatures
    std::size_t tokens_revoked = 0;
    std::size_t voters = 0;           // tokens that cast a ballot, revoked or not
    std::size_t ideas = 0;            // hidden ones included
    std::size_t survey_responses = 0; // received, withdrawn ones included
};

// A batch of cards (tokens issued by count), printable as a sheet of QR cards.
struct token_batch {
    std::int64_t id = 0;
    std::int64_t challenge_id = 0;
    std::string label;
    std::size_t count = 0;
    time_point created_at;
    std::optional<std::int64_t> key_id; // the key that issued it
    // Filled in by listings: tokens that cast a ballot or submitted an idea, and revoked ones.
    std::size_t used = 0;
    std::size_t revoked = 0;
};

struct audit_entry {
    std::int64_t id = 0;
    time_point at;
    std::string actor;                  // "admin", "organiser", "issuer" or "system"
    std::optional<std::int64_t> key_id; // the municipality key that acted, so a desk's work is attributable
    std::int64_t municipality_id = 0;
    std::optional<std::int64_t> challenge_id;
    std::string action;
    std::string detail; // JSON
};

struct audit_page {
    std::vector<audit_entry> entries;
    std::optional<std::int64_t> next_after; // cursor for the next page, if any
};

} // namespace cabildo::engine
