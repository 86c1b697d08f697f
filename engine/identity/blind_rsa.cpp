#include "engine/identity/blind_rsa.hpp"

#include "engine/identity/crypto.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/decoder.h>
#include <openssl/encoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace cabildo::engine::blind_rsa {

namespace {

template <auto Free>
struct deleter {
    template <class T>
    void operator()(T* p) const
    {
        Free(p);
    }
};

using bn_ptr = std::unique_ptr<BIGNUM, deleter<BN_clear_free>>;
using bn_ctx_ptr = std::unique_ptr<BN_CTX, deleter<BN_CTX_free>>;
using pkey_ptr = std::unique_ptr<EVP_PKEY, deleter<EVP_PKEY_free>>;
using pkey_ctx_ptr = std::unique_ptr<EVP_PKEY_CTX, deleter<EVP_PKEY_CTX_free>>;
using md_ctx_ptr = std::unique_ptr<EVP_MD_CTX, deleter<EVP_MD_CTX_free>>;
using param_bld_ptr = std::unique_ptr<OSSL_PARAM_BLD, deleter<OSSL_PARAM_BLD_free>>;
using params_ptr = std::unique_ptr<OSSL_PARAM, deleter<OSSL_PARAM_free>>;
using encoder_ptr = std::unique_ptr<OSSL_ENCODER_CTX, deleter<OSSL_ENCODER_CTX_free>>;
using decoder_ptr = std::unique_ptr<OSSL_DECODER_CTX, deleter<OSSL_DECODER_CTX_free>>;

// Verifying costs grow with the modulus; no issuer needs more than this.
constexpr int max_modulus_bits = 8192;
constexpr std::size_t sha384_length = 48;

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
unsigned char* bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

// Secret components go to BN_secure_new: OSSL_PARAM_BLD then keeps them in memory it clears.
bn_ptr to_bn(std::string_view big_endian, bool secret = false)
{
    bn_ptr out(secret ? BN_secure_new() : BN_new());
    if (!out || !BN_bin2bn(bytes(big_endian), static_cast<int>(big_endian.size()), out.get()))
        throw std::runtime_error("BN_bin2bn failed");
    return out;
}

// int_to_bytes (RFC 9474 section 2): big-endian, left-padded to len.
std::string to_bytes(const BIGNUM* x, std::size_t len)
{
    std::string out(len, '\0');
    if (BN_bn2binpad(x, bytes(out), static_cast<int>(len)) != static_cast<int>(len))
        throw std::runtime_error("BN_bn2binpad failed");
    return out;
}

bn_ptr get_bn(const EVP_PKEY* key, const char* name)
{
    BIGNUM* raw = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &raw) != 1)
        return nullptr;
    return bn_ptr(raw);
}

std::string sha384(std::string_view data)
{
    std::string out(sha384_length, '\0');
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), bytes(out), &len, EVP_sha384(), nullptr) != 1)
        throw std::runtime_error("SHA-384 failed");
    return out;
}

// MGF1 with SHA-384 (RFC 8017 appendix B.2.1).
std::string mgf1_sha384(std::string_view seed, std::size_t len)
{
    std::string mask;
    mask.reserve(len + sha384_length);
    std::string block(seed);
    block.resize(seed.size() + 4);
    for (std::uint32_t counter = 0; mask.size() < len; ++counter) {
        for (int i = 0; i < 4; ++i)
            block[seed.size() + static_cast<std::size_t>(i)] = static_cast<char>(counter >> (24 - 8 * i));
        mask += sha384(block);
    }
    mask.resize(len);
    return mask;
}

// EMSA-PSS-ENCODE (RFC 8017 section 9.1.1) with SHA-384, MGF1-SHA-384 and the salt given, so the
// RFC 9474 vectors come out byte for byte. em_bits is modBits - 1, as RSASSA-PSS-SIGN uses (section
// 8.1.1) and as blindrsa-ts does; with RFC 9474's literal bit_len(n) the result would not verify.
std::optional<std::string> emsa_pss_encode(std::string_view msg, std::size_t em_bits, std::string_view salt)
{
    const std::size_t em_len = (em_bits + 7) / 8;
    if (em_len < sha384_length + salt.size() + 2) // step 3: "encoding error"
        return std::nullopt;
    std::string m_prime(8, '\0'); // steps 2, 5: M' = (0x)00 00 00 00 00 00 00 00 || mHash || salt
    m_prime += sha384(msg);
    m_prime += salt;
    const std::string h = sha384(m_prime);                          // step 6
    std::string db(em_len - salt.size() - sha384_length - 2, '\0'); // steps 7-8: DB = PS || 0x01 || salt
    db += '\x01';
    db += salt;
    const std::string mask = mgf1_sha384(h, db.size()); // steps 9-10
    for (std::size_t i = 0; i < db.size(); ++i)
        db[i] = static_cast<char>(db[i] ^ mask[i]);
    db[0] = static_cast<char>(static_cast<unsigned char>(db[0]) & (0xffu >> (8 * em_len - em_bits))); // step 11
    return db + h + '\xbc';                                                                           // step 12
}

pkey_ptr pkey_from_params(param_bld_ptr bld, int selection)
{
    params_ptr params(OSSL_PARAM_BLD_to_param(bld.get()));
    pkey_ctx_ptr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY* raw = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &raw, selection, params.get()) != 1) {
        ERR_clear_error();
        return nullptr;
    }
    return pkey_ptr(raw);
}

// An RSA context for one raw (unpadded) operation on key: RSASP1 or RSAVP1 (RFC 8017 sections
// 5.2.1 and 5.2.2). OpenSSL refuses inputs that are not below n.
pkey_ctx_ptr raw_rsa_ctx(EVP_PKEY* key, int (*init)(EVP_PKEY_CTX*))
{
    pkey_ctx_ptr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
    if (!ctx || init(ctx.get()) != 1 || EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_NO_PADDING) != 1)
        return nullptr;
    return ctx;
}

} // namespace

struct key_access {
    static EVP_PKEY* pkey(const public_key& k) { return k.key_.get(); }
    static const BIGNUM* modulus(const public_key& k) { return k.modulus_.get(); }
    static const std::string& n_bytes(const public_key& k) { return k.n_; }

    // Every public key is made here, from n and e, so each is a plain rsaEncryption key whatever
    // form it arrived in, and every one has passed the same checks.
    static std::optional<public_key> make_public(const BIGNUM* n, const BIGNUM* e)
    {
        const int bits = BN_num_bits(n);
        if (bits < static_cast<int>(min_modulus_bits) || bits > max_modulus_bits || !BN_is_odd(n) || !BN_is_odd(e) ||
            BN_cmp(e, BN_value_one()) <= 0 || BN_cmp(e, n) >= 0)
            return std::nullopt;
        param_bld_ptr bld(OSSL_PARAM_BLD_new());
        if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n) != 1 ||
            OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e) != 1)
            return std::nullopt;
        pkey_ptr key = pkey_from_params(std::move(bld), EVP_PKEY_PUBLIC_KEY);
        std::shared_ptr<bignum_st> modulus(BN_dup(n), BN_free);
        if (!key || !modulus)
            return std::nullopt;
        const auto k = static_cast<std::size_t>(BN_num_bytes(n));
        std::string e_bytes(static_cast<std::size_t>(BN_num_bytes(e)), '\0');
        BN_bn2bin(e, bytes(e_bytes));
        return public_key(std::shared_ptr<evp_pkey_st>(key.release(), EVP_PKEY_free), std::move(modulus),
                          to_bytes(n, k), std::move(e_bytes), static_cast<std::size_t>(bits));
    }

    static std::optional<private_key> make_private(pkey_ptr key)
    {
        if (!key || !EVP_PKEY_is_a(key.get(), "RSA"))
            return std::nullopt;
        const bn_ptr n = get_bn(key.get(), OSSL_PKEY_PARAM_RSA_N);
        const bn_ptr e = get_bn(key.get(), OSSL_PKEY_PARAM_RSA_E);
        if (!n || !e || !get_bn(key.get(), OSSL_PKEY_PARAM_RSA_D))
            return std::nullopt;
        auto pub = make_public(n.get(), e.get());
        if (!pub)
            return std::nullopt;
        return private_key(std::shared_ptr<evp_pkey_st>(key.release(), EVP_PKEY_free), std::move(*pub));
    }
};

// public_key

public_key::public_key(std::shared_ptr<evp_pkey_st> key, std::shared_ptr<bignum_st> modulus, std::string n,
                       std::string e, std::size_t bits)
    : key_(std::move(key)), modulus_(std::move(modulus)), n_(std::move(n)), e_(std::move(e)), bits_(bits)
{}

std::optional<public_key> public_key::from_der(std::string_view spki_der)
{
    const unsigned char* p = bytes(spki_der);
    pkey_ptr key(d2i_PUBKEY(nullptr, &p, static_cast<long>(spki_der.size())));
    // rsaEncryption or id-RSASSA-PSS (RFC 9474 section 6.5 allows either); nothing may trail.
    if (!key || p != bytes(spki_der) + spki_der.size() ||
        !(EVP_PKEY_is_a(key.get(), "RSA") || EVP_PKEY_is_a(key.get(), "RSA-PSS"))) {
        ERR_clear_error();
        return std::nullopt;
    }
    const bn_ptr n = get_bn(key.get(), OSSL_PKEY_PARAM_RSA_N);
    const bn_ptr e = get_bn(key.get(), OSSL_PKEY_PARAM_RSA_E);
    if (!n || !e)
        return std::nullopt;
    return key_access::make_public(n.get(), e.get());
}

std::optional<public_key> public_key::from_n_e(std::string_view n, std::string_view e)
{
    return key_access::make_public(to_bn(n).get(), to_bn(e).get());
}

std::string public_key::to_der() const
{
    const int len = i2d_PUBKEY(key_.get(), nullptr);
    if (len <= 0)
        throw std::runtime_error("cannot encode RSA public key");
    std::string out(static_cast<std::size_t>(len), '\0');
    unsigned char* p = bytes(out);
    if (i2d_PUBKEY(key_.get(), &p) != len)
        throw std::runtime_error("cannot encode RSA public key");
    return out;
}

std::string public_key::n() const { return n_; }
std::string public_key::e() const { return e_; }

bool public_key::verify(std::string_view prepared_msg, std::string_view signature, std::size_t salt_len) const
{
    // RSASSA-PSS-VERIFY step 1: the signature is exactly k octets (RFC 8017 section 8.1.2).
    if (signature.size() != modulus_bytes() || (salt_len != salt_length && salt_len != 0))
        return false;
    md_ctx_ptr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr; // owned by ctx
    const bool ok =
        ctx && EVP_DigestVerifyInit(ctx.get(), &pctx, EVP_sha384(), nullptr, key_.get()) == 1 &&
        EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, static_cast<int>(salt_len)) == 1 &&
        EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha384()) == 1 &&
        EVP_DigestVerify(ctx.get(), bytes(signature), signature.size(), bytes(prepared_msg), prepared_msg.size()) == 1;
    if (!ok)
        ERR_clear_error(); // a bad signature is an answer, not an error to leave on the thread's queue
    return ok;
}

// private_key

private_key::private_key(std::shared_ptr<evp_pkey_st> key, public_key pub)
    : key_(std::move(key)), public_(std::move(pub))
{}

private_key private_key::generate(unsigned bits)
{
    if (bits != 2048 && bits != 3072 && bits != 4096)
        throw std::invalid_argument("RSA blind-signature keys are 2048, 3072 or 4096 bits");
    pkey_ctx_ptr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY* raw = nullptr;
    // OpenSSL's default public exponent is 65537 (F4), what RFC 9474 and blindrsa-ts use.
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), static_cast<int>(bits)) != 1 ||
        EVP_PKEY_generate(ctx.get(), &raw) != 1)
        throw std::runtime_error("RSA key generation failed");
    auto key = key_access::make_private(pkey_ptr(raw));
    if (!key)
        throw std::runtime_error("RSA key generation gave an unusable key");
    return std::move(*key);
}

std::optional<private_key> private_key::from_der(std::string_view pkcs8_der)
{
    EVP_PKEY* raw = nullptr;
    decoder_ptr ctx(
        OSSL_DECODER_CTX_new_for_pkey(&raw, "DER", "PrivateKeyInfo", "RSA", EVP_PKEY_KEYPAIR, nullptr, nullptr));
    const unsigned char* p = bytes(pkcs8_der);
    std::size_t left = pkcs8_der.size();
    if (!ctx || OSSL_DECODER_from_data(ctx.get(), &p, &left) != 1 || !raw) {
        ERR_clear_error();
        return std::nullopt;
    }
    pkey_ptr key(raw);
    if (left != 0)
        return std::nullopt;
    return key_access::make_private(std::move(key));
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): RFC 9474's test vectors name the components in this order
std::optional<private_key> private_key::from_components(std::string_view n, std::string_view e, std::string_view d,
                                                        std::string_view p, std::string_view q)
{
    const bn_ctx_ptr bn(BN_CTX_secure_new());
    const bn_ptr n_bn = to_bn(n), e_bn = to_bn(e), d_bn = to_bn(d, true), p_bn = to_bn(p, true), q_bn = to_bn(q, true);
    // The CRT values (RFC 8017 section 3.2): dP = d mod (p-1), dQ = d mod (q-1), qInv = q^-1 mod p.
    const bn_ptr pq(BN_new()), p1(BN_secure_new()), q1(BN_secure_new()), dp(BN_secure_new()), dq(BN_secure_new());
    if (!bn || !pq || !p1 || !q1 || !dp || !dq || BN_mul(pq.get(), p_bn.get(), q_bn.get(), bn.get()) != 1 ||
        BN_cmp(pq.get(), n_bn.get()) != 0 || !BN_sub(p1.get(), p_bn.get(), BN_value_one()) ||
        !BN_sub(q1.get(), q_bn.get(), BN_value_one()) || !BN_mod(dp.get(), d_bn.get(), p1.get(), bn.get()) ||
        !BN_mod(dq.get(), d_bn.get(), q1.get(), bn.get()))
        return std::nullopt;
    const bn_ptr q_inv(BN_secure_new());
    param_bld_ptr bld(OSSL_PARAM_BLD_new());
    if (!q_inv || !BN_mod_inverse(q_inv.get(), q_bn.get(), p_bn.get(), bn.get()) || !bld ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n_bn.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e_bn.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_D, d_bn.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR1, p_bn.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR2, q_bn.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT1, dp.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT2, dq.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_COEFFICIENT1, q_inv.get()) != 1) {
        ERR_clear_error();
        return std::nullopt;
    }
    return key_access::make_private(pkey_from_params(std::move(bld), EVP_PKEY_KEYPAIR));
}

std::string private_key::to_der() const
{
    encoder_ptr ctx(OSSL_ENCODER_CTX_new_for_pkey(key_.get(), EVP_PKEY_KEYPAIR, "DER", "PrivateKeyInfo", nullptr));
    unsigned char* data = nullptr;
    std::size_t len = 0;
    if (!ctx || OSSL_ENCODER_to_data(ctx.get(), &data, &len) != 1 || !data)
        throw std::runtime_error("cannot encode RSA private key");
    std::string out(reinterpret_cast<const char*>(data), len);
    OPENSSL_clear_free(data, len);
    return out;
}

result<std::string> private_key::blind_sign(std::string_view blinded_msg) const
{
    const std::size_t k = public_.modulus_bytes();
    // Step 1: "unexpected input size".
    if (blinded_msg.size() != k)
        return fail(errc::invalid_field, "blinded_msg",
                    "blinded_msg must be " + std::to_string(k) + " bytes (the modulus length), not " +
                        std::to_string(blinded_msg.size()));
    // RSASP1 step 1: "message representative out of range" unless 0 <= m < n. Both are k bytes,
    // big-endian, so comparing bytes compares integers.
    if (std::memcmp(blinded_msg.data(), key_access::n_bytes(public_).data(), k) >= 0)
        return fail(errc::invalid_field, "blinded_msg", "blinded_msg is not below the modulus n");

    std::string sig(k, '\0');
    std::size_t sig_len = sig.size();
    const pkey_ctx_ptr sign = raw_rsa_ctx(key_.get(), EVP_PKEY_sign_init); // step 3: s = RSASP1(sk, m)
    if (!sign || EVP_PKEY_sign(sign.get(), bytes(sig), &sig_len, bytes(blinded_msg), k) != 1 || sig_len != k) {
        ERR_clear_error();
        return fail(errc::internal, "", "RSASP1 failed");
    }
    // Steps 4-5: m' = RSAVP1(pk, s) must equal m, or a fault (a wrong CRT half) could leak a factor.
    std::string back(k, '\0');
    std::size_t back_len = back.size();
    const pkey_ctx_ptr check = raw_rsa_ctx(key_access::pkey(public_), EVP_PKEY_verify_recover_init);
    if (!check || EVP_PKEY_verify_recover(check.get(), bytes(back), &back_len, bytes(sig), k) != 1 || back_len != k ||
        CRYPTO_memcmp(back.data(), blinded_msg.data(), k) != 0) {
        ERR_clear_error();
        OPENSSL_cleanse(sig.data(), sig.size());
        return fail(errc::internal, "", "signing failure: RSAVP1(pk, s) does not give blinded_msg back");
    }
    return sig;
}

// Client side

std::string prepare(std::string_view msg, std::string_view random32)
{
    if (random32.size() != prefix_length)
        throw std::invalid_argument("the Randomized variant's prefix is 32 bytes");
    std::string out;
    out.reserve(random32.size() + msg.size());
    out.append(random32).append(msg);
    return out;
}

std::string prepare(std::string_view msg) { return prepare(msg, random_bytes(prefix_length)); }

result<blinded> blind(const public_key& pk, std::string_view prepared_msg, std::string_view salt,
                      std::string_view fixed_inv)
{
    if (salt.size() != salt_length && !salt.empty())
        return fail(errc::invalid_field, "salt", "salt must be 48 bytes (or empty, for the PSSZERO variants)");
    const auto k = pk.modulus_bytes();
    // Steps 1-2: encoded_msg = EMSA-PSS-ENCODE(msg, modBits - 1); cannot fail for n of >= 2048 bits.
    const auto encoded = emsa_pss_encode(prepared_msg, pk.bits() - 1, salt);
    if (!encoded)
        return fail(errc::internal, "", "EMSA-PSS-ENCODE: the modulus is too short");

    const BIGNUM* n = key_access::modulus(pk);
    const bn_ctx_ptr ctx(BN_CTX_secure_new());
    const bn_ptr m = to_bn(*encoded, true), e = to_bn(pk.e());
    const bn_ptr g(BN_new()), x(BN_new()), z(BN_new());
    if (!ctx || !g || !x || !z || BN_gcd(g.get(), m.get(), n, ctx.get()) != 1)
        throw std::runtime_error("BIGNUM arithmetic failed");
    // Steps 4-5: "invalid input" unless m is coprime with n (only a factor of n would fail).
    if (!BN_is_one(g.get()))
        return fail(errc::invalid_field, "prepared_msg", "the encoded message is not coprime with n");

    // Steps 6-8: r uniform in [1, n), inv = r^-1 mod n; or r from a given inv.
    bn_ptr r, inv;
    if (fixed_inv.empty()) {
        for (int attempt = 0; attempt < 64 && !inv; ++attempt) {
            r.reset(BN_secure_new());
            if (!r || BN_priv_rand_range(r.get(), n) != 1)
                throw std::runtime_error("BN_priv_rand_range failed");
            if (BN_is_zero(r.get()))
                continue;
            BN_set_flags(r.get(), BN_FLG_CONSTTIME);
            inv.reset(BN_mod_inverse(nullptr, r.get(), n, ctx.get()));
        }
    } else {
        inv = to_bn(fixed_inv, true);
        if (BN_is_zero(inv.get()) || BN_cmp(inv.get(), n) >= 0)
            return fail(errc::invalid_field, "inv", "inv must be in [1, n)");
        BN_set_flags(inv.get(), BN_FLG_CONSTTIME);
        r.reset(BN_mod_inverse(nullptr, inv.get(), n, ctx.get()));
        if (!r)
            inv.reset();
    }
    if (!inv) {
        ERR_clear_error();
        return fail(errc::invalid_field, "inv", "blinding error: the blinding factor has no inverse mod n");
    }
    // Steps 9-11: x = RSAVP1(pk, r) = r^e mod n, z = m * x mod n.
    if (BN_mod_exp(x.get(), r.get(), e.get(), n, ctx.get()) != 1 ||
        BN_mod_mul(z.get(), m.get(), x.get(), n, ctx.get()) != 1)
        throw std::runtime_error("BIGNUM arithmetic failed");
    return blinded{to_bytes(z.get(), k), to_bytes(inv.get(), k)};
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): RFC 9474 section 4.5's order
result<std::string> finalize(const public_key& pk, std::string_view prepared_msg, std::string_view blind_sig,
                             std::string_view inv, std::size_t salt_len)
{
    const auto k = pk.modulus_bytes();
    const BIGNUM* n = key_access::modulus(pk);
    // Step 1: "unexpected input size".
    if (blind_sig.size() != k)
        return fail(errc::invalid_field, "blind_sig", "blind_sig must be " + std::to_string(k) + " bytes");
    if (inv.size() != k)
        return fail(errc::invalid_field, "inv", "inv must be " + std::to_string(k) + " bytes");
    const bn_ctx_ptr ctx(BN_CTX_secure_new());
    const bn_ptr z = to_bn(blind_sig), i = to_bn(inv, true), s(BN_new());
    if (BN_cmp(z.get(), n) >= 0)
        return fail(errc::invalid_field, "blind_sig", "blind_sig is not below the modulus n");
    // Steps 2-4: s = z * inv mod n.
    if (!ctx || !s || BN_mod_mul(s.get(), z.get(), i.get(), n, ctx.get()) != 1)
        throw std::runtime_error("BIGNUM arithmetic failed");
    std::string sig = to_bytes(s.get(), k);
    // Steps 5-6: output sig only if RSASSA-PSS-VERIFY accepts it.
    if (!pk.verify(prepared_msg, sig, salt_len))
        return fail(errc::invalid_field, "blind_sig", "invalid signature: the unblinded signature does not verify");
    return sig;
}

} // namespace cabildo::engine::blind_rsa
