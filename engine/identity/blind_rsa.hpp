#pragma once
// RSA blind signatures, RFC 9474, variant RSABSSA-SHA384-PSS-Randomized (section 5): the desk signs
// a token it cannot see, the resident's browser (@cloudflare/blindrsa-ts) unblinds it, and anyone
// holding the public key checks the result as an ordinary RSASSA-PSS signature (RFC 8017 section
// 8.1: SHA-384, MGF1-SHA-384, salt length 48) over the prepared message. "Randomized" means the
// client prefixes 32 fresh random bytes to its message before blinding (section 4.1, Prepare), so
// the signer never signs a message the client chose outright.
//
// The server needs only private_key::blind_sign and public_key::verify; prepare, blind and finalize
// are the client's half (section 4.1 and 4.3), here for the tests and the bench. Everything is
// OpenSSL 3 (EVP, BIGNUM); the only code of our own is EMSA-PSS-ENCODE with a given salt (RFC 8017
// section 9.1.1, over OpenSSL's SHA-384), which reproducing the RFC's vectors needs.
//
// Keys of fewer than 2048 bits are refused. Both key types are immutable and cheap to copy (they
// share the OpenSSL key), and every member is const and thread-safe.

#include "engine/domain/result.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct evp_pkey_st;
struct bignum_st;

namespace cabildo::engine::blind_rsa {

struct key_access;

inline constexpr std::string_view algorithm = "RSABSSA-SHA384-PSS-Randomized";
inline constexpr std::size_t salt_length = 48;   // sLen of the PSS variants: the SHA-384 output length
inline constexpr std::size_t prefix_length = 32; // the Randomized variants' message prefix
inline constexpr std::size_t min_modulus_bits = 2048;

class public_key {
public:
    static std::optional<public_key> from_der(std::string_view spki_der);              // SubjectPublicKeyInfo DER
    static std::optional<public_key> from_n_e(std::string_view n, std::string_view e); // big-endian bytes

    std::string to_der() const; // SubjectPublicKeyInfo DER, rsaEncryption
    std::string n() const;      // big-endian, exactly modulus_bytes() long: a JWK "n"
    std::string e() const;      // big-endian, no leading zeros: a JWK "e"
    std::size_t modulus_bytes() const { return n_.size(); }
    std::size_t bits() const { return bits_; }

    // RSASSA-PSS-VERIFY (RFC 8017 section 8.1.2) of a finalized token: SHA-384, MGF1-SHA-384 and the
    // salt length, over the prepared message. salt_len 0 (the PSSZERO variants) only for vectors.
    bool verify(std::string_view prepared_msg, std::string_view signature, std::size_t salt_len = salt_length) const;

private:
    friend struct key_access; // blind_rsa.cpp's own functions reach the OpenSSL objects
    public_key(std::shared_ptr<evp_pkey_st> key, std::shared_ptr<bignum_st> modulus, std::string n, std::string e,
               std::size_t bits);
    std::shared_ptr<evp_pkey_st> key_;
    std::shared_ptr<bignum_st> modulus_;
    std::string n_;
    std::string e_;
    std::size_t bits_ = 0;
};

class private_key {
public:
    static private_key generate(unsigned bits); // 2048, 3072 or 4096; e = 65537. Slow: not on io threads.
    static std::optional<private_key> from_der(std::string_view pkcs8_der); // PKCS#8 PrivateKeyInfo DER
    // From the big-endian components the RFC vectors publish; the CRT values are derived.
    static std::optional<private_key> from_components(std::string_view n, std::string_view e, std::string_view d,
                                                      std::string_view p, std::string_view q);

    std::string to_der() const; // PKCS#8 PrivateKeyInfo DER, a secret: the caller seals it at rest
    const public_key& public_part() const { return public_; }

    // BlindSign (RFC 9474 section 4.2). blinded_msg must be exactly modulus_bytes long (step 1) and,
    // as an integer, below n (RSASP1's range check, RFC 8017 section 5.2.1); anything else fails
    // with invalid_field "blinded_msg". s = RSASP1(sk, m), then RSAVP1(pk, s) must give m back
    // (steps 4-5), so a faulty CRT computation never leaves the server. Zero is in RSASP1's range and
    // is signed (as zero), as the RFC says; no honest client sends it, and it reveals nothing.
    result<std::string> blind_sign(std::string_view blinded_msg) const;

private:
    friend struct key_access;
    private_key(std::shared_ptr<evp_pkey_st> key, public_key pub);
    std::shared_ptr<evp_pkey_st> key_;
    public_key public_;
};

// Prepare (RFC 9474 section 4.1, Randomized): random32 || msg. random32 must be prefix_length
// bytes (std::invalid_argument otherwise); the one-argument form draws them.
std::string prepare(std::string_view msg, std::string_view random32);
std::string prepare(std::string_view msg);

struct blinded {
    std::string blinded_msg; // for the signer
    std::string inv;         // kept by the client for finalize, big-endian, modulus_bytes long
};

// Blind (RFC 9474 section 4.1): EMSA-PSS-ENCODE(prepared_msg) with the salt (salt_length bytes, or
// empty for the PSSZERO vectors), refused unless coprime with n, times r^e mod n. The RFC vectors
// publish inv = r^-1 mod n rather than r, so a fixed factor is given as inv (big-endian); empty
// draws r uniformly from [1, n).
result<blinded> blind(const public_key& pk, std::string_view prepared_msg, std::string_view salt,
                      std::string_view fixed_inv = {});

// Finalize (RFC 9474 section 4.3): s = blind_sig * inv mod n, returned only if it verifies.
result<std::string> finalize(const public_key& pk, std::string_view prepared_msg, std::string_view blind_sig,
                             std::string_view inv, std::size_t salt_len = salt_length);

} // namespace cabildo::engine::blind_rsa
