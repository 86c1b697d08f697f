#include "engine/identity/token.hpp"

#include <boost/test/unit_test.hpp>

using namespace cabildo::engine;

namespace {

const time_point t0{std::chrono::seconds{1601532000}};

token_claims claims() { return {"hermosillo", "reactivacion", new_jti(), t0, t0 + std::chrono::hours{24}}; }

std::string swap_part(const std::string& token, int part, const std::string& replacement)
{
    const auto d1 = token.find('.'), d2 = token.find('.', d1 + 1);
    std::string parts[3] = {token.substr(0, d1), token.substr(d1 + 1, d2 - d1 - 1), token.substr(d2 + 1)};
    parts[part] = replacement;
    return parts[0] + "." + parts[1] + "." + parts[2];
}

} // namespace

BOOST_AUTO_TEST_SUITE(tokens)

BOOST_AUTO_TEST_CASE(a_signed_token_verifies_and_returns_its_claims)
{
    const auto key = ed25519_key::generate();
    const auto c = claims();
    const auto token = sign_token(c, key);
    const auto v = verify_token(token, *ed25519_key::from_public(key.public_raw()), "hermosillo", "reactivacion", t0);
    BOOST_REQUIRE(v.ok());
    BOOST_TEST(v->jti == c.jti);
    BOOST_TEST(v->jti.size() == 22u); // 128 bits in base64url
    // Ed25519 is deterministic: the same claims give the same token, so reissue is idempotent.
    BOOST_TEST(sign_token(c, key) == token);
}

BOOST_AUTO_TEST_CASE(expiry_is_checked_to_the_second)
{
    const auto key = ed25519_key::generate();
    const auto token = sign_token(claims(), key);
    BOOST_TEST(verify_token(token, key, "hermosillo", "reactivacion", t0 + std::chrono::seconds{86399}).ok());
    const auto v = verify_token(token, key, "hermosillo", "reactivacion", t0 + std::chrono::seconds{86400});
    BOOST_REQUIRE(!v.ok());
    BOOST_TEST(v.error().code == errc::token_expired);
}

BOOST_AUTO_TEST_CASE(another_key_audience_or_issuer_is_refused)
{
    const auto key = ed25519_key::generate();
    const auto token = sign_token(claims(), key);
    BOOST_TEST(verify_token(token, ed25519_key::generate(), "hermosillo", "reactivacion", t0).error().code ==
               errc::invalid_token);
    BOOST_TEST(!verify_token(token, key, "hermosillo", "movilidad", t0).ok());
    BOOST_TEST(!verify_token(token, key, "torreon", "reactivacion", t0).ok());
}

BOOST_AUTO_TEST_CASE(forged_and_malformed_tokens_are_refused)
{
    const auto key = ed25519_key::generate();
    const auto token = sign_token(claims(), key);
    // A changed payload keeps the old signature.
    auto forged = claims();
    forged.exp = t0 + std::chrono::hours{24 * 365};
    const auto other = sign_token(forged, key);
    const auto d1 = other.find('.'), d2 = other.find('.', d1 + 1);
    BOOST_TEST(
        !verify_token(swap_part(token, 1, other.substr(d1 + 1, d2 - d1 - 1)), key, "hermosillo", "reactivacion", t0)
             .ok());
    // alg "none" with an empty signature.
    BOOST_TEST(!verify_token(swap_part(swap_part(token, 0, base64url_encode(R"({"alg":"none"})")), 2, ""), key,
                             "hermosillo", "reactivacion", t0)
                    .ok());
    for (const std::string& bad :
         std::vector<std::string>{"", "a.b", "a.b.c.d", "!!!.???.***", token + "x", std::string(5000, 'a')})
        BOOST_TEST(verify_token(bad, key, "hermosillo", "reactivacion", t0).error().code == errc::invalid_token);
}

BOOST_AUTO_TEST_SUITE_END()
