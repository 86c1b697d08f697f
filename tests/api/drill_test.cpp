// The kill -9 drill (issue 23, point 2): residents keep voting, and voting again, from several
// connections while the server is killed with SIGKILL at random moments and started again on the
// same database; at the end the published export must hold every token's last acknowledged ballot
// (unless a later one of that token was in flight when a kill came), no earlier ballot of a token
// that a later acknowledged one replaced, and no receipt twice. `make test` kills 3 times;
// `make bench` runs the same drill with CABILDO_DRILL_KILLS=20 and prints its figures.

#include "tests/api/challenge_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
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

// What one token's voter knows: its acknowledged receipts in order, and whether a ballot was sent
// after the last of them without an answer (the kill came first).
struct voter_state {
    std::vector<std::string> acknowledged;
    bool unanswered_after_last = false;
};

} // namespace

BOOST_AUTO_TEST_SUITE(drills)

BOOST_FIXTURE_TEST_CASE(kill_9_under_load_loses_and_doubles_nothing_acknowledged, challenge_fixture)
{
    const int kills = drill_kills();
    const auto tokens = cards(std::min(1000, 40 * kills)); // a token casts at most 100 ballots
    server.set_clock("2020-10-05T00:00:00Z");
    const std::vector<std::int64_t> ideas{idea(tokens[0], "Primera"), idea(tokens[1], "Segunda"),
                                          idea(tokens[2], "Tercera")};
    std::map<std::string, voter_state> state;
    std::mutex m;
    std::optional<server_process> restarted;
    server_process* current = &server;
    std::mt19937 rng(std::random_device{}());
    std::size_t sent = 0;

    for (int k = 0; k < kills; ++k) {
        std::atomic<bool> dead{false};
        std::vector<std::thread> voters;
        for (int w = 0; w < 4; ++w)
            voters.emplace_back([&, w] {
                for (std::size_t round = 0; !dead; ++round)
                    for (std::size_t i = static_cast<std::size_t>(w); i < tokens.size() && !dead; i += 4) {
                        const json choices = json::array({ideas[(i + round) % ideas.size()]});
                        try {
                            {
                                const std::lock_guard lock(m);
                                state[tokens[i]].unanswered_after_last = true;
                                ++sent;
                            }
                            const auto r =
                                current->put(mcc_base + "/ballot", {{"token", tokens[i]}, {"choices", choices}});
                            const std::lock_guard lock(m);
                            auto& s = state[tokens[i]];
                            if (r.status == 200) {
                                s.acknowledged.push_back(r.json_body()["receipt"]);
                                s.unanswered_after_last = false;
                            } else if (r.status != 0) {
                                s.unanswered_after_last = false; // refused: nothing was stored
                            }
                        } catch (const std::exception&) {
                            dead = true; // no answer: the kill came; the ballot may or may not be stored
                        }
                    }
            });
        // A random moment, 150 to 900 ms into the load.
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(150, 900)(rng)));
        current->stop(true);
        dead = true;
        for (auto& v : voters)
            v.join();
        restarted.reset();
        restarted.emplace(std::vector<std::string>{"--test-clock", "2020-10-05T00:00:00Z"}, server.db());
        current = &*restarted;
    }

    current->set_clock("2020-11-02T00:00:00Z");
    const auto exported = current->get(mcc_base + "/export?format=json");
    BOOST_REQUIRE_EQUAL(exported.status, 200);
    const auto data = exported.json_body();
    std::multiset<std::string> counted;
    for (const auto& b : data["ballots"])
        counted.insert(b["receipt"].get<std::string>());
    std::size_t acknowledged = 0, lost = 0, stale = 0, doubled = 0;
    for (const auto& receipt : counted)
        doubled += counted.count(receipt) > 1 ? 1 : 0;
    for (const auto& [token, s] : state) {
        acknowledged += s.acknowledged.size();
        if (s.acknowledged.empty())
            continue;
        if (!s.unanswered_after_last && !counted.contains(s.acknowledged.back()))
            ++lost;
        for (std::size_t i = 0; i + 1 < s.acknowledged.size(); ++i)
            stale += counted.contains(s.acknowledged[i]) ? 1 : 0; // replaced by a later acknowledged one
    }
    BOOST_TEST(acknowledged > 0U);
    BOOST_TEST(counted.size() <= tokens.size());
    BOOST_TEST(lost == 0U);
    BOOST_TEST(stale == 0U);
    BOOST_TEST(doubled == 0U);
    BOOST_TEST_MESSAGE("kill -9 drill: " << kills << " kills, " << sent << " ballots sent, " << acknowledged
                                         << " acknowledged, " << counted.size() << " counted (one a token), lost "
                                         << lost << ", replaced yet counted " << stale << ", doubled " << doubled);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace cabildo::test
