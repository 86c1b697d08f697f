// The server's log (issue 23, point 5): JSON lines with `--log-format json`, and never a token, a
// key, an identity reference or a receipt in it, whatever the requests were (a desk issuing by
// reference, cards, ballots, a forged token, a table's officer checking someone in).

#include "engine/identity/officer_key.hpp"
#include "tests/api/challenge_fixture.hpp"

#include <boost/test/unit_test.hpp>

namespace cabildo::test {

BOOST_AUTO_TEST_SUITE(logs)

BOOST_AUTO_TEST_CASE(json_logs_are_one_object_a_line)
{
    server_process server({"--log-format", "json"});
    BOOST_TEST(server.get("/api/v1/health").status == 200);
    BOOST_TEST(server.get("/api/v1/municipalities/nowhere").status == 404);
    server.stop();
    std::istringstream lines(server.log());
    std::size_t n = 0;
    for (std::string line; std::getline(lines, line);) {
        if (line.empty())
            continue;
        ++n;
        const auto j = json::parse(line, nullptr, false);
        BOOST_TEST_REQUIRE(j.is_object(), line);
        BOOST_TEST(j.contains("time"), line);
        BOOST_TEST(j.contains("level"), line);
        BOOST_TEST(j["message"].is_string(), line);
    }
    BOOST_TEST(n >= 2U); // at least the start and the stop
    BOOST_TEST(server_process::run_to_exit({"serve", "--log-format", "xml"}).status != 0);
}

BOOST_FIXTURE_TEST_CASE(no_token_key_reference_or_receipt_is_ever_logged, challenge_fixture)
{
    std::vector<std::string> secrets{server_process::admin_key(), organiser};
    const std::vector<std::string> refs{"CURP-LOG-000001", "CURP-LOG-000002"};
    secrets.insert(secrets.end(), refs.begin(), refs.end());
    const auto issued =
        server.post(mcc_base + "/tokens", {{"participants", {{{"ref", refs[0]}}, {{"ref", refs[1]}}}}}, organiser);
    BOOST_REQUIRE_EQUAL(issued.status, 201);
    const auto body = issued.json_body();
    for (const auto& t : body["tokens"])
        secrets.push_back(t["token"]);
    for (const auto& card : cards(2))
        secrets.push_back(card);
    const auto desk =
        server.post("/api/v1/municipalities/hermosillo/keys", {{"role", "issuer"}}, server_process::admin_key());
    secrets.push_back(desk.json_body()["key"]);
    const auto table = server.post(
        mcc_base + "/tables",
        {{"name", "Mesa"}, {"address", "Plaza"}, {"opens", "2020-10-02T00:00:00Z"}, {"closes", "2020-10-25T00:00:00Z"}},
        organiser);
    BOOST_REQUIRE_EQUAL(table.status, 201);
    const auto at = mcc_base + "/tables/" + std::to_string(table.json_body()["id"].get<std::int64_t>());
    const std::string shown = server.post(at + "/officers", json::object(), organiser).json_body()["key"];
    const auto officer = engine::split_officer_key(shown);
    BOOST_REQUIRE(officer);
    secrets.emplace_back(officer->bearer);
    secrets.emplace_back(officer->secret);

    server.set_clock("2020-10-02T12:00:00Z");
    const std::string token = body["tokens"][0]["token"];
    const auto idea =
        server.post(mcc_base + "/ideas",
                    {{"token", token}, {"title", "Idea sin rastro"}, {"description", "x"}, {"category", "empleo"}});
    BOOST_REQUIRE_EQUAL(idea.status, 201);
    const auto ballot = vote(token, json::array({idea.json_body()["id"]}));
    BOOST_REQUIRE_EQUAL(ballot.status, 200);
    secrets.push_back(ballot.json_body()["receipt"]);
    // A forged token and a wrong key are refused, and not written down either.
    const std::string forged = "eyJmb3JnZWQiOiJ0b2tlbi1kZS1wcnVlYmEtMTIzNDU2Nzg5MCJ9.Zm9yZ2Vk.c2lnbmF0dXJh";
    secrets.push_back(forged);
    BOOST_TEST(vote(forged, json::array({idea.json_body()["id"]})).status == 401);
    const std::string wrong_key = "Y2xhdmUtZXF1aXZvY2FkYS1wYXJhLWxvcy1yZWdpc3Ryb3MtMjAyNg";
    secrets.push_back(wrong_key);
    BOOST_TEST(server.get("/api/v1/whoami", wrong_key).status == 401);
    BOOST_TEST(server.post(at + "/check-ins", {{"ref", refs[1]}}, std::string(officer->bearer)).status == 200);
    BOOST_TEST(server.post(mcc_base + "/tokens/revoke", {{"refs", {refs[0]}}}, organiser).status == 200);
    server.stop();

    const auto log = server.log();
    BOOST_TEST(!log.empty());
    for (const auto& s : secrets)
        BOOST_TEST(log.find(s) == std::string::npos, "the log holds " << s);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace cabildo::test
