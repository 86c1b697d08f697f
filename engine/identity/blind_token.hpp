#pragma once
// Anonymous tokens of blind challenges: base64url(prepared message) "." base64url(signature), the
// signature an RFC 9474 RSABSSA-SHA384-PSS-Randomized one by the challenge's RSA key. The
// resident's browser chose the message and unblinded the signature, so the server meets the token
// for the first time when it is used: nothing links it to the reference the desk signed for.

#include "engine/domain/result.hpp"
#include "engine/identity/blind_rsa.hpp"

#include <string>
#include <string_view>

namespace cabildo::engine {

// The client's message: 32 random bytes, prepared with the 32-byte prefix of the Randomized variant.
inline constexpr std::size_t blind_prepared_length = 64;

// Whether `token` has the anonymous shape (two parts) rather than a JWS's three.
bool is_blind_token(std::string_view token);

// The two kinds of token key (jti) ballots and ideas are stored under: a signed token's own jti,
// or an anonymous token's "blind:" + base64url of the prepared message's SHA-256. Only the
// second kind has a row before its first use (the server never saw the token before).
inline constexpr std::string_view blind_jti_prefix = "blind:";
inline bool is_blind_jti(std::string_view jti) { return jti.starts_with(blind_jti_prefix); }

// The token's key for ballots and ideas ("blind:" + base64url of the prepared message's SHA-256),
// once its form and signature check out; invalid_token (field "token") otherwise.
result<std::string> verify_blind_token(std::string_view token, const blind_rsa::public_key& key);

// The token of a prepared message and its finalized signature (for tests and the bench).
std::string blind_token(std::string_view prepared_msg, std::string_view signature);

} // namespace cabildo::engine
