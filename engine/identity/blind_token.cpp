#include "engine/identity/blind_token.hpp"

#include "engine/identity/crypto.hpp"
#include "engine/identity/token.hpp"

#include <algorithm>

namespace cabildo::engine {

bool is_blind_token(std::string_view token) { return std::count(token.begin(), token.end(), '.') == 1; }

result<std::string> verify_blind_token(std::string_view token, const blind_rsa::public_key& key)
{
    const auto bad = [](const char* why) { return fail(errc::invalid_token, "token", why); };
    if (token.size() > max_token_length)
        return bad("the token is too long");
    const auto dot = token.find('.');
    if (dot == std::string_view::npos || token.find('.', dot + 1) != std::string_view::npos)
        return bad("an anonymous token is two base64url parts joined by a dot");
    const auto prepared = base64url_decode(token.substr(0, dot));
    const auto signature = base64url_decode(token.substr(dot + 1));
    if (!prepared || !signature)
        return bad("the token is not base64url");
    if (prepared->size() != blind_prepared_length || signature->size() != key.modulus_bytes())
        return bad("the token's message or signature has the wrong length");
    if (!key.verify(*prepared, *signature))
        return bad("the token's signature does not verify with this challenge's key");
    return std::string(blind_jti_prefix) + base64url_encode(sha256(*prepared));
}

std::string blind_token(std::string_view prepared_msg, std::string_view signature)
{
    return base64url_encode(prepared_msg) + "." + base64url_encode(signature);
}

} // namespace cabildo::engine
