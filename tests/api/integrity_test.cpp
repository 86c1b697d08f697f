// What a security and integrity review found: winners that moderation or a held-back
// announcement could change, a token that could fill the disk, unbounded work for anonymous
// requests, weak secrets, a test clock that could rewind, files readable by others, and a
// shutdown that could touch freed memory. Each is closed, over HTTP against the real binary.

#include "tests/api/challenge_fixture.hpp"
#include "tests/api/readme_limits.hpp"
#include "tests/support/postgresql_server.hpp"

#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <thread>

using namespace cabildo::test;

namespace {

bool private_file(const std::filesystem::path& p)
{
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 && (st.st_mode & 077) == 0;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(integrity, challenge_fixture)

// An organiser who reads the count after the close could hide the leading idea and announce:
// from the close of voting hiding an idea hides its text, not its votes.
BOOST_AUTO_TEST_CASE(moderation_after_voting_closes_does_not_change_the_winners)
{
    const auto t = cards(6);
    server.set_clock("2020-10-05T00:00:00Z");
    const auto a = idea(t[0], "Idea más votada"), b = idea(t[1], "Segunda idea"), c = idea(t[2], "Tercera idea");
    for (int i = 0; i < 6; ++i)
        BOOST_REQUIRE_EQUAL(vote(t[static_cast<std::size_t>(i)], i < 3   ? json{a}
                                                                 : i < 5 ? json{b}
                                                                         : json{c})
                                .status,
                            200);
    server.set_clock("2020-10-26T06:00:00Z");
    const auto hidden = server.post(mcc_base + "/ideas/" + std::to_string(a) + "/moderation",
                                    {{"action", "hide"}, {"reason", "Revisión tras el cierre"}}, organiser);
    BOOST_REQUIRE_EQUAL(hidden.status, 200);
    BOOST_TEST(server.get(mcc_base + "/ideas").json_body()["ideas"].size() == 2u); // its text is hidden
    const auto res = server.get(mcc_base + "/results", organiser).json_body();
    BOOST_TEST(res["ranking"].size() == 3u);
    BOOST_TEST(res["ranking"][0]["idea"] == a);
    BOOST_TEST(res["ranking"][0]["winner"] == true);
    BOOST_TEST(res["ranking"][0]["hidden"] == true);
    BOOST_TEST(!res["ranking"][0].contains("title"));
    BOOST_TEST(res["ranking"][1]["idea"] == b);
    BOOST_TEST(res["counted_ideas"].get<std::string>().find("visible when voting closed") != std::string::npos);
    const auto announced = server.post(mcc_base + "/announcement", json::object(), organiser).json_body();
    BOOST_TEST(announced["ranking"][0]["idea"] == a);
    BOOST_TEST(announced["ranking"][0]["winner"] == true);
    const auto audit = server.get(mcc_base + "/audit?limit=200").json_body()["entries"];
    const auto hide =
        std::find_if(audit.begin(), audit.end(), [](const json& e) { return e["action"] == "idea.hide"; });
    BOOST_REQUIRE(hide != audit.end());
    BOOST_TEST((*hide)["detail"]["counted"] == true);

    // Published files are built once and served as built, until a moderation changes what they
    // may show: hiding an idea after the announcement withholds its text there too (a new ETag),
    // never its votes.
    const auto before = server.get(mcc_base + "/export?format=json");
    BOOST_REQUIRE_EQUAL(before.status, 200);
    BOOST_TEST(server.get(mcc_base + "/export?format=json").headers.at("etag") == before.headers.at("etag"));
    BOOST_TEST(before.body.find("Segunda idea") != std::string::npos);
    BOOST_REQUIRE_EQUAL(server
                            .post(mcc_base + "/ideas/" + std::to_string(b) + "/moderation",
                                  {{"action", "hide"}, {"reason", "Otra revisión"}}, organiser)
                            .status,
                        200);
    for (const std::string format : {"json", "pabulib", "csv"}) {
        const auto after = server.get(mcc_base + "/export?format=" + format);
        BOOST_REQUIRE_EQUAL(after.status, 200);
        BOOST_TEST(after.body.find("Segunda idea") == std::string::npos, format);
        BOOST_TEST((after.body.find("Tercera idea") != std::string::npos || format == "csv"), format);
        const auto again = server.get(mcc_base + "/export?format=" + format);
        BOOST_TEST(again.headers.at("etag") == after.headers.at("etag"), format); // stored again
    }
    BOOST_TEST(server.get(mcc_base + "/export?format=json").headers.at("etag") != before.headers.at("etag"));
    const auto published = server.get(mcc_base + "/results").json_body();
    BOOST_TEST(published["ranking"][1]["idea"] == b);
    BOOST_TEST(published["ranking"][1]["score"] == 2);
    BOOST_TEST(published["ranking"][1]["hidden"] == true);
    BOOST_TEST(!published["ranking"][1].contains("title"));
    BOOST_TEST(published["ranking"][2]["title"] == "Tercera idea");
    BOOST_REQUIRE_EQUAL(
        server.post(mcc_base + "/ideas/" + std::to_string(b) + "/moderation", {{"action", "restore"}}, organiser)
            .status,
        200);
    BOOST_TEST(server.get(mcc_base + "/results").json_body()["ranking"][1]["title"] == "Segunda idea");
}

// Results publish themselves when the announcement instant passes, whether or not anyone asks
// for them: nobody can hold the winners back.
BOOST_AUTO_TEST_CASE(results_publish_themselves_at_the_announcement_instant)
{
    const auto t = cards(2);
    server.set_clock("2020-10-05T00:00:00Z");
    const auto a = idea(t[0], "Idea ganadora");
    BOOST_REQUIRE_EQUAL(vote(t[0], {a}).status, 200);
    server.set_clock("2020-10-30T00:00:00Z");
    BOOST_TEST(server.get(mcc_base).json_body()["announced"] == false);
    server.set_clock("2020-11-01T18:00:00Z");
    bool announced = false;
    for (const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
         !announced && std::chrono::steady_clock::now() < deadline;
         std::this_thread::sleep_for(std::chrono::milliseconds(100)))
        announced = server.get(mcc_base).json_body()["announced"] == true; // never the results
    BOOST_REQUIRE(announced);
    const auto audit = server.get(mcc_base + "/audit?limit=200").json_body()["entries"];
    const auto entry =
        std::find_if(audit.begin(), audit.end(), [](const json& e) { return e["action"] == "challenge.announce"; });
    BOOST_REQUIRE(entry != audit.end());
    BOOST_TEST((*entry)["actor"] == "system");
    BOOST_TEST((*entry)["at"] == "2020-11-01T18:00:00Z");
    BOOST_TEST((*entry)["detail"]["winners"] == json::array({a}));
}

// One token could replace its ballot without end: a limit on ballots per token (429 past it), and
// only the newest replaced ballots of a token are kept, the older ones counted in the export.
BOOST_AUTO_TEST_CASE(a_token_casts_a_bounded_number_of_ballots)
{
    const auto limit = readme_limit("ballots per token");
    const auto kept = readme_limit("replaced ballots kept per token");
    const auto t = cards(2);
    server.set_clock("2020-10-05T00:00:00Z");
    const auto a = idea(t[0], "Idea A"), b = idea(t[1], "Idea B");
    for (std::int64_t i = 0; i < limit; ++i)
        BOOST_REQUIRE_EQUAL(vote(t[0], i % 2 ? json{a} : json{b}).status, 200);
    expect_error(vote(t[0], {a}), 429, "too_many_ballots", "token");
    BOOST_TEST(vote(t[0], {a}).json_body()["error"]["message"].get<std::string>().find(std::to_string(limit)) !=
               std::string::npos);
    BOOST_TEST(vote(t[1], {a}).status == 200); // others are not held up
    server.set_clock("2020-10-26T06:00:00Z");
    const auto res = server.get(mcc_base + "/results", organiser).json_body();
    BOOST_TEST(res["ballots"] == 2);
    const auto exported = server.get(mcc_base + "/export?format=json", organiser).json_body();
    BOOST_TEST(exported["ballot_log"]["cast"] == limit + 1);
    BOOST_TEST(exported["ballot_log"]["counted"] == 2);
    BOOST_TEST(exported["ballot_log"]["replaced_kept"] == kept);
    BOOST_TEST(exported["ballot_log"]["replaced_pruned"] == limit - 1 - kept);
}

// Ideas per challenge are capped (cards times ideas per token would not bound them, and Schulze is
// cubic in them): 409 limit_reached past the cap, which the organiser may set.
BOOST_AUTO_TEST_CASE(ideas_per_challenge_are_capped)
{
    BOOST_TEST(server.get(mcc_base).json_body()["max_ideas"] == readme_limit("ideas per challenge by default"));
    const auto most = readme_limit("ideas per challenge at most");
    expect_error(server.patch(mcc_base, {{"max_ideas", most + 1}}, organiser), 400, "invalid_field", "max_ideas");
    BOOST_REQUIRE_EQUAL(server.patch(mcc_base, {{"max_ideas", 3}}, organiser).status, 200);
    const auto t = cards(2);
    server.set_clock("2020-10-05T00:00:00Z");
    for (int i = 0; i < 3; ++i)
        idea(t[0], "Idea " + std::to_string(i));
    const auto full = server.post(
        mcc_base + "/ideas", {{"token", t[1]}, {"title", "Una más"}, {"description", "x"}, {"category", "empleo"}});
    expect_error(full, 409, "limit_reached");
    BOOST_TEST(server.get(mcc_base + "/ideas").json_body()["ideas"].size() == 3u);
}

// The audit log is paginated like the ideas.
BOOST_AUTO_TEST_CASE(the_audit_log_is_paginated)
{
    for (int i = 0; i < 6; ++i)
        BOOST_REQUIRE_EQUAL(server.patch(mcc_base, {{"title", "Título " + std::to_string(i)}}, organiser).status, 200);
    std::vector<std::int64_t> ids;
    std::string after;
    for (int pages = 0; pages < 10; ++pages) {
        const auto page = server.get(mcc_base + "/audit?limit=3" + after).json_body();
        BOOST_TEST(page["entries"].size() <= 3u);
        for (const auto& e : page["entries"])
            ids.push_back(e["id"]);
        if (page["next_after"].is_null())
            break;
        after = "&after=" + std::to_string(page["next_after"].get<std::int64_t>());
    }
    BOOST_TEST(ids.size() == 7u); // the creation and six edits
    BOOST_TEST(std::is_sorted(ids.begin(), ids.end()));
    BOOST_TEST((std::adjacent_find(ids.begin(), ids.end()) == ids.end()));
    BOOST_TEST(server.get(mcc_base + "/audit").json_body()["entries"].size() == 7u);
    const auto page_limit = readme_limit("page size");
    expect_error(server.get(mcc_base + "/audit?limit=" + std::to_string(page_limit + 1)), 400, "invalid_field",
                 "limit");
    expect_error(server.get(mcc_base + "/audit?after=x"), 400, "invalid_field", "after");
}

// The test clock moves only forward (backwards would reopen closed windows), every move is in
// the server's audit log, it warns at start and it never listens beyond loopback.
BOOST_AUTO_TEST_CASE(the_test_clock_only_moves_forward_audited_on_loopback)
{
    server.set_clock("2020-10-05T00:00:00Z");
    expect_error(server.post("/api/v1/test/clock", {{"now", "2020-10-01T00:00:00Z"}}, server_process::admin_key()), 400,
                 "invalid_field", "now");
    expect_error(server.post("/api/v1/test/clock", {{"now", "2020-11-01T00:00:00Z"}}, organiser), 403, "forbidden");
    expect_error(server.post("/api/v1/test/clock", {{"now", "2020-11-01T00:00:00Z"}}), 401, "unauthorized");
    BOOST_TEST(server.get(mcc_base).json_body()["now"] == "2020-10-05T00:00:00Z");
    const auto log = server.get("/api/v1/audit?limit=200", server_process::admin_key()).json_body()["entries"];
    std::vector<json> moves;
    for (const auto& e : log)
        if (e["action"] == "test_clock.move")
            moves.push_back(e["detail"]);
    BOOST_REQUIRE_EQUAL(moves.size(), 1u);
    BOOST_TEST(moves[0]["from"] == "2020-09-15T00:00:00Z");
    BOOST_TEST(moves[0]["to"] == "2020-10-05T00:00:00Z");
    BOOST_TEST(server.log().find("TEST CLOCK") != std::string::npos);
    expect_error(server.get("/api/v1/audit", organiser), 403, "forbidden");

    const auto open = server_process::run_to_exit({"serve", "--port", "0", "--address", "0.0.0.0", "--db",
                                                   (server.db().parent_path() / "open.db").string(), "--test-clock",
                                                   "2020-10-01T00:00:00Z"});
    BOOST_TEST(open.status == 2);
    BOOST_TEST(open.err.find("loopback") != std::string::npos, open.err);
    BOOST_TEST(open.out.find("listening") == std::string::npos);
}

// A one-character admin key, or an HMAC secret too short to resist guessing, stops the start
// with a sentence; nothing is served.
BOOST_AUTO_TEST_CASE(weak_secrets_stop_the_server)
{
    const auto db = (server.db().parent_path() / "weak.db").string();
    const auto admin = server_process::run_to_exit({"serve", "--port", "0", "--db", db}, {{"CABILDO_ADMIN_KEY", "x"}});
    BOOST_TEST(admin.status != 0);
    BOOST_TEST(admin.err.find("CABILDO_ADMIN_KEY must be") != std::string::npos, admin.err);
    BOOST_TEST(admin.out.find("listening") == std::string::npos);
    const auto hmac =
        server_process::run_to_exit({"serve", "--port", "0", "--db", db}, {{"CABILDO_HMAC_SECRET", "not-a-secret"}});
    BOOST_TEST(hmac.status != 0);
    BOOST_TEST(hmac.err.find("CABILDO_HMAC_SECRET must be") != std::string::npos, hmac.err);
}

// The database, its WAL and shared-memory files, the secret and every backup are the owner's only.
BOOST_AUTO_TEST_CASE(database_files_and_backups_are_private)
{
    cards(3);
    const auto db = server.db();
    const auto secret = std::filesystem::path(db.string() + ".secret");
    if (testing_postgresql()) { // its files are its server's; the secret file is ours, on either
        BOOST_REQUIRE(std::filesystem::exists(secret));
        BOOST_TEST(private_file(secret), secret);
        return;
    }
    for (const auto& path :
         {db, std::filesystem::path(db.string() + "-wal"), std::filesystem::path(db.string() + "-shm"), secret}) {
        BOOST_REQUIRE(std::filesystem::exists(path));
        BOOST_TEST(private_file(path), path);
    }
    const auto copy = db.parent_path() / "backup.db";
    const auto backup = server_process::run_to_exit({"backup", "--db", db.string(), copy.string()});
    BOOST_REQUIRE_MESSAGE(backup.status == 0, backup.err);
    BOOST_TEST(private_file(copy));
}

// SIGTERM while a long count runs (here an announcement counting Schulze over many ideas): the
// server waits for the count, stops its storage threads, and only then lets the service go. Under
// AddressSanitizer a count finishing after the service was destroyed is a use after free.
BOOST_AUTO_TEST_CASE(sigterm_during_a_long_count_stops_cleanly)
{
    const std::string slug = "ranking-largo";
    auto def = mcc_challenge();
    def["slug"] = slug;
    def["ballot"] = {{"kind", "ranking"}, {"max_ranks", 5}, {"method", "schulze"}};
    def["winners"] = 3;
    BOOST_REQUIRE_EQUAL(server.post("/api/v1/municipalities/hermosillo/challenges", def, organiser).status, 201);
    const std::string base = "/api/v1/municipalities/hermosillo/challenges/" + slug;
    const auto r = server.post(base + "/tokens", {{"count", 100}}, organiser);
    BOOST_REQUIRE_EQUAL(r.status, 201);
    std::vector<std::string> t;
    const auto issued = r.json_body();
    for (const auto& x : issued["tokens"])
        t.push_back(x["token"]);
    server.set_clock("2020-10-05T00:00:00Z");
    std::vector<std::int64_t> ideas;
    for (std::size_t i = 0; i < 500; ++i) {
        const auto made = server.post(base + "/ideas", {{"token", t[i / 5]},
                                                        {"title", "Idea " + std::to_string(i)},
                                                        {"description", "x"},
                                                        {"category", "empleo"}});
        BOOST_REQUIRE_MESSAGE(made.status == 201, made.body);
        ideas.push_back(made.json_body()["id"]);
    }
    for (std::size_t v = 0; v < t.size(); ++v) {
        json ranking = json::array();
        for (std::size_t k = 0; k < 5; ++k)
            ranking.push_back(ideas[(v * 7 + k * 13) % ideas.size()]);
        BOOST_REQUIRE_EQUAL(server.put(base + "/ballot", {{"token", t[v]}, {"ranking", ranking}}).status, 200);
    }
    server.set_clock("2020-10-26T06:00:00Z");
    std::thread announcer([&] {
        try {
            server.post(base + "/announcement", json::object(), organiser);
        } catch (const std::exception&) {
            // the server may close the connection unanswered: it is stopping
        }
    });
    // The signal goes once the count is under way: a read running for 10 ms or more (the timer's
    // own reads take microseconds).
    bool counting = false;
    for (const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
         !counting && std::chrono::steady_clock::now() < deadline;) {
        const auto load = server.get("/api/v1/status", server_process::admin_key()).json_body();
        counting = load["reads_running"].get<int>() > 0 && load["oldest_read_ms"].get<int>() >= 10;
    }
    BOOST_REQUIRE(counting);
    const int status = server.stop(); // SIGTERM
    announcer.join();
    const auto log = server.log();
    BOOST_TEST(status == 0, log);
    BOOST_TEST(log.find("waiting for 1 read still running") != std::string::npos, log); // it was in flight
    BOOST_TEST(log.find("AddressSanitizer") == std::string::npos, log);
    BOOST_TEST(log.find("runtime error") == std::string::npos, log);
    BOOST_TEST(log.find("stopped") != std::string::npos, log);
}

// The admin's status counts the writer's commits and the writes they held: ballots sent at once
// share commits (group commit), and every acknowledged one is counted.
BOOST_AUTO_TEST_CASE(the_status_counts_commits_and_the_writes_they_held)
{
    const auto tokens = cards(24);
    server.set_clock("2020-10-01T06:00:00Z");
    const auto market = idea(tokens[0], "Mercado nocturno");
    const auto counters = [&] {
        const auto r = server.get("/api/v1/status", server_process::admin_key());
        BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
        const auto body = r.json_body();
        return std::array<std::uint64_t, 3>{body["commits"].get<std::uint64_t>(),
                                            body["writes_committed"].get<std::uint64_t>(),
                                            body["batches_run_again"].get<std::uint64_t>()};
    };
    const auto before = counters();
    std::atomic<int> acknowledged{0};
    std::vector<std::thread> voters;
    for (const auto& t : tokens)
        voters.emplace_back([&, t] { acknowledged += vote(t, json{market}).status == 200 ? 1 : 0; });
    for (auto& v : voters)
        v.join();
    const auto after = counters();
    BOOST_TEST(acknowledged == 24);
    BOOST_TEST(after[0] > before[0]);
    BOOST_TEST(after[1] - before[1] >= 24u);                  // each ballot a committed write
    BOOST_TEST(after[1] - before[1] >= after[0] - before[0]); // at least one write a commit
    BOOST_TEST(after[2] >= before[2]);
}

BOOST_AUTO_TEST_SUITE_END()
