// `cabildo migrate` (issue 20): a city's SQLite database, with ideas, ballots and a published
// result, copied into an empty PostgreSQL database; a server started on the copy with the same
// secret answers the same results and receipts; a second copy into the now full database is
// refused; and `cabildo backup` of that PostgreSQL database, a SQLite file served and migrated
// again. Runs in the SQLite run (the source is a SQLite file), on the run's PostgreSQL server.

#include "tests/api/challenge_fixture.hpp"
#include "tests/support/postgresql_server.hpp"

#include <boost/test/unit_test.hpp>

using namespace cabildo::test;

namespace {

boost::test_tools::assertion_result from_sqlite(boost::unit_test::test_unit_id)
{
    boost::test_tools::assertion_result r(!testing_postgresql());
    r.message() << "the source is a SQLite server's file (the SQLite run)";
    return r;
}

} // namespace

BOOST_AUTO_TEST_SUITE(migrate, *boost::unit_test::precondition(from_sqlite))

BOOST_FIXTURE_TEST_CASE(a_city_moves_to_postgresql_with_its_ballots_results_and_secret, challenge_fixture)
{
    const auto tokens = cards(4);
    server.set_clock("2020-10-01T06:00:00Z");
    const auto market = idea(tokens[0], "Mercado nocturno");
    const auto jobs = idea(tokens[1], "Bolsa de trabajo", "empleo");
    std::vector<std::string> receipts;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const auto r = vote(tokens[i], i % 2 == 0 ? json{market, jobs} : json{jobs});
        BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
        receipts.push_back(r.json_body()["receipt"]);
    }
    server.set_clock("2020-11-01T18:00:01Z"); // past the announcement: the timer publishes
    const auto published = server.get(mcc_base + "/results");
    BOOST_REQUIRE_MESSAGE(published.status == 200, published.body);
    const auto db = server.db();
    BOOST_REQUIRE_EQUAL(server.stop(), 0);

    const auto uri = the_server().fresh_database();
    const auto moved = server_process::run_to_exit({"migrate", "--from", db.string(), "--to", uri});
    BOOST_TEST_REQUIRE(moved.status == 0, moved.out << moved.err);
    BOOST_TEST(moved.out.find("ballots: 4 -> 4") != std::string::npos, moved.out);
    BOOST_TEST(moved.out.find("every count and every results document identical") != std::string::npos, moved.out);

    // The copy, served by a node with the file's secret: the same published result, byte for byte,
    // and the same receipts.
    server_process::use_postgresql(db, uri);
    server_process node(with_test_clock({}), db);
    node.set_clock("2020-11-01T18:00:01Z");
    const auto again = node.get(mcc_base + "/results");
    BOOST_REQUIRE_MESSAGE(again.status == 200, again.body);
    BOOST_TEST(again.body == published.body);
    for (const auto& receipt : receipts)
        BOOST_TEST(node.get(mcc_base + "/receipts/" + receipt).status == 200, receipt);
    // The node started: the secret's fingerprint, copied with the database, matched the file's.

    const auto twice = server_process::run_to_exit({"migrate", "--from", db.string(), "--to", uri});
    BOOST_TEST(twice.status == 2);
    BOOST_TEST(twice.err.find("not empty") != std::string::npos, twice.err);

    // `cabildo backup` of the PostgreSQL database (named by CABILDO_DB): a new SQLite file, private,
    // that a SQLite node serves with the same secret and the same answers, and that migrates into
    // another empty PostgreSQL database with every count identical.
    const auto copy = db.parent_path() / "backup-of-postgresql.db";
    const auto backed_up = server_process::run_to_exit({"backup", copy.string()}, {{"CABILDO_DB", uri}});
    BOOST_TEST_REQUIRE(backed_up.status == 0, backed_up.out << backed_up.err);
    BOOST_TEST(backed_up.out.find("ballots: 4 -> 4") != std::string::npos, backed_up.out);
    const auto mode = std::filesystem::status(copy).permissions();
    BOOST_TEST(((mode & (std::filesystem::perms::group_all | std::filesystem::perms::others_all)) ==
                std::filesystem::perms::none)); // the owner's only
    const auto over = server_process::run_to_exit({"backup", "--db", uri, copy.string()});
    BOOST_TEST(over.status == 2);
    BOOST_TEST(over.err.find("exists") != std::string::npos, over.err);
    BOOST_REQUIRE(node.stop() == 0);
    std::filesystem::copy_file(db.string() + ".secret", copy.string() + ".secret");
    {
        server_process restored(with_test_clock({}), copy);
        restored.set_clock("2020-11-01T18:00:01Z");
        const auto served = restored.get(mcc_base + "/results");
        BOOST_TEST(served.body == published.body);
        for (const auto& receipt : receipts)
            BOOST_TEST(restored.get(mcc_base + "/receipts/" + receipt).status == 200, receipt);
        // New rows take ids past the copied ones.
        const auto made = restored.post("/api/v1/municipalities/hermosillo/keys", {{"role", "organiser"}},
                                        server_process::admin_key());
        BOOST_TEST(made.status == 201, made.body);
        BOOST_REQUIRE(restored.stop() == 0);
    }
    const auto back =
        server_process::run_to_exit({"migrate", "--from", copy.string(), "--to", the_server().fresh_database()});
    BOOST_TEST(back.status == 0, back.out << back.err);
    BOOST_TEST(back.out.find("every count and every results document identical") != std::string::npos, back.out);
}

BOOST_AUTO_TEST_CASE(migrate_refuses_what_it_cannot_copy)
{
    const auto missing = server_process::run_to_exit(
        {"migrate", "--from", "/nonexistent/cabildo.db", "--to", "postgresql://cabildo@127.0.0.1:1/x"});
    BOOST_TEST(missing.status == 2);
    BOOST_TEST(missing.err.find("no SQLite database") != std::string::npos, missing.err);
    const auto not_postgresql =
        server_process::run_to_exit({"migrate", "--from", "/nonexistent/cabildo.db", "--to", "other.db"});
    BOOST_TEST(not_postgresql.status == 2);
    BOOST_TEST(not_postgresql.err.find("postgresql://") != std::string::npos, not_postgresql.err);
}

BOOST_AUTO_TEST_SUITE_END()
