#include "engine/identity/key_vault.hpp"

#include "engine/identity/crypto.hpp"

#include <boost/test/unit_test.hpp>

using namespace cabildo::engine;

BOOST_AUTO_TEST_SUITE(key_vault_at_rest)

BOOST_AUTO_TEST_CASE(a_sealed_key_opens_only_under_its_secret_and_its_public_key)
{
    const auto key = ed25519_key::generate();
    const key_vault vault(random_bytes(32));
    const auto sealed = vault.seal(key.private_raw(), key.public_raw());
    BOOST_TEST(sealed.size() == 1u + 12u + 32u + 16u);
    BOOST_TEST(sealed.find(key.private_raw()) == std::string::npos);
    BOOST_TEST(!key_vault::is_clear(sealed));
    BOOST_TEST(key_vault::is_clear(key.private_raw()));
    BOOST_TEST((vault.open(sealed, key.public_raw()) == key.private_raw()));
    // Fresh nonce each time: sealing twice gives two different texts that both open.
    const auto again = vault.seal(key.private_raw(), key.public_raw());
    BOOST_TEST(again != sealed);
    BOOST_TEST((vault.open(again, key.public_raw()) == key.private_raw()));

    BOOST_TEST(!key_vault(random_bytes(32)).open(sealed, key.public_raw())); // another server's secret
    BOOST_TEST(!vault.open(sealed, ed25519_key::generate().public_raw()));   // moved to another challenge
    for (std::size_t i = 0; i < sealed.size(); ++i) {                        // any byte altered
        std::string tampered = sealed;
        tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
        BOOST_TEST(!vault.open(tampered, key.public_raw()), "byte " << i);
    }
    BOOST_TEST(!vault.open(sealed.substr(0, 20), key.public_raw()));
    BOOST_TEST(!vault.open("", key.public_raw()));
}

BOOST_AUTO_TEST_SUITE_END()
