#include "engine/identity/crypto.hpp"

#include <boost/test/unit_test.hpp>

using namespace cabildo::engine;

BOOST_AUTO_TEST_SUITE(crypto)

// RFC 4648 section 10 vectors, in the base64url alphabet without padding.
BOOST_AUTO_TEST_CASE(base64url_matches_rfc4648)
{
    BOOST_TEST(base64url_encode("") == "");
    BOOST_TEST(base64url_encode("f") == "Zg");
    BOOST_TEST(base64url_encode("fo") == "Zm8");
    BOOST_TEST(base64url_encode("foo") == "Zm9v");
    BOOST_TEST(base64url_encode("foob") == "Zm9vYg");
    BOOST_TEST(base64url_encode("fooba") == "Zm9vYmE");
    BOOST_TEST(base64url_encode("foobar") == "Zm9vYmFy");
    BOOST_TEST(base64url_encode("\xfb\xff") == "-_8");
    BOOST_TEST(*base64url_decode("Zm9vYmE") == "fooba");
    BOOST_TEST(*base64url_decode("-_8") == "\xfb\xff");
    BOOST_TEST(!base64url_decode("Zm9=").has_value());
    BOOST_TEST(!base64url_decode("Z").has_value());
    BOOST_TEST(!base64url_decode("Zh").has_value()); // non-canonical trailing bits
}

BOOST_AUTO_TEST_CASE(sha256_and_hmac_match_published_vectors)
{
    BOOST_TEST(to_hex(sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // RFC 4231 test case 2.
    BOOST_TEST(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
               "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// RFC 8032 section 7.1, TEST 1.
BOOST_AUTO_TEST_CASE(ed25519_matches_rfc8032)
{
    const auto hex = [](std::string_view h) {
        std::string out;
        for (std::size_t i = 0; i < h.size(); i += 2)
            out.push_back(static_cast<char>(std::stoi(std::string(h.substr(i, 2)), nullptr, 16)));
        return out;
    };
    const auto key = ed25519_key::from_private(hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    BOOST_REQUIRE(key);
    BOOST_TEST(to_hex(key->public_raw()) == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    const auto sig = key->sign("");
    BOOST_TEST(to_hex(sig) == "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e3970"
                              "1cf9b46bd25bf5f0595bbe24655141438e7a100b");
    const auto pub = ed25519_key::from_public(key->public_raw());
    BOOST_TEST(pub->verify("", sig));
    BOOST_TEST(!pub->verify("x", sig));
    BOOST_TEST(!ed25519_key::from_private("short").has_value());
}

// A thread keeps its verifying context for the last key (crypto.cpp): it must answer for each
// signature on its own, whatever key and answer came before, and never outlive the key it holds.
BOOST_AUTO_TEST_CASE(ed25519_verifies_each_signature_on_its_own)
{
    const auto a = ed25519_key::generate();
    const auto b = ed25519_key::generate();
    const auto a_pub = ed25519_key::from_public(a.public_raw());
    BOOST_REQUIRE(a_pub);
    const auto one = a.sign("one"), two = a.sign("two"), by_b = b.sign("one");
    for (int round = 0; round < 3; ++round) {
        BOOST_TEST(a_pub->verify("one", one));
        BOOST_TEST(a_pub->verify("two", two));
        BOOST_TEST(!a_pub->verify("one", two));
        BOOST_TEST(a_pub->verify("one", one)); // after a refusal
        BOOST_TEST(!a_pub->verify("one", by_b));
        BOOST_TEST(b.verify("one", by_b)); // another key between two of a's
        BOOST_TEST(!b.verify("two", by_b));
        BOOST_TEST(a.verify("two", two));
    }
    {
        const auto gone = ed25519_key::generate();
        BOOST_TEST(gone.verify("x", gone.sign("x")));
    } // the last key verified with is out of scope: only the kept context holds it now
    const auto later = ed25519_key::generate();
    BOOST_TEST(later.verify("x", later.sign("x")));
    BOOST_TEST(!later.verify("x", a.sign("x")));
}

BOOST_AUTO_TEST_SUITE_END()
