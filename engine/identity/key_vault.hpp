#pragma once
// Signing keys at rest. Each challenge's Ed25519 issuer key is stored sealed with AES-256-GCM
// under a key derived by HKDF-SHA-256 (RFC 5869) from the server secret, which lives outside the
// database (CABILDO_HMAC_SECRET or the 0600 file beside it). A copy of the database, its WAL or a
// backup therefore cannot re-sign any resident's token: it holds every live jti, but no key.
// The challenge's public key is the associated data, so a sealed key moved to another challenge
// does not open.
//
// Sealed form: version byte 0x01, 12-byte random nonce, ciphertext (as long as the key), 16-byte
// tag.

#include <optional>
#include <string>
#include <string_view>

namespace cabildo::engine {

class key_vault {
public:
    // `server_secret` is the raw secret (at least 32 bytes).
    explicit key_vault(std::string_view server_secret);

    std::string seal(std::string_view private_key, std::string_view public_key) const;
    // nullopt when the sealed bytes were altered, belong to another public key, or were sealed
    // under another secret.
    std::optional<std::string> open(std::string_view sealed, std::string_view public_key) const;

    // An Ed25519 private key as migration 1 stored it: 32 bytes in clear, not yet sealed.
    static bool is_clear(std::string_view stored) { return stored.size() == 32; }

private:
    std::string key_; // 32 bytes
};

} // namespace cabildo::engine
