// The page-to-desk hand-over of anonymous challenges (api/blind_relay.hpp), and GET /whoami, which
// tells the web app what a key may do.

#include "api/blind_relay.hpp"
#include "tests/api/blind_client.hpp"
#include "tests/api/challenge_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace cabildo::test;
using cabildo::api::blind_relay;

namespace {

const std::string anon_base = "/api/v1/municipalities/hermosillo/challenges/anonimo";

struct relay_fixture : challenge_fixture {
    std::string issuer;
    blind_rsa::public_key key = make_blind();

    blind_rsa::public_key make_blind()
    {
        auto body = mcc_challenge();
        body["slug"] = "anonimo";
        body["anonymity"] = "blind";
        const auto r = server.post("/api/v1/municipalities/hermosillo/challenges", body, organiser);
        BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
        const auto desk =
            server.post("/api/v1/municipalities/hermosillo/keys", {{"role", "issuer"}}, server_process::admin_key());
        BOOST_REQUIRE_EQUAL(desk.status, 201);
        issuer = desk.json_body()["key"];
        server.set_clock("2020-09-20T13:45:10Z"); // voting open: the desk may sign
        return rsa_key_of(rsa_jwk(server.get(anon_base + "/keys").json_body()));
    }

    std::string open(const blind_client& page)
    {
        const auto r = server.post(anon_base + "/tokens/blind/requests", {{"blinded_msg", page.blinded_msg_b64()}});
        BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
        return r.json_body()["code"];
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(blind_relay_and_whoami)

BOOST_AUTO_TEST_CASE(codes_are_read_as_people_write_them)
{
    BOOST_TEST(blind_relay::canonical("ABCD-2345").value() == "ABCD2345");
    BOOST_TEST(blind_relay::canonical("abcd 2345").value() == "ABCD2345");
    BOOST_TEST(blind_relay::canonical("ab1o-i2l5").value() == "AB101215");
    BOOST_TEST(!blind_relay::canonical("ABCD-234"));
    BOOST_TEST(!blind_relay::canonical("ABCD-23456"));
    BOOST_TEST(!blind_relay::canonical("ABCU-2345")); // U is not in Crockford's alphabet
    BOOST_TEST(!blind_relay::canonical("ABCD/2345"));
    BOOST_TEST(!blind_relay::canonical(""));
}

BOOST_AUTO_TEST_CASE(a_request_lives_ten_minutes_and_the_table_is_bounded)
{
    blind_relay relay;
    const auto t0 = cabildo::engine::time_point{} + std::chrono::hours(1000);
    const auto code = relay.open("m/c", "msg", t0);
    BOOST_REQUIRE(code);
    BOOST_TEST(code->size() == 9u);
    BOOST_TEST(relay.find("m/c", *code, t0 + std::chrono::minutes(9)).has_value());
    BOOST_TEST(!relay.find("m/other", *code, t0)); // a code belongs to its challenge
    BOOST_TEST(!relay.find("m/c", *code, t0 + std::chrono::minutes(10)));
    BOOST_TEST(!relay.sign("m/c", *code, "sig", t0 + std::chrono::minutes(11)));
    for (std::size_t i = 1; i < blind_relay::capacity; ++i)
        BOOST_REQUIRE(relay.open("m/c", "msg", t0));
    BOOST_TEST(!relay.open("m/c", "one too many", t0));
    // Expired requests make room.
    BOOST_TEST(relay.open("m/c", "later", t0 + std::chrono::minutes(10)).has_value());
}

BOOST_FIXTURE_TEST_CASE(the_desk_signs_a_pages_request_by_its_code, relay_fixture)
{
    const blind_client page(key);
    const auto code = open(page);
    BOOST_TEST(code.size() == 9u);
    const auto waiting = server.get(anon_base + "/tokens/blind/requests/" + code);
    BOOST_REQUIRE_EQUAL(waiting.status, 200);
    BOOST_TEST(waiting.json_body()["status"] == "waiting");
    BOOST_TEST(!waiting.json_body().contains("blind_sig"));
    BOOST_TEST(waiting.json_body()["expires_at"] == "2020-09-20T13:55:10Z");

    // The clerk types the code in lower case, without the dash.
    std::string typed = code.substr(0, 4) + code.substr(5);
    std::transform(typed.begin(), typed.end(), typed.begin(), [](unsigned char ch) { return std::tolower(ch); });
    const auto signed_ = server.post(anon_base + "/tokens/blind", {{"ref", "CURP-7"}, {"request", typed}}, issuer);
    BOOST_REQUIRE_MESSAGE(signed_.status == 201, signed_.body);
    const auto done = server.get(anon_base + "/tokens/blind/requests/" + code).json_body();
    BOOST_TEST(done["status"] == "signed");
    BOOST_TEST(done["blind_sig"] == signed_.json_body()["blind_sig"]);
    const auto token = page.token(done["blind_sig"]);
    BOOST_REQUIRE(token.has_value());

    // The same person again, by another page's request: one voice.
    const blind_client other(key);
    expect_error(server.post(anon_base + "/tokens/blind", {{"ref", "curp 7"}, {"request", open(other)}}, issuer), 409,
                 "already_issued");
    // Ten minutes later the request is gone; the token the page made stays good for voting.
    server.set_clock("2020-09-20T13:55:10Z");
    expect_error(server.get(anon_base + "/tokens/blind/requests/" + code), 404, "not_found");
    server.set_clock("2020-10-02T12:00:00Z");
    const auto ballot = server.put(anon_base + "/ballot", {{"token", *token}, {"choices", json::array()}});
    BOOST_TEST(ballot.status == 200, ballot.body);
}

BOOST_FIXTURE_TEST_CASE(bad_requests_are_refused_and_change_nothing, relay_fixture)
{
    const std::string url = anon_base + "/tokens/blind/requests";
    expect_error(server.post(url, json::object()), 400, "invalid_field", "blinded_msg");
    expect_error(server.post(url, {{"blinded_msg", "no es base64!"}}), 400, "invalid_field", "blinded_msg");
    expect_error(server.post(url, {{"blinded_msg", std::string(2000, 'A')}}), 400, "invalid_field", "blinded_msg");
    expect_error(server.post(url, {{"blinded_msg", 17}}), 400, "invalid_field", "blinded_msg");
    expect_error(server.post(mcc_base + "/tokens/blind/requests", {{"blinded_msg", "AAAA"}}), 400, "invalid_field",
                 "blinded_msg");
    expect_error(server.post("/api/v1/municipalities/hermosillo/challenges/nada/tokens/blind/requests",
                             {{"blinded_msg", "AAAA"}}),
                 404, "not_found");
    for (const char* code : {"ZZZZ-ZZZZ", "nonsense", "ABCD-234", "%00"})
        expect_error(server.get(url + "/" + code), 404, "not_found");

    const blind_client page(key);
    const auto code = open(page);
    const std::string sign = anon_base + "/tokens/blind";
    expect_error(server.post(sign, {{"ref", "CURP-8"}, {"request", code}}), 401, "unauthorized");
    expect_error(server.post(sign, {{"ref", "CURP-8"}, {"request", "ZZZZ-ZZZZ"}}, issuer), 404, "not_found", "request");
    expect_error(server.post(sign, {{"ref", "CURP-8"}, {"request", 12}}, issuer), 400, "invalid_field", "request");
    expect_error(
        server.post(sign, {{"ref", "CURP-8"}, {"request", code}, {"blinded_msg", page.blinded_msg_b64()}}, issuer), 400,
        "invalid_field", "request");
    expect_error(server.post(sign, {{"request", code}}, issuer), 400, "invalid_field", "ref");
    // None of that used the request or the reference up.
    BOOST_TEST(server.get(url + "/" + code).json_body()["status"] == "waiting");
    BOOST_TEST(server.post(sign, {{"ref", "CURP-8"}, {"request", code}}, issuer).status == 201);
}

BOOST_FIXTURE_TEST_CASE(whoami_names_the_role_and_the_municipality, relay_fixture)
{
    BOOST_TEST(server.get("/api/v1/whoami", server_process::admin_key()).json_body() == json({{"role", "admin"}}));
    const auto org = server.get("/api/v1/whoami", organiser).json_body();
    BOOST_TEST(org["role"] == "organiser");
    BOOST_TEST(org["municipality"] == "hermosillo");
    const auto desk = server.get("/api/v1/whoami", issuer);
    BOOST_TEST(desk.json_body()["role"] == "issuer");
    BOOST_TEST(desk.headers.at("cache-control") == "no-store");
    BOOST_TEST(desk.body.find(issuer) == std::string::npos);
    expect_error(server.get("/api/v1/whoami"), 401, "unauthorized");
    expect_error(server.get("/api/v1/whoami", "not-a-key"), 401, "unauthorized");
}

BOOST_AUTO_TEST_SUITE_END()
