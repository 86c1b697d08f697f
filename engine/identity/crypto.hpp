#pragma once
// The few primitives the engine needs, all from OpenSSL 3: randomness, SHA-256, HMAC-SHA-256,
// Ed25519 and base64url (RFC 4648 section 5, no padding).

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct evp_pkey_st;

namespace cabildo::engine {

std::string random_bytes(std::size_t n);
// A receipt for a ballot or a survey response: 128 random bits, base64url, never starting with
// "-" (so a spreadsheet opening the CSV export reads it as text, unchanged).
std::string new_receipt();
std::string sha256(std::string_view data);                            // 32 raw bytes
std::string hmac_sha256(std::string_view key, std::string_view data); // 32 raw bytes
std::string to_hex(std::string_view bytes);
// Whether a and b hold the same bytes, in time that depends only on their length (CRYPTO_memcmp).
bool equal_in_constant_time(std::string_view a, std::string_view b);
// What content hashes to, short: the first 128 bits of its SHA-256, in hex (32 characters). The
// api/ makes published files' ETags of it.
std::string content_digest(std::string_view content);
std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

// An Ed25519 key pair or public key. Raw keys are 32 bytes (RFC 8032).
class ed25519_key {
public:
    static ed25519_key generate();
    static std::optional<ed25519_key> from_private(std::string_view raw32);
    static std::optional<ed25519_key> from_public(std::string_view raw32);

    std::string private_raw() const; // empty for a public-only key
    std::string public_raw() const;
    std::string sign(std::string_view message) const; // 64 bytes
    bool verify(std::string_view message, std::string_view signature) const;

private:
    explicit ed25519_key(evp_pkey_st* key, bool has_private);
    std::shared_ptr<evp_pkey_st> key_;
    bool has_private_ = false;
};

} // namespace cabildo::engine
