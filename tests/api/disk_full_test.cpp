// A full disk (issue 23, point 3), on SQLite: with the database on a small tmpfs mounted for the
// test and filled up, a ballot is answered 503 storage_unavailable with Retry-After and nothing
// half-written is acknowledged, reads keep working, and once space returns the server writes again
// by itself. And a read-only file system: Linux refuses to make one read-only while a file on it
// is open for writing (the server's database always is), so a running server meets one only when
// the kernel forces it after a disk error, where SQLite's I/O and read-only errors are answered like a full
// disk (sqlite_session.cpp); what a test can make is a server started on one, which must refuse to
// start and say why. Mounting needs root (CI runs as root); elsewhere the tests say so and skip.

#include "tests/api/challenge_fixture.hpp"
#include "tests/support/postgresql_server.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <unistd.h>

namespace cabildo::test {
namespace {

// A tmpfs of `megabytes` at a new folder, unmounted and removed at the end; empty() when mounting
// is not allowed here.
struct small_disk {
    std::filesystem::path dir;
    bool mounted = false;
    explicit small_disk(int megabytes)
    {
        dir = std::filesystem::temp_directory_path() / ("cabildo-full-" + std::to_string(std::random_device{}()));
        std::filesystem::create_directories(dir);
        if (::geteuid() != 0)
            return;
        const auto command = "mount -t tmpfs -o size=" + std::to_string(megabytes) + "m,mode=0700 tmpfs " +
                             dir.string() + " 2>/dev/null";
        mounted = std::system(command.c_str()) == 0;
    }
    ~small_disk()
    {
        if (mounted)
            (void)std::system(("umount -l " + dir.string() + " 2>/dev/null").c_str());
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
    }
    // Read-only, or writable again; false when the kernel refused (a file open for writing).
    bool set_read_only(bool read_only) const
    {
        const auto command =
            std::string("mount -o remount,") + (read_only ? "ro " : "rw ") + dir.string() + " 2>/dev/null";
        return std::system(command.c_str()) == 0;
    }
    // Writes a file until the disk is full.
    void fill(const std::filesystem::path& file) const
    {
        std::ofstream f(file, std::ios::binary);
        const std::string block(64 << 10, '\0');
        while (f.write(block.data(), static_cast<std::streamsize>(block.size())))
            ;
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(disk_full)

BOOST_AUTO_TEST_CASE(a_full_disk_refuses_writes_cleanly_keeps_reads_and_recovers)
{
    if (testing_postgresql()) {
        BOOST_TEST_MESSAGE("a full disk under a SQLite file: nothing to do on PostgreSQL");
        return;
    }
    const small_disk disk(16);
    if (!disk.mounted) {
        BOOST_TEST_MESSAGE("skipped: mounting a tmpfs is not allowed here (it needs root; CI runs as root)");
        return;
    }
    server_process server(with_test_clock({}), disk.dir / "cabildo.db");
    add_hermosillo(server);
    const std::string organiser =
        server.post("/api/v1/municipalities/hermosillo/keys", json::object(), server_process::admin_key())
            .json_body()["key"];
    BOOST_REQUIRE_EQUAL(server.post("/api/v1/municipalities/hermosillo/challenges", mcc_challenge(), organiser).status,
                        201);
    const auto issued = server.post(mcc_base + "/tokens", {{"count", 40}}, organiser);
    BOOST_REQUIRE_EQUAL(issued.status, 201);
    const auto tokens = issued.json_body()["tokens"];
    server.set_clock("2020-10-02T12:00:00Z");
    const auto idea = server.post(mcc_base + "/ideas", {{"token", tokens[0]["token"]},
                                                        {"title", "Idea antes del disco lleno"},
                                                        {"description", "x"},
                                                        {"category", "empleo"}});
    BOOST_REQUIRE_EQUAL(idea.status, 201);
    const json choices = json::array({idea.json_body()["id"]});
    BOOST_REQUIRE_EQUAL(server.put(mcc_base + "/ballot", {{"token", tokens[0]["token"]}, {"choices", choices}}).status,
                        200);

    // The disk fills up: writes are refused with the code and a time to come back, reads go on.
    const auto filler = disk.dir / "relleno";
    disk.fill(filler);
    int refused = 0, stored = 0;
    for (std::size_t i = 1; i < 30; ++i) {
        const auto r = server.put(mcc_base + "/ballot", {{"token", tokens[i]["token"]}, {"choices", choices}});
        if (r.status == 200) {
            ++stored; // written into space SQLite had already (its WAL, a free page)
            continue;
        }
        BOOST_TEST(r.status == 503, r.body);
        BOOST_TEST(r.error_code() == "storage_unavailable", r.body);
        // SQLite's refused commit stored nothing, and the answer says so (not "it may have been stored").
        BOOST_TEST(r.body.find("nothing was changed") != std::string::npos, r.body);
        BOOST_TEST(r.headers.contains("retry-after"));
        ++refused;
    }
    BOOST_TEST(refused > 0, "a full disk refused no ballot (" << stored << " stored)");
    BOOST_TEST_MESSAGE("disk full: " << refused << " ballots refused 503, " << stored << " stored in space at hand");
    BOOST_TEST(server.get(mcc_base + "/ideas").status == 200);
    BOOST_TEST(server.get(mcc_base).status == 200);

    // Space returns: the next ballot is stored, without a restart.
    std::filesystem::remove(filler);
    int after = 0;
    for (std::size_t i = 30; i < 40; ++i)
        after += server.put(mcc_base + "/ballot", {{"token", tokens[i]["token"]}, {"choices", choices}}).status == 200;
    BOOST_TEST(after == 10);
    // Every ballot acknowledged is counted; none refused is.
    server.set_clock("2020-10-26T06:00:00Z");
    const auto results = server.get(mcc_base + "/results", organiser);
    BOOST_REQUIRE_EQUAL(results.status, 200);
    BOOST_TEST(results.json_body()["ballots"] == 1 + stored + after);
    server.stop();
}

BOOST_AUTO_TEST_CASE(a_server_started_on_a_read_only_file_system_refuses_and_names_it)
{
    if (testing_postgresql()) {
        BOOST_TEST_MESSAGE("a read-only file system under a SQLite file: nothing to do on PostgreSQL");
        return;
    }
    const small_disk disk(16);
    if (!disk.mounted) {
        BOOST_TEST_MESSAGE("skipped: mounting a tmpfs is not allowed here (it needs root; CI runs as root)");
        return;
    }
    const auto db = disk.dir / "cabildo.db";
    {
        server_process server({}, db);
        add_hermosillo(server);
        BOOST_REQUIRE_EQUAL(server.stop(), 0);
    }
    const auto before = std::filesystem::file_size(db);
    BOOST_REQUIRE(disk.set_read_only(true));
    const auto r = server_process::run_to_exit({"serve", "--port", "0", "--db", db.string()},
                                               {{"CABILDO_ADMIN_KEY", server_process::admin_key()}});
    BOOST_TEST(r.status == 1, r.err);
    BOOST_TEST(r.err.find("Read-only file system") != std::string::npos, r.err);
    BOOST_REQUIRE(disk.set_read_only(false));
    // Nothing was lost: writable again, the same database serves what it held.
    BOOST_TEST(std::filesystem::file_size(db) == before);
    server_process again({}, db);
    const auto m = again.get("/api/v1/municipalities/hermosillo");
    BOOST_TEST(m.status == 200, m.body);
    again.stop();
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace cabildo::test
