#include "engine/identity/token.hpp"

#include <nlohmann/json.hpp>

namespace cabildo::engine {

namespace {

// The one header we issue and accept: pinning it refuses "alg":"none" and algorithm confusion.
constexpr std::string_view header_json = R"({"alg":"EdDSA","typ":"JWT"})"; // alg: jws_algorithm

failure bad(std::string message) { return fail(errc::invalid_token, "token", std::move(message)); }

} // namespace

std::string new_jti() { return base64url_encode(random_bytes(16)); }

std::string sign_token(const token_claims& c, const ed25519_key& issuer)
{
    const nlohmann::json payload{{"iss", c.iss},
                                 {"aud", c.aud},
                                 {"jti", c.jti},
                                 {"iat", c.iat.time_since_epoch().count()},
                                 {"exp", c.exp.time_since_epoch().count()}};
    std::string input = base64url_encode(header_json) + "." + base64url_encode(payload.dump());
    const std::string sig = issuer.sign(input);
    return input + "." + base64url_encode(sig);
}

result<token_claims> verify_token(std::string_view token, const ed25519_key& issuer, std::string_view iss,
                                  std::string_view aud, time_point now)
{
    if (token.empty())
        return bad("the token is empty");
    if (token.size() > max_token_length)
        return bad("the token is too long");
    const auto dot1 = token.find('.');
    const auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
    if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos)
        return bad("the token is not a compact JWS (header.payload.signature)");

    const auto header = base64url_decode(token.substr(0, dot1));
    const auto payload = base64url_decode(token.substr(dot1 + 1, dot2 - dot1 - 1));
    const auto signature = base64url_decode(token.substr(dot2 + 1));
    if (!header || !payload || !signature)
        return bad("the token is not valid base64url");

    const auto h = nlohmann::json::parse(*header, nullptr, false);
    if (!h.is_object() || !h.contains("alg") || h["alg"] != jws_algorithm)
        return bad("the token must be signed with EdDSA");
    if (!issuer.verify(token.substr(0, dot2), *signature))
        return bad("the token's signature does not verify");

    const auto p = nlohmann::json::parse(*payload, nullptr, false);
    const auto has = [&](const char* k, bool number) {
        return p.is_object() && p.contains(k) && (number ? p[k].is_number_integer() : p[k].is_string());
    };
    if (!has("iss", false) || !has("aud", false) || !has("jti", false) || !has("iat", true) || !has("exp", true))
        return bad("the token's claims are incomplete");
    token_claims c{p["iss"].get<std::string>(), p["aud"].get<std::string>(), p["jti"].get<std::string>(),
                   time_point{std::chrono::seconds{p["iat"].get<std::int64_t>()}},
                   time_point{std::chrono::seconds{p["exp"].get<std::int64_t>()}}};
    if (c.iss != iss || c.aud != aud)
        return bad("the token belongs to another challenge");
    if (c.exp <= now)
        return fail(errc::token_expired, "token", "the token has expired");
    return c;
}

} // namespace cabildo::engine
