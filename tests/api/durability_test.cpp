// Nothing acknowledged is lost across a restart, graceful or not.

#include "tests/api/challenge_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <thread>

using namespace cabildo::test;

BOOST_AUTO_TEST_SUITE(durability)

BOOST_FIXTURE_TEST_CASE(a_restart_between_voting_and_counting_loses_nothing, challenge_fixture)
{
    const auto t = cards(20);
    server.set_clock("2020-10-05T00:00:00Z");
    const auto a = idea(t[0], "Primera idea");
    const auto b = idea(t[1], "Segunda idea");
    for (int i = 0; i < 20; ++i)
        BOOST_REQUIRE_EQUAL(vote(t[i], i < 12 ? json{a} : json{a, b}).status, 200);
    BOOST_TEST(server.stop() == 0); // SIGTERM: graceful

    server_process again({"--test-clock", "2020-10-26T06:00:00Z"}, server.db());
    const auto res = again.get(mcc_base + "/results", organiser).json_body();
    BOOST_TEST(res["ballots"] == 20);
    BOOST_TEST(res["ranking"][0]["idea"] == a);
    BOOST_TEST(res["ranking"][0]["score"] == 20);
    BOOST_TEST(res["ranking"][1]["score"] == 8);
}

BOOST_FIXTURE_TEST_CASE(every_acknowledged_ballot_survives_kill_9, challenge_fixture)
{
    const auto t = cards(200);
    server.set_clock("2020-10-05T00:00:00Z");
    const auto a = idea(t[0], "Idea sobreviviente");
    std::atomic<int> acknowledged{0};
    std::vector<std::thread> voters;
    for (int w = 0; w < 4; ++w)
        voters.emplace_back([&, w] {
            for (int i = w; i < 200; i += 4) {
                try {
                    if (vote(t[i], {a}).status == 200)
                        ++acknowledged;
                } catch (const std::exception&) {
                    return; // the server is gone
                }
            }
        });
    for (const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
         acknowledged < 60 && std::chrono::steady_clock::now() < deadline;)
        std::this_thread::sleep_for(std::chrono::milliseconds(5)); // not a busy spin: 2 cores run the load
    BOOST_TEST(acknowledged >= 60); // the load was under way (the voters are joined below)
    server.stop(true);              // SIGKILL mid-load
    for (auto& v : voters)
        v.join();
    const int acked = acknowledged.load();

    server_process again({"--test-clock", "2020-10-26T06:00:00Z"}, server.db());
    const auto res = again.get(mcc_base + "/results", organiser).json_body();
    // Every ballot that got its 200 is there; ballots in flight may or may not be.
    BOOST_TEST(res["ballots"].get<int>() >= acked);
    BOOST_TEST(res["ballots"].get<int>() <= 200);
}

// `make run` serves the demo: seeded at the first start (the past edition by a service of its own),
// then the server's own writes still get their board heads signed, and it stops cleanly. Its first
// batch of writes once crashed it (tests/app/demo_test.cpp has the cause), and on PostgreSQL its start.
BOOST_AUTO_TEST_CASE(make_run_s_demo_takes_writes_and_stops_cleanly)
{
    server_process demo({"--demo"});
    const std::string base = "/api/v1/municipalities/hermosillo/challenges/reactivacion-economica";
    const auto shown = demo.get(base);
    BOOST_REQUIRE_MESSAGE(shown.status == 200, shown.body);
    const auto before = demo.get(base + "/board/head");
    BOOST_REQUIRE_MESSAGE(before.status == 200, before.body);
    const auto issued = demo.post(base + "/tokens", {{"count", 1}}, server_process::admin_key());
    BOOST_REQUIRE_MESSAGE(issued.status == 201, issued.body);
    const auto made = demo.post(base + "/ideas", {{"token", issued.json_body()["tokens"][0]["token"]},
                                                  {"title", "Mercado de productores"},
                                                  {"description", "Los sábados en la plaza"},
                                                  {"category", shown.json_body()["categories"][0]}});
    BOOST_REQUIRE_MESSAGE(made.status == 201, made.body);
    const auto after = demo.get(base + "/board/head");
    BOOST_REQUIRE_MESSAGE(after.status == 200, after.body);
    BOOST_TEST(after.json_body()["tree_size"].get<int>() > before.json_body()["tree_size"].get<int>());
    BOOST_TEST(demo.stop() == 0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(graceful_shutdown)

BOOST_FIXTURE_TEST_CASE(sigterm_under_load_answers_every_request_and_keeps_every_acknowledged_ballot, challenge_fixture)
{
    const auto t = cards(300);
    server.set_clock("2020-10-05T00:00:00Z");
    const auto a = idea(t[0], "Idea durable");
    std::atomic<int> acknowledged{0}, refused{0};
    std::vector<std::thread> voters;
    for (int w = 0; w < 6; ++w)
        voters.emplace_back([&, w] {
            for (int i = w; i < 300; i += 6) {
                try {
                    const auto r = vote(t[static_cast<std::size_t>(i)], {a});
                    if (r.status == 200)
                        ++acknowledged;
                    else if (r.status == 503 && r.error_code() == "shutting_down")
                        ++refused;
                    else
                        BOOST_ERROR("unexpected " << r.status << " " << r.body);
                } catch (const std::exception&) {
                    return; // the listener is closed: no more connections
                }
            }
        });
    for (const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
         acknowledged < 50 && std::chrono::steady_clock::now() < deadline;)
        std::this_thread::sleep_for(std::chrono::milliseconds(5)); // not a busy spin: 2 cores run the load
    BOOST_TEST(acknowledged >= 50); // the load was under way (the voters are joined below)
    BOOST_TEST(server.stop() == 0); // SIGTERM: exits cleanly after the queued writes
    for (auto& v : voters)
        v.join();

    server_process again({"--test-clock", "2020-10-26T06:00:00Z"}, server.db());
    const auto res = again.get(mcc_base + "/results", organiser).json_body();
    BOOST_TEST(res["ballots"].get<int>() >= acknowledged.load());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(secrets)

BOOST_FIXTURE_TEST_CASE(the_hmac_secret_lives_beside_the_database_and_must_not_change, challenge_fixture)
{
    const auto issue = [&](const server_process& s) {
        const auto r = s.post(mcc_base + "/tokens", {{"participants", {{{"ref", "CURP-XYZ"}}}}}, organiser);
        BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
        return r.json_body()["tokens"][0]["token"].get<std::string>();
    };
    const auto first = issue(server);
    const auto secret_file = server.db().string() + ".secret";
    BOOST_TEST(std::filesystem::exists(secret_file));
    BOOST_TEST(((std::filesystem::status(secret_file).permissions() & std::filesystem::perms::others_read) ==
                std::filesystem::perms::none));
    server.stop();
    {
        server_process again({"--test-clock", "2020-09-15T00:00:00Z"}, server.db());
        BOOST_TEST(issue(again) == first); // the same person gets the same token after a restart
    }
    // Another secret would hand the same person a second token: the server refuses to start.
    std::filesystem::rename(secret_file, secret_file + ".kept");
    BOOST_CHECK_THROW(server_process({"--test-clock", "2020-09-15T00:00:00Z"}, server.db()), std::runtime_error);
    std::filesystem::rename(secret_file + ".kept", secret_file);
}

BOOST_AUTO_TEST_SUITE_END()
