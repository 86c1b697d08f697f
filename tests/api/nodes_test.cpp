// Two `cabildo serve` nodes on one PostgreSQL database (issue 20): any request may land on either.
// A key created or revoked on one works or stops working on the other (LISTEN/NOTIFY), one
// token's ballots sent to both at once leave exactly one counted ballot, and a database that
// restarts under a node is answered 503 storage_unavailable meanwhile and used again after,
// without restarting the node. Two nodes under load refuse nothing and never run a batch again
// (one writer at a time), the test clock moved on one is the other's time, a node killed with -9
// loses nothing acknowledged, the failover drill, and a node reading from a synchronous standby
// (--db-read) sees every write acknowledged; both nodes append to one bulletin board, whose file
// then verifies. These run when the run tests PostgreSQL (the api_postgresql_* tests);
// in the SQLite run they say they are skipped (one SQLite file has one node).

#include "tests/api/challenge_fixture.hpp"
#include "tests/support/postgresql_server.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

using namespace cabildo::test;

namespace {

boost::test_tools::assertion_result on_postgresql(boost::unit_test::test_unit_id)
{
    boost::test_tools::assertion_result r(testing_postgresql());
    r.message() << "two nodes share a PostgreSQL database (CABILDO_TEST_BACKEND=postgresql)";
    return r;
}

// Asks `ask` until `done` holds of its reply, for at most 5 s (a notification travels in ms).
template <class Ask, class Done>
http_reply within_seconds(Ask ask, Done done)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    for (;;) {
        auto reply = ask();
        if (done(reply) || std::chrono::steady_clock::now() > deadline)
            return reply;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

// Hermosillo and the challenge at mcc_base, made through `node` (the fixture's own, for tests that
// run their own database servers).
void open_challenge(server_process& node)
{
    add_hermosillo(node);
    BOOST_REQUIRE_EQUAL(
        node.post("/api/v1/municipalities/hermosillo/challenges", mcc_challenge(), server_process::admin_key()).status,
        201);
}

// The fixture's server (node A) and a second node (B) on the same database and test clock.
struct two_nodes : challenge_fixture {
    server_process b{with_test_clock({}), server.db()};

    void both_at(const std::string& rfc3339)
    {
        server.set_clock(rfc3339);
        b.set_clock(rfc3339);
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(nodes, *boost::unit_test::precondition(on_postgresql))

BOOST_FIXTURE_TEST_CASE(a_key_made_or_revoked_on_one_node_is_known_to_the_other, two_nodes)
{
    const auto& admin = server_process::admin_key();
    const auto made = server.post("/api/v1/municipalities/hermosillo/keys", {{"role", "organiser"}}, admin);
    BOOST_REQUIRE_MESSAGE(made.status == 201, made.body);
    const std::string key = made.json_body()["key"];
    const auto id = made.json_body()["id"].get<std::int64_t>();
    const auto works = within_seconds([&] { return b.get("/api/v1/whoami", key); },
                                      [](const http_reply& r) { return r.status == 200; });
    BOOST_TEST(works.status == 200, works.body);

    const auto revoked =
        server.request("DELETE", "/api/v1/municipalities/hermosillo/keys/" + std::to_string(id), {}, admin);
    BOOST_REQUIRE_MESSAGE(revoked.status == 204 || revoked.status == 200, revoked.body);
    const auto refused = within_seconds([&] { return b.get("/api/v1/whoami", key); },
                                        [](const http_reply& r) { return r.status == 401; });
    BOOST_TEST(refused.status == 401, refused.body);
    BOOST_TEST(server.get("/api/v1/whoami", key).status == 401);
}

BOOST_FIXTURE_TEST_CASE(one_token_voting_on_both_nodes_at_once_is_counted_once, two_nodes)
{
    const auto tokens = cards(12);
    both_at("2020-10-01T06:00:00Z");
    const auto market = idea(tokens[0], "Mercado nocturno");
    const auto jobs = idea(tokens[1], "Bolsa de trabajo", "empleo");
    // Every token sends two ballots at the same moment, one to each node, three times over.
    int accepted = 0;
    for (int round = 0; round < 3; ++round)
        for (const auto& t : tokens) {
            http_reply on_b;
            std::thread other([&] { on_b = b.put(mcc_base + "/ballot", {{"token", t}, {"choices", {jobs}}}); });
            http_reply on_a = server.put(mcc_base + "/ballot", {{"token", t}, {"choices", {market}}});
            other.join();
            for (const auto* r : {&on_a, &on_b}) {
                BOOST_TEST((r->status == 200 || r->error_code() == "too_many_ballots"), r->body);
                accepted += r->status == 200 ? 1 : 0;
            }
        }
    BOOST_TEST(accepted > 0);
    both_at("2020-10-26T06:00:00Z");
    for (auto* node : {&server, &b}) {
        const auto results = node->get(mcc_base + "/results", organiser);
        BOOST_REQUIRE_MESSAGE(results.status == 200, results.body);
        BOOST_TEST(results.json_body()["ballots"] == tokens.size()); // one per token, whoever took it
    }
}

BOOST_AUTO_TEST_CASE(a_node_answers_storage_unavailable_while_the_database_restarts_and_recovers_by_itself)
{
    postgresql_server own; // restarted below: not the run's shared one
    const auto db = std::filesystem::temp_directory_path() / ("cabildo-restart-" + std::to_string(own.port()));
    server_process::use_postgresql(db, own.fresh_database());
    server_process node({}, db);
    const auto& admin = server_process::admin_key();
    const auto create = [&](const std::string& slug) {
        return node.post("/api/v1/municipalities",
                         {{"slug", slug}, {"name", slug}, {"state", "Sonora"}, {"timezone", "America/Hermosillo"}},
                         admin);
    };
    BOOST_REQUIRE_EQUAL(create("antes").status, 201);

    own.stop();
    const auto during = create("durante");
    BOOST_TEST(during.status == 503, during.body);
    BOOST_TEST(during.error_code() == "storage_unavailable");
    BOOST_TEST(during.headers.count("retry-after") == 1u);
    const auto read = node.get("/api/v1/municipalities");
    BOOST_TEST(read.status == 503, read.body);

    own.start();
    const auto after =
        within_seconds([&] { return create("despues"); }, [](const http_reply& r) { return r.status != 503; });
    BOOST_TEST(after.status == 201, after.body);
    const auto listed = node.get("/api/v1/municipalities");
    BOOST_REQUIRE_EQUAL(listed.status, 200);
    std::set<std::string> slugs;
    const auto body = listed.json_body();
    for (const auto& m : body["municipalities"])
        slugs.insert(m["slug"].get<std::string>());
    BOOST_TEST((slugs == std::set<std::string>{"antes", "despues"}), listed.body); // nothing half-done was kept
    std::filesystem::remove(db.string() + ".secret");
}

// Two nodes taking different tokens' ballots at full speed write one transaction at a time (the
// writer lock): every ballot is acknowledged, and no batch ever meets another node's transaction
// and has to run again (under serializable isolation alone, some batches did, and some ran out of
// attempts: 503 to a ballot nothing conflicted with).
BOOST_FIXTURE_TEST_CASE(two_nodes_under_load_refuse_no_ballot_and_never_run_a_batch_again, two_nodes)
{
    const auto tokens = cards(120);
    both_at("2020-10-01T06:00:00Z");
    const auto market = idea(tokens[0], "Mercado nocturno");
    std::atomic<int> acknowledged{0};
    std::vector<std::thread> clients;
    for (std::size_t c = 0; c < 12; ++c)
        clients.emplace_back([&, c] {
            auto& node = c % 2 == 0 ? server : b;
            for (std::size_t i = c; i < tokens.size(); i += 12) {
                const auto r = node.put(mcc_base + "/ballot", {{"token", tokens[i]}, {"choices", {market}}});
                BOOST_TEST(r.status == 200, r.body);
                acknowledged += r.status == 200 ? 1 : 0;
            }
        });
    for (auto& t : clients)
        t.join();
    BOOST_TEST(acknowledged == 120);
    for (auto* node : {&server, &b}) {
        const auto st = node->get("/api/v1/status", server_process::admin_key()).json_body();
        BOOST_TEST(st["batches_run_again"].get<int>() == 0, st.dump());
        BOOST_TEST(st["commits"].get<int>() > 0);
    }

    // Both nodes appended to one board, one tree: every head either signed verifies against it.
    both_at("2020-11-02T00:00:00Z");
    BOOST_REQUIRE_EQUAL(b.get(mcc_base + "/results").status, 200);
    const auto file = server.get(mcc_base + "/board/file");
    BOOST_REQUIRE_EQUAL(file.status, 200);
    const auto path = std::filesystem::temp_directory_path() / ("cabildo-nodes-board-" + std::to_string(::getpid()));
    std::ofstream(path) << file.body;
    const auto verified = server_process::run_to_exit({"verify", path.string()});
    std::filesystem::remove(path);
    BOOST_TEST(verified.status == 0, verified.out << verified.err);
    BOOST_TEST(verified.out.find("ballots cast 120\n") != std::string::npos, verified.out);
    BOOST_TEST(verified.out.find("counted 120\n") != std::string::npos, verified.out);
}

// The test clock lives in the database: a move made through one node is the other's time at once,
// a node started later starts where the nodes moved it (not at its own --test-clock), and no node
// takes it back.
BOOST_FIXTURE_TEST_CASE(the_test_clock_moved_on_one_node_is_the_others_time, two_nodes)
{
    server.set_clock("2020-10-01T06:00:00Z");
    const auto seen =
        within_seconds([&] { return b.get(mcc_base); },
                       [](const http_reply& r) { return r.json_body().value("now", "") == "2020-10-01T06:00:00Z"; });
    BOOST_TEST(seen.json_body().value("now", "") == "2020-10-01T06:00:00Z", seen.body);
    const auto tokens = cards(1);
    const auto submitted = b.post(mcc_base + "/ideas", {{"token", tokens[0]},
                                                        {"title", "Mercado nocturno"},
                                                        {"description", "Una propuesta"},
                                                        {"category", "comercio"}});
    BOOST_TEST(submitted.status == 201, submitted.body); // the submission window is open on B too

    server_process late{with_test_clock({}), server.db()};
    BOOST_TEST(late.get(mcc_base).json_body().value("now", "") == "2020-10-01T06:00:00Z");
    const auto back = b.post("/api/v1/test/clock", {{"now", "2020-09-20T00:00:00Z"}}, server_process::admin_key());
    expect_error(back, 400, "invalid_field", "now");
}

// A node killed with -9 while it takes ballots from many clients: every ballot it acknowledged
// is found by the node started after it, and counted once.
BOOST_FIXTURE_TEST_CASE(a_node_killed_with_sigkill_loses_no_acknowledged_ballot, two_nodes)
{
    const auto tokens = cards(60);
    both_at("2020-10-01T06:00:00Z");
    const auto market = idea(tokens[0], "Mercado nocturno");
    std::mutex guard;
    std::vector<std::string> receipts;
    std::atomic<bool> killed{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < 4; ++c)
        clients.emplace_back([&, c] {
            for (std::size_t i = static_cast<std::size_t>(c); i < tokens.size() && !killed; i += 4) {
                try {
                    const auto r = server.put(mcc_base + "/ballot", {{"token", tokens[i]}, {"choices", {market}}});
                    if (r.status == 200) {
                        const std::lock_guard lock(guard);
                        receipts.push_back(r.json_body()["receipt"]);
                    }
                } catch (const std::exception&) {
                    return; // the connection died with the node: not acknowledged
                }
            }
        });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    for (;;) {
        {
            const std::lock_guard lock(guard);
            if (receipts.size() >= 20 || std::chrono::steady_clock::now() > deadline)
                break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    server.stop(true); // SIGKILL, ballots still arriving
    killed = true;
    for (auto& t : clients)
        t.join();
    BOOST_TEST_REQUIRE(receipts.size() >= 20u);
    for (const auto& receipt : receipts) {
        const auto r = b.get(mcc_base + "/receipts/" + receipt);
        BOOST_TEST(r.status == 200, receipt << ": " << r.body);
    }
    b.set_clock("2020-10-26T06:00:00Z");
    const auto results = b.get(mcc_base + "/results", organiser);
    BOOST_REQUIRE_MESSAGE(results.status == 200, results.body);
    const auto counted = results.json_body()["ballots"].get<std::size_t>();
    BOOST_TEST(counted >= receipts.size()); // the acknowledged ones, and perhaps some the kill left unanswered
    BOOST_TEST(counted <= tokens.size());
}

// The README's failover drill: a primary with a synchronous standby, two nodes following the
// primary through a multi-host URI, ballots cast through both, the primary killed with -9 in the
// middle, the standby promoted. Every ballot acknowledged with a 200 is found afterwards, counted
// once; the ones sent meanwhile were refused (503) and sent again.
BOOST_AUTO_TEST_CASE(failover_to_a_synchronous_standby_loses_no_acknowledged_ballot)
{
    postgresql_server primary;
    const auto standby = postgresql_server::synchronous_standby_of(primary);
    const auto uri = "postgresql://cabildo@127.0.0.1:" + std::to_string(primary.port()) +
                     ",127.0.0.1:" + std::to_string(standby->port()) +
                     "/postgres?target_session_attrs=read-write&connect_timeout=2";
    const auto db = std::filesystem::temp_directory_path() / ("cabildo-failover-" + std::to_string(primary.port()));
    server_process::use_postgresql(db, uri);
    server_process a(with_test_clock({}), db);
    server_process b(with_test_clock({}), db);
    const auto& admin = server_process::admin_key();
    open_challenge(a);
    const auto issued = a.post(mcc_base + "/tokens", {{"count", 40}}, admin);
    BOOST_REQUIRE_EQUAL(issued.status, 201);
    std::vector<std::string> tokens;
    const auto issued_body = issued.json_body();
    for (const auto& t : issued_body["tokens"])
        tokens.push_back(t["token"]);
    for (auto* node : {&a, &b})
        node->set_clock("2020-10-01T06:00:00Z");
    const auto made =
        a.post(mcc_base + "/ideas",
               {{"token", tokens[0]}, {"title", "Mercado"}, {"description", "x"}, {"category", "comercio"}});
    BOOST_REQUIRE_EQUAL(made.status, 201);
    const auto market = made.json_body()["id"].get<std::int64_t>();

    // Each node takes half the tokens, one ballot each, sent again after a 503 until a 200.
    std::atomic<int> acknowledged{0};
    std::atomic<int> refused{0};
    std::vector<std::string> receipts(tokens.size());
    const auto cast = [&](server_process& node, std::size_t first, std::size_t last) {
        for (std::size_t i = first; i < last; ++i) {
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
            for (;;) {
                const auto r = node.put(mcc_base + "/ballot", {{"token", tokens[i]}, {"choices", {market}}});
                if (r.status == 200) {
                    receipts[i] = r.json_body()["receipt"];
                    ++acknowledged;
                    break;
                }
                BOOST_TEST_REQUIRE(r.status == 503, r.body); // nothing but "not now" while it fails over
                ++refused;
                if (std::chrono::steady_clock::now() > deadline)
                    return;
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    };
    std::thread on_a([&] { cast(a, 0, 20); });
    std::thread on_b([&] { cast(b, 20, 40); });
    const auto halfway = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (acknowledged < 10 && std::chrono::steady_clock::now() < halfway)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    primary.crash();
    standby->promote();
    on_a.join();
    on_b.join();
    BOOST_TEST(acknowledged == 40);
    BOOST_TEST_MESSAGE("failover: " << refused << " ballots refused (503) while the standby took over");

    for (auto* node : {&a, &b})
        node->set_clock("2020-10-26T06:00:00Z");
    for (std::size_t i = 0; i < receipts.size(); ++i) {
        const auto r = b.get(mcc_base + "/receipts/" + receipts[i]);
        BOOST_TEST(r.status == 200, i << ": " << r.body);
    }
    const auto results = a.get(mcc_base + "/results", admin);
    BOOST_REQUIRE_MESSAGE(results.status == 200, results.body);
    BOOST_TEST(results.json_body()["ballots"] == 40); // each acknowledged ballot once, none lost
    std::filesystem::remove(db.string() + ".secret");
}

// --db-read: node A reads from a synchronous standby, node B does everything on the primary. Every
// ballot A acknowledges is found at once by a read on A (remote_apply: the standby applied it
// before the answer), a key B revokes stops working on A, and while the standby is down A answers
// its reads 503 storage_unavailable and serves them again, by itself, once it is back.
BOOST_AUTO_TEST_CASE(a_node_reading_from_a_synchronous_standby_sees_every_write_acknowledged)
{
    postgresql_server primary;
    // The standby applies each commit 150 ms after it: a node whose commit waited only for the
    // standby to store it (synchronous_commit = on, as the nodes without --db-read had until
    // 2026-12-07) would have node a reload its keys on the notice before the key is there.
    const auto standby = postgresql_server::synchronous_standby_of(primary, std::chrono::milliseconds(150));
    const auto db = std::filesystem::temp_directory_path() / ("cabildo-reads-" + std::to_string(primary.port()));
    server_process::use_postgresql(db, primary.uri());
    server_process a(with_test_clock({"--db-read", standby->uri()}), db);
    server_process b(with_test_clock({}), db);
    const auto& admin = server_process::admin_key();
    open_challenge(a);
    BOOST_REQUIRE_EQUAL(a.get(mcc_base).status, 200);
    const auto issued = a.post(mcc_base + "/tokens", {{"count", 20}}, admin);
    BOOST_REQUIRE_EQUAL(issued.status, 201);
    const auto issued_body = issued.json_body();
    a.set_clock("2020-10-01T06:00:00Z");
    const auto made = a.post(mcc_base + "/ideas", {{"token", issued_body["tokens"][0]["token"]},
                                                   {"title", "Mercado"},
                                                   {"description", "x"},
                                                   {"category", "comercio"}});
    BOOST_REQUIRE_MESSAGE(made.status == 201, made.body);
    const auto market = made.json_body()["id"].get<std::int64_t>();
    BOOST_TEST(a.get(mcc_base + "/ideas/" + std::to_string(market)).status == 200);
    for (const auto& t : issued_body["tokens"]) {
        const auto cast = a.put(mcc_base + "/ballot", {{"token", t["token"]}, {"choices", {market}}});
        BOOST_REQUIRE_MESSAGE(cast.status == 200, cast.body);
        const std::string receipt = cast.json_body()["receipt"];
        const auto found = a.get(mcc_base + "/receipts/" + receipt);
        BOOST_TEST(found.status == 200, receipt << ": " << found.body);
    }

    const auto key = b.post("/api/v1/municipalities/hermosillo/keys", {{"role", "organiser"}}, admin);
    BOOST_REQUIRE_EQUAL(key.status, 201);
    const std::string organiser = key.json_body()["key"];
    const auto works = within_seconds([&] { return a.get("/api/v1/whoami", organiser); },
                                      [](const http_reply& r) { return r.status == 200; });
    BOOST_TEST(works.status == 200, works.body);
    const auto id = key.json_body()["id"].get<std::int64_t>();
    BOOST_REQUIRE_EQUAL(
        b.request("DELETE", "/api/v1/municipalities/hermosillo/keys/" + std::to_string(id), {}, admin).status / 100, 2);
    const auto refused = within_seconds([&] { return a.get("/api/v1/whoami", organiser); },
                                        [](const http_reply& r) { return r.status == 401; });
    BOOST_TEST(refused.status == 401, refused.body);

    standby->stop();
    const auto down =
        within_seconds([&] { return a.get(mcc_base); }, [](const http_reply& r) { return r.status == 503; });
    expect_error(down, 503, "storage_unavailable");
    standby->start();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    http_reply again = a.get(mcc_base);
    while (again.status != 200 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        again = a.get(mcc_base);
    }
    BOOST_TEST(again.status == 200, again.body);
    std::filesystem::remove(db.string() + ".secret");
}

BOOST_AUTO_TEST_SUITE_END()
