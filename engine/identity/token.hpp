#pragma once
// Participant tokens: compact JWS (RFC 7515) signed with Ed25519 (EdDSA, RFC 8037) by the
// challenge's issuer key. Claims: iss (municipality slug), aud (challenge slug), jti (128 random
// bits, base64url), iat, exp. Revocation is stored state and is checked by the caller.

#include "engine/domain/clock.hpp"
#include "engine/domain/result.hpp"
#include "engine/identity/crypto.hpp"

#include <string>
#include <string_view>

namespace cabildo::engine {

// The one JWS algorithm participant tokens use (RFC 8037), in their header and the JWKS.
inline constexpr std::string_view jws_algorithm = "EdDSA";

struct token_claims {
    std::string iss;
    std::string aud;
    std::string jti;
    time_point iat;
    time_point exp;
};

inline constexpr std::size_t max_token_length = 1024;

std::string new_jti();
std::string sign_token(const token_claims& claims, const ed25519_key& issuer);

// Checks form, algorithm, signature, issuer, audience and expiry, in that order.
result<token_claims> verify_token(std::string_view token, const ed25519_key& issuer, std::string_view iss,
                                  std::string_view aud, time_point now);

} // namespace cabildo::engine
