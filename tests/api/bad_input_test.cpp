// Hostile and mistaken input: each gets the contract's status and an error naming the problem,
// and nothing stored changes.

#include "engine/identity/crypto.hpp"
#include "tests/api/challenge_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <random>

using namespace cabildo::test;

BOOST_FIXTURE_TEST_SUITE(bad_input, challenge_fixture)

BOOST_AUTO_TEST_CASE(malformed_bodies_name_the_field)
{
    const auto& admin = server_process::admin_key();
    const std::string m = "/api/v1/municipalities";
    expect_error(server.request("POST", m, "{not json", admin), 400, "invalid_field", "body");
    expect_error(server.request("POST", m, "[1,2]", admin), 400, "invalid_field", "body");
    expect_error(server.request("POST", m, "{\"slug\":\"a\xff\"}", admin), 400, "invalid_field", "body");
    expect_error(server.request("POST", m, std::string(5000, '[') + std::string(5000, ']'), admin), 400,
                 "invalid_field", "body");
    expect_error(server.post(m, {{"name", "X"}, {"timezone", "UTC"}}, admin), 400, "invalid_field", "slug");
    expect_error(server.post(m, {{"slug", 7}, {"name", "X"}, {"timezone", "UTC"}}, admin), 400, "invalid_field",
                 "slug");
    expect_error(server.post(m, {{"slug", "Bad Slug"}, {"name", "X"}, {"timezone", "UTC"}}, admin), 400,
                 "invalid_field", "slug");
    expect_error(server.post(m, {{"slug", "x"}, {"name", std::string(201, 'a')}, {"timezone", "UTC"}}, admin), 400,
                 "invalid_field", "name");
    expect_error(server.post(m, {{"slug", "x"}, {"name", "X"}, {"timezone", "Mars/Olympus"}}, admin), 400,
                 "invalid_field", "timezone");
    expect_error(server.post(m, {{"slug", "x"}, {"name", "X"}, {"timezone", "../../etc/passwd"}}, admin), 400,
                 "invalid_field", "timezone");
    expect_error(server.post(m, {{"slug", "hermosillo"}, {"name", "X"}, {"timezone", "UTC"}}, admin), 409, "slug_taken",
                 "slug");
    BOOST_TEST(server.get(m).json_body()["municipalities"].size() == 1u);
}

BOOST_AUTO_TEST_CASE(credentials_are_checked)
{
    const std::string m = "/api/v1/municipalities";
    expect_error(server.post(m, {{"slug", "x"}, {"name", "X"}, {"timezone", "UTC"}}), 401, "unauthorized");
    expect_error(server.post(m, {{"slug", "x"}, {"name", "X"}, {"timezone", "UTC"}}, "wrong"), 401, "unauthorized");
    expect_error(server.post(m, {{"slug", "x"}, {"name", "X"}, {"timezone", "UTC"}}, organiser), 403, "forbidden");
    // A key of another municipality.
    BOOST_TEST(server
                   .post(m, {{"slug", "torreon"}, {"name", "Torreón"}, {"timezone", "America/Monterrey"}},
                         server_process::admin_key())
                   .status == 201);
    const std::string other =
        server.post(m + "/torreon/keys", json::object(), server_process::admin_key()).json_body()["key"];
    expect_error(server.post(mcc_base + "/tokens", {{"count", 1}}, other), 403, "forbidden");
    expect_error(server.patch(mcc_base, {{"title", "Otro"}}, other), 403, "forbidden");
    expect_error(server.post(m + "/torreon/challenges", mcc_challenge(), organiser), 403, "forbidden");
    BOOST_TEST(server.get(mcc_base).json_body()["title"] == "Reactivación económica");
    expect_error(server.get("/api/v1/municipalities/nowhere"), 404, "not_found");
    expect_error(server.get("/api/v1/municipalities/hermosillo/challenges/nothing"), 404, "not_found");
    expect_error(server.get("/api/v1/nothing"), 404, "not_found");
    expect_error(server.request("DELETE", mcc_base), 405, "method_not_allowed");
}

BOOST_AUTO_TEST_CASE(challenge_definitions_are_validated)
{
    const std::string c = "/api/v1/municipalities/hermosillo/challenges";
    auto def = mcc_challenge();
    def["slug"] = "otro";
    auto bad = def;
    bad["timeline"]["voting"]["closes"] = "2020-10-20T06:00:00Z";
    expect_error(server.post(c, bad, organiser), 400, "invalid_field", "timeline.voting.closes");
    bad = def;
    bad["timeline"]["announcement"] = "the first of november";
    expect_error(server.post(c, bad, organiser), 400, "invalid_field", "timeline.announcement");
    bad = def;
    bad["timeline"].erase("submission");
    expect_error(server.post(c, bad, organiser), 400, "invalid_field", "timeline.submission");
    bad = def;
    bad["ballot"]["kind"] = "telepathy";
    expect_error(server.post(c, bad, organiser), 400, "invalid_field", "ballot.kind");
    bad = def;
    bad["ballot"]["max_choices"] = 0;
    expect_error(server.post(c, bad, organiser), 400, "invalid_field", "ballot.max_choices");
    bad = def;
    bad["winners"] = -1;
    expect_error(server.post(c, bad, organiser), 400, "invalid_field", "winners");
    bad = def;
    bad["categories"] = {"a", "a"};
    expect_error(server.post(c, bad, organiser), 400, "invalid_field", "categories[1]");
    bad = def;
    bad["description"] = std::string(10001, 'x');
    expect_error(server.post(c, bad, organiser), 400, "invalid_field", "description");
    expect_error(server.post(c, mcc_challenge(), organiser), 409, "slug_taken", "slug");
    BOOST_TEST(server.get(c).json_body()["challenges"].size() == 1u);
}

BOOST_AUTO_TEST_CASE(tokens_that_are_forged_expired_revoked_or_foreign_are_refused)
{
    const auto t = cards(3);
    server.set_clock("2020-10-05T00:00:00Z");
    const auto a = idea(t[0], "Una idea");
    // Forged: flip one character of the signature.
    std::string forged = t[1];
    forged.back() = forged.back() == 'A' ? 'B' : 'A';
    expect_error(vote(forged, {a}), 401, "invalid_token", "token");
    expect_error(vote("not-a-token", {a}), 401, "invalid_token", "token");
    expect_error(vote(std::string(4000, 'a'), {a}), 401, "invalid_token", "token");
    // Revoked.
    BOOST_TEST(server.post(mcc_base + "/tokens/revoke", {{"tokens", {t[2]}}}, organiser).json_body()["revoked"] == 1);
    expect_error(vote(t[2], {a}), 401, "token_revoked", "token");
    // Another challenge's token.
    auto other = mcc_challenge();
    other["slug"] = "movilidad";
    BOOST_REQUIRE_EQUAL(server.post("/api/v1/municipalities/hermosillo/challenges", other, organiser).status, 201);
    const std::string foreign =
        server.post("/api/v1/municipalities/hermosillo/challenges/movilidad/tokens", {{"count", 1}}, organiser)
            .json_body()["tokens"][0]["token"];
    expect_error(vote(foreign, {a}), 401, "invalid_token", "token");
    server.set_clock("2020-10-26T06:00:00Z");
    const auto res = server.get(mcc_base + "/results", organiser).json_body();
    BOOST_TEST(res["ballots"] == 0);
    // Expired: tokens live until 30 days after voting closes; the token is checked first.
    server.set_clock("2020-11-25T06:00:00Z");
    expect_error(vote(t[1], {a}), 401, "token_expired", "token");
}

BOOST_AUTO_TEST_CASE(ballots_are_validated_and_nothing_changes)
{
    const auto t = cards(3);
    server.set_clock("2020-10-05T00:00:00Z");
    const auto a = idea(t[0], "Idea A");
    const auto b = idea(t[1], "Idea B");
    const auto c = idea(t[2], "Idea C");
    BOOST_TEST(vote(t[0], {a}).status == 200);
    expect_error(vote(t[0], {a, a}), 400, "invalid_field", "choices[1]");
    expect_error(vote(t[0], {a, b, c}), 400, "invalid_field", "choices");
    expect_error(vote(t[0], {999999}), 400, "unknown_idea", "choices[0]");
    expect_error(vote(t[0], {"1"}), 400, "invalid_field", "choices[0]");
    expect_error(vote(t[0], {1.5}), 400, "invalid_field", "choices[0]");
    expect_error(vote(t[0], "all"), 400, "invalid_field", "choices");
    expect_error(server.put(mcc_base + "/ballot", {{"token", t[0]}}), 400, "invalid_field", "choices");
    expect_error(server.put(mcc_base + "/ballot", {{"choices", {a}}}), 400, "invalid_field", "token");
    expect_error(server.put(mcc_base + "/ballot", {{"token", 12}, {"choices", {a}}}), 400, "invalid_field", "token");
    expect_error(server.put(mcc_base + "/ballot", {{"token", t[0]}, {"ranking", {a}}}), 400, "invalid_field",
                 "choices");
    server.set_clock("2020-10-26T06:00:00Z");
    const auto res = server.get(mcc_base + "/results", organiser).json_body();
    BOOST_TEST(res["ballots"] == 1);
    BOOST_TEST(res["ranking"][0]["idea"] == a);
    BOOST_TEST(res["ranking"][0]["score"] == 1);
}

BOOST_AUTO_TEST_CASE(ideas_are_validated)
{
    const auto t = cards(1);
    server.set_clock("2020-10-05T00:00:00Z");
    const auto post = [&](json body) { return server.post(mcc_base + "/ideas", body); };
    json ok{{"token", t[0]}, {"title", "Título válido"}, {"description", "Descripción"}, {"category", "empleo"}};
    auto bad = ok;
    bad["title"] = "";
    expect_error(post(bad), 400, "invalid_field", "title");
    bad = ok;
    bad["title"] = std::string(201, 'x');
    expect_error(post(bad), 400, "invalid_field", "title");
    bad = ok;
    bad["description"] = std::string(5001, 'x');
    expect_error(post(bad), 400, "invalid_field", "description");
    bad = ok;
    bad["category"] = "astronáutica";
    expect_error(post(bad), 400, "invalid_field", "category");
    bad = ok;
    bad["cost"] = -5;
    expect_error(post(bad), 400, "invalid_field", "cost");
    bad = ok;
    bad["location"] = {{"latitude", 200}, {"longitude", 0}};
    expect_error(post(bad), 400, "invalid_field", "location");
    bad = ok;
    bad["title"] = "tab\x01here";
    expect_error(post(bad), 400, "invalid_field", "title");
    BOOST_TEST(server.get(mcc_base + "/ideas").json_body()["ideas"].empty());
    expect_error(server.get(mcc_base + "/ideas/abc"), 404, "not_found");
    expect_error(server.get(mcc_base + "/ideas/-1"), 404, "not_found");
    expect_error(server.get(mcc_base + "/ideas/99999999999999999999"), 404, "not_found");
    expect_error(server.get(mcc_base + "/ideas?limit=0"), 400, "invalid_field", "limit");
}

BOOST_AUTO_TEST_CASE(timeline_edits_follow_the_rules_and_are_audited)
{
    server.set_clock("2020-10-24T00:00:00Z");
    // Extending open voting is fine, and so is moving the announcement with it.
    const auto extended = server.patch(
        mcc_base,
        {{"timeline", {{"voting", {{"closes", "2020-10-28T06:00:00Z"}}}, {"announcement", "2020-11-02T18:00:00Z"}}}},
        organiser);
    BOOST_REQUIRE_MESSAGE(extended.status == 200, extended.body);
    BOOST_TEST(extended.json_body()["timeline"]["voting"]["closes"] == "2020-10-28T06:00:00Z");
    // Shortening open voting, reopening closed upload, changing frozen rules: refused.
    expect_error(server.patch(mcc_base, {{"timeline", {{"voting", {{"closes", "2020-10-25T06:00:00Z"}}}}}}, organiser),
                 409, "timeline_locked", "timeline.voting.closes");
    expect_error(
        server.patch(mcc_base, {{"timeline", {{"submission", {{"closes", "2020-10-27T06:00:00Z"}}}}}}, organiser), 409,
        "timeline_locked", "timeline.submission");
    expect_error(server.patch(mcc_base, {{"ballot", {{"kind", "approval"}, {"max_choices", 3}}}}, organiser), 409,
                 "timeline_locked", "ballot");
    expect_error(server.patch(mcc_base, {{"tie_break_seed", "otra"}}, organiser), 409, "timeline_locked",
                 "tie_break_seed");
    expect_error(server.patch(mcc_base, {{"timeline", {{"announcement", "2020-10-27T00:00:00Z"}}}}, organiser), 400,
                 "invalid_field", "timeline.announcement");
    expect_error(server.patch(mcc_base, {{"slug", "nuevo"}}, organiser), 400, "invalid_field", "slug");
    const auto now = server.get(mcc_base).json_body();
    BOOST_TEST(now["timeline"]["voting"]["closes"] == "2020-10-28T06:00:00Z");
    BOOST_TEST(now["ballot"]["max_choices"] == 2);
    // The seed is committed, not told, until voting closes.
    BOOST_TEST(now["tie_break_seed"].is_null());
    BOOST_TEST(now["tie_break_seed_sha256"] == cabildo::engine::to_hex(cabildo::engine::sha256("mcc-2020")));
    const auto audit = server.get(mcc_base + "/audit").json_body()["entries"];
    BOOST_REQUIRE_EQUAL(audit.size(), 2u);
    BOOST_TEST(audit[1]["action"] == "challenge.update");
    BOOST_TEST(audit[1]["detail"]["timeline"]["before"]["voting"]["closes"] == "2020-10-26T06:00:00Z");
    BOOST_TEST(audit[1]["detail"]["timeline"]["after"]["voting"]["closes"] == "2020-10-28T06:00:00Z");
}

BOOST_AUTO_TEST_CASE(oversize_and_malformed_http_is_bounded)
{
    // The declared length is refused before any of the body is read.
    const auto big = server.raw("POST /api/v1/municipalities HTTP/1.1\r\nHost: x\r\nContent-Length: 2097152\r\n\r\n{");
    BOOST_TEST(big.rfind("HTTP/1.1 413", 0) == 0u, big.substr(0, 40));
    BOOST_TEST(big.find("body_too_large") != std::string::npos);
    const auto chunked =
        server.raw("POST /api/v1/municipalities HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
                   std::string("200000\r\n") + std::string(0x200000, ' ') + "\r\n0\r\n\r\n");
    BOOST_TEST(chunked.rfind("HTTP/1.1 413", 0) == 0u, chunked.substr(0, 40));
    const auto headers =
        server.raw("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(64 << 10, 'a') + "\r\n\r\n");
    BOOST_TEST(headers.rfind("HTTP/1.1 431", 0) == 0u, headers.substr(0, 40));
    const auto garbage = server.raw("\x16\x03\x01 this is not http\r\n\r\n");
    BOOST_TEST(garbage.rfind("HTTP/1.1 400", 0) == 0u, garbage.substr(0, 40));
    const auto target = server.raw("GET /api/v1/%zz HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(target.rfind("HTTP/1.1 400", 0) == 0u, target.substr(0, 40));
    BOOST_TEST(server.get("/api/v1/health").status == 200);
}

BOOST_AUTO_TEST_CASE(random_bodies_never_get_a_500)
{
    std::mt19937 rng(20201001);
    const auto t = cards(1);
    server.set_clock("2020-10-05T00:00:00Z");
    const std::vector<std::pair<std::string, std::string>> endpoints{{"POST", "/api/v1/municipalities"},
                                                                     {"POST", mcc_base + "/tokens"},
                                                                     {"POST", mcc_base + "/ideas"},
                                                                     {"PUT", mcc_base + "/ballot"},
                                                                     {"PATCH", mcc_base},
                                                                     {"POST", mcc_base + "/tokens/revoke"},
                                                                     {"POST", mcc_base + "/ideas/1/moderation"}};
    const std::vector<std::string> pieces{"{",
                                          "}",
                                          "[",
                                          "]",
                                          "\"token\"",
                                          "\"choices\"",
                                          ":",
                                          ",",
                                          "1",
                                          "-1",
                                          "1e999",
                                          "null",
                                          "true",
                                          "\"",
                                          "\\u0000",
                                          "\xc3",
                                          "\"" + t[0] + "\"",
                                          "\"timeline\"",
                                          "\"voting\"",
                                          "{\"closes\":\"2020-13-01T00:00:00Z\"}",
                                          "99999999999999999999"};
    for (int i = 0; i < 400; ++i) {
        std::string body;
        const int n = static_cast<int>(rng() % 12);
        for (int k = 0; k < n; ++k)
            body += pieces[rng() % pieces.size()];
        const auto& [method, target] = endpoints[rng() % endpoints.size()];
        const auto r = server.request(method, target, body, rng() % 2 ? organiser : server_process::admin_key());
        BOOST_TEST((r.status >= 200 && r.status < 500), method << " " << target << " " << body << " -> " << r.status);
        BOOST_TEST(r.json_body().is_object(), body);
    }
    BOOST_TEST(server.get("/api/v1/health").status == 200);
}

BOOST_AUTO_TEST_SUITE_END()
