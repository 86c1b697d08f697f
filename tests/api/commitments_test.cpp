// The action plan (issue #10, commitments), over HTTP against the real binary on a test clock:
// the Multi City Challenge's winners turned into commitments after the announcement, progress by
// weighted milestones, verification by a verifier key only, the public history and exports, and
// every bad input and role boundary refused with the field named and nothing stored changed.

#include "tests/api/challenge_fixture.hpp"
#include "tests/api/readme_limits.hpp"

#include <boost/test/unit_test.hpp>

using namespace cabildo::test;

namespace {

const std::string plan = mcc_base + "/commitments";

// Announced Multi City Challenge: three ideas, two winners (the first two), a verifier key of
// Hermosillo, an issuer key, and an organiser key of another municipality.
struct plan_fixture : challenge_fixture {
    std::vector<std::int64_t> ideas;
    std::string verifier, issuer, other_organiser;

    plan_fixture()
    {
        server.set_clock("2020-10-02T00:00:00Z");
        const auto tokens = cards(4);
        ideas = {idea(tokens[0], "Mercado nocturno"), idea(tokens[1], "Bolsa de trabajo"),
                 idea(tokens[2], "Compra local")};
        for (const auto& [t, choice] : std::vector<std::pair<int, std::vector<std::int64_t>>>{
                 {0, {ideas[0], ideas[1]}}, {1, {ideas[0]}}, {2, {ideas[1], ideas[2]}}, {3, {ideas[0], ideas[1]}}})
            BOOST_REQUIRE_EQUAL(vote(tokens[t], choice).status, 200);
        const auto& admin = server_process::admin_key();
        verifier =
            server.post("/api/v1/municipalities/hermosillo/keys", {{"role", "verifier"}}, admin).json_body()["key"];
        issuer = server.post("/api/v1/municipalities/hermosillo/keys", {{"role", "issuer"}}, admin).json_body()["key"];
        BOOST_REQUIRE_EQUAL(server
                                .post("/api/v1/municipalities",
                                      {{"slug", "cajeme"}, {"name", "Cajeme"}, {"timezone", "America/Hermosillo"}},
                                      admin)
                                .status,
                            201);
        other_organiser = server.post("/api/v1/municipalities/cajeme/keys", json::object(), admin).json_body()["key"];
    }

    void announce()
    {
        server.set_clock("2020-10-27T00:00:00Z");
        const auto r = server.post(mcc_base + "/announcement", json::object(), organiser);
        BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
    }

    json commitment(std::vector<std::int64_t> with, json milestones = json::array({
                                                        {{"title", "Permiso de calle"}, {"weight", 25}},
                                                        {{"title", "Primer viernes"}, {"weight", 25}},
                                                        {{"title", "Doce viernes"}, {"weight", 50}},
                                                    })) const
    {
        return {{"title", "Mercado nocturno en el centro"},
                {"objective", "Que productores locales vendan sin pagar local"},
                {"responsible", "Dirección de Desarrollo Económico"},
                {"starts", "2020-11-09T07:00:00Z"},
                {"ends", "2020-12-04T07:00:00Z"},
                {"indicator", "Viernes con mercado"},
                {"target", "12 viernes"},
                {"topics", {"Agenda 2030 de Desarrollo Sostenible"}},
                {"ideas", with},
                {"milestones", milestones}};
    }

    json create(std::vector<std::int64_t> with)
    {
        const auto r = server.post(plan, commitment(with), organiser);
        BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
        return r.json_body();
    }

    http_reply update(std::int64_t id, const json& body, const std::string& key) const
    {
        return server.post(plan + "/" + std::to_string(id) + "/updates", body, key);
    }

    json fetch(std::int64_t id) const { return server.get(plan + "/" + std::to_string(id)).json_body(); }
};

} // namespace

BOOST_AUTO_TEST_SUITE(commitments)

BOOST_FIXTURE_TEST_CASE(winners_become_commitments_only_after_the_announcement, plan_fixture)
{
    expect_error(server.post(plan, commitment({ideas[0]}), organiser), 409, "phase_not_open");
    BOOST_TEST(server.get(plan).json_body()["commitments"].empty());
    announce();
    const auto made = create({ideas[0], ideas[1]}); // two winners merged into one commitment
    BOOST_TEST(made["status"] == "not_started");
    BOOST_TEST(made["progress"] == 0);
    BOOST_TEST(made["progress_formula"] == "0");
    BOOST_TEST(made["ideas"].size() == 2u);
    BOOST_TEST(made["ideas"][0]["id"] == ideas[0]);
    BOOST_TEST(made["ideas"][0]["winner"] == true);
    BOOST_TEST(made["ideas"][0]["score"] == 3);
    BOOST_TEST(made["ideas"][0]["title"] == "Mercado nocturno");
    BOOST_TEST(made["milestones"][2]["n"] == 3);
    BOOST_TEST(made["history"][0]["action"] == "created");
    BOOST_TEST(made["history"][0]["by"] == "organiser");
    // An idea yields one commitment at most; a loser none.
    auto refused = server.post(plan, commitment({ideas[1]}), organiser);
    expect_error(refused, 400, "invalid_field", "ideas[0]");
    BOOST_TEST(refused.body.find("carried out by commitment") != std::string::npos);
    refused = server.post(plan, commitment({ideas[2]}), organiser);
    expect_error(refused, 400, "invalid_field", "ideas[0]");
    BOOST_TEST(refused.body.find("not a winner") != std::string::npos);
    const auto listed = server.get(plan).json_body();
    BOOST_TEST(listed["commitments"].size() == 1u);
    BOOST_TEST(listed["summary"]["not_started"] == 1);
    BOOST_TEST(listed["summary"]["total"] == 1);
    const auto audit = server.get(mcc_base + "/audit").json_body();
    BOOST_TEST(audit.dump().find("commitment.create") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(progress_is_the_sum_of_completed_milestones_and_a_verifier_verifies, plan_fixture)
{
    announce();
    const std::int64_t id = create({ideas[0]})["id"];
    server.set_clock("2020-11-10T00:00:00Z");
    BOOST_TEST(update(id, {{"action", "start"}}, organiser).status == 201);
    expect_error(update(id, {{"action", "start"}}, organiser), 409, "wrong_status", "action");
    auto r = update(id, {{"action", "complete_milestone"}, {"milestone", 1}}, organiser);
    BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
    r = update(id,
               {{"action", "complete_milestone"},
                {"milestone", 3},
                {"evidence", {{"url", "https://hermosillo.gob.mx/mercado/acta.pdf"}}}},
               organiser);
    BOOST_TEST(r.json_body()["commitment"]["progress"] == 75);
    BOOST_TEST(r.json_body()["commitment"]["progress_formula"] == "25 + 50 = 75");
    BOOST_TEST(r.json_body()["commitment"]["status"] == "started");
    // Verifying what is not completed: refused, even for the verifier.
    expect_error(
        update(id, {{"action", "verify"}, {"note", "Revisado"}, {"evidence", {{"url", "https://x.mx/a"}}}}, verifier),
        409, "wrong_status");
    r = update(id, {{"action", "complete_milestone"}, {"milestone", 2}}, organiser);
    BOOST_TEST(r.json_body()["commitment"]["status"] == "completed");
    BOOST_TEST(r.json_body()["commitment"]["progress"] == 100);
    // The implementer cannot verify its own work; evidence is required, and a note.
    expect_error(
        update(id, {{"action", "verify"}, {"note", "Hecho"}, {"evidence", {{"url", "https://x.mx/a"}}}}, organiser),
        403, "forbidden", "action");
    expect_error(update(id, {{"action", "verify"}, {"note", "Revisado"}}, verifier), 400, "invalid_field", "evidence");
    expect_error(update(id, {{"action", "verify"}, {"note", "Revisado"}, {"evidence", {{"sha256", "abc"}}}}, verifier),
                 400, "invalid_field", "evidence.sha256");
    expect_error(update(id, {{"action", "verify"}, {"evidence", {{"url", "https://x.mx/a"}}}}, verifier), 400,
                 "invalid_field", "note");
    BOOST_TEST(fetch(id)["status"] == "completed");
    const std::string digest(64, 'a');
    r = update(id, {{"action", "verify"}, {"note", "Visita del 3 de diciembre"}, {"evidence", {{"sha256", digest}}}},
               verifier);
    BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
    const auto done = fetch(id);
    BOOST_TEST(done["status"] == "verified");
    BOOST_TEST(done["verification"]["evidence"]["sha256"] == digest);
    BOOST_TEST(done["verification"]["note"] == "Visita del 3 de diciembre");
    const auto& history = done["history"];
    BOOST_REQUIRE_EQUAL(history.size(), 6u);
    BOOST_TEST(history[3]["evidence"]["url"] == "https://hermosillo.gob.mx/mercado/acta.pdf");
    BOOST_TEST(history[5]["action"] == "verified");
    BOOST_TEST(history[5]["by"] == "verifier");
    BOOST_TEST(history[5]["at"] == "2020-11-10T00:00:00Z");
    // Verified is closed: no more progress changes or edits, notes still welcome.
    expect_error(update(id, {{"action", "reopen_milestone"}, {"milestone", 1}, {"note", "x"}}, organiser), 409,
                 "wrong_status");
    expect_error(server.patch(plan + "/" + std::to_string(id), {{"title", "Otro título"}}, organiser), 409,
                 "wrong_status");
    BOOST_TEST(update(id, {{"action", "note"}, {"note", "Sigue cada viernes"}}, organiser).status == 201);
    BOOST_TEST(server.get(plan).json_body()["summary"]["verified"] == 1);
}

BOOST_FIXTURE_TEST_CASE(a_verifier_rejects_a_completed_claim_back_to_started, plan_fixture)
{
    announce();
    const std::int64_t id = create({ideas[1]})["id"];
    for (int n : {1, 2, 3})
        BOOST_REQUIRE_EQUAL(update(id, {{"action", "complete_milestone"}, {"milestone", n}}, organiser).status, 201);
    expect_error(update(id, {{"action", "reject"}}, verifier), 400, "invalid_field", "note");
    const auto r = update(id, {{"action", "reject"}, {"note", "No hay fotos del último viernes"}}, verifier);
    BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
    BOOST_TEST(r.json_body()["entry"]["milestone"] == 3); // the one completed last
    BOOST_TEST(r.json_body()["commitment"]["status"] == "started");
    BOOST_TEST(r.json_body()["commitment"]["progress"] == 50);
    // A verifier does not report progress.
    expect_error(update(id, {{"action", "complete_milestone"}, {"milestone", 3}}, verifier), 403, "forbidden");
    expect_error(update(id, {{"action", "start"}}, issuer), 403, "forbidden");
    expect_error(update(id, {{"action", "note"}, {"note", "x"}}, other_organiser), 403, "forbidden");
}

BOOST_FIXTURE_TEST_CASE(bad_commitments_are_refused_naming_the_field_and_nothing_is_stored, plan_fixture)
{
    announce();
    const auto refused = [&](json body, const std::string& field, int status = 400,
                             const std::string& code = "invalid_field") {
        expect_error(server.post(plan, body, organiser), status, code, field);
    };
    auto c = commitment({ideas[0]});
    c["milestones"][2]["weight"] = 40;
    refused(c, "milestones"); // 90, not 100
    c = commitment({ideas[0]});
    c["milestones"][0]["weight"] = 0;
    refused(c, "milestones[0].weight");
    c = commitment({ideas[0]}, json::array());
    refused(c, "milestones");
    c = commitment({ideas[0]});
    c["starts"] = "2020-11-01T00:00:00Z"; // before the development window
    refused(c, "starts");
    c = commitment({ideas[0]});
    c["ends"] = "2021-01-31T00:00:00Z"; // after it
    refused(c, "ends");
    c = commitment({ideas[0]});
    c["milestones"][1]["due"] = "2020-12-24T00:00:00Z";
    refused(c, "milestones[1].due");
    c = commitment({ideas[0]});
    c["title"] = std::string(static_cast<std::size_t>(readme_limit("commitment title")) + 1, 'x');
    refused(c, "title");
    c = commitment({ideas[0]});
    c.erase("indicator");
    refused(c, "indicator");
    refused(commitment({ideas[0], ideas[0]}), "ideas[1]");
    refused(commitment({}), "ideas");
    refused(commitment({999}), "ideas[0]");
    // Keys without the role (and an organiser of another municipality) are refused.
    expect_error(server.post(plan, commitment({ideas[0]}), verifier), 403, "forbidden");
    expect_error(server.post(plan, commitment({ideas[0]}), issuer), 403, "forbidden");
    expect_error(server.post(plan, commitment({ideas[0]}), other_organiser), 403, "forbidden");
    expect_error(server.post(plan, commitment({ideas[0]})), 401, "unauthorized");
    BOOST_TEST(server.get(plan).json_body()["commitments"].empty());
    // Updates that name nothing real.
    const std::int64_t id = create({ideas[0]})["id"];
    expect_error(update(id, {{"action", "complete_milestone"}, {"milestone", 4}}, organiser), 400, "invalid_field",
                 "milestone");
    expect_error(update(id, {{"action", "complete_milestone"}}, organiser), 400, "invalid_field", "milestone");
    expect_error(update(id, {{"action", "finish"}}, organiser), 400, "invalid_field", "action");
    const auto note_max = static_cast<std::size_t>(readme_limit("note of a commitment update"));
    expect_error(update(id, {{"action", "note"}, {"note", std::string(note_max + 1, 'n')}}, organiser), 400,
                 "invalid_field", "note");
    BOOST_TEST(update(id, {{"action", "note"}, {"note", std::string(note_max, 'n')}}, organiser).status == 201);
    expect_error(
        update(id, {{"action", "complete_milestone"}, {"milestone", 1}, {"evidence", {{"url", "ftp://x"}}}}, organiser),
        400, "invalid_field", "evidence.url");
    expect_error(update(id + 100, {{"action", "start"}}, organiser), 404, "not_found");
    expect_error(server.get(plan + "/abc"), 404, "not_found");
    const auto kept = fetch(id);
    BOOST_TEST(kept["progress"] == 0);
    BOOST_TEST(kept["history"].size() == 2u); // created, and the one note at the limit
}

BOOST_FIXTURE_TEST_CASE(edits_are_public_history_and_milestones_freeze_once_started, plan_fixture)
{
    announce();
    const std::int64_t id = create({ideas[0]})["id"];
    const auto path = plan + "/" + std::to_string(id);
    auto r = server.patch(path, {{"target", "15 viernes"}, {"milestones", {{{"title", "Todo"}, {"weight", 100}}}}},
                          organiser);
    BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
    BOOST_TEST(r.json_body()["milestones"].size() == 1u);
    expect_error(server.patch(path, {{"ideas", {ideas[1]}}}, organiser), 400, "invalid_field", "ideas");
    expect_error(server.patch(path, {{"milestones", {{{"title", "A"}, {"weight", 60}}}}}, organiser), 400,
                 "invalid_field", "milestones");
    expect_error(server.patch(path, {{"title", "Nuevo"}}, verifier), 403, "forbidden");
    BOOST_TEST(update(id, {{"action", "start"}}, organiser).status == 201);
    expect_error(server.patch(path, {{"milestones", {{{"title", "B"}, {"weight", 100}}}}}, organiser), 409,
                 "wrong_status", "milestones");
    const auto history = fetch(id)["history"];
    BOOST_REQUIRE_EQUAL(history.size(), 3u);
    BOOST_TEST(history[1]["action"] == "edited");
    BOOST_TEST(history[1]["changes"]["target"]["from"] == "12 viernes");
    BOOST_TEST(history[1]["changes"]["target"]["to"] == "15 viernes");
    BOOST_TEST(fetch(id)["target"] == "15 viernes");
}

BOOST_FIXTURE_TEST_CASE(the_plan_exports_as_csv_and_json, plan_fixture)
{
    announce();
    const std::int64_t id = create({ideas[0]})["id"];
    BOOST_REQUIRE_EQUAL(update(id, {{"action", "complete_milestone"}, {"milestone", 1}}, organiser).status, 201);
    const auto csv = server.get(plan + "?format=csv");
    BOOST_TEST(csv.status == 200);
    BOOST_TEST(csv.headers.at("content-type").find("text/csv") == 0u);
    BOOST_TEST(csv.headers.at("content-disposition").find("reactivacion-commitments.csv") != std::string::npos);
    BOOST_TEST(csv.body.find("id,title,responsible,status,progress,progress_formula,starts,ends,indicator,target,ideas,"
                             "milestones_completed,milestones,verified_at,evidence_url,evidence_sha256\n") == 0u);
    BOOST_TEST(csv.body.find(std::to_string(id) + ",\"Mercado nocturno en el centro\",") != std::string::npos);
    BOOST_TEST(csv.body.find(",started,25,\"25\",") != std::string::npos);
    const auto js = server.get(plan + "?format=json");
    BOOST_TEST(js.json_body()["summary"]["progress"] == 25);
    BOOST_TEST(js.headers.at("content-disposition").find("reactivacion-commitments.json") != std::string::npos);
    expect_error(server.get(plan + "?format=xml"), 400, "invalid_field", "format");
    // `?format=` with no word is the listing to read in place, as without the parameter.
    const auto bare = server.get(plan + "?format=");
    BOOST_TEST(bare.status == 200);
    BOOST_TEST(bare.json_body()["summary"]["progress"] == 25);
    BOOST_TEST(!bare.headers.count("content-disposition"));
    expect_error(server.get("/api/v1/municipalities/hermosillo/challenges/nada/commitments"), 404, "not_found");
}

BOOST_FIXTURE_TEST_CASE(roles_at_the_edges_of_verification, plan_fixture)
{
    announce();
    const std::int64_t id = create({ideas[0]})["id"];
    const auto& admin = server_process::admin_key();
    // The admin acts as an organiser, and so may not verify either.
    auto r = update(id, {{"action", "complete_milestone"}, {"milestone", 1}}, admin);
    BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
    BOOST_TEST(r.json_body()["entry"]["by"] == "admin");
    for (int n : {2, 3})
        BOOST_REQUIRE_EQUAL(update(id, {{"action", "complete_milestone"}, {"milestone", n}}, organiser).status, 201);
    const json verify{{"action", "verify"}, {"note", "Visto"}, {"evidence", {{"url", "https://x.mx/acta"}}}};
    expect_error(update(id, verify, admin), 403, "forbidden", "action");
    expect_error(update(id, {{"action", "reject"}, {"note", "No"}}, organiser), 403, "forbidden", "action");
    // A verifier of another municipality is not this one's.
    const auto cajeme_verifier =
        server.post("/api/v1/municipalities/cajeme/keys", {{"role", "verifier"}}, admin).json_body()["key"];
    expect_error(update(id, verify, cajeme_verifier), 403, "forbidden");
    // A note of spaces is no note; a verifier may add a real one.
    expect_error(update(id, {{"action", "note"}, {"note", "   "}}, verifier), 400, "invalid_field", "note");
    r = update(id, {{"action", "note"}, {"note", "Visita programada para el viernes"}}, verifier);
    BOOST_TEST(r.json_body()["entry"]["by"] == "verifier");
    // A rejection may name the milestone it reopens; an uppercase digest is read as lowercase.
    r = update(id, {{"action", "reject"}, {"note", "El permiso no está firmado"}, {"milestone", 1}}, verifier);
    BOOST_TEST(r.json_body()["entry"]["milestone"] == 1);
    BOOST_TEST(r.json_body()["commitment"]["progress"] == 75);
    expect_error(update(id, {{"action", "reject"}, {"note", "Otra vez"}}, verifier), 409, "wrong_status");
    BOOST_REQUIRE_EQUAL(update(id, {{"action", "complete_milestone"}, {"milestone", 1}}, organiser).status, 201);
    r = update(id, {{"action", "verify"}, {"note", "Firmado"}, {"evidence", {{"sha256", std::string(64, 'A')}}}},
               verifier);
    BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
    BOOST_TEST(r.json_body()["commitment"]["verification"]["evidence"]["sha256"] == std::string(64, 'a'));
}

BOOST_FIXTURE_TEST_CASE(the_development_window_keeps_holding_its_commitments, plan_fixture)
{
    announce();
    const std::int64_t id = create({ideas[0]})["id"];
    expect_error(
        server.patch(
            mcc_base,
            {{"timeline", {{"development", {{"opens", "2020-11-20T06:00:00Z"}, {"closes", "2020-12-05T06:00:00Z"}}}}}},
            organiser),
        409, "timeline_locked", "timeline.development");
    // Extending it is fine; the commitment's dates may then move into the new days.
    BOOST_REQUIRE_EQUAL(
        server
            .patch(mcc_base,
                   {{"timeline",
                     {{"development", {{"opens", "2020-11-09T06:00:00Z"}, {"closes", "2020-12-20T06:00:00Z"}}}}}},
                   organiser)
            .status,
        200);
    const auto path = plan + "/" + std::to_string(id);
    BOOST_TEST(server.patch(path, {{"ends", "2020-12-18T06:00:00Z"}}, organiser).status == 200);
    expect_error(server.patch(path, {{"ends", "2020-12-21T06:00:00Z"}}, organiser), 400, "invalid_field", "ends");
    BOOST_TEST(server.patch(path, {{"title", "Solo el título"}}, organiser).status == 200);
}

BOOST_FIXTURE_TEST_CASE(a_verifier_key_is_refused_everywhere_else, plan_fixture)
{
    const auto who = server.get("/api/v1/whoami", verifier).json_body();
    BOOST_TEST(who["role"] == "verifier");
    BOOST_TEST(who["municipality"] == "hermosillo");
    expect_error(server.post(mcc_base + "/tokens", {{"count", 1}}, verifier), 403, "forbidden");
    expect_error(server.patch(mcc_base, {{"title", "X"}}, verifier), 403, "forbidden");
    expect_error(server.post(mcc_base + "/announcement", json::object(), verifier), 403, "forbidden");
    const auto keys = server.get("/api/v1/municipalities/hermosillo/keys", server_process::admin_key()).json_body();
    bool listed = false;
    for (const auto& k : keys["keys"])
        listed = listed || k["role"] == "verifier";
    BOOST_TEST(listed);
}

// Issue 18: a verifier posted 500 notes of 2 KB; the commitment and the interim report grew to
// 1 MB each and nothing can remove them (the history is append-only).
BOOST_FIXTURE_TEST_CASE(notes_are_bounded_per_key_and_histories_come_in_pages, plan_fixture)
{
    announce();
    const auto id = create({ideas[0]})["id"].get<std::int64_t>();
    server.set_clock("2020-11-10T00:00:00Z");
    const auto note = json{{"action", "note"}, {"note", std::string(2000, 'n')}};
    const auto notes = readme_limit("notes per key on one commitment");
    BOOST_REQUIRE_EQUAL(notes, 50);
    for (int i = 0; i < notes; ++i)
        BOOST_REQUIRE_EQUAL(update(id, note, verifier).status, 201);
    expect_error(update(id, note, verifier), 403, "limit_reached", "note");
    // Another key's notes are its own; the organiser's work goes on.
    const auto& admin = server_process::admin_key();
    const std::string second =
        server.post("/api/v1/municipalities/hermosillo/keys", {{"role", "verifier"}}, admin).json_body()["key"];
    BOOST_TEST(update(id, note, second).status == 201);
    BOOST_TEST(update(id, {{"action", "start"}}, organiser).status == 201);
    // The history comes a page at a time.
    const auto first = server.get(plan + "/" + std::to_string(id) + "?limit=20").json_body();
    BOOST_TEST(first["history"].size() == 20u);
    BOOST_TEST(first["history_total"] == 53);
    const auto after = first["history_next_after"].get<std::int64_t>();
    BOOST_TEST(after == first["history"][19]["id"]);
    const auto rest = server.get(plan + "/" + std::to_string(id) + "?limit=200&after=" + std::to_string(after));
    BOOST_TEST(rest.json_body()["history"].size() == 33u);
    BOOST_TEST(rest.json_body()["history_next_after"].is_null());
    BOOST_TEST(rest.json_body()["history"][32]["action"] == "started");
    expect_error(server.get(plan + "/" + std::to_string(id) + "?limit=0"), 400, "invalid_field", "limit");
    // By default, the first 50.
    BOOST_TEST(server.get(plan + "/" + std::to_string(id)).json_body()["history"].size() == 50u);
}

// Issue 18: a PATCH with an unknown field answered 200 and changed nothing.
BOOST_FIXTURE_TEST_CASE(a_patch_naming_a_field_the_commitment_lacks_is_refused, plan_fixture)
{
    announce();
    const auto made = create({ideas[0]});
    const auto path = plan + "/" + std::to_string(made["id"].get<std::int64_t>());
    expect_error(server.patch(path, {{"progress", 80}}, organiser), 400, "invalid_field", "progress");
    expect_error(server.patch(path, {{"title", "Otro título"}, {"status", "verified"}}, organiser), 400,
                 "invalid_field", "status");
    const auto now = server.get(path).json_body();
    BOOST_TEST(now["title"] == made["title"]); // nothing of a refused patch is kept
    BOOST_TEST(now["progress"] == 0);
    BOOST_TEST(now["history"].size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
