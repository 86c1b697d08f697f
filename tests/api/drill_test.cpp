// The kill -9 drill (issue 23, point 2): residents keep voting, and voting again, from several
// connections while something is killed with SIGKILL at random moments and started again: the
// server on its database; one of two nodes on one PostgreSQL database; that database's server
// itself, under both nodes. At the end the published export must hold every token's last
// acknowledged ballot (unless a later one of that token was in flight, or answered "it may have
// been stored", when a kill came), no earlier ballot of a token that a later acknowledged one
// replaced, and no receipt twice. `make test` kills 3 times; `make bench` runs the same drills
// with CABILDO_DRILL_KILLS=20 and prints their figures.

#include "tests/api/challenge_fixture.hpp"
#include "tests/support/postgresql_server.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <thread>

namespace cabildo::test {
namespace {

int drill_kills()
{
    const char* n = std::getenv("CABILDO_DRILL_KILLS");
    return n != nullptr && std::atoi(n) > 0 ? std::atoi(n) : 3;
}

boost::test_tools::assertion_result drill_on_postgresql(boost::unit_test::test_unit_id)
{
    boost::test_tools::assertion_result r(testing_postgresql());
    r.message() << "two nodes share a PostgreSQL database (CABILDO_TEST_BACKEND=postgresql)";
    return r;
}

// What one token's voter knows: its acknowledged receipts in order, and whether a ballot was sent
// after the last of them without an answer, or with "it may have been stored" (the kill came).
struct voter_state {
    std::vector<std::string> acknowledged;
    bool uncertain_after_last = false;
};

// A drill over nodes that share a database: four voters, voter w on node w % nodes, each voting
// again and again through the tokens until the round ends.
class drill {
public:
    drill(std::vector<std::string> tokens, std::vector<std::int64_t> ideas)
        : tokens_(std::move(tokens)), ideas_(std::move(ideas))
    {}

    // One round: the voters vote; at a random moment 150 to 900 ms in, `kill` (SIGKILL to
    // something); then the voters stop and `restart` brings it back.
    void round(const std::vector<server_process*>& nodes, const std::function<void()>& kill,
               const std::function<void()>& restart)
    {
        std::atomic<bool> done{false};
        std::vector<std::thread> voters;
        for (std::size_t w = 0; w < 4; ++w)
            voters.emplace_back([&, w] { vote(*nodes[w % nodes.size()], w, done); });
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(150, 900)(rng_)));
        kill();
        // The voters of a node that lives on, or of a database coming back, go on a moment longer.
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        done = true;
        for (auto& v : voters)
            v.join();
        restart();
    }

    // The published export against what the voters know; `label` names the drill in its message.
    void check(const server_process& node, int kills, const std::string& label)
    {
        node.set_clock("2020-11-02T00:00:00Z");
        const auto exported = node.get(mcc_base + "/export?format=json");
        BOOST_REQUIRE_EQUAL(exported.status, 200);
        const auto data = exported.json_body();
        std::multiset<std::string> counted;
        for (const auto& b : data["ballots"])
            counted.insert(b["receipt"].get<std::string>());
        std::size_t acknowledged = 0, lost = 0, stale = 0, doubled = 0;
        for (const auto& receipt : counted)
            doubled += counted.count(receipt) > 1 ? 1 : 0;
        for (const auto& [token, s] : state_) {
            acknowledged += s.acknowledged.size();
            if (s.acknowledged.empty())
                continue;
            if (!s.uncertain_after_last && !counted.contains(s.acknowledged.back()))
                ++lost;
            for (std::size_t i = 0; i + 1 < s.acknowledged.size(); ++i)
                stale += counted.contains(s.acknowledged[i]) ? 1 : 0; // replaced by a later acknowledged one
        }
        BOOST_TEST(acknowledged > 0U);
        BOOST_TEST(counted.size() <= tokens_.size());
        BOOST_TEST(lost == 0U);
        BOOST_TEST(stale == 0U);
        BOOST_TEST(doubled == 0U);
        BOOST_TEST_MESSAGE("kill -9 drill, " << label << ": " << kills << " kills, " << sent_ << " ballots sent, "
                                             << acknowledged << " acknowledged, " << counted.size()
                                             << " counted (one a token), lost " << lost << ", replaced yet counted "
                                             << stale << ", doubled " << doubled);
    }

private:
    void vote(server_process& node, std::size_t w, const std::atomic<bool>& done)
    {
        for (std::size_t round = 0; !done; ++round)
            for (std::size_t i = w; i < tokens_.size() && !done; i += 4) {
                const json choices = json::array({ideas_[(i + round) % ideas_.size()]});
                try {
                    {
                        const std::lock_guard lock(m_);
                        state_[tokens_[i]].uncertain_after_last = true;
                        ++sent_;
                    }
                    const auto r = node.put(mcc_base + "/ballot", {{"token", tokens_[i]}, {"choices", choices}});
                    const std::lock_guard lock(m_);
                    auto& s = state_[tokens_[i]];
                    if (r.status == 200) {
                        s.acknowledged.push_back(r.json_body()["receipt"]);
                        s.uncertain_after_last = false;
                    } else if (r.status != 0 && r.error_code() != "storage_unavailable") {
                        s.uncertain_after_last = false; // refused: nothing was stored
                    } // storage_unavailable: the database went while it committed, it may be stored
                    if (r.status == 503)
                        std::this_thread::sleep_for(std::chrono::milliseconds(20)); // as a page would
                } catch (const std::exception&) {
                    return; // no answer: the node died; the ballot may or may not be stored
                }
            }
    }

    std::vector<std::string> tokens_;
    std::vector<std::int64_t> ideas_;
    std::map<std::string, voter_state> state_;
    std::mutex m_;
    std::size_t sent_ = 0;
    std::mt19937 rng_{std::random_device{}()};
};

std::vector<std::string> tokens_of(const http_reply& issued)
{
    BOOST_REQUIRE_MESSAGE(issued.status == 201, issued.body);
    std::vector<std::string> out;
    const auto body = issued.json_body();
    for (const auto& t : body["tokens"])
        out.push_back(t["token"]);
    return out;
}

// A server started again runs one io thread, as a server pinned to one core does: its connections
// share the io_context's executor instead of a strand each (api/server.cpp).
const std::vector<std::string> drill_clock{"--test-clock", "2020-10-05T00:00:00Z", "--threads", "1"};

} // namespace

BOOST_AUTO_TEST_SUITE(drills)

BOOST_FIXTURE_TEST_CASE(kill_9_under_load_loses_and_doubles_nothing_acknowledged, challenge_fixture)
{
    const int kills = drill_kills();
    const auto tokens = cards(std::min(1000, 40 * kills)); // a token casts at most 100 ballots
    server.set_clock("2020-10-05T00:00:00Z");
    drill d(tokens, {idea(tokens[0], "Primera"), idea(tokens[1], "Segunda"), idea(tokens[2], "Tercera")});
    std::optional<server_process> restarted;
    server_process* current = &server;
    for (int k = 0; k < kills; ++k)
        d.round(
            {current}, [&] { current->stop(true); },
            [&] {
                restarted.reset();
                restarted.emplace(drill_clock, server.db());
                current = &*restarted;
            });
    d.check(*current, kills, testing_postgresql() ? "one server on PostgreSQL" : "one server on SQLite");
}

// Two nodes on one PostgreSQL database, voters on both; one node is killed each time and started
// again, the other takes ballots throughout.
BOOST_FIXTURE_TEST_CASE(kill_9_of_one_of_two_nodes_loses_and_doubles_nothing_acknowledged, challenge_fixture,
                        *boost::unit_test::precondition(drill_on_postgresql))
{
    const int kills = drill_kills();
    std::optional<server_process> b;
    b.emplace(drill_clock, server.db());
    const auto tokens = cards(std::min(1000, 40 * kills));
    server.set_clock("2020-10-05T00:00:00Z");
    drill d(tokens, {idea(tokens[0], "Primera"), idea(tokens[1], "Segunda"), idea(tokens[2], "Tercera")});
    for (int k = 0; k < kills; ++k)
        d.round(
            {&server, &*b}, [&] { b->stop(true); },
            [&] {
                b.reset();
                b.emplace(drill_clock, server.db());
            });
    d.check(*b, kills, "two nodes, one killed");
}

// Two nodes on a PostgreSQL server of the test's own; the database server's postmaster is killed
// with SIGKILL each time (a crash: nothing flushed) and started again on its data, the nodes
// staying up: they answer 503 meanwhile and write again by themselves once it is back.
BOOST_AUTO_TEST_CASE(kill_9_of_the_database_loses_and_doubles_nothing_acknowledged,
                     *boost::unit_test::precondition(drill_on_postgresql))
{
    const int kills = drill_kills();
    postgresql_server own; // killed below: not the run's shared one
    const auto db = std::filesystem::temp_directory_path() / ("cabildo-drill-db-" + std::to_string(own.port()));
    server_process::use_postgresql(db, own.fresh_database());
    server_process a(with_test_clock({}), db);
    server_process b(with_test_clock({}), db);
    const auto& admin = server_process::admin_key();
    add_hermosillo(a);
    BOOST_REQUIRE_EQUAL(a.post("/api/v1/municipalities/hermosillo/challenges", mcc_challenge(), admin).status, 201);
    const auto tokens = tokens_of(a.post(mcc_base + "/tokens", {{"count", std::min(1000, 40 * kills)}}, admin));
    a.set_clock("2020-10-05T00:00:00Z");
    std::vector<std::int64_t> ideas;
    for (const auto* title : {"Primera", "Segunda", "Tercera"}) {
        const auto made =
            a.post(mcc_base + "/ideas",
                   {{"token", tokens[ideas.size()]}, {"title", title}, {"description", "x"}, {"category", "comercio"}});
        BOOST_REQUIRE_MESSAGE(made.status == 201, made.body);
        ideas.push_back(made.json_body()["id"]);
    }
    drill d(tokens, ideas);
    for (int k = 0; k < kills; ++k)
        d.round(
            {&a, &b}, [&] { own.crash(); }, [&] { own.start(); });
    // Both nodes write again by themselves, with no restart.
    for (auto* node : {&a, &b}) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        http_reply r;
        while ((r = node->get("/api/v1/municipalities")).status != 200 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        BOOST_TEST(r.status == 200, r.body);
    }
    d.check(a, kills, "two nodes, the database killed");
    std::filesystem::remove(db.string() + ".secret");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace cabildo::test
