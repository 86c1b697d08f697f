// Overload degrades instead of collapsing (issue 23, point 4): per-client token buckets on token
// requests, ideas and ballots answer 429 rate_limited with the wait in Retry-After, one token
// replacing its ballot in a tight loop waits, loopback without --forwarded-for is never limited,
// and a full write queue answers 503 overloaded at once. A refused request stores nothing.

#include "tests/api/challenge_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

namespace cabildo::test {
namespace {

// A client of its own address, as the proxy in front of the server names it.
std::map<std::string, std::string> from(const std::string& address) { return {{"X-Forwarded-For", address}}; }

http_reply vote_from(const server_process& s, const std::string& address, const std::string& token, std::int64_t idea)
{
    return s.request("PUT", mcc_base + "/ballot", json{{"token", token}, {"choices", json::array({idea})}}.dump(), {},
                     from(address));
}

void expect_rate_limited(const http_reply& r, const std::string& field = {})
{
    expect_error(r, 429, "rate_limited", field);
    BOOST_REQUIRE(r.headers.contains("retry-after"));
    const auto wait = std::stoi(r.headers.at("retry-after"));
    BOOST_TEST(wait >= 1);
    BOOST_TEST(wait <= 10, r.headers.at("retry-after"));
}

struct limited_fixture : challenge_fixture {
    limited_fixture()
        : challenge_fixture({"--forwarded-for", "--rate-limit", "ballots=0.5/3", "--rate-limit", "ideas=0.5/2",
                             "--rate-limit", "issuance=0.5/3", "--rate-limit", "replacements=0.5/2"})
    {}
};

} // namespace

BOOST_AUTO_TEST_SUITE(overload)

BOOST_FIXTURE_TEST_CASE(each_client_address_has_its_own_bucket_and_a_refusal_stores_nothing, limited_fixture)
{
    const auto t = cards(8); // from loopback: the desk's requests here are not limited
    server.set_clock("2020-10-05T00:00:00Z");
    const auto a = idea(t[0], "Idea A");

    // Ballots: three at once from one address, the fourth waits; another address is not held up.
    for (int i = 0; i < 3; ++i)
        BOOST_TEST(vote_from(server, "203.0.113.5", t[static_cast<std::size_t>(1 + i)], a).status == 200);
    expect_rate_limited(vote_from(server, "203.0.113.5", t[4], a));
    BOOST_TEST(vote_from(server, "203.0.113.6", t[5], a).status == 200);
    // The refused ballot was not stored: the token's next one replaces nothing.
    const auto again = vote_from(server, "203.0.113.7", t[4], a);
    BOOST_REQUIRE_EQUAL(again.status, 200);
    BOOST_TEST(again.json_body()["replaced"] == false);
    // IPv6 clients count by their /64: another address in it shares the bucket.
    for (int i = 0; i < 3; ++i)
        BOOST_TEST(vote_from(server, "2001:db8:1:2::" + std::to_string(10 + i), t[6], a).status == 200);
    expect_rate_limited(vote_from(server, "2001:db8:1:2::99", t[7], a));

    // Ideas: two at once from an address, the third waits and is not stored.
    const auto idea_from = [&](const std::string& title) {
        return server.request(
            "POST", mcc_base + "/ideas",
            json{{"token", t[0]}, {"title", title}, {"description", "x"}, {"category", "comercio"}}.dump(), {},
            from("198.51.100.9"));
    };
    BOOST_TEST(idea_from("Idea B").status == 201);
    BOOST_TEST(idea_from("Idea C").status == 201);
    expect_rate_limited(idea_from("Idea D"));
    const auto listed = server.get(mcc_base + "/ideas").json_body();
    for (const auto& i : listed["ideas"])
        BOOST_TEST(i["title"] != "Idea D");

    // Token requests (a desk behind one address): three at once, then a wait.
    for (int i = 0; i < 3; ++i)
        BOOST_TEST(
            server.request("POST", mcc_base + "/tokens", json{{"count", 1}}.dump(), organiser, from("192.0.2.44"))
                .status == 201);
    expect_rate_limited(
        server.request("POST", mcc_base + "/tokens", json{{"count", 1}}.dump(), organiser, from("192.0.2.44")));
    // Card codes count as token requests too, before the code is even looked at.
    expect_rate_limited(
        server.request("POST", mcc_base + "/tokens/code", json{{"code", "AAAA-BBBB"}}.dump(), {}, from("192.0.2.44")));
}

BOOST_FIXTURE_TEST_CASE(one_token_replacing_its_ballot_in_a_tight_loop_waits, limited_fixture)
{
    const auto t = cards(1);
    server.set_clock("2020-10-05T00:00:00Z");
    const auto a = idea(t[0], "Idea A");
    const auto b = idea(t[0], "Idea B");
    // Each ballot from an address of its own: only the token's bucket counts. The first ballot is
    // no replacement; two replacements at once, then the token waits.
    BOOST_TEST(vote_from(server, "203.0.113.1", t[0], a).status == 200);
    BOOST_TEST(vote_from(server, "203.0.113.2", t[0], b).status == 200);
    BOOST_TEST(vote_from(server, "203.0.113.3", t[0], a).status == 200);
    const auto refused = vote_from(server, "203.0.113.4", t[0], b);
    expect_rate_limited(refused, "token");
    // The refused ballot did not replace the last one: the export holds the token's choice `a`.
    // The bucket refills at half a token a second: after Retry-After the token votes again.
    std::this_thread::sleep_for(std::chrono::seconds(std::stoi(refused.headers.at("retry-after"))) +
                                std::chrono::milliseconds(200));
    const auto later = vote_from(server, "203.0.113.5", t[0], b);
    BOOST_TEST(later.status == 200, later.body);
    BOOST_TEST(later.json_body()["replaced"] == true);
    server.set_clock("2020-11-02T00:00:00Z");
    const auto data = server.get(mcc_base + "/export?format=json").json_body();
    BOOST_REQUIRE_EQUAL(data["ballots"].size(), 1u);
    BOOST_TEST(data["ballots"][0]["choices"] == json::array({b}));
}

BOOST_AUTO_TEST_CASE(the_loopback_is_not_limited_without_forwarded_for)
{
    // Without --forwarded-for every client of a proxy on this machine would be one: the limits
    // count clients, so they leave the loopback alone (the operator's tools, or such a proxy).
    challenge_fixture f({"--rate-limit", "ballots=0.5/1", "--rate-limit", "replacements=0.5/1"});
    const auto t = f.cards(1);
    f.server.set_clock("2020-10-05T00:00:00Z");
    const auto a = f.idea(t[0], "Idea A");
    for (int i = 0; i < 5; ++i)
        BOOST_TEST(f.vote(t[0], json::array({a})).status == 200);
}

BOOST_AUTO_TEST_CASE(a_limit_that_cannot_be_read_stops_the_start)
{
    for (const auto* spec : {"ballots=fast", "votes=1/2", "ballots=1/0", "ballots", "ideas=-1/3", "ideas=1/nan"}) {
        const auto r = server_process::run_to_exit({"serve", "--port", "0", "--rate-limit", spec});
        BOOST_TEST(r.status == 2, spec);
        BOOST_TEST(r.err.find("--rate-limit") != std::string::npos, r.err);
    }
}

// A write queue of four: the ballots of 64 clients at once find it full more often than not, and
// each is answered at once, 200 or 503 overloaded with Retry-After: 1, never anything else; a
// refused ballot was not stored. (Four, not one: a request's write and the key's last use, which
// the server writes beside it, queue together while the set-up runs.)
BOOST_AUTO_TEST_CASE(a_full_write_queue_answers_503_overloaded_and_stores_nothing)
{
    challenge_fixture f({"--max-queued-writes", "4", "--threads", "1"}); // one io thread: no strands
    const auto t = f.cards(128);
    f.server.set_clock("2020-10-05T00:00:00Z");
    const auto a = f.idea(t[0], "Idea A");
    std::atomic<int> accepted{0}, overloaded{0}, other{0};
    std::vector<std::string> refused_tokens;
    std::mutex refused_mutex;
    std::vector<std::thread> clients;
    for (std::size_t c = 0; c < 64; ++c)
        clients.emplace_back([&, c] {
            for (std::size_t i = 0; i < 2; ++i) {
                const auto& token = t[c * 2 + i];
                const auto r = f.vote(token, json::array({a}));
                if (r.status == 200)
                    ++accepted;
                else if (r.status == 503 && r.error_code() == "overloaded" && r.headers.contains("retry-after") &&
                         r.headers.at("retry-after") == "1") {
                    ++overloaded;
                    const std::lock_guard lock(refused_mutex);
                    refused_tokens.push_back(token);
                } else
                    ++other;
            }
        });
    for (auto& c : clients)
        c.join();
    BOOST_TEST(other.load() == 0);
    BOOST_TEST(accepted.load() + overloaded.load() == 128);
    BOOST_TEST_MESSAGE("a write queue of four, 64 clients at once: " << accepted.load() << " accepted, "
                                                                     << overloaded.load() << " refused 503 overloaded");
    // Counted where an operator sees it (the server's own writes, a key's last use, may be refused too).
    const auto metrics = f.server.get("/metrics", server_process::admin_key()).body;
    const std::string series = "cabildo_store_refused_total{queue=\"write\"} ";
    const auto at = metrics.find(series);
    BOOST_REQUIRE(at != std::string::npos);
    BOOST_TEST(std::stoi(metrics.substr(at + series.size())) >= overloaded.load(), metrics.substr(at, 60));
    for (const auto& token : refused_tokens) {
        http_reply r;
        for (int attempt = 0; attempt < 50; ++attempt) // alone now, it finds room
            if ((r = f.vote(token, json::array({a}))).status != 503)
                break;
        BOOST_REQUIRE_EQUAL(r.status, 200);
        BOOST_TEST(r.json_body()["replaced"] == false, "a refused ballot was stored");
    }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace cabildo::test
