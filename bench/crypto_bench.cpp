// Signing and verification rates of the two token kinds, one core:
//
//   cabildo_bench_crypto [SECONDS]      each figure measured for SECONDS (default 2)
//
// Anonymous tokens: the desk's blind_sign (RFC 9474 section 4.2: RSASP1, then the RSAVP1 check)
// at 2048 and 3072 bits, and the RSASSA-PSS verification of a finalized token that every ballot
// costs. Named tokens: Ed25519 JWS issuance (sign_token) and verification (verify_token). Each line
// starts with a key that bench/run.sh matches to `openssl speed`. Prints figures; never fails on them.

#include "engine/identity/blind_rsa.hpp"
#include "engine/identity/crypto.hpp"
#include "engine/identity/token.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace e = cabildo::engine;
namespace br = cabildo::engine::blind_rsa;
using clock_type = std::chrono::steady_clock;

namespace {

double seconds = 2.0;

// Runs op(i) for i = 0, 1, ... until `seconds` have passed; returns operations per second. op
// returns whether it succeeded, and failures are reported: a fast failure is no figure.
template <class Op>
double rate(const char* key, const char* what, Op op)
{
    long done = 0, failed = 0;
    const auto t0 = clock_type::now();
    double elapsed = 0;
    do {
        for (int batch = 0; batch < 16; ++batch, ++done)
            if (!op(static_cast<std::size_t>(done)))
                ++failed;
        elapsed = std::chrono::duration<double>(clock_type::now() - t0).count();
    } while (elapsed < seconds);
    const double per_second = static_cast<double>(done) / elapsed;
    std::printf("%-22s %10.0f/s  %s", key, per_second, what);
    if (failed > 0)
        std::printf("  (%ld of %ld FAILED)", failed, done);
    std::printf("\n");
    std::fflush(stdout);
    return per_second;
}

void rsa(unsigned bits)
{
    const auto key = br::private_key::generate(bits);
    const auto& pk = key.public_part();
    // A few dozen distinct tokens, blinded as browsers would send them, cycled through.
    std::vector<std::string> prepared, blinded, signatures;
    for (int i = 0; i < 64; ++i) {
        prepared.push_back(br::prepare(e::random_bytes(32)));
        const auto b = br::blind(pk, prepared.back(), e::random_bytes(br::salt_length));
        blinded.push_back(b->blinded_msg);
        signatures.push_back(*br::finalize(pk, prepared.back(), *key.blind_sign(b->blinded_msg), b->inv));
    }
    const std::string suffix = "_rsa" + std::to_string(bits);
    rate(("blind_sign" + suffix).c_str(), "desk: RSASP1 + RSAVP1 check, one blinded token",
         [&](std::size_t i) { return key.blind_sign(blinded[i % blinded.size()]).ok(); });
    rate(("pss_verify" + suffix).c_str(), "ballot: RSASSA-PSS (SHA-384, salt 48) of a finalized token",
         [&](std::size_t i) { return pk.verify(prepared[i % prepared.size()], signatures[i % signatures.size()]); });
}

void ed25519()
{
    const auto issuer = e::ed25519_key::generate();
    const auto verifier = *e::ed25519_key::from_public(issuer.public_raw());
    const e::time_point now{std::chrono::seconds{1601532000}};
    std::vector<e::token_claims> claims;
    std::vector<std::string> tokens;
    for (int i = 0; i < 64; ++i) {
        claims.push_back({"hermosillo", "reactivacion", e::new_jti(), now, now + std::chrono::hours{24 * 30}});
        tokens.push_back(e::sign_token(claims.back(), issuer));
    }
    rate("token_sign_ed25519", "desk: sign_token, an Ed25519 JWS with its claims",
         [&](std::size_t i) { return !e::sign_token(claims[i % claims.size()], issuer).empty(); });
    rate("token_verify_ed25519", "ballot: verify_token (form, signature, iss, aud, expiry)", [&](std::size_t i) {
        return e::verify_token(tokens[i % tokens.size()], verifier, "hermosillo", "reactivacion", now).ok();
    });
}

} // namespace

int main(int argc, char** argv)
{
    if (argc > 1)
        seconds = std::atof(argv[1]);
    if (!(seconds > 0)) {
        std::fprintf(stderr, "usage: %s [SECONDS]\n", argv[0]);
        return 2;
    }
    rsa(2048);
    rsa(3072);
    ed25519();
    return 0;
}
