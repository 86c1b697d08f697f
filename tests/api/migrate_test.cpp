// `cabildo migrate` (issue 20): a city's SQLite database, with ideas, ballots and a published
// result, copied into an empty PostgreSQL database; a server started on the copy with the same
// secret answers the same results and receipts; a second copy into the now full database is
// refused. Runs in the SQLite run (the source is a SQLite file), on the run's PostgreSQL server.

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
