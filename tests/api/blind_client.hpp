#pragma once
// The resident's half of RFC 9474 (RSABSSA-SHA384-PSS-Randomized) for the API tests, as the
// browser does it: the RSA key imported from the challenge's JWKS by its n and e only, a message
// of 32 random bytes prepared and blinded, then the desk's blind signature finalized into the
// anonymous token `base64url(prepared).base64url(signature)`.

#include "engine/identity/blind_rsa.hpp"
#include "engine/identity/blind_token.hpp"
#include "engine/identity/crypto.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <stdexcept>
#include <string>

namespace cabildo::test {

namespace blind_rsa = engine::blind_rsa;

inline std::string unbase64url(const std::string& text)
{
    auto raw = engine::base64url_decode(text);
    if (!raw)
        throw std::invalid_argument("not base64url: " + text);
    return std::move(*raw);
}

// The JWK of `kty` RSA in a JWKS, or null when there is none.
inline nlohmann::json rsa_jwk(const nlohmann::json& jwks)
{
    for (const auto& k : jwks.value("keys", nlohmann::json::array()))
        if (k.value("kty", "") == "RSA")
            return k;
    return nullptr;
}

inline blind_rsa::public_key rsa_key_of(const nlohmann::json& jwk)
{
    auto key = blind_rsa::public_key::from_n_e(unbase64url(jwk.at("n")), unbase64url(jwk.at("e")));
    if (!key)
        throw std::invalid_argument("the JWK's n and e make no RSA key");
    return std::move(*key);
}

// One resident's request: a fresh message, prepared and blinded under `key`.
class blind_client {
public:
    explicit blind_client(blind_rsa::public_key key)
        : key_(std::move(key)), prepared_(blind_rsa::prepare(engine::random_bytes(32)))
    {
        auto b = blind_rsa::blind(key_, prepared_, engine::random_bytes(blind_rsa::salt_length));
        if (!b)
            throw std::runtime_error("blind failed: " + b.error().message);
        blinded_ = std::move(*b);
    }

    const std::string& blinded_msg() const { return blinded_.blinded_msg; } // raw bytes
    std::string blinded_msg_b64() const { return engine::base64url_encode(blinded_.blinded_msg); }
    const std::string& prepared() const { return prepared_; }

    // The raw signature, finalized and verified (RFC 9474 section 4.3); nothing when it does not verify.
    std::optional<std::string> signature(const std::string& blind_sig_b64) const
    {
        const auto sig = engine::base64url_decode(blind_sig_b64);
        if (!sig)
            return std::nullopt;
        auto s = blind_rsa::finalize(key_, prepared_, *sig, blinded_.inv);
        if (!s)
            return std::nullopt;
        return std::move(*s);
    }

    // The anonymous token for `blind_sig_b64`, as the browser would build it.
    std::optional<std::string> token(const std::string& blind_sig_b64) const
    {
        const auto s = signature(blind_sig_b64);
        if (!s)
            return std::nullopt;
        return engine::blind_token(prepared_, *s);
    }

private:
    blind_rsa::public_key key_;
    std::string prepared_;
    blind_rsa::blinded blinded_;
};

} // namespace cabildo::test
