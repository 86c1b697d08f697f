#include "engine/identity/blind_rsa.hpp"

#include "engine/identity/crypto.hpp"
#include "tests/support/test_data.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace cabildo::engine;
namespace br = cabildo::engine::blind_rsa;

namespace {

nlohmann::json rfc9474_vectors()
{
    const auto path = cabildo::test::data_path("rfc9474/cloudflare-blindrsa-ts__test_vectors_rfc9474.json");
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot open " + path);
    return nlohmann::json::parse(in);
}

// The vectors' hex, with or without "0x", odd lengths read as if zero-padded on the left.
std::string unhex(std::string h)
{
    if (h.rfind("0x", 0) == 0)
        h.erase(0, 2);
    if (h.size() % 2 != 0)
        h.insert(h.begin(), '0');
    std::string out;
    for (std::size_t i = 0; i < h.size(); i += 2)
        out.push_back(static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16)));
    return out;
}

std::string field(const nlohmann::json& v, const char* name) { return unhex(v.at(name).get<std::string>()); }

std::string left_pad(std::string s, std::size_t len) { return std::string(len - s.size(), '\0') + s; }

br::private_key vector_key(const nlohmann::json& v)
{
    auto key =
        br::private_key::from_components(field(v, "n"), field(v, "e"), field(v, "d"), field(v, "p"), field(v, "q"));
    if (!key)
        throw std::runtime_error("the vector's key does not load");
    return std::move(*key);
}

// One 2048-bit key for the tests that need a key but not a fresh one (generation takes a while).
const br::private_key& shared_key()
{
    static const br::private_key key = br::private_key::generate(2048);
    return key;
}

// The whole protocol, client and signer, as the browser and the desk run it.
std::string issue(const br::private_key& signer, const br::public_key& pk, const std::string& prepared)
{
    const auto b = br::blind(pk, prepared, random_bytes(br::salt_length));
    if (!b)
        throw std::runtime_error("blind: " + b.error().message);
    const auto blind_sig = signer.blind_sign(b->blinded_msg);
    if (!blind_sig)
        throw std::runtime_error("blind_sign: " + blind_sig.error().message);
    const auto sig = br::finalize(pk, prepared, *blind_sig, b->inv);
    if (!sig)
        throw std::runtime_error("finalize: " + sig.error().message);
    return *sig;
}

void round_trip(unsigned bits)
{
    const auto generated = br::private_key::generate(bits);
    const auto key = br::private_key::from_der(generated.to_der());
    BOOST_REQUIRE(key);
    BOOST_TEST(key->to_der() == generated.to_der());
    const auto pk = br::public_key::from_der(generated.public_part().to_der());
    BOOST_REQUIRE(pk);
    BOOST_TEST(pk->bits() == bits);
    BOOST_TEST(pk->modulus_bytes() == bits / 8);
    BOOST_TEST(pk->n().size() == bits / 8);
    BOOST_TEST(to_hex(pk->n()) == to_hex(generated.public_part().n()));
    BOOST_TEST(to_hex(pk->e()) == "010001");
    BOOST_TEST(pk->to_der() == generated.public_part().to_der());

    const auto prepared = br::prepare("a token's claims");
    BOOST_TEST(prepared.size() == br::prefix_length + 16);
    const auto sig = issue(*key, *pk, prepared);
    BOOST_TEST(sig.size() == bits / 8);
    BOOST_TEST(pk->verify(prepared, sig));
    BOOST_TEST(generated.public_part().verify(prepared, sig));
}

} // namespace

BOOST_AUTO_TEST_SUITE(blind_rsa)

// RFC 9474 appendix A, as blindrsa-ts publishes it: every intermediate, byte for byte. The PSS and
// PSSZERO variants differ only in the salt, the Randomized and Deterministic only in Prepare.
BOOST_AUTO_TEST_CASE(the_rfc9474_vectors_come_out_byte_for_byte)
{
    const auto vectors = rfc9474_vectors();
    BOOST_REQUIRE(vectors.size() == 4u);
    for (const auto& v : vectors) {
        const auto name = v.at("name").get<std::string>();
        BOOST_TEST_CONTEXT("vector " << name)
        {
            const auto key = vector_key(v);
            const auto pk = br::public_key::from_n_e(field(v, "n"), field(v, "e"));
            BOOST_REQUIRE(pk);
            BOOST_TEST(pk->bits() == 4096u);
            BOOST_TEST(to_hex(pk->n()) == to_hex(key.public_part().n()));
            BOOST_TEST(to_hex(pk->n()) == to_hex(field(v, "n")));

            const auto msg = field(v, "msg");
            const bool randomized = v.at("is_randomized").get<std::string>() == "0x01";
            BOOST_TEST(randomized == (name.find("Randomized") != std::string::npos));
            const auto prepared = randomized ? br::prepare(msg, field(v, "msg_prefix")) : msg;
            BOOST_TEST(to_hex(prepared) == to_hex(field(v, "input_msg")));

            const auto salt = field(v, "salt");
            const std::size_t salt_len = std::stoul(v.at("sLen").get<std::string>(), nullptr, 16);
            BOOST_TEST(salt.size() == salt_len);
            const auto inv = left_pad(field(v, "inv"), pk->modulus_bytes());
            const auto b = br::blind(*pk, prepared, salt, inv);
            BOOST_REQUIRE(b.ok());
            BOOST_TEST(to_hex(b->blinded_msg) == to_hex(field(v, "blinded_msg")));
            BOOST_TEST(to_hex(b->inv) == to_hex(inv));

            const auto blind_sig = key.blind_sign(b->blinded_msg);
            BOOST_REQUIRE(blind_sig.ok());
            BOOST_TEST(to_hex(*blind_sig) == to_hex(field(v, "blind_sig")));

            const auto sig = br::finalize(*pk, prepared, *blind_sig, b->inv, salt_len);
            BOOST_REQUIRE(sig.ok());
            BOOST_TEST(to_hex(*sig) == to_hex(field(v, "sig")));
            BOOST_TEST(pk->verify(prepared, *sig, salt_len));
            // The default parameters are the PSS ones (salt length 48), not PSSZERO's.
            BOOST_TEST(pk->verify(prepared, *sig) == (salt_len == br::salt_length));
        }
    }
}

BOOST_AUTO_TEST_CASE(a_fresh_2048_bit_key_round_trips_through_der_and_signs) { round_trip(2048); }

BOOST_AUTO_TEST_CASE(a_fresh_3072_bit_key_round_trips_through_der_and_signs) { round_trip(3072); }

// Randomized: the same message gives a different prepared message, blinded message and signature
// each time, so the signer cannot recognise a token it has seen blinded.
BOOST_AUTO_TEST_CASE(blinding_is_fresh_every_time)
{
    const auto& key = shared_key();
    const auto& pk = key.public_part();
    const auto p1 = br::prepare("same"), p2 = br::prepare("same");
    BOOST_TEST(p1 != p2);
    const auto salt = random_bytes(br::salt_length);
    const auto b1 = br::blind(pk, p1, salt), b2 = br::blind(pk, p1, salt);
    BOOST_REQUIRE(b1.ok());
    BOOST_REQUIRE(b2.ok());
    BOOST_TEST(b1->blinded_msg != b2->blinded_msg);
    BOOST_TEST(b1->inv != b2->inv);
    // Different blinding factors, one signature: RSASP1 undoes them both.
    const auto s1 = br::finalize(pk, p1, *key.blind_sign(b1->blinded_msg), b1->inv);
    const auto s2 = br::finalize(pk, p1, *key.blind_sign(b2->blinded_msg), b2->inv);
    BOOST_REQUIRE(s1.ok());
    BOOST_REQUIRE(s2.ok());
    BOOST_TEST(*s1 == *s2);
    BOOST_CHECK_THROW(br::prepare("msg", "short"), std::invalid_argument);
}

// RFC 9474 section 4.2 step 1 (length) and RSASP1's range check (RFC 8017 section 5.2.1).
BOOST_AUTO_TEST_CASE(blind_sign_refuses_what_is_not_a_modulus_length_integer_below_n)
{
    const auto& key = shared_key();
    const auto k = key.public_part().modulus_bytes();
    const auto n = key.public_part().n();
    const auto refused = [&](const std::string& blinded_msg, std::string_view says) {
        const auto r = key.blind_sign(blinded_msg);
        BOOST_TEST_REQUIRE(!r.ok());
        BOOST_TEST(r.error().code == errc::invalid_field);
        BOOST_TEST(r.error().field == "blinded_msg");
        BOOST_TEST(r.error().message.find(says) != std::string::npos, r.error().message);
    };
    const auto good = br::blind(key.public_part(), br::prepare("x"), random_bytes(br::salt_length));
    BOOST_REQUIRE(good.ok());
    BOOST_TEST(key.blind_sign(good->blinded_msg).ok());

    refused(good->blinded_msg.substr(1), "must be 256 bytes");
    refused(good->blinded_msg + '\0', "must be 256 bytes");
    refused('\0' + good->blinded_msg, "must be 256 bytes");
    refused("", "must be 256 bytes");
    refused(n, "not below the modulus");
    // n + 2^(8j) for the lowest byte j that does not carry: n's last byte is odd but may be 0xff (one
    // fresh key in 128), so incrementing it alone could wrap below n.
    std::string above = n;
    std::size_t at = k - 1;
    while (static_cast<unsigned char>(above[at]) == 0xff)
        --at;
    above[at] = static_cast<char>(static_cast<unsigned char>(above[at]) + 1);
    refused(above, "not below the modulus");
    refused(std::string(k, '\xff'), "not below the modulus");
    std::string just_below = n;
    just_below[k - 1] = static_cast<char>(just_below[k - 1] - 1);
    BOOST_TEST(key.blind_sign(just_below).ok());

    // Zero is a representative in [0, n-1], so the RFC signs it; its signature is zero, which is no
    // token: it reveals nothing about the key and verifies for no message.
    const auto zero = key.blind_sign(std::string(k, '\0'));
    BOOST_REQUIRE(zero.ok());
    BOOST_TEST(*zero == std::string(k, '\0'));
    BOOST_TEST(!key.public_part().verify("x", *zero));
}

// Steps 4-5: a key whose private half is wrong (here d off by 2, CRT values derived from it) gives
// a signature that RSAVP1 does not map back to the message, and blind_sign returns no signature.
BOOST_AUTO_TEST_CASE(blind_sign_withholds_a_signature_that_does_not_check)
{
    const auto v = rfc9474_vectors().at(0);
    auto d = field(v, "d");
    d.back() = static_cast<char>(d.back() ^ 0x02);
    const auto bad = br::private_key::from_components(field(v, "n"), field(v, "e"), d, field(v, "p"), field(v, "q"));
    BOOST_REQUIRE(bad);
    const auto r = bad->blind_sign(field(v, "blinded_msg"));
    BOOST_TEST_REQUIRE(!r.ok());
    BOOST_TEST(r.error().code == errc::internal);
    BOOST_TEST(r.error().message.find("signing failure") != std::string::npos);
    BOOST_TEST(vector_key(v).blind_sign(field(v, "blinded_msg")).ok());
}

// Blind's own refusals (RFC 9474 section 4.1): a salt of another length, and a given blinding factor
// outside [1, n) or without an inverse mod n (step 8, "blinding error": here p, a factor of n).
BOOST_AUTO_TEST_CASE(blind_refuses_a_bad_salt_or_blinding_factor)
{
    const auto v = rfc9474_vectors().at(0);
    const auto pk = vector_key(v).public_part();
    const auto k = pk.modulus_bytes();
    const auto prepared = field(v, "input_msg"), salt = field(v, "salt");
    const auto refused = [&](std::string_view s, std::string_view inv, const std::string& what) {
        const auto r = br::blind(pk, prepared, s, inv);
        BOOST_TEST_REQUIRE(!r.ok(), what);
        BOOST_TEST(r.error().code == errc::invalid_field);
        BOOST_TEST(r.error().field == what);
    };
    BOOST_TEST(br::blind(pk, prepared, salt, left_pad(field(v, "inv"), k)).ok());
    refused(salt.substr(1), "", "salt");
    refused(salt + 'x', "", "salt");
    refused(salt, std::string(k, '\0'), "inv");
    refused(salt, pk.n(), "inv");
    refused(salt, left_pad(field(v, "p"), k), "inv");
}

BOOST_AUTO_TEST_CASE(a_tampered_signature_or_message_fails_verification)
{
    const auto& key = shared_key();
    const auto& pk = key.public_part();
    const auto prepared = br::prepare("ballot token");
    const auto sig = issue(key, pk, prepared);
    BOOST_REQUIRE(pk.verify(prepared, sig));

    for (const std::size_t at : {std::size_t{0}, sig.size() / 2, sig.size() - 1}) {
        auto flipped = sig;
        flipped[at] = static_cast<char>(flipped[at] ^ 0x01);
        BOOST_TEST(!pk.verify(prepared, flipped), "bit flipped at byte " << at);
    }
    auto other = prepared;
    other.back() = static_cast<char>(other.back() ^ 0x01);
    BOOST_TEST(!pk.verify(other, sig));
    BOOST_TEST(!pk.verify(prepared.substr(br::prefix_length), sig)); // the message without its prefix
    BOOST_TEST(!pk.verify(prepared, sig.substr(1)));
    BOOST_TEST(!pk.verify(prepared, '\0' + sig));
    BOOST_TEST(!pk.verify(prepared, sig, 0));

    // Finalize refuses a blind signature that does not unblind to a valid signature.
    const auto b = br::blind(pk, prepared, random_bytes(br::salt_length));
    BOOST_REQUIRE(b.ok());
    auto blind_sig = *key.blind_sign(b->blinded_msg);
    BOOST_TEST(br::finalize(pk, prepared, blind_sig, b->inv).ok());
    blind_sig[10] = static_cast<char>(blind_sig[10] ^ 0x40);
    const auto f = br::finalize(pk, prepared, blind_sig, b->inv);
    BOOST_TEST_REQUIRE(!f.ok());
    BOOST_TEST(f.error().field == "blind_sig");
    BOOST_TEST(!br::finalize(pk, prepared, blind_sig.substr(1), b->inv).ok());
}

BOOST_AUTO_TEST_CASE(a_signature_under_another_key_fails_verification)
{
    const auto& key = shared_key();
    const auto other = br::private_key::generate(2048);
    const auto prepared = br::prepare("ballot token");
    const auto sig = issue(key, key.public_part(), prepared);
    BOOST_TEST(key.public_part().verify(prepared, sig));
    BOOST_TEST(!other.public_part().verify(prepared, sig));
    BOOST_TEST(issue(other, other.public_part(), prepared) != sig);

    // Blinded for one key, signed by another: finalize finds out.
    const auto b = br::blind(key.public_part(), prepared, random_bytes(br::salt_length));
    BOOST_REQUIRE(b.ok());
    const auto wrong = other.blind_sign(b->blinded_msg);
    if (wrong.ok()) // the blinded message may happen to lie above the other modulus
        BOOST_TEST(!br::finalize(key.public_part(), prepared, *wrong, b->inv).ok());
}

BOOST_AUTO_TEST_CASE(keys_that_are_malformed_or_too_short_do_not_load)
{
    const auto& key = shared_key();
    const auto pub_der = key.public_part().to_der();
    const auto priv_der = key.to_der();
    BOOST_TEST(br::public_key::from_der(pub_der).has_value());
    BOOST_TEST(!br::public_key::from_der("").has_value());
    BOOST_TEST(!br::public_key::from_der(pub_der.substr(0, pub_der.size() - 1)).has_value());
    BOOST_TEST(!br::public_key::from_der(pub_der + '\0').has_value());
    BOOST_TEST(!br::private_key::from_der("").has_value());
    BOOST_TEST(!br::private_key::from_der(pub_der).has_value());
    BOOST_TEST(!br::private_key::from_der(priv_der.substr(0, priv_der.size() - 1)).has_value());
    BOOST_TEST(!br::private_key::from_der(priv_der + '\0').has_value());
    // An Ed25519 SubjectPublicKeyInfo (RFC 8410) is not an RSA key.
    BOOST_TEST(!br::public_key::from_der(
                    unhex("302a300506032b6570032100d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"))
                    .has_value());

    const auto n = key.public_part().n();
    const std::string f4("\x01\x00\x01", 3);
    BOOST_TEST(br::public_key::from_n_e(n, f4).has_value());
    BOOST_TEST(!br::public_key::from_n_e(n.substr(0, 128), f4).has_value());              // 1024 bits
    BOOST_TEST(!br::public_key::from_n_e(n, std::string("\x01\x00\x00", 3)).has_value()); // even e
    BOOST_TEST(!br::public_key::from_n_e(n, "\x01").has_value());                         // e = 1
    BOOST_TEST(!br::public_key::from_n_e(n, n).has_value());                              // e = n
    std::string even = n;
    even.back() = static_cast<char>(even.back() ^ 0x01);
    BOOST_TEST(!br::public_key::from_n_e(even, f4).has_value());
    BOOST_CHECK_THROW(br::private_key::generate(1024), std::invalid_argument);
}

// One key, several threads signing at once: each signature is the right one.
BOOST_AUTO_TEST_CASE(blind_sign_is_safe_from_several_threads)
{
    const auto& key = shared_key();
    const auto& pk = key.public_part();
    std::vector<std::string> prepared;
    std::vector<br::blinded> blinded;
    for (int i = 0; i < 32; ++i) {
        prepared.push_back(br::prepare("token " + std::to_string(i)));
        blinded.push_back(*br::blind(pk, prepared.back(), random_bytes(br::salt_length)));
    }
    std::vector<std::string> blind_sigs(prepared.size());
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (std::size_t i = t; i < prepared.size(); i += 4)
                if (const auto s = key.blind_sign(blinded[i].blinded_msg))
                    blind_sigs[i] = *s;
        });
    for (auto& t : threads)
        t.join();
    for (std::size_t i = 0; i < prepared.size(); ++i)
        BOOST_TEST(br::finalize(pk, prepared[i], blind_sigs[i], blinded[i].inv).ok(), "token " << i);
}

BOOST_AUTO_TEST_SUITE_END()
