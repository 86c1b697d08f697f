// Start-up: the server's secrets, and the signing keys an older version stored in clear.

#include "engine/bootstrap.hpp"

#include "engine/crypto.hpp"
#include "engine/key_vault.hpp"

#include <boost/test/unit_test.hpp>

#include <sys/syscall.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

using namespace cabildo::engine;

namespace {

std::mutex synced_mutex;
std::vector<std::string> synced; // the paths every fsync in this process was for

} // namespace

// Records what each fsync makes durable, then does it. The engine library is linked into this
// executable, so its calls (and SQLite's) come here first.
extern "C" int fsync(int fd)
{
    char path[4096] = {};
    const auto link = "/proc/self/fd/" + std::to_string(fd);
    if (const auto n = ::readlink(link.c_str(), path, sizeof path - 1); n > 0) {
        const std::lock_guard lock(synced_mutex);
        synced.emplace_back(path, static_cast<std::size_t>(n));
    }
    return static_cast<int>(::syscall(SYS_fsync, fd));
}

namespace {

struct scratch {
    std::filesystem::path dir = std::filesystem::temp_directory_path() / ("cabildo-bootstrap-" + to_hex(random_bytes(6)));
    scratch() { std::filesystem::create_directories(dir); }
    ~scratch() { std::filesystem::remove_all(dir); }
    std::filesystem::path db() const { return dir / "cabildo.db"; }
    std::filesystem::path secret() const { return dir / "cabildo.db.secret"; }
};

const std::string strong = "qaDx3tGiZWEmsBbOhYHRgAEd5QVOBEdwg_0J_7wZUjg";

} // namespace

BOOST_AUTO_TEST_SUITE(bootstrap)

// A crash right after the secret file is created must not lose it while the database keeps its
// fingerprint: the file is synced, and so is the folder that lists it.
BOOST_AUTO_TEST_CASE(the_new_secret_file_and_its_folder_are_synced)
{
    const scratch s;
    sqlite_store store({s.db()});
    {
        const std::lock_guard lock(synced_mutex);
        synced.clear();
    }
    const auto secrets = load_secrets(store, {strong, std::nullopt, s.secret()});
    BOOST_TEST(secrets.hmac_secret.size() == 32u);
    const std::lock_guard lock(synced_mutex);
    const auto canonical = std::filesystem::canonical(s.dir);
    BOOST_TEST((std::find(synced.begin(), synced.end(), (canonical / "cabildo.db.secret").string()) != synced.end()));
    BOOST_TEST((std::find(synced.begin(), synced.end(), canonical.string()) != synced.end()));
}

BOOST_AUTO_TEST_CASE(secrets_are_decoded_and_must_hold_32_random_bytes)
{
    const auto bytes = random_bytes(32);
    BOOST_TEST((decode_secret(base64url_encode(bytes)) == bytes));
    BOOST_TEST((decode_secret(base64url_encode(bytes) + "\n") == bytes)); // as the file holds it
    BOOST_TEST((decode_secret(to_hex(bytes)) == bytes));
    std::string standard = base64url_encode(bytes) + "=";               // `openssl rand -base64 32`
    for (auto& c : standard)
        c = c == '-' ? '+' : c == '_' ? '/' : c;
    BOOST_TEST((decode_secret(standard) == bytes));
    BOOST_TEST(!decode_secret("x"));
    BOOST_TEST(!decode_secret("test-admin-key-0123456789"));
    BOOST_TEST(!decode_secret(base64url_encode(random_bytes(31))));
    BOOST_TEST(!decode_secret(base64url_encode(std::string(32, 'a'))));   // not random
    BOOST_TEST(!decode_secret(std::string(64, '0')));
    BOOST_TEST(!decode_secret("correct horse battery staple correct horse battery staple"));
}

BOOST_AUTO_TEST_CASE(weak_secrets_stop_the_start_with_a_sentence)
{
    const scratch s;
    sqlite_store store({s.db()});
    BOOST_CHECK_EXCEPTION(load_secrets(store, {std::string("x"), std::nullopt, s.secret()}), std::runtime_error,
                          [](const std::runtime_error& e) { return std::string(e.what()).find("CABILDO_ADMIN_KEY") == 0; });
    BOOST_CHECK_EXCEPTION(load_secrets(store, {strong, std::string("short"), s.secret()}), std::runtime_error,
                          [](const std::runtime_error& e) { return std::string(e.what()).find("CABILDO_HMAC_SECRET") == 0; });
    BOOST_TEST(!std::filesystem::exists(s.secret()));
}

// The file's content pasted into CABILDO_HMAC_SECRET is the same secret: the server starts.
BOOST_AUTO_TEST_CASE(the_secret_files_content_works_in_the_environment)
{
    const scratch s;
    sqlite_store store({s.db()});
    const auto from_file = load_secrets(store, {strong, std::nullopt, s.secret()});
    std::ifstream in(s.secret());
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::filesystem::remove(s.secret());
    const auto from_env = load_secrets(store, {strong, content, s.secret()});
    BOOST_TEST(from_env.hmac_secret == from_file.hmac_secret);
    BOOST_TEST(!std::filesystem::exists(s.secret()));
}

// Once CABILDO_ADMIN_KEY was given, unsetting it keeps that key: the key generated on an earlier
// start does not come back.
BOOST_AUTO_TEST_CASE(unsetting_the_admin_key_does_not_revive_the_generated_one)
{
    const scratch s;
    sqlite_store store({s.db()});
    const auto first = load_secrets(store, {std::nullopt, std::nullopt, s.secret()});
    BOOST_REQUIRE(first.generated_admin_key);
    const auto given = load_secrets(store, {strong, std::nullopt, s.secret()});
    BOOST_TEST(given.admin_key_hash == sha256(strong));
    const auto unset = load_secrets(store, {std::nullopt, std::nullopt, s.secret()});
    BOOST_TEST(!unset.generated_admin_key);
    BOOST_TEST(unset.admin_key_hash == sha256(strong));
    BOOST_TEST(unset.admin_key_hash != sha256(*first.generated_admin_key));
}

// A database from before keys were sealed: the start that has the secret seals them, and the
// sealed key is the same key.
BOOST_AUTO_TEST_CASE(keys_stored_in_clear_are_sealed_at_start)
{
    const scratch s;
    const auto key = ed25519_key::generate();
    {
        sqlite_store store({s.db()});
        load_secrets(store, {strong, std::nullopt, s.secret()});
        store.run_now([&](repository& repo) {
            municipality m{0, "hermosillo", "Hermosillo", "Sonora", "America/Hermosillo", "es-MX", {}};
            repo.insert_municipality(m);
            challenge c;
            c.municipality_id = m.id;
            c.slug = "antiguo";
            c.title = "Antiguo";
            c.description = "Un reto de antes";
            c.issuer_key_sealed = key.private_raw(); // in clear, as migration 1 stored it
            c.issuer_public = key.public_raw();
            repo.insert_challenge(c);
        });
    }
    sqlite_store store({s.db()});
    const auto secrets = load_secrets(store, {strong, std::nullopt, s.secret()});
    std::vector<repository::issuer_key_row> rows;
    store.run_now([&](repository& repo) { rows = repo.issuer_keys(); });
    BOOST_REQUIRE_EQUAL(rows.size(), 1u);
    BOOST_TEST(!key_vault::is_clear(rows[0].sealed));
    BOOST_TEST((key_vault(secrets.hmac_secret).open(rows[0].sealed, key.public_raw()) == key.private_raw()));
}

BOOST_AUTO_TEST_SUITE_END()
