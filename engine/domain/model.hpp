#pragma once
// The domain's records as the engine stores and returns them.

#include "ballots/ballot_set.hpp"
#include "engine/domain/ballot_rules.hpp"
#include "engine/domain/clock.hpp"
#include "engine/domain/limits.hpp"
#include "engine/domain/timeline.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cabildo::engine {

using ballots::idea_id;

struct municipality {
    std::int64_t id = 0;
    std::string slug;
    std::string name;
    std::string state;
    std::string timezone; // IANA, e.g. America/Hermosillo
    std::string locale;   // BCP 47, default es-MX
    time_point created_at;
};

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
    std::optional<time_point> announced_at;
    std::string announced_result; // JSON of the published outcome, empty until announced
    time_point created_at;
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
};

struct audit_entry {
    std::int64_t id = 0;
    time_point at;
    std::string actor; // "admin" or "organiser:<municipality>"
    std::int64_t municipality_id = 0;
    std::optional<std::int64_t> challenge_id;
    std::string action;
    std::string detail; // JSON
};

} // namespace cabildo::engine
