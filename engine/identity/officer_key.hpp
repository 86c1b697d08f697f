#pragma once
// A table officer's signing key (issue 22), derived from the officer's bearer key so the officer's
// page can sign the table's act on any device from the key alone, and the server, which keeps only
// the bearer key's SHA-256, cannot: seed = HKDF-SHA256(IKM = the bearer key's bytes, salt =
// "cabildo officer", info = "act signature", 32 bytes), used as the Ed25519 private key (RFC 8032).
// The server derives it once, when it makes the key, to publish the public half.

#include "engine/identity/crypto.hpp"

#include <string_view>

namespace cabildo::engine {

ed25519_key officer_signing_key(std::string_view bearer_key);

} // namespace cabildo::engine
