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
// The public definition; `now` adds "now", "open_phases" and "status".
nlohmann::json to_document(const challenge& c, std::optional<time_point> now = std::nullopt);
nlohmann::json to_document(const idea& i, bool show_hidden_content);
nlohmann::json to_document(const audit_entry& e);

// A challenge's verification keys: its Ed25519 public key (raw, 32 bytes) and, in a blind
// challenge, its RSA public key's modulus and exponent (big-endian bytes).
struct verification_keys {
    std::string ed25519;
    std::optional<std::pair<std::string, std::string>> rsa; // {n, e}
};
// As a JWKS (RFC 7517), each key with its RFC 7638 thumbprint as "kid".
nlohmann::json to_document(const verification_keys& k);

} // namespace cabildo::engine
