// What a black-box hostile client found: request smuggling, bytes after a NUL, validation
// answered before authentication, private answers without cache headers, and request bodies
// kept by idle connections. Each is answered as the contract says and nothing stored changes.

#include "tests/api/challenge_fixture.hpp"
#include "tests/api/http_layer_only.hpp"
#include "tests/api/readme_limits.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <boost/test/unit_test.hpp>

#include <memory>

using namespace cabildo::test;

namespace {

std::size_t count_of(const std::string& text, const std::string& what)
{
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

const json hidalgo{{"slug", "hidalgo"}, {"name", "Hidalgo"}, {"timezone", "America/Monterrey"}};

} // namespace

BOOST_FIXTURE_TEST_SUITE(hostile_client, challenge_fixture, *boost::unit_test::precondition(http_layer_only))

// RFC 9112 section 6.3: a Transfer-Encoding other than exactly chunked makes the body's length
// unknowable; treating it as "no body" runs the body as a second request on a kept-alive
// connection. Each is answered 400 once, and the connection is closed.
BOOST_AUTO_TEST_CASE(ambiguous_framing_is_refused_and_the_connection_closed)
{
    const std::string smuggled =
        "POST /api/v1/municipalities HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + server_process::admin_key() +
        "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(hidalgo.dump().size()) + "\r\n\r\n" +
        hidalgo.dump();
    for (const std::string encoding : {"gzip", "identity", "chunked, gzip", "xchunked", "gzip, chunked"}) {
        const auto reply = server.raw("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + encoding +
                                      "\r\nContent-Length: " + std::to_string(smuggled.size()) + "\r\n\r\n" + smuggled);
        BOOST_TEST(reply.rfind("HTTP/1.1 400", 0) == 0u, encoding << ": " << reply.substr(0, 60));
        BOOST_TEST(count_of(reply, "HTTP/1.1 ") == 1u, encoding << ": " << reply);
        BOOST_TEST(reply.find("Connection: close") != std::string::npos, encoding);
        // Without Content-Length too: the body must not run as a request.
        const auto bare = server.raw("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + encoding +
                                     "\r\n\r\n" + smuggled);
        BOOST_TEST(bare.rfind("HTTP/1.1 400", 0) == 0u, encoding << ": " << bare.substr(0, 60));
        BOOST_TEST(count_of(bare, "HTTP/1.1 ") == 1u, encoding << ": " << bare);
    }
    // Both Transfer-Encoding: chunked and Content-Length.
    const auto both = server.raw("POST /api/v1/municipalities HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                                 "Content-Length: 5\r\n\r\n0\r\n\r\n" +
                                 smuggled);
    BOOST_TEST(both.rfind("HTTP/1.1 400", 0) == 0u, both.substr(0, 60));
    BOOST_TEST(count_of(both, "HTTP/1.1 ") == 1u, both);
    // Transfer-Encoding twice.
    const auto twice = server.raw("POST /api/v1/municipalities HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                                  "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" +
                                  smuggled);
    BOOST_TEST(twice.rfind("HTTP/1.1 400", 0) == 0u, twice.substr(0, 60));
    BOOST_TEST(count_of(twice, "HTTP/1.1 ") == 1u, twice);
    // HTTP/1.1 without Host, or with two.
    const auto no_host = server.raw("GET /api/v1/health HTTP/1.1\r\n\r\n");
    BOOST_TEST(no_host.rfind("HTTP/1.1 400", 0) == 0u, no_host.substr(0, 60));
    BOOST_TEST(no_host.find("Host") != std::string::npos);
    const auto two_hosts = server.raw("GET /api/v1/health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
    BOOST_TEST(two_hosts.rfind("HTTP/1.1 400", 0) == 0u, two_hosts.substr(0, 60));
    // What stays fine: plain chunked, and HTTP/1.0 without Host.
    const auto chunked = server.raw("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n"
                                    "Connection: close\r\n\r\n0\r\n\r\n");
    BOOST_TEST(chunked.rfind("HTTP/1.1 200", 0) == 0u, chunked.substr(0, 60));
    const auto old = server.raw("GET /api/v1/health HTTP/1.0\r\n\r\n");
    BOOST_TEST(old.rfind("HTTP/1.1 200", 0) == 0u, old.substr(0, 60));
    // Nothing smuggled ran.
    expect_error(server.get("/api/v1/municipalities/hidalgo"), 404, "not_found");
}

// nlohmann's parser stops at a NUL byte; a body is valid JSON in full or it is refused.
BOOST_AUTO_TEST_CASE(bytes_after_a_nul_are_not_ignored)
{
    const std::string body = hidalgo.dump() + std::string(1, '\0') + " junk {{{";
    expect_error(server.request("POST", "/api/v1/municipalities", body, server_process::admin_key()), 400,
                 "invalid_field", "body");
    expect_error(server.request("POST", "/api/v1/municipalities", std::string(1, '\0'), server_process::admin_key()),
                 400, "invalid_field", "body");
    expect_error(server.get("/api/v1/municipalities/hidalgo"), 404, "not_found");
}

// Nobody without a key learns the shape of an endpoint or the state of a challenge: a missing
// credential where one is required, or a wrong one anywhere, is answered 401 first.
BOOST_AUTO_TEST_CASE(credentials_are_checked_before_the_body_or_the_state)
{
    const std::string bad_body = "{\"slug\": 7}";
    expect_error(server.request("POST", "/api/v1/municipalities", bad_body), 401, "unauthorized");
    expect_error(server.request("POST", "/api/v1/municipalities", "{not json"), 401, "unauthorized");
    expect_error(server.request("POST", "/api/v1/municipalities", bad_body, "wrong-key"), 401, "unauthorized");
    expect_error(server.request("POST", "/api/v1/municipalities/hermosillo/challenges", bad_body), 401, "unauthorized");
    expect_error(server.request("PATCH", mcc_base, "{\"title\": 5}"), 401, "unauthorized");
    expect_error(server.request("POST", mcc_base + "/tokens", "{\"count\": -1}"), 401, "unauthorized");
    expect_error(server.request("POST", mcc_base + "/tokens/revoke", "[]"), 401, "unauthorized");
    expect_error(server.request("POST", mcc_base + "/ideas/1/moderation", "{}"), 401, "unauthorized");
    expect_error(server.request("POST", "/api/v1/municipalities/hermosillo/keys", "{\"role\": 3}"), 401,
                 "unauthorized");
    // A valid key without the role: 403 before the body is read.
    expect_error(server.request("POST", "/api/v1/municipalities", bad_body, organiser), 403, "forbidden");
    // Results and the export before voting closes: 401 for a wrong key, not the phase.
    expect_error(server.get(mcc_base + "/results", "wrong-key"), 401, "unauthorized");
    expect_error(server.get(mcc_base + "/export?format=csv", "wrong-key"), 401, "unauthorized");
    expect_error(server.request("GET", mcc_base + "/results", {}, {}, {{"Authorization", "Basic Zm9vOmJhcg=="}}), 401,
                 "unauthorized");
    // A participant's token is their credential: a malformed ballot or idea with a bad token is
    // refused for the token; with a good one, for the field.
    const auto t = cards(1);
    server.set_clock("2020-10-05T00:00:00Z");
    expect_error(server.put(mcc_base + "/ballot", {{"token", "forged"}, {"choices", "all"}}), 401, "invalid_token",
                 "token");
    expect_error(server.put(mcc_base + "/ballot", {{"token", t[0]}, {"choices", "all"}}), 400, "invalid_field",
                 "choices");
    expect_error(server.post(mcc_base + "/ideas", {{"token", "forged"}, {"title", 7}}), 401, "invalid_token", "token");
    expect_error(server.post(mcc_base + "/ideas", {{"token", t[0]}, {"title", 7}}), 400, "invalid_field", "title");
    // The public answers stay public; the right key still gets the phase.
    expect_error(server.get(mcc_base + "/results"), 409, "phase_not_open");
    expect_error(server.get(mcc_base + "/results", organiser), 409, "phase_not_open");
    BOOST_TEST(server.get(mcc_base).status == 200);
}

// Answers that depend on credentials are never stored by a cache; published results may be,
// and are revalidated by their ETag.
BOOST_AUTO_TEST_CASE(private_answers_are_not_cached_and_published_ones_carry_an_etag)
{
    const auto t = cards(2);
    server.set_clock("2020-10-05T00:00:00Z");
    const auto a = idea(t[0], "Idea publicada");
    BOOST_REQUIRE_EQUAL(vote(t[0], {a}).status, 200);
    server.set_clock("2020-10-27T00:00:00Z");
    const auto live = server.get(mcc_base + "/results", organiser);
    BOOST_REQUIRE_EQUAL(live.status, 200);
    BOOST_TEST(live.headers.at("cache-control") == "no-store");
    BOOST_TEST(live.headers.at("vary").find("Authorization") != std::string::npos);
    const auto hidden = server.get(mcc_base + "/ideas?include_hidden=true", organiser);
    BOOST_TEST(hidden.headers.at("cache-control") == "no-store");
    const auto refused = server.get(mcc_base + "/results");
    BOOST_TEST(refused.status == 409);
    BOOST_TEST(refused.headers.at("cache-control") == "no-store");
    BOOST_TEST(refused.headers.at("vary").find("Authorization") != std::string::npos);
    const auto listing = server.get(mcc_base + "/ideas");
    BOOST_TEST(listing.headers.at("vary").find("Authorization") != std::string::npos);
    BOOST_TEST(listing.headers.at("cache-control") == "no-cache");

    BOOST_REQUIRE_EQUAL(server.post(mcc_base + "/announcement", json::object(), organiser).status, 200);
    const auto published = server.get(mcc_base + "/results");
    BOOST_REQUIRE_EQUAL(published.status, 200);
    BOOST_TEST(published.headers.at("cache-control").find("public") != std::string::npos);
    BOOST_REQUIRE(published.headers.contains("etag"));
    const auto etag = published.headers.at("etag");
    const auto again = server.request("GET", mcc_base + "/results", {}, {}, {{"If-None-Match", etag}});
    BOOST_TEST(again.status == 304);
    BOOST_TEST(again.body.empty());
    BOOST_TEST(again.headers.at("etag") == etag);
    const auto with_key = server.get(mcc_base + "/results", organiser);
    BOOST_TEST(with_key.headers.at("cache-control") == "no-store");
    for (const std::string format : {"json", "csv", "pabulib"}) {
        const auto file = server.get(mcc_base + "/export?format=" + format);
        BOOST_REQUIRE_EQUAL(file.status, 200);
        BOOST_REQUIRE(file.headers.contains("etag"));
        const auto same = server.request("GET", mcc_base + "/export?format=" + format, {}, {},
                                         {{"If-None-Match", file.headers.at("etag")}});
        BOOST_TEST(same.status == 304, format);
        const auto other =
            server.request("GET", mcc_base + "/export?format=" + format, {}, {}, {{"If-None-Match", "\"not-it\""}});
        BOOST_TEST(other.status == 200, format);
        BOOST_TEST(other.body == file.body, format);
    }
}

// A request's body is released once its response is written: an idle keep-alive connection
// holds no megabyte. The server reports its heap in use (admin only) for operators and for this.
BOOST_AUTO_TEST_CASE(idle_connections_hold_no_request_body)
{
    namespace net = boost::asio;
    using tcp = net::ip::tcp;
    const auto heap = [&] {
        const auto r = server.get("/api/v1/status", server_process::admin_key());
        BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
        return r.json_body()["heap_bytes_in_use"].get<std::int64_t>();
    };
    expect_error(server.get("/api/v1/status"), 401, "unauthorized");
    expect_error(server.get("/api/v1/status", organiser), 403, "forbidden");
    const std::int64_t before = heap();
    constexpr int connections = 40;
    const std::string body = "{\"slug\":\"" + std::string(std::size_t{1000} * 1000, 'a'); // never closed: 400
    const std::string request = "POST /api/v1/municipalities HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                                server_process::admin_key() + "\r\nContent-Length: " + std::to_string(body.size()) +
                                "\r\n\r\n" + body;
    net::io_context ioc;
    std::vector<std::unique_ptr<tcp::socket>> open;
    for (int i = 0; i < connections; ++i) {
        auto socket = std::make_unique<tcp::socket>(ioc);
        socket->connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), server.port()));
        net::write(*socket, net::buffer(request));
        net::streambuf reply;
        net::read_until(*socket, reply, "}}"); // the whole 400 body: the response is written
        const std::string text(net::buffers_begin(reply.data()), net::buffers_end(reply.data()));
        BOOST_REQUIRE_MESSAGE(text.rfind("HTTP/1.1 400", 0) == 0, text.substr(0, 80));
        BOOST_REQUIRE(text.find("Connection: close") == std::string::npos); // kept alive, idle
        open.push_back(std::move(socket));
    }
    const std::int64_t after = heap();
    const std::int64_t held = after - before;
    BOOST_TEST_MESSAGE("heap grew by " << held << " bytes over " << connections << " idle connections");
    // Each connection read a 1 MB body; idle, they may keep their small buffers, not the bodies.
    BOOST_TEST(held < static_cast<std::int64_t>(connections) * 1000 * 1000 / 4, held);
}

// Every limit is in the README: each probed at the README's value (accepted) and one past it
// (refused with the status and field the table names).
BOOST_AUTO_TEST_CASE(every_limit_is_where_the_readme_says)
{
    const auto text = [](std::int64_t n, char c = 'x') { return std::string(static_cast<std::size_t>(n), c); };
    const auto page = readme_limit("page size");
    BOOST_TEST(server.get(mcc_base + "/ideas?limit=" + std::to_string(page)).status == 200);
    expect_error(server.get(mcc_base + "/ideas?limit=" + std::to_string(page + 1)), 400, "invalid_field", "limit");
    BOOST_TEST(server.get(mcc_base + "/audit?limit=" + std::to_string(page)).status == 200);

    const std::string c = "/api/v1/municipalities/hermosillo/challenges";
    auto def = mcc_challenge();
    int made = 0;
    const auto accepted = [&](json d) {
        d["slug"] = "limite-" + std::to_string(++made);
        const auto r = server.post(c, d, organiser);
        BOOST_TEST(r.status == 201, r.body);
    };
    const auto refused = [&](json d, const std::string& field) {
        d["slug"] = "limite-no";
        expect_error(server.post(c, d, organiser), 400, "invalid_field", field);
    };
    auto d = def;
    d["title"] = text(readme_limit("challenge title"));
    accepted(d);
    d["title"] = text(readme_limit("challenge title") + 1);
    refused(d, "title");
    d = def;
    d["description"] = text(readme_limit("challenge description"));
    accepted(d);
    d["description"] = text(readme_limit("challenge description") + 1);
    refused(d, "description");
    d = def;
    d["categories"] = json::array();
    for (std::int64_t i = 0; i < readme_limit("categories per challenge"); ++i) {
        const auto n = std::to_string(i);
        d["categories"].push_back(n + text(80 - static_cast<std::int64_t>(n.size()), 'a')); // 80 characters
    }
    accepted(d);
    auto longer = d;
    longer["categories"][1] = longer["categories"][1].get<std::string>() + "a";
    refused(longer, "categories[1]");
    d["categories"].push_back("una más");
    refused(d, "categories");
    d = def;
    d["tie_break_seed"] = text(readme_limit("tie-break seed"));
    accepted(d);
    d["tie_break_seed"] = text(readme_limit("tie-break seed") + 1);
    refused(d, "tie_break_seed");
    d = def;
    d["winners"] = readme_limit("winners");
    accepted(d);
    d["winners"] = readme_limit("winners") + 1;
    refused(d, "winners");
    d = def;
    d["max_ideas_per_token"] = readme_limit("ideas per token");
    accepted(d);
    d["max_ideas_per_token"] = readme_limit("ideas per token") + 1;
    refused(d, "max_ideas_per_token");
    d = def;
    d["ballot"]["max_choices"] = readme_limit("`max_choices`");
    accepted(d);
    d["ballot"]["max_choices"] = readme_limit("`max_choices`") + 1;
    refused(d, "ballot.max_choices");

    const auto tokens = readme_limit("tokens per request");
    expect_error(server.post(mcc_base + "/tokens", {{"count", tokens + 1}}, organiser), 400, "invalid_field", "count");
    const auto ref = readme_limit("identity reference");
    BOOST_TEST(server.post(mcc_base + "/tokens", {{"participants", {{{"ref", text(ref)}}}}}, organiser).status == 201);
    expect_error(server.post(mcc_base + "/tokens", {{"participants", {{{"ref", text(ref + 1)}}}}}, organiser), 400,
                 "invalid_field", "participants[0].ref");

    const auto t = cards(1);
    server.set_clock("2020-10-05T00:00:00Z");
    const json ok{{"token", t[0]}, {"title", "Título"}, {"description", "Descripción"}, {"category", "empleo"}};
    auto i = ok;
    i["title"] = text(readme_limit("idea title"));
    const auto long_title = server.post(mcc_base + "/ideas", i);
    BOOST_TEST(long_title.status == 201, long_title.body);
    i["title"] = text(readme_limit("idea title") + 1);
    expect_error(server.post(mcc_base + "/ideas", i), 400, "invalid_field", "title");
    i = ok;
    i["description"] = text(readme_limit("idea description") + 1);
    expect_error(server.post(mcc_base + "/ideas", i), 400, "invalid_field", "description");
    const auto id = std::to_string(long_title.json_body()["id"].get<std::int64_t>());
    const auto reason = readme_limit("moderation reason");
    expect_error(server.post(mcc_base + "/ideas/" + id + "/moderation",
                             {{"action", "hide"}, {"reason", text(reason + 1)}}, organiser),
                 400, "invalid_field", "reason");
    BOOST_TEST(
        server
            .post(mcc_base + "/ideas/" + id + "/moderation", {{"action", "hide"}, {"reason", text(reason)}}, organiser)
            .status == 200);

    const auto depth = readme_limit("JSON nesting");
    const auto nested = [&](std::int64_t n) {
        return "{\"x\":" + std::string(static_cast<std::size_t>(n - 1), '[') +
               std::string(static_cast<std::size_t>(n - 1), ']') + "}";
    };
    expect_error(server.request("POST", "/api/v1/municipalities", nested(depth), server_process::admin_key()), 400,
                 "invalid_field", "slug"); // parsed: it is the slug that is missing
    expect_error(server.request("POST", "/api/v1/municipalities", nested(depth + 1), server_process::admin_key()), 400,
                 "invalid_field", "body");
    const auto body = readme_limit("request body");
    const auto big = server.raw(
        "POST /api/v1/municipalities HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body + 1) + "\r\n\r\n{");
    BOOST_TEST(big.rfind("HTTP/1.1 413", 0) == 0u, big.substr(0, 40));
    const auto headers = readme_limit("request headers");
    const auto fat = server.raw("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " +
                                std::string(static_cast<std::size_t>(headers), 'a') + "\r\n\r\n");
    BOOST_TEST(fat.rfind("HTTP/1.1 431", 0) == 0u, fat.substr(0, 40));
    const auto token = readme_limit("participant token");
    expect_error(vote(std::string(static_cast<std::size_t>(token + 1), 'a'), json::array()), 401, "invalid_token",
                 "token");
}

BOOST_AUTO_TEST_SUITE_END()
