// Participant tokens as a ballot, an idea or a survey answer carries them: signed JWS tokens
// (RFC 7515, Ed25519) and anonymous tokens of blind challenges (RFC 9474). The keys are fixed
// published test keys, made once per process.

#include "engine/identity/blind_token.hpp"
#include "engine/identity/crypto.hpp"
#include "engine/identity/token.hpp"
#include "tests/fuzz/targets.hpp"

#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>

namespace cabildo::fuzz {

namespace {

using namespace std::chrono_literals;

// RFC 8037 appendix A.1's Ed25519 key (the same as RFC 8032 section 7.1, test 1); the seeds in
// corpus/jws_token are signed with it, for the claims below.
const engine::ed25519_key& tokens_issuer()
{
    static const auto key = [] {
        const auto d = engine::base64url_decode("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A");
        auto k = d ? engine::ed25519_key::from_private(*d) : std::nullopt;
        if (!k)
            std::abort(); // the fixed key always reads: a failure here is a broken build
        return *k;
    }();
    return key;
}
constexpr std::string_view tokens_iss = "hermosillo";
constexpr std::string_view tokens_aud = "reactivacion-economica";
const engine::time_point tokens_now{1772366400s}; // 2026-03-01T12:00:00Z

// RFC 9474 appendix A's RSA key (4096 bits, e = 65537), the modulus in base64url
// (tests/data/rfc9474/); the seeds in corpus/blind_token are signed with it.
constexpr std::string_view tokens_blind_n =
    "rsTWmt3HC5kOpmpecGA7b-4nqv69CPLZTL4SUMVW4EepKNY1w_Re6bZtG8YooDusm3w_QW_iDavqjz17S79_ljvjNdIyjWfmwT7k"
    "qPlV4Foyg3INPh8TnDjkPgM4rQWKlJXFM3f8Nb5k0gj4m0qnIb9_fT_vg3viqA4Pit8LzR7sW7BARDorJ5L9ylIqdHKu108xoevh"
    "7rwfQIZgoFQ9_iqFDxBqYX7GaFVzcC6qohpWQKXcr5t045f6OvGKLxt8A7qRpjNhWN5CDWMYjuFDhm7kFXNdFVt8LYVNeVt7wjbP"
    "_XFULfNCNCIaBBPhQtjGE1XMRNRb2pQgSXRVesJwTNi1k_A1pXJLGt9ELnjFQs1EFPzm8SmBgvttjlPO8a39LpDh5N7sUpmb3Gwp"
    "FE6NUqElIyyMbXXHBuo8wGhBx72jNWjGOmwDgX9yK1D8-JgjfXiKRACGnkTZCjAgkj3GRjiKvMkUMVIV_NG64RscdR_VJEOqyPYB"
    "CH2NQnN8GKP6EezUEx7K4BeuChSs_E74W4PBn-0zz9HNYp2ixMCeIis5jhjYIvd7s3jeo8s2C2BeWqWLIO3CnQAKZr0XfGgqF-fr"
    "EqY-98LkGD4NiY89a_VnuoroT4Tx0jv4uOJhw3KeL6bQe4MuB83dHRT1UyXG-SQmeVcSGQLcGbOzKUi96tU";

const engine::blind_rsa::public_key& tokens_blind_key()
{
    static const auto key = [] {
        const auto n = engine::base64url_decode(tokens_blind_n);
        auto k = n ? engine::blind_rsa::public_key::from_n_e(*n, std::string("\x01\x00\x01", 3)) : std::nullopt;
        if (!k)
            std::abort();
        return *k;
    }();
    return key;
}

} // namespace

void fuzz_jws_token(std::string_view input)
{
    (void)engine::is_blind_token(input);
    (void)engine::verify_token(input, tokens_issuer(), tokens_iss, tokens_aud, tokens_now);
    // Mutations of a token almost never keep its signature, so the claims behind the signature
    // check would go unread: sign the input's header and payload with the key and verify that too.
    const auto dot1 = input.find('.');
    const auto dot2 = dot1 == std::string_view::npos ? dot1 : input.find('.', dot1 + 1);
    const auto signed_part = input.substr(0, dot2); // header.payload, or all of an input without two dots
    if (signed_part.size() > engine::max_token_length)
        return;
    const std::string resigned(std::string(signed_part) + "." +
                               engine::base64url_encode(tokens_issuer().sign(signed_part)));
    (void)engine::verify_token(resigned, tokens_issuer(), tokens_iss, tokens_aud, tokens_now);
}

void fuzz_blind_token(std::string_view input)
{
    (void)engine::is_blind_token(input);
    const auto jti = engine::verify_blind_token(input, tokens_blind_key());
    if (jti && !engine::is_blind_jti(*jti))
        broken("a verified anonymous token's key lacks the \"blind:\" prefix", input);
}

} // namespace cabildo::fuzz
