#pragma once
// The engine's records as public JSON documents: what the API sends, the export publishes and the
// audit log keeps. Times are RFC 3339 UTC; secrets (issuer private key, author tokens) never
// appear.

#include "engine/domain/model.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <utility>

namespace cabildo::engine {

nlohmann::json to_document(const timeline& t);
nlohmann::json to_document(const ballot_rules& b);
nlohmann::json to_document(const municipality& m);
// The public definition; `now` adds "now", "open_phases" and "status". The tie-break seed is null
// until voting closes (or its consultation does, or it is announced); its SHA-256 is always there.
nlohmann::json to_document(const challenge& c, std::optional<time_point> now = std::nullopt);
nlohmann::json to_document(const idea& i, bool show_hidden_content);
nlohmann::json to_document(const audit_entry& e);

// A challenge's verification keys: its Ed25519 public key (raw, 32 bytes) and, in a blind
// challenge, its RSA public key's modulus and exponent (big-endian bytes); and the Ed25519 key
// that signs its bulletin board's tree heads (raw; empty for a challenge made before boards).
struct verification_keys {
    std::string ed25519;
    std::optional<std::pair<std::string, std::string>> rsa; // {n, e}
    std::string board = {};
};
// As a JWKS (RFC 7517), each key with its RFC 7638 thumbprint as "kid": the token keys first, the
// board's last, marked "purpose": "board" (a token is never checked against it).
nlohmann::json to_document(const verification_keys& k);

} // namespace cabildo::engine
