#pragma once
// A table officer's key (issue 22) is shown once as "<bearer>.<signing secret>", both base64url.
// The page sends only the bearer part, as any key (the server keeps its SHA-256); the signing
// secret never leaves the officer's device: from it the page derives the Ed25519 key that signs the
// table's act, seed = HKDF-SHA256(IKM = the secret's bytes as written, salt = "cabildo officer",
// info = "act signature", 32 bytes), used as the private key (RFC 8032). The server makes both
// parts, derives the public half once to publish it, and forgets the secret: from then on it sees
// the bearer part only, and cannot sign for the officer.

#include "engine/identity/crypto.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace cabildo::engine {

struct officer_key_parts {
    std::string_view bearer;
    std::string_view secret;
};
// The two parts of an officer's key as shown; nullopt for anything else.
std::optional<officer_key_parts> split_officer_key(std::string_view shown);

// The signing key of a signing secret (the part after the '.').
ed25519_key officer_signing_key(std::string_view secret);

} // namespace cabildo::engine
