// Backups that restore (issue 23, point 6), on SQLite: `cabildo backup` of a server under load is
// checked with PRAGMA integrity_check before it reports success, `cabildo restore` makes a database
// of it where none is (never over a live one, never from a damaged or newer file), and a server on
// the restored database finds every ballot acknowledged before the backup began.

#include "tests/api/challenge_fixture.hpp"
#include "tests/support/postgresql_server.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

namespace cabildo::test {
namespace {

struct acknowledged {
    std::string receipt;
    std::chrono::steady_clock::time_point at;
};

} // namespace

BOOST_AUTO_TEST_SUITE(backups)

BOOST_FIXTURE_TEST_CASE(a_backup_under_load_restores_every_acknowledged_ballot, challenge_fixture)
{
    if (testing_postgresql()) {
        BOOST_TEST_MESSAGE("cabildo backup and restore of a SQLite file: nothing to do on PostgreSQL");
        return;
    }
    const auto t = cards(300);
    server.set_clock("2020-10-05T00:00:00Z");
    const auto a = idea(t[0], "Idea respaldada");
    std::mutex m;
    std::vector<acknowledged> acks;
    std::atomic<bool> stop{false};
    std::vector<std::thread> voters;
    for (int w = 0; w < 3; ++w)
        voters.emplace_back([&, w] {
            for (int i = w; i < 300 && !stop; i += 3) {
                const auto r = vote(t[static_cast<std::size_t>(i)], {a});
                if (r.status != 200)
                    continue;
                const std::lock_guard lock(m);
                acks.push_back({r.json_body()["receipt"], std::chrono::steady_clock::now()});
            }
        });
    const auto count = [&] {
        const std::lock_guard lock(m);
        return acks.size();
    };
    for (const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
         count() < 50 && std::chrono::steady_clock::now() < deadline;)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    BOOST_REQUIRE(count() >= 50); // under load when the backup starts

    const auto dir = server.db().parent_path();
    const auto copy = dir / "respaldo.db";
    const auto began = std::chrono::steady_clock::now();
    const auto backup = server_process::run_to_exit({"backup", "--db", server.db().string(), copy.string()});
    const auto ended = std::chrono::steady_clock::now();
    stop = true;
    for (auto& v : voters)
        v.join();
    BOOST_REQUIRE_MESSAGE(backup.status == 0, backup.out << backup.err);
    BOOST_TEST(backup.out.find("integrity_check: ok") != std::string::npos, backup.out);

    // Never over a live database, nor from a damaged file.
    const auto over = server_process::run_to_exit({"restore", copy.string(), "--db", server.db().string()});
    BOOST_TEST(over.status == 2);
    BOOST_TEST(over.err.find("refusing to overwrite a live database") != std::string::npos, over.err);
    const auto damaged = dir / "dañado.db";
    std::filesystem::copy_file(copy, damaged);
    {
        std::fstream f(damaged, std::ios::in | std::ios::out | std::ios::binary);
        // The headers of pages 2 to 9 (b-tree pages of its tables and indexes) overwritten.
        const std::string garbage(64, '\x5a');
        for (std::streamoff page = 1; page < 9; ++page) {
            f.seekp(page * 4096);
            f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
        }
    }
    const auto from_damaged =
        server_process::run_to_exit({"restore", damaged.string(), "--db", (dir / "de-dañado.db").string()});
    BOOST_TEST(from_damaged.status == 2, from_damaged.out << from_damaged.err);
    BOOST_TEST(!std::filesystem::exists(dir / "de-dañado.db"));

    // Restored where nothing is, with the secret it was made with beside it.
    const auto restored = dir / "restaurada.db";
    const auto r = server_process::run_to_exit({"restore", copy.string(), "--db", restored.string()});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.out << r.err);
    BOOST_TEST(r.out.find("integrity_check: ok") != std::string::npos, r.out);
    std::filesystem::copy_file(server.db().string() + ".secret", restored.string() + ".secret");
    std::filesystem::permissions(restored.string() + ".secret",
                                 std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    server.stop();
    server_process again({"--test-clock", "2020-10-05T00:00:00Z"}, restored);
    std::size_t before = 0, during = 0, found_during = 0;
    for (const auto& ack : acks) {
        const auto status = again.get(mcc_base + "/receipts/" + ack.receipt).status;
        if (ack.at < began) {
            ++before;
            BOOST_TEST(status == 200, "a ballot acknowledged before the backup began is missing: " << ack.receipt);
        } else if (ack.at < ended) {
            ++during;
            found_during += status == 200 ? 1 : 0;
        }
    }
    BOOST_TEST(before >= 50U);
    BOOST_TEST_MESSAGE("restored: " << before << " ballots acknowledged before the backup, all found; " << found_during
                                    << " of " << during << " acknowledged while it ran");
}

BOOST_AUTO_TEST_CASE(restore_refuses_what_is_no_backup)
{
    const auto dir = std::filesystem::temp_directory_path() / ("cabildo-restore-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto none =
        server_process::run_to_exit({"restore", (dir / "nada.db").string(), "--db", (dir / "x.db").string()});
    BOOST_TEST(none.status == 2);
    {
        std::ofstream(dir / "texto.db") << "no soy una base de datos";
    }
    const auto text =
        server_process::run_to_exit({"restore", (dir / "texto.db").string(), "--db", (dir / "y.db").string()});
    BOOST_TEST(text.status == 2, text.err);
    BOOST_TEST(!std::filesystem::exists(dir / "y.db"));
    // PostgreSQL is restored into with `cabildo migrate`.
    const auto pg = server_process::run_to_exit({"restore", (dir / "texto.db").string(), "--db", "postgresql://x/y"});
    BOOST_TEST(pg.status == 2);
    BOOST_TEST(pg.err.find("cabildo migrate") != std::string::npos, pg.err);
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace cabildo::test
