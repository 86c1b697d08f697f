#include "engine/identity/crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace cabildo::engine {

std::string random_bytes(std::size_t n)
{
    std::string out(n, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
        throw std::runtime_error("RAND_bytes failed");
    return out;
}

std::string new_receipt()
{
    for (;;) {
        auto receipt = base64url_encode(random_bytes(16));
        if (receipt.front() != '-')
            return receipt;
    }
}

std::string sha256(std::string_view data)
{
    std::string out(32, '\0');
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), reinterpret_cast<unsigned char*>(out.data()), &len, EVP_sha256(),
                   nullptr) != 1)
        throw std::runtime_error("SHA-256 failed");
    return out;
}

std::string hmac_sha256(std::string_view key, std::string_view data)
{
    std::string out(32, '\0');
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char*>(data.data()), data.size(),
              reinterpret_cast<unsigned char*>(out.data()), &len))
        throw std::runtime_error("HMAC-SHA-256 failed");
    return out;
}

bool equal_in_constant_time(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string to_hex(std::string_view bytes)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const unsigned char c : bytes) {
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 15]);
    }
    return out;
}

std::string content_digest(std::string_view content) { return to_hex(sha256(content)).substr(0, 32); }

namespace {

constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int sextet(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-')
        return 62;
    if (c == '_')
        return 63;
    return -1;
}

} // namespace

std::string base64url_encode(std::string_view bytes)
{
    std::string out;
    out.reserve((bytes.size() * 4 + 2) / 3);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const auto n = (std::uint32_t(std::uint8_t(bytes[i])) << 16) |
                       (std::uint32_t(std::uint8_t(bytes[i + 1])) << 8) | std::uint8_t(bytes[i + 2]);
        out += {alphabet[n >> 18], alphabet[(n >> 12) & 63], alphabet[(n >> 6) & 63], alphabet[n & 63]};
    }
    if (bytes.size() - i == 1) {
        const auto n = std::uint32_t(std::uint8_t(bytes[i])) << 16;
        out += {alphabet[n >> 18], alphabet[(n >> 12) & 63]};
    } else if (bytes.size() - i == 2) {
        const auto n = (std::uint32_t(std::uint8_t(bytes[i])) << 16) | (std::uint32_t(std::uint8_t(bytes[i + 1])) << 8);
        out += {alphabet[n >> 18], alphabet[(n >> 12) & 63], alphabet[(n >> 6) & 63]};
    }
    return out;
}

std::optional<std::string> base64url_decode(std::string_view text)
{
    if (text.size() % 4 == 1)
        return std::nullopt;
    std::string out;
    out.reserve(text.size() * 3 / 4);
    std::uint32_t acc = 0;
    int bits = 0;
    for (const char c : text) {
        const int v = sextet(c);
        if (v < 0)
            return std::nullopt;
        acc = (acc << 6) | std::uint32_t(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xff));
        }
    }
    // Canonical form only: leftover bits must be zero, so one token has one spelling.
    if (bits > 0 && (acc & ((1u << bits) - 1)) != 0)
        return std::nullopt;
    return out;
}

ed25519_key::ed25519_key(evp_pkey_st* key, bool has_private) : key_(key, EVP_PKEY_free), has_private_(has_private) {}

ed25519_key ed25519_key::generate()
{
    EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    if (!key)
        throw std::runtime_error("Ed25519 key generation failed");
    return ed25519_key(key, true);
}

std::optional<ed25519_key> ed25519_key::from_private(std::string_view raw)
{
    if (raw.size() != 32)
        return std::nullopt;
    EVP_PKEY* key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr,
                                                 reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
    if (!key)
        return std::nullopt;
    return ed25519_key(key, true);
}

std::optional<ed25519_key> ed25519_key::from_public(std::string_view raw)
{
    if (raw.size() != 32)
        return std::nullopt;
    EVP_PKEY* key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                                reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
    if (!key)
        return std::nullopt;
    return ed25519_key(key, false);
}

std::string ed25519_key::private_raw() const
{
    if (!has_private_)
        return {};
    std::string out(32, '\0');
    std::size_t len = out.size();
    if (EVP_PKEY_get_raw_private_key(key_.get(), reinterpret_cast<unsigned char*>(out.data()), &len) != 1)
        throw std::runtime_error("cannot export Ed25519 private key");
    return out;
}

std::string ed25519_key::public_raw() const
{
    std::string out(32, '\0');
    std::size_t len = out.size();
    if (EVP_PKEY_get_raw_public_key(key_.get(), reinterpret_cast<unsigned char*>(out.data()), &len) != 1)
        throw std::runtime_error("cannot export Ed25519 public key");
    return out;
}

std::string ed25519_key::sign(std::string_view message) const
{
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    std::string sig(64, '\0');
    std::size_t len = sig.size();
    if (!has_private_ || !ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) != 1 ||
        EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1)
        throw std::runtime_error("Ed25519 signing failed");
    return sig;
}

namespace {

// The verifying context a thread keeps for the key it last verified a good signature with: the
// tokens of a challenge share one key, and making and initialising a context cost 3% of a
// verification on the ballot's path (perf, 2026-12-07). Ed25519 verifies in one call, so a context
// is used again as `openssl speed` uses it; one that failed is dropped, never reused. It holds its
// key, so the key's address cannot be taken by another while the context is kept.
struct verifying_context {
    std::shared_ptr<evp_pkey_st> key;
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx{nullptr, EVP_MD_CTX_free};
};

} // namespace

bool ed25519_key::verify(std::string_view message, std::string_view signature) const
{
    if (signature.size() != 64)
        return false;
    thread_local verifying_context kept;
    if (!kept.ctx || kept.key != key_) {
        kept.key.reset();
        kept.ctx.reset(EVP_MD_CTX_new());
        if (!kept.ctx || EVP_DigestVerifyInit(kept.ctx.get(), nullptr, nullptr, nullptr, key_.get()) != 1) {
            kept.ctx.reset();
            return false;
        }
        kept.key = key_;
    }
    const bool good =
        EVP_DigestVerify(kept.ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                         reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
    if (!good) {
        kept.ctx.reset();
        kept.key.reset();
    }
    return good;
}

} // namespace cabildo::engine
