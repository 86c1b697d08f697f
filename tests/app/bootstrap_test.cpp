// Start-up: the server's secrets, and the signing keys an older version stored in clear.

#include "app/bootstrap.hpp"

#include "engine/identity/crypto.hpp"
#include "engine/identity/key_vault.hpp"
#include "engine/storage/schema.hpp"
#include "engine/storage/sqlite_store.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/test/unit_test.hpp>

#include <sys/syscall.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

using namespace cabildo::engine;
using namespace cabildo::app;

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
    std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("cabildo-bootstrap-" + to_hex(random_bytes(6)));
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
    std::string standard = base64url_encode(bytes) + "="; // `openssl rand -base64 32`
    for (auto& c : standard)
        c = c == '-' ? '+' : c == '_' ? '/' : c;
    BOOST_TEST((decode_secret(standard) == bytes));
    BOOST_TEST(!decode_secret("x"));
    BOOST_TEST(!decode_secret("test-admin-key-0123456789"));
    BOOST_TEST(!decode_secret(base64url_encode(random_bytes(31))));
    BOOST_TEST(!decode_secret(base64url_encode(std::string(32, 'a')))); // not random
    BOOST_TEST(!decode_secret(std::string(64, '0')));
    BOOST_TEST(!decode_secret("correct horse battery staple correct horse battery staple"));
}

BOOST_AUTO_TEST_CASE(weak_secrets_stop_the_start_with_a_sentence)
{
    const scratch s;
    sqlite_store store({s.db()});
    BOOST_CHECK_EXCEPTION(
        load_secrets(store, {std::string("x"), std::nullopt, s.secret()}), std::runtime_error,
        [](const std::runtime_error& e) { return std::string(e.what()).find("CABILDO_ADMIN_KEY") == 0; });
    BOOST_CHECK_EXCEPTION(
        load_secrets(store, {strong, std::string("short"), s.secret()}), std::runtime_error,
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

// A database from before keys were sealed (schema 1, the key in clear, the challenge's row
// rewritten by edits as older versions did): the start that has the secret migrates it, seals the
// key, and rewrites the file, so no byte of the clear key is left in the database or its WAL.
BOOST_AUTO_TEST_CASE(a_database_with_keys_in_clear_is_sealed_and_rewritten_at_start)
{
    const scratch s;
    const auto key = ed25519_key::generate();
    {
        SQLite::Database old(s.db().string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        old.exec("PRAGMA journal_mode = WAL");
        old.exec(std::string(schema_migrations()[0]));
        old.exec("PRAGMA user_version = 1");
        old.exec("INSERT INTO municipalities (slug, name, state, timezone, locale, created_at) "
                 "VALUES ('hermosillo', 'Hermosillo', 'Sonora', 'America/Hermosillo', 'es-MX', 0)");
        old.exec("PRAGMA secure_delete = OFF");
        // Thirteen challenges; the third one's key is the one followed below.
        for (int i = 0; i < 13; ++i) {
            const auto k = i == 2 ? key : ed25519_key::generate();
            SQLite::Statement insert(old,
                                     "INSERT INTO challenges (municipality_id, slug, title, description, "
                                     "categories, timeline, ballot, winners, tie_break_seed, max_ideas_per_token, "
                                     "issuer_private, issuer_public, created_at) VALUES (1, ?, 'Antiguo', ?, '[]', ?, "
                                     "?, 1, 'seed', 5, ?, ?, 0)");
            insert.bind(1, "antiguo-" + std::to_string(i));
            insert.bind(2, std::string(300, 'd'));
            insert.bind(3,
                        R"({"submission":{"opens":0,"closes":10},"voting":{"opens":0,"closes":10},"announcement":20})");
            insert.bind(4, R"({"kind":"approval","method":"approval","max_choices":3})");
            const auto priv = k.private_raw(), pub = k.public_raw();
            insert.bind(5, priv.data(), 32);
            insert.bind(6, pub.data(), 32);
            insert.exec();
        }
        // Edits rewrote the whole row, and a longer row moves within its page, leaving the old
        // cell, key included, in the page's free space.
        for (int i = 0; i < 6; ++i)
            old.exec("UPDATE challenges SET title = '" + std::string(10 + 60 * static_cast<std::size_t>(i), 't') +
                     "' WHERE slug = 'antiguo-2'");
    }
    const auto raw = key.private_raw();
    const auto bytes_of_folder = [&] {
        std::string bytes;
        for (const auto& f : std::filesystem::directory_iterator(s.dir)) {
            std::ifstream in(f.path(), std::ios::binary);
            bytes.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        }
        return bytes;
    };
    {
        const auto before = bytes_of_folder();
        std::size_t copies = 0;
        for (auto at = before.find(raw); at != std::string::npos; at = before.find(raw, at + 1))
            ++copies;
        BOOST_TEST_REQUIRE(copies >= 2u); // the live row and a stale copy: what the start must clear
    }
    std::string sealed;
    {
        sqlite_store store({s.db()});
        const auto secrets = load_secrets(store, {strong, std::nullopt, s.secret()});
        store.run_now([&](repository& repo) {
            const auto rows = repo.issuer_keys();
            BOOST_REQUIRE_EQUAL(rows.size(), 13u);
            sealed = rows[2].sealed;
        });
        BOOST_TEST(!key_vault::is_clear(sealed));
        BOOST_TEST((key_vault(secrets.hmac_secret).open(sealed, key.public_raw()) == raw));
        const auto bytes = bytes_of_folder();
        BOOST_TEST(bytes.find(key.public_raw()) != std::string::npos);
        BOOST_TEST(bytes.find(raw) == std::string::npos);
    }
    // Started again, nothing is sealed twice.
    sqlite_store store({s.db()});
    load_secrets(store, {strong, std::nullopt, s.secret()});
    store.run_now([&](repository& repo) { BOOST_TEST(repo.issuer_keys()[2].sealed == sealed); });
}

BOOST_AUTO_TEST_SUITE_END()
