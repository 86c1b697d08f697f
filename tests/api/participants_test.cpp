// Participants (issue #8), over HTTP against the real binary: keys with roles, listed without
// their secrets and revoked on the next request; an issuer key that issues and revokes tokens
// and nothing else; issuance on the canonical form of a reference, with reissue; card batches,
// their counts and printed sheets; the published JWKS; anonymous challenges whose tokens are
// blind-signed (RFC 9474) once per person; and no identity reference in the log or the database.

#include "tests/api/blind_client.hpp"
#include "tests/api/challenge_fixture.hpp"
#include "tests/api/readme_limits.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

using namespace cabildo::test;

namespace {

const std::string keys_path = "/api/v1/municipalities/hermosillo/keys";
const std::string blind_base = "/api/v1/municipalities/hermosillo/challenges/anonimo";

std::string b64(const std::string& raw) { return cabildo::engine::base64url_encode(raw); }

// The Multi City Challenge plus what a registration desk brings: an issuer key ("Mesa 1"), the
// organiser key's id, and Cajeme, a second municipality with an organiser and an issuer key.
struct desk_fixture : challenge_fixture {
    std::string issuer;
    std::int64_t issuer_id = 0;
    std::int64_t organiser_id = 0;
    std::string cajeme_organiser;
    std::string cajeme_issuer;
    std::int64_t cajeme_issuer_id = 0;

    // Behind a "proxy", so a test can name clients by X-Forwarded-For.
    desk_fixture() : challenge_fixture({"--forwarded-for"})
    {
        const auto desk = new_key("hermosillo", {{"role", "issuer"}, {"label", "Mesa 1"}});
        issuer = desk["key"];
        issuer_id = desk["id"];
        const auto listed = server.get(keys_path, server_process::admin_key()).json_body();
        for (const auto& k : listed["keys"])
            if (k["role"] == "organiser")
                organiser_id = k["id"];
        BOOST_REQUIRE(organiser_id != 0);
        BOOST_REQUIRE_EQUAL(server
                                .post("/api/v1/municipalities",
                                      {{"slug", "cajeme"}, {"name", "Cajeme"}, {"timezone", "America/Hermosillo"}},
                                      server_process::admin_key())
                                .status,
                            201);
        cajeme_organiser = new_key("cajeme", json::object())["key"];
        const auto other = new_key("cajeme", {{"role", "issuer"}});
        cajeme_issuer = other["key"];
        cajeme_issuer_id = other["id"];
    }

    json new_key(const std::string& m, const json& body)
    {
        const auto r = server.post("/api/v1/municipalities/" + m + "/keys", body, server_process::admin_key());
        BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
        return r.json_body();
    }

    // The entries of a challenge's audit log with this action, read page by page.
    std::vector<json> audit(const std::string& base, const std::string& action)
    {
        std::vector<json> out;
        std::string after;
        for (int page = 0; page < 50; ++page) {
            const auto r = server.get(base + "/audit?limit=200" + after);
            BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
            const auto body = r.json_body();
            for (const auto& e : body["entries"])
                if (e.value("action", "") == action)
                    out.push_back(e);
            if (body["next_after"].is_null())
                break;
            after = "&after=" + std::to_string(body["next_after"].get<std::int64_t>());
        }
        return out;
    }

    // The token the desk gets for one person.
    std::string token_for(const std::string& ref, const std::string& key, bool reissue = false)
    {
        json body{{"participants", {{{"ref", ref}}}}};
        if (reissue)
            body["reissue"] = true;
        const auto r = server.post(mcc_base + "/tokens", body, key);
        BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
        BOOST_TEST(r.json_body()["tokens"][0]["ref"] == ref);
        return r.json_body()["tokens"][0]["token"];
    }

    http_reply post_idea(const std::string& base, const std::string& token, const std::string& title)
    {
        return server.post(
            base + "/ideas",
            {{"token", token}, {"title", title}, {"description", "Una propuesta"}, {"category", "comercio"}});
    }

    // An anonymous challenge of Hermosillo on the Multi City Challenge's timeline.
    http_reply create_blind(const std::string& slug, const json& extra = json::object())
    {
        auto body = mcc_challenge();
        body["slug"] = slug;
        body["anonymity"] = "blind";
        body.update(extra);
        return server.post("/api/v1/municipalities/hermosillo/challenges", body, organiser);
    }

    std::string blind_sig(const std::string& base, const std::string& ref, const blind_client& client,
                          const std::string& key)
    {
        const auto r =
            server.post(base + "/tokens/blind", {{"ref", ref}, {"blinded_msg", client.blinded_msg_b64()}}, key);
        BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
        return r.json_body()["blind_sig"];
    }

    blind_rsa::public_key rsa_key(const std::string& base)
    {
        const auto jwk = rsa_jwk(server.get(base + "/keys").json_body());
        BOOST_REQUIRE_MESSAGE(jwk.is_object(), "no RSA key in the JWKS of " << base);
        return rsa_key_of(jwk);
    }
};

json find_by_id(const json& list, std::int64_t id)
{
    for (const auto& e : list)
        if (e["id"] == id)
            return e;
    return nullptr;
}

} // namespace

BOOST_AUTO_TEST_SUITE(participants)

BOOST_FIXTURE_TEST_CASE(keys_are_shown_once_listed_without_secrets_and_revoked_on_the_next_request, desk_fixture)
{
    const auto& admin = server_process::admin_key();
    const auto made = server.post(keys_path, {{"role", "issuer"}, {"label", "Mesa 2"}}, admin);
    BOOST_REQUIRE_EQUAL(made.status, 201);
    const auto desk = made.json_body();
    BOOST_TEST(desk["role"] == "issuer");
    BOOST_TEST(desk["label"] == "Mesa 2");
    BOOST_TEST(desk["id"].is_number_integer());
    BOOST_TEST(desk["id"] != issuer_id);
    const std::string desk_key = desk["key"];
    const std::int64_t desk_id = desk["id"];
    BOOST_TEST(desk_key.size() >= 32u);
    const auto plain = server.post(keys_path, json::object(), admin).json_body(); // organiser by default
    BOOST_TEST(plain["role"] == "organiser");
    BOOST_TEST(plain["label"] == "");
    const std::string plain_key = plain["key"];
    expect_error(server.post(keys_path, {{"role", "admin"}}, admin), 400, "invalid_field", "role");
    expect_error(server.post(keys_path, {{"role", "issuer"}}, organiser), 403, "forbidden");
    expect_error(server.post(keys_path, {{"role", "issuer"}}, issuer), 403, "forbidden");

    // Listed with role, label and last use; never a key or its hash.
    BOOST_TEST(server.get("/api/v1/health", desk_key).status == 200);
    const auto listed = server.get(keys_path, admin);
    BOOST_REQUIRE_EQUAL(listed.status, 200);
    const auto keys = listed.json_body()["keys"];
    BOOST_TEST(keys.size() == 4u, listed.body); // the fixture's organiser, Mesa 1, Mesa 2 and `plain`
    for (const auto& k : keys) {
        std::set<std::string> names;
        for (auto it = k.begin(); it != k.end(); ++it)
            names.insert(it.key());
        BOOST_TEST((names == std::set<std::string>{"id", "role", "label", "created_at", "last_used_at"}), k.dump());
        BOOST_TEST(k["created_at"] == "2020-09-15T00:00:00Z");
    }
    for (const auto& secret : {organiser, issuer, desk_key, plain_key})
        BOOST_TEST(listed.body.find(secret) == std::string::npos);
    BOOST_TEST(find_by_id(keys, desk_id)["label"] == "Mesa 2");
    BOOST_TEST(find_by_id(keys, desk_id)["last_used_at"] == "2020-09-15T00:00:00Z");
    BOOST_TEST(find_by_id(keys, plain["id"].get<std::int64_t>())["last_used_at"].is_null());
    BOOST_TEST(find_by_id(keys, organiser_id)["role"] == "organiser");
    expect_error(server.get(keys_path, organiser), 403, "forbidden");
    expect_error(server.get(keys_path, issuer), 403, "forbidden");
    expect_error(server.get(keys_path), 401, "unauthorized");
    BOOST_TEST(server.get("/api/v1/municipalities/cajeme/keys", admin).json_body()["keys"].size() == 2u);

    // Revoked: 204, and the very next request with the key is refused.
    BOOST_TEST(server.post(mcc_base + "/tokens", {{"count", 1}}, desk_key).status == 201);
    const auto path = keys_path + "/" + std::to_string(desk_id);
    expect_error(server.request("DELETE", path, {}, organiser), 403, "forbidden");
    BOOST_TEST(server.post(mcc_base + "/tokens", {{"count", 1}}, desk_key).status == 201);
    const auto gone = server.request("DELETE", path, {}, admin);
    BOOST_TEST(gone.status == 204, gone.body);
    BOOST_TEST(gone.body.empty());
    expect_error(server.post(mcc_base + "/tokens", {{"count", 1}}, desk_key), 401, "unauthorized");
    expect_error(server.get("/api/v1/health", desk_key), 401, "unauthorized");
    const auto after = server.get(keys_path, admin).json_body()["keys"];
    BOOST_TEST(after.size() == 3u);
    BOOST_TEST(find_by_id(after, desk_id).is_null());

    // Unknown, already revoked, not a number, or another municipality's: 404 and nothing changes.
    expect_error(server.request("DELETE", path, {}, admin), 404, "not_found");
    expect_error(server.request("DELETE", keys_path + "/999999", {}, admin), 404, "not_found");
    expect_error(server.request("DELETE", keys_path + "/abc", {}, admin), 404, "not_found");
    expect_error(server.request("DELETE", keys_path + "/" + std::to_string(cajeme_issuer_id), {}, admin), 404,
                 "not_found");
    BOOST_TEST(server.get("/api/v1/health", cajeme_issuer).status == 200);
    BOOST_TEST(server.get("/api/v1/municipalities/cajeme/keys", admin).json_body()["keys"].size() == 2u);
    BOOST_TEST(server.get(keys_path, admin).json_body()["keys"].size() == 3u);

    // An organiser key revoked likewise.
    BOOST_TEST(
        server.request("DELETE", keys_path + "/" + std::to_string(plain["id"].get<std::int64_t>()), {}, admin).status ==
        204);
    auto other = mcc_challenge();
    other["slug"] = "otro";
    expect_error(server.post("/api/v1/municipalities/hermosillo/challenges", other, plain_key), 401, "unauthorized");
    BOOST_TEST(server.get(mcc_base, issuer).status == 200); // the other keys keep working
}

BOOST_FIXTURE_TEST_CASE(an_issuer_key_issues_and_revokes_tokens_and_nothing_else, desk_fixture)
{
    const auto made = server.post(mcc_base + "/tokens", {{"count", 2}, {"label", "Mesa 1"}}, issuer);
    BOOST_REQUIRE_EQUAL(made.status, 201);
    const std::string t0 = made.json_body()["tokens"][0]["token"], t1 = made.json_body()["tokens"][1]["token"];
    const auto batch = std::to_string(made.json_body()["batch"]["id"].get<std::int64_t>());
    BOOST_TEST(server.post(mcc_base + "/tokens", {{"participants", {{{"ref", "CURP-9"}}}}}, issuer).status == 201);
    const auto revoked = server.post(mcc_base + "/tokens/revoke", {{"tokens", {t1}}}, issuer);
    BOOST_TEST(revoked.status == 200);
    BOOST_TEST(revoked.json_body() == json({{"revoked", 1}, {"unknown_or_already_revoked", 0}}));
    // Blind signing is the desk's too: refused here only because this challenge is not anonymous.
    const auto blind = server.post(mcc_base + "/tokens/blind", {{"ref", "CURP-9"}, {"blinded_msg", "AAAA"}}, issuer);
    BOOST_TEST(blind.status == 400, blind.body);

    auto other = mcc_challenge();
    other["slug"] = "otro";
    expect_error(server.post("/api/v1/municipalities/hermosillo/challenges", other, issuer), 403, "forbidden");
    expect_error(server.patch(mcc_base, {{"title", "Otro título"}}, issuer), 403, "forbidden");
    server.set_clock("2020-10-05T00:00:00Z");
    const auto market = idea(t0, "Mercado nocturno");
    const auto idea_path = mcc_base + "/ideas/" + std::to_string(market);
    expect_error(server.post(idea_path + "/moderation", {{"action", "hide"}, {"reason", "spam"}}, issuer), 403,
                 "forbidden");
    expect_error(server.get(mcc_base + "/ideas?include_hidden=true", issuer), 403, "forbidden");
    expect_error(server.get(mcc_base + "/tokens/batches", issuer), 403, "forbidden");
    expect_error(server.get(mcc_base + "/tokens/batches/" + batch + "/cards", issuer), 403, "forbidden");
    BOOST_TEST(server.get(idea_path).json_body()["status"] == "visible");
    BOOST_TEST(server.get(mcc_base).json_body()["title"] == "Reactivación económica");
    BOOST_TEST(audit(mcc_base, "tokens.print").empty());

    // Keys of another municipality: 403 on every token route, and nothing is revoked.
    for (const auto& foreign : {cajeme_issuer, cajeme_organiser}) {
        expect_error(server.post(mcc_base + "/tokens", {{"count", 1}}, foreign), 403, "forbidden");
        expect_error(server.post(mcc_base + "/tokens", {{"participants", {{{"ref", "CURP-9"}}}}}, foreign), 403,
                     "forbidden");
        expect_error(server.post(mcc_base + "/tokens/revoke", {{"tokens", {t0}}}, foreign), 403, "forbidden");
        expect_error(server.post(mcc_base + "/tokens/blind", {{"ref", "CURP-9"}, {"blinded_msg", "AAAA"}}, foreign),
                     403, "forbidden");
    }
    BOOST_TEST(vote(t0, {market}).status == 200);
    // A garbage key, or none.
    expect_error(server.post(mcc_base + "/tokens", {{"count", 1}}, "not-a-key"), 401, "unauthorized");
    expect_error(server.post(mcc_base + "/tokens", {{"count", 1}}), 401, "unauthorized");
    expect_error(server.post(mcc_base + "/tokens/revoke", {{"tokens", {t0}}}), 401, "unauthorized");
    expect_error(server.post(mcc_base + "/tokens/blind", {{"ref", "x"}, {"blinded_msg", "AAAA"}}), 401, "unauthorized");
    BOOST_TEST(server.get(mcc_base + "/tokens/batches", organiser).json_body()["batches"].size() == 1u);

    // After voting closes the organiser may read the count; an issuer never before publication.
    server.set_clock("2020-10-26T06:00:00Z");
    BOOST_TEST(server.get(mcc_base + "/results", organiser).status == 200);
    expect_error(server.get(mcc_base + "/results", issuer), 403, "forbidden");
    expect_error(server.post(mcc_base + "/announcement", json::object(), issuer), 403, "forbidden");
    BOOST_TEST(server.get(mcc_base).json_body()["announced"] == false);
}

BOOST_FIXTURE_TEST_CASE(references_are_canonical_and_reissue_replaces_the_token, desk_fixture)
{
    const auto token = token_for("abc-123", issuer);
    for (const char* same : {"ABC 123", " abc123 ", "a-b-c 1 2 3", "abc123"})
        BOOST_TEST(token_for(same, organiser) == token, same);
    const auto other = token_for("abc-124", issuer);
    BOOST_TEST(other != token);
    expect_error(server.post(mcc_base + "/tokens", {{"count", 3}, {"reissue", true}}, issuer), 400, "invalid_field",
                 "reissue");
    expect_error(server.post(mcc_base + "/tokens", {{"participants", {{{"ref", " - - "}}}}}, issuer), 400,
                 "invalid_field", "participants[0].ref");

    const auto fresh = token_for("ABC123", issuer, true);
    BOOST_TEST(fresh != token);
    BOOST_TEST(token_for("abc 123", issuer) == fresh);

    server.set_clock("2020-10-05T00:00:00Z");
    const auto market = idea(other, "Mercado nocturno");
    expect_error(vote(token, {market}), 401, "token_revoked", "token");
    const auto cast = vote(fresh, {market});
    BOOST_TEST(cast.status == 200, cast.body);
    const auto by_ref = server.post(mcc_base + "/tokens/revoke", {{"refs", {"ABC-124"}}}, issuer);
    BOOST_TEST(by_ref.json_body() == json({{"revoked", 1}, {"unknown_or_already_revoked", 0}}), by_ref.body);
    expect_error(vote(other, {market}), 401, "token_revoked", "token");

    // Every issuance and revocation names the key that made it.
    const auto issued = audit(mcc_base, "tokens.issue");
    std::size_t by_issuer = 0, by_organiser = 0;
    for (const auto& e : issued) {
        if (e["actor"] == "issuer") {
            BOOST_TEST(e["key_id"] == issuer_id, e.dump());
            ++by_issuer;
        } else {
            BOOST_TEST(e["actor"] == "organiser", e.dump());
            BOOST_TEST(e["key_id"] == organiser_id, e.dump());
            ++by_organiser;
        }
    }
    BOOST_TEST(by_issuer == 4u); // abc-123, abc-124, the reissue and "abc 123"
    BOOST_TEST(by_organiser == 4u);
    BOOST_TEST(std::count_if(issued.begin(), issued.end(),
                             [](const json& e) { return e["detail"].value("reissued", -1) == 1; }) == 1);
    const auto revocations = audit(mcc_base, "tokens.revoke");
    BOOST_REQUIRE_EQUAL(revocations.size(), 1u);
    BOOST_TEST(revocations[0]["actor"] == "issuer");
    BOOST_TEST(revocations[0]["key_id"] == issuer_id);
    BOOST_TEST(revocations[0]["detail"]["revoked"] == 1);
}

// Issue 18: the printed card said to open the address and type the key, a ~230-character token
// in 5.5 pt type, and the app had nowhere to type it. Every card now has a short code.
BOOST_FIXTURE_TEST_CASE(a_cards_short_code_stands_for_its_token, desk_fixture)
{
    const auto made = server.post(mcc_base + "/tokens", {{"count", 2}}, organiser).json_body();
    const std::string token = made["tokens"][0]["token"], code = made["tokens"][0]["code"];
    BOOST_REQUIRE_EQUAL(code.size(), 14u);
    BOOST_TEST((code[4] == '-' && code[9] == '-'));
    BOOST_TEST(made["tokens"][1]["code"] != code);
    const auto redeem = [&](const std::string& typed, const std::string& client = "192.0.2.1") {
        return server.request("POST", mcc_base + "/tokens/code", json{{"code", typed}}.dump(), {},
                              {{"X-Forwarded-For", client}});
    };
    // Typed as people type: lower case, no dashes, spaces.
    std::string typed;
    for (const char ch : code)
        if (ch != '-')
            typed += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const auto found = redeem(typed.substr(0, 6) + " " + typed.substr(6));
    BOOST_REQUIRE_MESSAGE(found.status == 200, found.body);
    BOOST_TEST(found.json_body()["token"] == token);
    BOOST_TEST(found.headers.at("cache-control") == "no-store");

    // A person asked for again gets the same token and the same code.
    const auto by_ref = [&] {
        return server.post(mcc_base + "/tokens", {{"participants", {{{"ref", "CURP-CODE"}}}}}, issuer)
            .json_body()["tokens"][0];
    };
    const auto first = by_ref(), again = by_ref();
    BOOST_TEST(first["code"] == again["code"]);
    BOOST_TEST(redeem(first["code"]).json_body()["token"] == first["token"]);

    // A revoked card's code says so; an unknown or malformed one is refused with the field named.
    BOOST_REQUIRE_EQUAL(server.post(mcc_base + "/tokens/revoke", {{"tokens", {made["tokens"][1]["token"]}}}, organiser)
                            .json_body()["revoked"],
                        1);
    expect_error(redeem(made["tokens"][1]["code"]), 401, "token_revoked", "code");
    expect_error(redeem("ZZZZ-ZZZZ-ZZZZ"), 404, "not_found", "code");
    expect_error(redeem("ZZZZ-ZZZZ"), 400, "invalid_field", "code");
    expect_error(server.post(mcc_base + "/tokens/code", json::object()), 400, "invalid_field", "code");

    // Guessing: an address that typed 60 wrong codes in ten minutes is refused, even a right one;
    // other addresses are not.
    BOOST_REQUIRE_EQUAL(readme_limit("card codes one client address types wrong"), 60);
    for (int i = 0; i < 57; ++i) // and the three above: 60
        BOOST_REQUIRE_EQUAL(redeem("ZZZZ-ZZZZ-ZZ" + std::string(1, "0123456789ABCDEFGHJKMNPQRSTVWXYZ"[i % 32]) +
                                   std::string(1, "0123456789"[i % 10]))
                                .status,
                            404);
    const auto limited = redeem(code);
    expect_error(limited, 429, "rate_limited", "code");
    BOOST_TEST(limited.headers.at("retry-after") == "60");
    BOOST_TEST(redeem(code, "192.0.2.2").status == 200);
    server.set_clock("2020-09-15T00:10:00Z");
    BOOST_TEST(redeem(code).status == 200);
}

// Issue 18: the organiser's dashboard showed no turnout. Its figures only grow: a revocation is
// one more revoked, never one voter less, so it tells nothing of the person revoked.
BOOST_FIXTURE_TEST_CASE(turnout_counts_what_participation_did_and_only_grows, desk_fixture)
{
    const auto t = cards(3);
    server.set_clock("2020-10-05T00:00:00Z");
    const auto a = idea(t[0], "Mercado nocturno");
    BOOST_REQUIRE_EQUAL(vote(t[0], {a}).status, 200);
    BOOST_REQUIRE_EQUAL(vote(t[1], {a}).status, 200);
    const auto turnout = [&] { return server.get(mcc_base + "/turnout", organiser).json_body(); };
    const auto before = turnout();
    BOOST_TEST(
        before ==
        json({{"tokens_issued", 3}, {"tokens_revoked", 0}, {"voters", 2}, {"ideas", 1}, {"survey_responses", 0}}));
    BOOST_REQUIRE_EQUAL(server.post(mcc_base + "/tokens/revoke", {{"tokens", {t[1]}}}, issuer).json_body()["revoked"],
                        1);
    const auto after = turnout();
    BOOST_TEST(after["voters"] == 2);
    BOOST_TEST(after["tokens_revoked"] == 1);
    expect_error(server.get(mcc_base + "/turnout", issuer), 403, "forbidden");
    expect_error(server.get(mcc_base + "/turnout", cajeme_organiser), 403, "forbidden");
    expect_error(server.get(mcc_base + "/turnout"), 401, "unauthorized");
}

BOOST_FIXTURE_TEST_CASE(card_batches_count_what_their_cards_did_and_print_the_live_ones, desk_fixture)
{
    const auto made = server.post(mcc_base + "/tokens", {{"count", 3}, {"label", "Mesa 1"}}, organiser);
    BOOST_REQUIRE_EQUAL(made.status, 201);
    const auto body = made.json_body();
    const std::int64_t batch = body["batch"]["id"];
    BOOST_TEST(body["batch"] ==
               json({{"id", batch}, {"label", "Mesa 1"}, {"count", 3}, {"created_at", "2020-09-15T00:00:00Z"}}));
    BOOST_REQUIRE_EQUAL(body["tokens"].size(), 3u);
    std::vector<std::string> t, codes;
    for (const auto& e : body["tokens"]) {
        BOOST_TEST(!e.contains("ref"));
        t.push_back(e["token"]);
        codes.push_back(e["code"]);
    }
    const auto second = server.post(mcc_base + "/tokens", {{"count", 1}, {"label", "Mesa 2"}}, issuer).json_body();
    const std::int64_t batch2 = second["batch"]["id"];
    const std::string t3 = second["tokens"][0]["token"];
    const std::string code3 = second["tokens"][0]["code"];
    BOOST_TEST(!server.post(mcc_base + "/tokens", {{"participants", {{{"ref", "CURP-1"}}}}}, organiser)
                    .json_body()
                    .contains("batch"));

    // Card 0 votes (twice: still one used card), card 1 is revoked, Mesa 2's card submits an idea.
    server.set_clock("2020-10-05T00:00:00Z");
    const auto market = idea(t3, "Mercado nocturno");
    BOOST_TEST(vote(t[0], {market}).status == 200);
    BOOST_TEST(vote(t[0], {market}).json_body()["replaced"] == true);
    BOOST_TEST(server.post(mcc_base + "/tokens/revoke", {{"tokens", {t[1]}}}, organiser).json_body()["revoked"] == 1);
    const auto listed = server.get(mcc_base + "/tokens/batches", organiser);
    BOOST_REQUIRE_EQUAL(listed.status, 200);
    const auto batches = listed.json_body()["batches"];
    BOOST_TEST(batches.size() == 2u);
    BOOST_TEST(find_by_id(batches, batch) == json({{"id", batch},
                                                   {"label", "Mesa 1"},
                                                   {"count", 3},
                                                   {"issued", 3},
                                                   {"used", 1},
                                                   {"revoked", 1},
                                                   {"created_at", "2020-09-15T00:00:00Z"}}),
               listed.body);
    BOOST_TEST(find_by_id(batches, batch2)["used"] == 1);
    BOOST_TEST(find_by_id(batches, batch2)["revoked"] == 0);
    BOOST_TEST(find_by_id(batches, batch2)["label"] == "Mesa 2");

    // The sheet: the live cards' codes to type (never their tokens), under a policy that loads and
    // runs nothing.
    const auto cards_path = [](const std::string& base, const std::string& id) {
        return base + "/tokens/batches/" + id + "/cards";
    };
    const auto sheet = server.get(cards_path(mcc_base, std::to_string(batch)), organiser);
    BOOST_REQUIRE_EQUAL(sheet.status, 200);
    BOOST_TEST(sheet.headers.at("content-type").find("text/html") == 0u);
    BOOST_REQUIRE(sheet.headers.count("content-security-policy") == 1u);
    BOOST_TEST(sheet.headers.at("content-security-policy").find("default-src 'none'") != std::string::npos);
    BOOST_TEST(sheet.body.find(codes[0]) != std::string::npos);
    BOOST_TEST(sheet.body.find(codes[2]) != std::string::npos);
    BOOST_TEST(sheet.body.find(codes[1]) == std::string::npos); // revoked: not printed
    BOOST_TEST(sheet.body.find(code3) == std::string::npos);    // another batch
    for (const auto& token : t)
        BOOST_TEST(sheet.body.find(token) == std::string::npos);
    BOOST_TEST(sheet.body.find("Hermosillo") != std::string::npos);
    BOOST_TEST(sheet.body.find("Mesa 1") != std::string::npos);

    // Unknown ids, ids that are not numbers and another challenge's batch: 404.
    auto movilidad = mcc_challenge();
    movilidad["slug"] = "movilidad";
    BOOST_REQUIRE_EQUAL(server.post("/api/v1/municipalities/hermosillo/challenges", movilidad, organiser).status, 201);
    const auto movilidad_base = "/api/v1/municipalities/hermosillo/challenges/movilidad";
    const auto foreign = server.post(std::string(movilidad_base) + "/tokens", {{"count", 2}}, organiser).json_body();
    const auto foreign_id = std::to_string(foreign["batch"]["id"].get<std::int64_t>());
    for (const std::string& id : std::vector<std::string>{"999999", "abc", "0", "-1", "1x", foreign_id})
        expect_error(server.get(cards_path(mcc_base, id), organiser), 404, "not_found");
    BOOST_TEST(server.get(cards_path(movilidad_base, foreign_id), organiser).status == 200);
    expect_error(server.get(cards_path(mcc_base, std::to_string(batch)), cajeme_organiser), 403, "forbidden");
    expect_error(server.get(mcc_base + "/tokens/batches", cajeme_organiser), 403, "forbidden");

    // Each printing is in the audit log, with the key that printed.
    const auto printed = audit(mcc_base, "tokens.print");
    BOOST_REQUIRE_EQUAL(printed.size(), 1u);
    BOOST_TEST(printed[0]["detail"]["batch"] == batch);
    BOOST_TEST(printed[0]["detail"]["cards"] == 2);
    BOOST_TEST(printed[0]["actor"] == "organiser");
    BOOST_TEST(printed[0]["key_id"] == organiser_id);
}

BOOST_FIXTURE_TEST_CASE(the_published_keys_are_a_jwks_and_anonymity_is_chosen_at_creation, desk_fixture)
{
    const auto jwks = server.get(mcc_base + "/keys");
    BOOST_REQUIRE_EQUAL(jwks.status, 200);
    const auto keys = jwks.json_body()["keys"];
    // The token key first; the bulletin board's head key last, marked.
    BOOST_REQUIRE_EQUAL(keys.size(), 2u);
    BOOST_TEST(keys[1]["purpose"] == "board");
    BOOST_TEST(keys[1]["x"] != keys[0]["x"]);
    const auto x = server.get(mcc_base).json_body()["issuer_key"]["x"];
    BOOST_TEST(keys[0]["kty"] == "OKP");
    BOOST_TEST(keys[0]["crv"] == "Ed25519");
    BOOST_TEST(keys[0]["x"] == x);
    BOOST_TEST(keys[0]["alg"] == "EdDSA");
    BOOST_TEST(keys[0]["use"] == "sig");
    BOOST_TEST(!keys[0]["kid"].get<std::string>().empty());
    BOOST_TEST(unbase64url(x).size() == 32u);
    expect_error(server.get("/api/v1/municipalities/hermosillo/challenges/nada/keys"), 404, "not_found");

    expect_error(create_blind("a1", {{"blind_key_bits", 1024}}), 400, "invalid_field", "blind_key_bits");
    expect_error(create_blind("a1", {{"anonymity", "maybe"}}), 400, "invalid_field", "anonymity");
    expect_error(create_blind("a1", {{"anonymity", "none"}, {"blind_key_bits", 3072}}), 400, "invalid_field",
                 "blind_key_bits");
    BOOST_TEST(server.get("/api/v1/municipalities/hermosillo/challenges/a1").status == 404);

    BOOST_REQUIRE_EQUAL(create_blind("anonimo").status, 201);
    BOOST_REQUIRE_EQUAL(create_blind("grande", {{"blind_key_bits", 3072}}).status, 201);
    for (const auto& [slug, bytes] : {std::pair{"anonimo", 256u}, std::pair{"grande", 384u}}) {
        BOOST_TEST_CONTEXT(slug)
        {
            const auto base = std::string("/api/v1/municipalities/hermosillo/challenges/") + slug;
            const auto doc = server.get(base).json_body();
            BOOST_TEST(doc["anonymity"] == "blind");
            const auto set = server.get(base + "/keys").json_body()["keys"];
            BOOST_REQUIRE_EQUAL(set.size(), 3u);
            BOOST_TEST(set[2]["purpose"] == "board");
            BOOST_TEST(set[0]["kty"] == "OKP");
            BOOST_TEST(set[0]["x"] == doc["issuer_key"]["x"]);
            const auto rsa = rsa_jwk({{"keys", set}});
            BOOST_REQUIRE(rsa.is_object());
            BOOST_TEST(rsa["alg"] == "RSABSSA-SHA384-PSS-Randomized");
            BOOST_TEST(unbase64url(rsa["n"]).size() == bytes);
            BOOST_TEST(rsa["e"] == "AQAB");
            BOOST_TEST(!rsa["kid"].get<std::string>().empty());
            BOOST_TEST(rsa["kid"] != set[0]["kid"]);
            BOOST_TEST(rsa_key_of(rsa).bits() == bytes * 8);
        }
    }
    expect_error(server.patch(blind_base, {{"anonymity", "none"}}, organiser), 400, "invalid_field", "anonymity");
    expect_error(server.patch(mcc_base, {{"anonymity", "blind"}}, organiser), 400, "invalid_field", "anonymity");
    BOOST_TEST(server.get(blind_base).json_body()["anonymity"] == "blind");
    BOOST_TEST(server.get(mcc_base).json_body()["anonymity"] == "none");
    BOOST_TEST(server.get(mcc_base + "/keys").json_body()["keys"].size() == 2u);
}

BOOST_FIXTURE_TEST_CASE(a_blind_signature_is_given_once_per_reference, desk_fixture)
{
    BOOST_REQUIRE_EQUAL(create_blind("anonimo").status, 201);
    const auto key = rsa_key(blind_base);
    const auto url = blind_base + "/tokens/blind";
    // Signed within the hour: the desk's record keeps the hour, not the minute.
    server.set_clock("2020-09-20T13:45:10Z");
    const blind_client ana(key);
    const auto sig = blind_sig(blind_base, "curp-1", ana, issuer);
    BOOST_TEST(unbase64url(sig).size() == 256u);
    BOOST_TEST(ana.signature(sig).has_value()); // finalizes, and verifies under the published key
    // A lost reply is answered again, to the organiser as well, with the same signature.
    BOOST_TEST(blind_sig(blind_base, "curp-1", ana, organiser) == sig);
    // Another message for the same person, however the reference is written: 409.
    const blind_client twin(key);
    for (const char* same : {"curp-1", "CURP 1", " curp1"})
        expect_error(server.post(url, {{"ref", same}, {"blinded_msg", twin.blinded_msg_b64()}}, issuer), 409,
                     "already_issued");

    // Malformed messages for a new person are refused and do not use the reference up.
    const blind_client beto(key);
    const auto& m = beto.blinded_msg();
    const std::vector<std::pair<std::string, std::string>> bad{
        {"not base64url", "no es base64url!"},
        {"one byte short", b64(m.substr(1))},
        {"one byte long", b64(std::string(1, '\0') + m)},
        {"above n", b64(std::string(256, '\xff'))},
        {"equal to n", b64(key.n())},
        {"empty", ""},
    };
    for (const auto& [what, msg] : bad)
        BOOST_TEST_CONTEXT(what)
        {
            expect_error(server.post(url, {{"ref", "curp-2"}, {"blinded_msg", msg}}, issuer), 400, "invalid_field",
                         "blinded_msg");
        }
    expect_error(server.post(url, {{"ref", "curp-2"}}, issuer), 400, "invalid_field", "blinded_msg");
    expect_error(server.post(url, {{"ref", " - "}, {"blinded_msg", beto.blinded_msg_b64()}}, issuer), 400,
                 "invalid_field", "ref");
    const auto later = blind_sig(blind_base, "CURP-2", beto, issuer);
    BOOST_TEST(beto.signature(later).has_value());
    BOOST_TEST(later != sig);

    // Only blind signatures name a person here; bulk cards still work. Not on a signed-token challenge.
    expect_error(server.post(blind_base + "/tokens", {{"participants", {{{"ref", "CURP-3"}}}}}, issuer), 400,
                 "invalid_field", "participants");
    const auto cards = server.post(blind_base + "/tokens", {{"count", 2}, {"label", "Mesa 1"}}, issuer);
    BOOST_TEST(cards.status == 201, cards.body);
    BOOST_TEST(cards.json_body()["tokens"].size() == 2u);
    const auto plain =
        server.post(mcc_base + "/tokens/blind", {{"ref", "curp-1"}, {"blinded_msg", ana.blinded_msg_b64()}}, issuer);
    BOOST_TEST(plain.status == 400, plain.body);
    BOOST_TEST(plain.error_code() == "invalid_field");

    const auto signed_for = audit(blind_base, "tokens.blind_sign");
    BOOST_REQUIRE_EQUAL(signed_for.size(), 2u); // curp-1 once, curp-2 once
    for (const auto& e : signed_for) {
        BOOST_TEST(e["actor"] == "issuer");
        BOOST_TEST(e["key_id"] == issuer_id);
        BOOST_TEST(e["at"] == "2020-09-20T13:00:00Z");
    }
}

BOOST_FIXTURE_TEST_CASE(a_blind_token_votes_once_and_its_times_are_kept_to_the_hour, desk_fixture)
{
    BOOST_REQUIRE_EQUAL(create_blind("anonimo").status, 201);
    const auto key = rsa_key(blind_base);
    const blind_client ana(key), carla(key);
    const auto sig = blind_sig(blind_base, "CURP-7", ana, issuer);
    const auto token = ana.token(sig);
    BOOST_REQUIRE(token.has_value());
    BOOST_TEST(std::count(token->begin(), token->end(), '.') == 1);
    BOOST_TEST(unbase64url(token->substr(0, token->find('.'))) == ana.prepared());
    const auto carla_token = carla.token(blind_sig(blind_base, "CURP-8", carla, issuer));
    BOOST_REQUIRE(carla_token.has_value());
    const std::string card =
        server.post(blind_base + "/tokens", {{"count", 1}}, issuer).json_body()["tokens"][0]["token"];

    server.set_clock("2020-10-05T10:37:12Z");
    const auto posted = post_idea(blind_base, *token, "Mercado nocturno");
    BOOST_REQUIRE_MESSAGE(posted.status == 201, posted.body);
    BOOST_TEST(posted.json_body()["created_at"] == "2020-10-05T10:00:00Z");
    const std::int64_t market = posted.json_body()["id"];
    const auto stored = server.get(blind_base + "/ideas/" + std::to_string(market));
    BOOST_TEST(stored.json_body()["created_at"] == "2020-10-05T10:00:00Z", stored.body);
    server.set_clock("2020-10-05T11:59:59Z");
    const auto by_card = post_idea(blind_base, card, "Compra local");
    BOOST_REQUIRE_MESSAGE(by_card.status == 201, by_card.body);
    BOOST_TEST(by_card.json_body()["created_at"] == "2020-10-05T11:00:00Z");

    // One person, one ballot: the second replaces the first.
    const auto ballot = [&](const std::string& t) {
        return server.put(blind_base + "/ballot", {{"token", t}, {"choices", {market}}});
    };
    const auto first = ballot(*token);
    BOOST_REQUIRE_MESSAGE(first.status == 200, first.body);
    BOOST_TEST(first.json_body()["replaced"] == false);
    const auto second = ballot(*token);
    BOOST_TEST(second.status == 200);
    BOOST_TEST(second.json_body()["replaced"] == true);
    BOOST_TEST(second.json_body()["receipt"] != first.json_body()["receipt"]);

    // A signature with a byte flipped, or a real signature on another message: invalid_token.
    auto forged = *ana.signature(sig);
    forged[17] = static_cast<char>(forged[17] ^ 0x01);
    expect_error(ballot(cabildo::engine::blind_token(ana.prepared(), forged)), 401, "invalid_token", "token");
    expect_error(ballot(cabildo::engine::blind_token(carla.prepared(), *ana.signature(sig))), 401, "invalid_token",
                 "token");
    // The token belongs to this challenge's key only.
    expect_error(vote(*token, {1}), 401, "invalid_token", "token");
    // A blind token is revoked like any other, before its first use too.
    const auto revoked = server.post(blind_base + "/tokens/revoke", {{"tokens", {*carla_token}}}, issuer);
    BOOST_TEST(revoked.json_body() == json({{"revoked", 1}, {"unknown_or_already_revoked", 0}}), revoked.body);
    expect_error(ballot(*carla_token), 401, "token_revoked", "token");

    server.set_clock("2020-10-26T06:00:00Z");
    const auto res = server.get(blind_base + "/results", organiser);
    BOOST_REQUIRE_MESSAGE(res.status == 200, res.body);
    BOOST_TEST(res.json_body()["ballots"] == 1);
    BOOST_TEST(res.json_body()["ranking"][0]["idea"] == market);
    BOOST_TEST(res.json_body()["ranking"][0]["score"] == 1);
}

BOOST_FIXTURE_TEST_CASE(no_identity_reference_reaches_the_log_or_the_database, desk_fixture)
{
    const std::string ref = "CURP-PRIVACY-XYZ";
    const auto token = token_for(ref, issuer);
    const auto fresh = token_for("curp privacy-xyz", issuer, true);
    BOOST_TEST(fresh != token);
    BOOST_REQUIRE_EQUAL(create_blind("anonimo").status, 201);
    const blind_client client(rsa_key(blind_base));
    const auto anonymous = client.token(blind_sig(blind_base, ref, client, issuer));
    BOOST_REQUIRE(anonymous.has_value());
    // A refused second message for the same person goes through the error path too.
    expect_error(server.post(blind_base + "/tokens/blind",
                             {{"ref", ref}, {"blinded_msg", blind_client(rsa_key(blind_base)).blinded_msg_b64()}},
                             issuer),
                 409, "already_issued");

    server.set_clock("2020-10-05T00:00:00Z");
    const auto market = idea(fresh, "Mercado PRIVACIDAD");
    BOOST_TEST(vote(fresh, {market}).status == 200);
    const auto blind_idea = post_idea(blind_base, *anonymous, "Idea anónima");
    BOOST_REQUIRE_MESSAGE(blind_idea.status == 201, blind_idea.body);
    BOOST_TEST(server.put(blind_base + "/ballot", {{"token", *anonymous}, {"choices", {blind_idea.json_body()["id"]}}})
                   .status == 200);
    BOOST_TEST(server.post(mcc_base + "/tokens/revoke", {{"refs", {ref}}}, issuer).json_body()["revoked"] == 1);

    BOOST_REQUIRE_EQUAL(server.stop(), 0);
    const auto log = server.log();
    const auto database = server.database_bytes();
    // What was read is the real thing: the log's start-up warning, the idea's title in the database.
    BOOST_TEST(log.find("TEST CLOCK") != std::string::npos);
    BOOST_TEST(database.find("Mercado PRIVACIDAD") != std::string::npos);
    for (const std::string& form :
         {ref, std::string("CURPPRIVACYXYZ"), std::string("curp-privacy-xyz"), std::string("curp privacy-xyz")})
        BOOST_TEST_CONTEXT(form)
        {
            BOOST_TEST(log.find(form) == std::string::npos);
            BOOST_TEST(database.find(form) == std::string::npos);
        }
}

BOOST_AUTO_TEST_SUITE_END()

// The consultation keys responses on the token alone, so an anonymous token answers like any
// other: once, its later answer replacing the earlier.
BOOST_FIXTURE_TEST_CASE(a_blind_token_answers_the_consultation_once, desk_fixture)
{
    BOOST_REQUIRE_EQUAL(create_blind("anonimo").status, 201);
    BOOST_REQUIRE_EQUAL(
        server
            .patch(blind_base,
                   {{"timeline",
                     {{"consultation", {{"opens", "2020-09-20T06:00:00Z"}, {"closes", "2020-09-30T06:00:00Z"}}}}}},
                   organiser)
            .status,
        200);
    const json survey{
        {"questions",
         {{{"id", "problema"}, {"kind", "single"}, {"prompt", "¿Qué urge?"}, {"options", {"agua", "luz"}}}}}};
    BOOST_REQUIRE_EQUAL(server.request("PUT", blind_base + "/survey", survey.dump(), organiser).status, 200);
    const blind_client ana(rsa_key(blind_base));
    const auto token = ana.token(blind_sig(blind_base, "CURP-9", ana, issuer));
    BOOST_REQUIRE(token.has_value());
    server.set_clock("2020-09-21T10:37:00Z");
    const auto first = server.put(blind_base + "/survey/response", {{"token", *token}, {"answers", {{"problema", 0}}}});
    BOOST_REQUIRE_MESSAGE(first.status == 200, first.body);
    const auto again = server.put(blind_base + "/survey/response", {{"token", *token}, {"answers", {{"problema", 1}}}});
    BOOST_TEST(again.json_body()["replaced"] == true);
    server.set_clock("2020-09-30T06:00:00Z");
    const auto results = server.get(blind_base + "/survey/results").json_body();
    BOOST_TEST(results["responses"] == 1);
    BOOST_TEST(results["questions"][0]["options"][1]["count"] == 1);
}
