// The page-to-desk hand-over of anonymous challenges (engine/domain/relay.hpp), and GET /whoami,
// which tells the web app what a key may do. Issue 18: anyone could fill the relay (one table of
// 20,000 requests for the whole server, any message length, even after issuance had closed); a
// resident could lose their voice (a signature its page never collected, a desk told 201 for an
// expired request); a desk of another municipality learnt whether a code was open (404 vs 403).

#include "tests/api/blind_client.hpp"
#include "tests/api/challenge_fixture.hpp"
#include "tests/api/readme_limits.hpp"

#include <boost/test/unit_test.hpp>

using namespace cabildo::test;

namespace {

const std::string anon_base = "/api/v1/municipalities/hermosillo/challenges/anonimo";
const std::string requests = anon_base + "/tokens/blind/requests";

struct relay_fixture : challenge_fixture {
    std::string issuer;
    blind_rsa::public_key key = make_blind();

    // Behind a "proxy": each test names the client by X-Forwarded-For.
    relay_fixture() : challenge_fixture({"--forwarded-for"}) {}

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

    http_reply open_from(const std::string& client, const std::string& blinded_msg_b64) const
    {
        return server.request("POST", requests, json{{"blinded_msg", blinded_msg_b64}}.dump(), {},
                              {{"X-Forwarded-For", "203.0.113.9, " + client}});
    }

    // The code and the secret only the page gets.
    std::pair<std::string, std::string> open_page(const blind_client& page,
                                                  const std::string& client = "198.51.100.1") const
    {
        const auto r = open_from(client, page.blinded_msg_b64());
        BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
        BOOST_REQUIRE(r.json_body()["secret"].is_string());
        return {r.json_body()["code"], r.json_body()["secret"]};
    }

    std::string open(const blind_client& page, const std::string& client = "198.51.100.1") const
    {
        return open_page(page, client).first;
    }

    http_reply sign(const std::string& ref, const std::string& code, const std::string& key) const
    {
        return server.post(anon_base + "/tokens/blind", {{"ref", ref}, {"request", code}}, key);
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(blind_relay_and_whoami)

BOOST_FIXTURE_TEST_CASE(the_desk_signs_a_pages_request_by_its_code, relay_fixture)
{
    const blind_client page(key);
    const auto [code, secret] = open_page(page);
    BOOST_TEST(code.size() == 9u);
    const auto waiting = server.get(requests + "/" + code);
    BOOST_REQUIRE_EQUAL(waiting.status, 200);
    BOOST_TEST(waiting.json_body()["status"] == "waiting");
    BOOST_TEST(!waiting.json_body().contains("blind_sig"));
    BOOST_TEST(waiting.json_body()["expires_at"] == "2020-09-20T13:55:10Z");

    // The clerk types the code in lower case, without the dash.
    std::string typed = code.substr(0, 4) + code.substr(5);
    std::transform(typed.begin(), typed.end(), typed.begin(), [](unsigned char ch) { return std::tolower(ch); });
    const auto signed_ = sign("CURP-7", typed, issuer);
    BOOST_REQUIRE_MESSAGE(signed_.status == 201, signed_.body);
    BOOST_TEST(signed_.json_body()["state"] == "signed");
    BOOST_TEST(signed_.json_body()["delivered"] == false);
    // Signing again (a lost reply) answers the same signature.
    BOOST_TEST(sign("curp 7", code, issuer).json_body()["blind_sig"] == signed_.json_body()["blind_sig"]);
    const auto done = server.get(requests + "/" + code).json_body();
    BOOST_TEST(done["status"] == "signed");
    BOOST_TEST(done["blind_sig"] == signed_.json_body()["blind_sig"]);
    BOOST_TEST(!done.contains("state")); // what the desk sees is the desk's
    const auto token = page.token(done["blind_sig"]);
    BOOST_REQUIRE(token.has_value());
    // The desk sees that the page fetched it.
    BOOST_TEST(server.get(requests + "/" + code, issuer).json_body()["delivered"] == true);

    // The same person again, by another page's request: one voice.
    const blind_client other(key);
    expect_error(sign("curp 7", open(other), issuer), 409, "already_issued", "ref");
    // The page says its token exists, with the secret only it got: the request is gone for pages,
    // the desk sees it collected. Whoever heard the code read out (review of issue 18: a
    // bystander's DELETE wiped a signature before the page fetched it) cannot do that.
    expect_error(server.request("DELETE", requests + "/" + code), 400, "invalid_field", "secret");
    expect_error(server.request("DELETE", requests + "/" + code + "?secret=AAAAAAAAAAAAAAAAAAAAAA"), 404, "not_found",
                 "secret");
    BOOST_TEST(server.get(requests + "/" + code, issuer).json_body()["state"] == "delivered");
    const auto collected = server.request("DELETE", requests + "/" + code + "?secret=" + secret);
    BOOST_TEST(collected.status == 204, collected.body);
    expect_error(server.get(requests + "/" + code), 404, "not_found");
    BOOST_TEST(server.get(requests + "/" + code, issuer).json_body()["state"] == "collected");
    BOOST_TEST(!server.get(requests + "/" + code, issuer).json_body().contains("blind_sig"));
    server.set_clock("2020-10-02T12:00:00Z");
    const auto ballot = server.put(anon_base + "/ballot", {{"token", *token}, {"choices", json::array()}});
    BOOST_TEST(ballot.status == 200, ballot.body);
}

// Issue 18: a reload, or a tab the phone discarded after the desk signed, left a signature nobody
// could finalize. The signed request waits a day for its page; the desk sees whether it was
// fetched; a signature never fetched frees the person for a new request once that day is over.
BOOST_FIXTURE_TEST_CASE(a_signature_the_page_never_fetched_does_not_cost_a_voice, relay_fixture)
{
    const blind_client lost(key);
    const auto first = open(lost);
    BOOST_REQUIRE_EQUAL(sign("CURP-LOST", first, issuer).status, 201);
    // An hour later (the page reloaded) the signature is still there for it.
    server.set_clock("2020-09-20T14:45:10Z");
    BOOST_TEST(server.get(requests + "/" + first, issuer).json_body()["state"] == "signed");
    BOOST_TEST(server.get(requests + "/" + first, issuer).json_body()["delivered"] == false);
    // Within the day a new request for the person is refused: the first may still be fetched.
    const blind_client second(key);
    const auto again = open(second);
    expect_error(sign("CURP-LOST", again, issuer), 409, "already_issued", "ref");
    // A day later it was never fetched: the desk sees it expired undelivered, and may sign anew.
    server.set_clock("2020-09-21T14:30:00Z");
    const auto stale = server.get(requests + "/" + first, issuer).json_body();
    BOOST_TEST(stale["state"] == "expired");
    BOOST_TEST(stale["delivered"] == false);
    expect_error(server.get(requests + "/" + first), 404, "not_found"); // the page can no longer fetch it
    const blind_client third(key);
    const auto fresh = open(third);
    const auto resigned = sign("curp-lost", fresh, issuer);
    BOOST_REQUIRE_MESSAGE(resigned.status == 201, resigned.body);
    BOOST_TEST(server.get(requests + "/" + first, issuer).json_body()["state"] == "void");
    const auto sig = server.get(requests + "/" + fresh).json_body()["blind_sig"];
    BOOST_TEST(third.token(sig).has_value());

    // Review of issue 18: an expired request was deleted an hour after its expiry, and with it
    // what frees the person, who then got 409 for good. Days later the desk may still sign anew.
    const blind_client gone(key);
    BOOST_REQUIRE_EQUAL(sign("CURP-GONE", open(gone), issuer).status, 201);
    server.set_clock("2020-09-24T10:00:00Z");
    const blind_client back(key);
    const auto returned = open(back); // (opening purges the relay's expired rows)
    const auto resigned_later = sign("CURP-GONE", returned, issuer);
    BOOST_REQUIRE_MESSAGE(resigned_later.status == 201, resigned_later.body);
    BOOST_TEST(back.token(server.get(requests + "/" + returned).json_body()["blind_sig"]).has_value());

    // A signature the page did fetch is a voice given: no new one, even a day later.
    const blind_client fetched(key);
    const auto code = open(fetched);
    BOOST_REQUIRE_EQUAL(sign("CURP-FETCHED", code, issuer).status, 201);
    BOOST_REQUIRE(server.get(requests + "/" + code).json_body().contains("blind_sig"));
    server.set_clock("2020-09-26T18:00:00Z");
    const blind_client later(key);
    expect_error(sign("CURP-FETCHED", open(later), issuer), 409, "already_issued", "ref");
}

// Issue 18: the desk got 201 for a request that had expired, and nobody received the signature.
BOOST_FIXTURE_TEST_CASE(an_expired_request_is_refused_and_uses_nothing_up, relay_fixture)
{
    const blind_client page(key);
    const auto code = open(page);
    server.set_clock("2020-09-20T13:55:11Z");
    expect_error(sign("CURP-LATE", code, issuer), 404, "not_found", "request");
    // The person was not used up: a new request is signed.
    const blind_client again(key);
    BOOST_TEST(sign("CURP-LATE", open(again), issuer).status == 201);
}

// Issue 18: the relay was one table of 20,000 requests for the whole server, filled by anyone.
BOOST_FIXTURE_TEST_CASE(one_client_cannot_fill_the_relay_for_others, relay_fixture)
{
    const blind_client page(key);
    const auto msg = page.blinded_msg_b64();
    const auto allowed = readme_limit("blind-token requests one client address opens");
    BOOST_REQUIRE_EQUAL(allowed, 60);
    for (int i = 0; i < allowed; ++i)
        BOOST_REQUIRE_EQUAL(open_from("198.51.100.7", msg).status, 201);
    const auto refused = open_from("198.51.100.7", msg);
    expect_error(refused, 429, "rate_limited");
    BOOST_TEST(refused.headers.at("retry-after") == "60");
    // Another resident, from another address, still gets a code at once.
    BOOST_TEST(open_from("198.51.100.8", msg).status == 201);
    // One IPv6 household counts once, whatever its last 64 bits.
    for (int i = 0; i < allowed; ++i)
        BOOST_REQUIRE_EQUAL(open_from("2001:db8:1:2::" + std::to_string(i + 1), msg).status, 201);
    expect_error(open_from("2001:db8:1:2:ffff::1", msg), 429, "rate_limited");
    BOOST_TEST(open_from("2001:db8:1:3::1", msg).status == 201);
    // Ten minutes later the address may ask again.
    server.set_clock("2020-09-20T13:55:11Z");
    BOOST_TEST(open_from("198.51.100.7", msg).status == 201);
}

BOOST_FIXTURE_TEST_CASE(a_message_not_made_for_the_key_or_out_of_time_is_refused_at_once, relay_fixture)
{
    const blind_client page(key);
    auto short_msg = page.blinded_msg();
    short_msg.pop_back();
    expect_error(server.post(requests, {{"blinded_msg", cabildo::engine::base64url_encode(short_msg)}}), 400,
                 "invalid_field", "blinded_msg");
    expect_error(server.post(requests, {{"blinded_msg", cabildo::engine::base64url_encode(std::string(256, '\xff'))}}),
                 400, "invalid_field", "blinded_msg"); // not below the modulus
    expect_error(server.post(requests, {{"blinded_msg", cabildo::engine::base64url_encode(std::string(384, 'a'))}}),
                 400, "invalid_field", "blinded_msg"); // a 3072-bit message for a 2048-bit key
    // Once issuance has closed (voting closed), no request is taken.
    server.set_clock("2020-10-26T06:00:00Z");
    expect_error(server.post(requests, {{"blinded_msg", page.blinded_msg_b64()}}), 409, "phase_closed");
}

// The relay lives in the database: a restart (or another node) serves the same requests.
BOOST_FIXTURE_TEST_CASE(a_request_survives_a_restart, relay_fixture)
{
    const blind_client page(key);
    const auto code = open(page);
    BOOST_TEST(server.stop() == 0);
    server_process again({"--test-clock", "2020-09-20T13:50:00Z"}, server.db());
    const auto signed_ = again.post(anon_base + "/tokens/blind", {{"ref", "CURP-RESTART"}, {"request", code}}, issuer);
    BOOST_REQUIRE_MESSAGE(signed_.status == 201, signed_.body);
    const auto sig = again.get(requests + "/" + code).json_body()["blind_sig"];
    BOOST_TEST(page.token(sig).has_value());
}

BOOST_FIXTURE_TEST_CASE(bad_requests_are_refused_and_change_nothing, relay_fixture)
{
    expect_error(server.post(requests, json::object()), 400, "invalid_field", "blinded_msg");
    expect_error(server.post(requests, {{"blinded_msg", "no es base64!"}}), 400, "invalid_field", "blinded_msg");
    expect_error(server.post(requests, {{"blinded_msg", std::string(2000, 'A')}}), 400, "invalid_field", "blinded_msg");
    expect_error(server.post(requests, {{"blinded_msg", 17}}), 400, "invalid_field", "blinded_msg");
    expect_error(server.post(mcc_base + "/tokens/blind/requests", {{"blinded_msg", "AAAA"}}), 400, "invalid_field",
                 "blinded_msg");
    expect_error(server.post("/api/v1/municipalities/hermosillo/challenges/nada/tokens/blind/requests",
                             {{"blinded_msg", "AAAA"}}),
                 404, "not_found");
    for (const char* code : {"ZZZZ-ZZZZ", "nonsense", "ABCD-234", "%00"}) {
        expect_error(server.get(requests + "/" + code), 404, "not_found");
        expect_error(server.request("DELETE", requests + "/" + code + "?secret=x"), 404, "not_found");
    }

    const blind_client page(key);
    const auto [code, secret] = open_page(page);
    const std::string sign_url = anon_base + "/tokens/blind";
    expect_error(server.post(sign_url, {{"ref", "CURP-8"}, {"request", code}}), 401, "unauthorized");
    expect_error(sign("CURP-8", "ZZZZ-ZZZZ", issuer), 404, "not_found", "request");
    expect_error(server.post(sign_url, {{"ref", "CURP-8"}, {"request", 12}}, issuer), 400, "invalid_field", "request");
    expect_error(
        server.post(sign_url, {{"ref", "CURP-8"}, {"request", code}, {"blinded_msg", page.blinded_msg_b64()}}, issuer),
        400, "invalid_field", "request");
    expect_error(server.post(sign_url, {{"request", code}}, issuer), 400, "invalid_field", "ref");
    // Collecting before the desk signed is refused.
    expect_error(server.request("DELETE", requests + "/" + code + "?secret=" + secret), 409, "wrong_status", "request");
    // None of that used the request or the reference up.
    BOOST_TEST(server.get(requests + "/" + code).json_body()["status"] == "waiting");
    BOOST_TEST(sign("CURP-8", code, issuer).status == 201);
    // A request signed for one person is not signed for another.
    expect_error(sign("CURP-9", code, issuer), 409, "already_issued", "request");
}

// Issue 18: a desk key of another municipality learnt whether a code was open (404 vs 403).
BOOST_FIXTURE_TEST_CASE(a_desk_of_another_municipality_learns_nothing_of_a_code, relay_fixture)
{
    const auto& admin = server_process::admin_key();
    BOOST_REQUIRE_EQUAL(server
                            .post("/api/v1/municipalities",
                                  {{"slug", "reynosa"}, {"name", "Reynosa"}, {"timezone", "America/Matamoros"}}, admin)
                            .status,
                        201);
    const auto foreign = server.post("/api/v1/municipalities/reynosa/keys", {{"role", "issuer"}}, admin);
    const std::string other = foreign.json_body()["key"];
    const blind_client page(key);
    const auto open_code = open(page);
    expect_error(sign("CURP-X", open_code, other), 403, "forbidden");
    expect_error(sign("CURP-X", "ZZZZ-ZZZZ", other), 403, "forbidden");
    // Nor does it see what a desk of the municipality sees.
    BOOST_TEST(!server.get(requests + "/" + open_code, other).json_body().contains("state"));
    BOOST_TEST(server.get(requests + "/" + open_code).json_body()["status"] == "waiting");
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
