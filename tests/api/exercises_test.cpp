// The local action plan (issue #10, part 3), the whole cycle over HTTP on a test clock: a
// consultation, ideas, a vote, the announcement, commitments verified, an exercise whose 13
// steps link to all of it, the interim report (HTML to print and JSON), the final report frozen
// with later changes in its addendum, and the bad inputs around them.

#include "tests/api/challenge_fixture.hpp"

#include "engine/identity/crypto.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>

using namespace cabildo::test;

namespace {

const std::string exercises = "/api/v1/municipalities/hermosillo/exercises";
const std::string exercise = exercises + "/apertura-2020";

struct cycle_fixture : challenge_fixture {
    std::string verifier;
    std::int64_t commitment = 0;
    std::int64_t second = 0; // the other winner, no commitment's
    std::int64_t first = 0;  // the winner the commitment carries out
    std::int64_t text = 0;   // the published free-text answer

    cycle_fixture()
    {
        const auto& admin = server_process::admin_key();
        verifier =
            server.post("/api/v1/municipalities/hermosillo/keys", {{"role", "verifier"}}, admin).json_body()["key"];
        BOOST_REQUIRE_EQUAL(
            server
                .patch(mcc_base,
                       {{"timeline",
                         {{"consultation", {{"opens", "2020-09-20T06:00:00Z"}, {"closes", "2020-09-30T06:00:00Z"}}}}}},
                       organiser)
                .status,
            200);
        const json survey{{"questions",
                           {{{"id", "problema"},
                             {"kind", "single"},
                             {"prompt", "¿Qué problema es el más urgente?"},
                             {"options", {"empleo", "comercio"}}},
                            {{"id", "comentario"}, {"kind", "text"}, {"prompt", "¿Algo más?"}}}}};
        BOOST_REQUIRE_EQUAL(server.request("PUT", mcc_base + "/survey", survey.dump(), organiser).status, 200);
        const auto tokens = cards(3);
        server.set_clock("2020-09-21T00:00:00Z");
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            json answers{{"problema", i == 0 ? 1 : 0}};
            if (i == 0)
                answers["comentario"] = "Vivo en Juárez 45 y no hay trabajo";
            BOOST_REQUIRE_EQUAL(
                server.put(mcc_base + "/survey/response", {{"token", tokens[i]}, {"answers", answers}}).status, 200);
        }
        server.set_clock("2020-10-02T00:00:00Z");
        // After the close the organiser publishes the one text answer.
        const auto texts = server.get(mcc_base + "/survey/texts", organiser).json_body()["answers"];
        BOOST_REQUIRE_EQUAL(texts.size(), 1u);
        text = texts[0]["id"];
        BOOST_REQUIRE_EQUAL(server
                                .post(mcc_base + "/survey/texts/" + std::to_string(text) + "/moderation",
                                      {{"action", "publish"}}, organiser)
                                .status,
                            200);
        const auto a = idea(tokens[0], "Mercado nocturno"), b = idea(tokens[1], "Bolsa de trabajo");
        first = a;
        second = b;
        for (const auto& t : tokens)
            BOOST_REQUIRE_EQUAL(vote(t, {a, b}).status, 200);
        server.set_clock("2020-10-27T00:00:00Z");
        BOOST_REQUIRE_EQUAL(server.post(mcc_base + "/announcement", json::object(), organiser).status, 200);
        const json plan{
            {"title", "Mercado nocturno en el centro"},
            {"objective", "Que productores vendan sin pagar local"},
            {"responsible", "Desarrollo Económico"},
            {"starts", "2020-11-09T07:00:00Z"},
            {"ends", "2020-12-04T07:00:00Z"},
            {"indicator", "Viernes con mercado"},
            {"target", "4 viernes"},
            {"ideas", {a}},
            {"milestones", {{{"title", "Permiso"}, {"weight", 40}}, {{"title", "Cuatro viernes"}, {"weight", 60}}}}};
        const auto made = server.post(mcc_base + "/commitments", plan, organiser);
        BOOST_REQUIRE_MESSAGE(made.status == 201, made.body);
        commitment = made.json_body()["id"];
        server.set_clock("2020-11-20T00:00:00Z");
        BOOST_REQUIRE_EQUAL(update({{"action", "complete_milestone"}, {"milestone", 1}}, organiser).status, 201);
        const auto opened = server.post(
            exercises,
            {{"slug", "apertura-2020"}, {"title", "Ejercicio de apertura 2020"}, {"challenges", {"reactivacion"}}},
            organiser);
        BOOST_REQUIRE_MESSAGE(opened.status == 201, opened.body);
    }

    http_reply update(const json& body, const std::string& key) const
    {
        return server.post(mcc_base + "/commitments/" + std::to_string(commitment) + "/updates", body, key);
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(action_plan)

BOOST_FIXTURE_TEST_CASE(an_exercise_carries_the_13_steps_linked_to_the_cycle, cycle_fixture)
{
    const auto e = server.get(exercise).json_body();
    BOOST_REQUIRE_EQUAL(e["steps"].size(), 13u);
    // The official names, from INAI's strategy (tests/data/opengov, copied from shared/data).
    std::ifstream in(std::string(CABILDO_TEST_DATA) + "/opengov/estrategia-local-13-pasos.json");
    const auto official = json::parse(in);
    for (std::size_t i = 0; i < 13; ++i) {
        BOOST_TEST(e["steps"][i]["name"] == official["steps"][i]["name"]);
        BOOST_TEST(e["steps"][i]["plain"] == official["steps"][i]["plain"]);
        BOOST_TEST(e["steps"][i]["status"] == "pending");
    }
    BOOST_TEST(e["steps"][4]["links"][0]["href"] == "/hermosillo/reactivacion/survey/results");
    BOOST_TEST(e["steps"][9]["links"][0]["href"] == "/hermosillo/reactivacion/results");
    BOOST_TEST(e["steps"][10]["links"][0]["href"] == "/hermosillo/reactivacion/progress");
    BOOST_TEST(e["summary"]["started"] == 1);
    BOOST_TEST(e["final_report"].is_null());
    const auto patched = server.patch(exercise,
                                      {{"steps",
                                        {{{"n", 1},
                                          {"status", "done"},
                                          {"date", "2020-08-01T17:00:00Z"},
                                          {"document", {{"url", "https://hermosillo.gob.mx/declaratoria.pdf"}}}},
                                         {{"n", 5}, {"status", "done"}, {"note", "Tres respuestas"}}}}},
                                      organiser);
    BOOST_REQUIRE_MESSAGE(patched.status == 200, patched.body);
    BOOST_TEST(patched.json_body()["steps"][0]["document"]["url"] == "https://hermosillo.gob.mx/declaratoria.pdf");
    BOOST_TEST(server.get(exercises).json_body()["exercises"].size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(the_interim_report_prints_and_the_final_one_freezes, cycle_fixture)
{
    auto r = server.get(exercise + "/report?kind=interim&format=json");
    BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
    auto report = r.json_body();
    BOOST_TEST(report["kind"] == "interim");
    const auto& part = report["challenges"][0];
    BOOST_TEST(part["consultation"]["responses"] == 3);
    BOOST_TEST(part["winners"].size() == 2u);
    BOOST_TEST(part["commitments"][0]["progress"] == 40);
    BOOST_TEST(part["commitments"][0]["history"].size() == 2u);
    BOOST_TEST(report["summary"]["progress"] == 40);
    const auto html = server.get(exercise + "/report?kind=interim");
    BOOST_TEST(html.headers.at("content-type").find("text/html") == 0u);
    BOOST_TEST(html.headers.at("content-security-policy").find("default-src 'none'") == 0u);
    BOOST_TEST(html.body.find("<html lang=\"es-MX\">") != std::string::npos);
    BOOST_TEST(html.body.find("Informe intermedio de cumplimiento del Plan de Acción") != std::string::npos);
    BOOST_TEST(html.body.find("Firma de la Declaratoria de Gobierno Abierto") != std::string::npos);
    BOOST_TEST(html.body.find("Mercado nocturno en el centro") != std::string::npos);
    BOOST_TEST(html.body.find("@media print") != std::string::npos);
    BOOST_TEST(html.body.find("Iniciado, 40 %") != std::string::npos);
    // No final report before it is issued; the implementer's key issues it, once.
    // A winner hidden after the announcement keeps its place and votes and loses its words.
    BOOST_REQUIRE_EQUAL(server
                            .post(mcc_base + "/ideas/" + std::to_string(second) + "/moderation",
                                  {{"action", "hide"}, {"reason", "Datos personales"}}, organiser)
                            .status,
                        200);
    const auto hidden = server.get(exercise + "/report?format=json").json_body()["challenges"][0]["winners"];
    BOOST_REQUIRE_EQUAL(hidden.size(), 2u);
    const auto& withheld = hidden[0]["idea"] == second ? hidden[0] : hidden[1];
    BOOST_TEST(withheld["idea"] == second);
    BOOST_TEST(withheld["hidden"] == true);
    BOOST_TEST(!withheld.contains("title"));
    BOOST_TEST(server.get(exercise + "/report").body.find("Bolsa de trabajo") == std::string::npos);
    expect_error(server.get(exercise + "/report?kind=final"), 409, "phase_not_open", "kind");
    expect_error(server.post(exercise + "/report", {{"kind", "final"}}, verifier), 403, "forbidden");
    expect_error(server.post(exercise + "/report", {{"kind", "interim"}}, organiser), 400, "invalid_field", "kind");
    server.set_clock("2020-12-05T00:00:00Z");
    r = server.post(exercise + "/report", {{"kind", "final"}}, organiser);
    BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
    BOOST_TEST(r.json_body()["issued_at"] == "2020-12-05T00:00:00Z");
    expect_error(server.post(exercise + "/report", {{"kind", "final"}}, organiser), 409, "wrong_status");
    // Later work changes the plan, not the issued report: it goes to the addendum.
    server.set_clock("2020-12-10T00:00:00Z");
    BOOST_REQUIRE_EQUAL(update({{"action", "complete_milestone"}, {"milestone", 2}}, organiser).status, 201);
    BOOST_REQUIRE_EQUAL(server.patch(exercise, {{"steps", {{{"n", 13}, {"status", "done"}}}}}, organiser).status, 200);
    report = server.get(exercise + "/report?kind=final&format=json").json_body();
    BOOST_TEST(report["challenges"][0]["commitments"][0]["progress"] == 40); // as issued
    BOOST_TEST(report["summary"]["progress"] == 40);
    const auto& addendum = report["addendum"];
    BOOST_TEST(addendum["since"] == "2020-12-05T00:00:00Z");
    BOOST_TEST(addendum["summary"]["progress"] == 100);
    BOOST_REQUIRE_EQUAL(addendum["commitments"].size(), 1u);
    BOOST_TEST(addendum["commitments"][0]["entries"][0]["action"] == "milestone_completed");
    BOOST_REQUIRE_EQUAL(addendum["steps"].size(), 1u);
    BOOST_TEST(addendum["steps"][0]["n"] == 13);
    const auto printed = server.get(exercise + "/report?kind=final").body;
    BOOST_TEST(printed.find("Informe final") != std::string::npos);
    BOOST_TEST(printed.find("Adenda") != std::string::npos);
    BOOST_TEST(server.get(exercise).json_body()["final_report"]["issued_at"] == "2020-12-05T00:00:00Z");
}

BOOST_FIXTURE_TEST_CASE(bad_exercises_and_steps_are_refused_naming_the_field, cycle_fixture)
{
    expect_error(server.post(exercises, {{"slug", "apertura-2020"}, {"title", "Otra vez"}}, organiser), 409,
                 "slug_taken", "slug");
    expect_error(server.post(exercises, {{"slug", "Mal Slug"}, {"title", "Ejercicio"}}, organiser), 400,
                 "invalid_field", "slug");
    expect_error(
        server.post(exercises, {{"slug", "otro"}, {"title", "Ejercicio"}, {"challenges", {"nada"}}}, organiser), 400,
        "invalid_field", "challenges[0]");
    expect_error(server.post(exercises, {{"slug", "otro"}, {"title", "Ejercicio"}}, verifier), 403, "forbidden");
    expect_error(server.post(exercises, {{"slug", "otro"}, {"title", "Ejercicio"}}), 401, "unauthorized");
    expect_error(server.patch(exercise, {{"steps", {{{"n", 14}, {"status", "done"}}}}}, organiser), 400,
                 "invalid_field", "steps[0].n");
    expect_error(server.patch(exercise, {{"steps", {{{"n", 2}, {"status", "terminado"}}}}}, organiser), 400,
                 "invalid_field", "steps[0].status");
    expect_error(
        server.patch(exercise, {{"steps", {{{"n", 2}, {"document", {{"url", "javascript:alert(1)"}}}}}}}, organiser),
        400, "invalid_field", "steps[0].document.url");
    expect_error(server.patch(exercise, {{"steps", {{{"n", 2}, {"date", "ayer"}}}}}, organiser), 400, "invalid_field",
                 "steps[0].date");
    expect_error(server.patch(exercise, {{"slug", "otro"}}, organiser), 400, "invalid_field", "slug");
    expect_error(server.get(exercises + "/nada"), 404, "not_found");
    expect_error(server.get(exercise + "/report?kind=anual"), 400, "invalid_field", "kind");
    expect_error(server.get(exercise + "/report?format=pdf"), 400, "invalid_field", "format");
    // Nothing of it was stored.
    const auto e = server.get(exercise).json_body();
    BOOST_TEST(e["steps"][1]["status"] == "pending");
    BOOST_TEST(!e["steps"][1].contains("document"));
    BOOST_TEST(server.get(exercises).json_body()["exercises"].size() == 1u);
}

namespace {

// The report's digest as a researcher recomputes it from what is served (README, "Exercises and
// reports"): without digest, withdrawn and addendum; every free-text answer's text and every
// winner's or commitment idea's title as {"sha256": hex of it}, a withdrawn one as its own
// {"sha256"}; keys sorted, no spaces.
std::string recomputed_digest(json report)
{
    const auto seal = [](json& holder, const char* key) {
        if (!holder.contains(key))
            return;
        auto& v = holder[key];
        v = v.is_string() ? json{{"sha256", cabildo::engine::to_hex(cabildo::engine::sha256(v.get<std::string>()))}}
                          : json{{"sha256", v.at("sha256")}};
    };
    for (const char* key : {"digest", "withdrawn", "addendum"})
        report.erase(key);
    for (auto& c : report["challenges"]) {
        if (c["consultation"].is_object())
            for (auto& q : c["consultation"]["questions"])
                if (q.contains("published"))
                    for (auto& t : q["published"])
                        seal(t, "text");
        for (auto& w : c["winners"])
            seal(w, "title");
        for (auto& k : c["commitments"])
            for (auto& i : k["ideas"])
                seal(i, "title");
    }
    return cabildo::engine::to_hex(cabildo::engine::sha256(report.dump()));
}

} // namespace

// Issue 18: the final report kept text moderation withdrew afterwards (a published answer hidden
// for personal data, a winner hidden after issue), in its JSON and its HTML.
BOOST_FIXTURE_TEST_CASE(the_final_report_stops_serving_what_moderation_withdrew_and_stays_provable, cycle_fixture)
{
    server.set_clock("2020-12-05T00:00:00Z");
    const auto issued = server.post(exercise + "/report", {{"kind", "final"}}, organiser).json_body();
    const std::string digest = issued["digest"];
    BOOST_TEST(digest.size() == 64u);
    BOOST_TEST(recomputed_digest(issued) == digest);
    const auto before = server.get(exercise + "/report?kind=final&format=json").json_body();
    BOOST_TEST(before.dump().find("Juárez 45") != std::string::npos);
    BOOST_TEST(before["withdrawn"] == 0);

    BOOST_REQUIRE_EQUAL(server
                            .post(mcc_base + "/survey/texts/" + std::to_string(text) + "/moderation",
                                  {{"action", "hide"}, {"reason", "Datos personales"}}, organiser)
                            .status,
                        200);
    BOOST_REQUIRE_EQUAL(server
                            .post(mcc_base + "/ideas/" + std::to_string(first) + "/moderation",
                                  {{"action", "hide"}, {"reason", "Nombre de una persona"}}, organiser)
                            .status,
                        200);
    const auto after = server.get(exercise + "/report?kind=final&format=json").json_body();
    BOOST_TEST(after.dump().find("Juárez 45") == std::string::npos);
    BOOST_TEST(after.dump().find("Mercado nocturno\"") == std::string::npos); // the idea's title, not the commitment's
    BOOST_TEST(after["withdrawn"] == 3); // the text, the winner's title, the commitment idea's title
    const auto& part = after["challenges"][0];
    const auto& published = part["consultation"]["questions"][1]["published"];
    BOOST_REQUIRE_EQUAL(published.size(), 1u);
    BOOST_TEST(published[0]["text"]["withdrawn"] == true);
    BOOST_TEST(published[0]["text"]["sha256"] ==
               cabildo::engine::to_hex(cabildo::engine::sha256("Vivo en Juárez 45 y no hay trabajo")));
    BOOST_TEST(part["commitments"][0]["ideas"][0]["title"]["withdrawn"] == true);
    // Still the report issued: its digest, and anyone's recomputation from what is served.
    BOOST_TEST(after["digest"] == digest);
    BOOST_TEST(recomputed_digest(after) == digest);
    const auto html = server.get(exercise + "/report?kind=final").body;
    BOOST_TEST(html.find("Juárez 45") == std::string::npos);
    BOOST_TEST(html.find("retirado por moderación") != std::string::npos);
    BOOST_TEST(html.find(digest) != std::string::npos);
    // The interim report, always current, leaves the hidden text out.
    BOOST_TEST(server.get(exercise + "/report?format=json").body.find("Juárez 45") == std::string::npos);
}

// Issue 18: the addendum compared second-resolution times, so a change in the second of issue
// was in neither the report nor its addendum.
BOOST_FIXTURE_TEST_CASE(the_addendum_sees_a_change_made_in_the_second_of_issue, cycle_fixture)
{
    server.set_clock("2020-12-05T00:00:00Z");
    BOOST_REQUIRE_EQUAL(server.post(exercise + "/report", {{"kind", "final"}}, organiser).status, 201);
    BOOST_REQUIRE_EQUAL(update({{"action", "complete_milestone"}, {"milestone", 2}}, organiser).status, 201);
    const auto report = server.get(exercise + "/report?kind=final&format=json").json_body();
    BOOST_REQUIRE_EQUAL(report["addendum"]["commitments"].size(), 1u);
    BOOST_TEST(report["addendum"]["commitments"][0]["entries"][0]["action"] == "milestone_completed");
    BOOST_TEST(report["addendum"]["commitments"][0]["entries"][0]["at"] == "2020-12-05T00:00:00Z");
}

// Review of issue 18: the addendum filtered the live report's history, which holds each
// commitment's newest 20 entries, so older entries after issue vanished; exercise changes after
// issue reached it only as a changed step.
BOOST_FIXTURE_TEST_CASE(the_addendum_lists_every_entry_after_issue, cycle_fixture)
{
    server.set_clock("2020-12-05T00:00:00Z");
    BOOST_REQUIRE_EQUAL(server.post(exercise + "/report", {{"kind", "final"}}, organiser).status, 201);
    server.set_clock("2020-12-06T00:00:00Z");
    BOOST_REQUIRE_EQUAL(server.patch(exercise, {{"title", "Apertura 2020-2021"}}, organiser).status, 200);
    BOOST_REQUIRE_EQUAL(update({{"action", "complete_milestone"}, {"milestone", 2}}, organiser).status, 201);
    for (int i = 0; i < 24; ++i)
        BOOST_REQUIRE_EQUAL(update({{"action", "note"}, {"note", "Avance " + std::to_string(i)}}, organiser).status,
                            201);
    const auto report = server.get(exercise + "/report?kind=final&format=json").json_body();
    const auto& entries = report["addendum"]["commitments"][0]["entries"];
    BOOST_REQUIRE_EQUAL(entries.size(), 25u);
    BOOST_TEST(entries[0]["action"] == "milestone_completed");
    BOOST_TEST(entries[24]["note"] == "Avance 23");
    const auto& changes = report["addendum"]["exercise_history"];
    BOOST_REQUIRE_EQUAL(changes.size(), 1u);
    BOOST_TEST(changes[0].dump().find("Apertura 2020-2021") != std::string::npos);
}

// Issue 18: exercise changes left no public record (only the admin's audit saw {"steps":[3]}).
BOOST_FIXTURE_TEST_CASE(every_exercise_change_is_a_public_history_entry, cycle_fixture)
{
    BOOST_REQUIRE_EQUAL(server
                            .patch(exercise,
                                   {{"title", "Apertura 2020-2021"},
                                    {"steps",
                                     {{{"n", 3}, {"status", "done"}, {"date", "2020-08-03T17:00:00Z"}},
                                      {{"n", 5}, {"document", {{"sha256", std::string(64, 'A')}}}}}}},
                                   organiser)
                            .status,
                        200);
    server.set_clock("2020-11-21T00:00:00Z");
    BOOST_REQUIRE_EQUAL(server.patch(exercise, {{"steps", {{{"n", 3}, {"status", "in_progress"}}}}}, organiser).status,
                        200);
    const auto history = server.get(exercise + "/history").json_body();
    BOOST_REQUIRE_EQUAL(history["entries"].size(), 3u);
    BOOST_TEST(history["entries"][0]["changes"]["created"]["title"] == "Ejercicio de apertura 2020");
    const auto& edit = history["entries"][1];
    BOOST_TEST(edit["by"] == "organiser");
    BOOST_TEST(edit["at"] == "2020-11-20T00:00:00Z");
    BOOST_TEST(edit["changes"]["title"] ==
               json({{"from", "Ejercicio de apertura 2020"}, {"to", "Apertura 2020-2021"}}));
    BOOST_TEST(edit["changes"]["steps"][0]["n"] == 3);
    BOOST_TEST(edit["changes"]["steps"][0]["status"] == json({{"from", "pending"}, {"to", "done"}}));
    BOOST_TEST(edit["changes"]["steps"][0]["date"]["to"] == "2020-08-03T17:00:00Z");
    // An upper-case digest, as Windows tools print it, is read as the lower-case one.
    BOOST_TEST(edit["changes"]["steps"][1]["document"]["to"]["sha256"] == std::string(64, 'a'));
    BOOST_TEST(history["entries"][2]["changes"]["steps"][0]["status"] ==
               json({{"from", "done"}, {"to", "in_progress"}}));
    // Pages, and the same edit again changes nothing and writes nothing.
    const auto page = server.get(exercise + "/history?limit=2").json_body();
    BOOST_TEST(page["entries"].size() == 2u);
    BOOST_TEST(page["next_after"] == page["entries"][1]["id"]);
    BOOST_REQUIRE_EQUAL(server.patch(exercise, {{"steps", {{{"n", 3}, {"status", "in_progress"}}}}}, organiser).status,
                        200);
    BOOST_TEST(server.get(exercise + "/history").json_body()["entries"].size() == 3u);
}

// Issue 18: a step repeated in one PATCH answered 200 and the last won; a field the exercise lacks
// was ignored.
BOOST_FIXTURE_TEST_CASE(a_repeated_step_or_an_unknown_field_is_refused, cycle_fixture)
{
    expect_error(server.patch(exercise,
                              {{"steps", {{{"n", 2}, {"status", "done"}}, {{"n", 2}, {"status", "pending"}}}}},
                              organiser),
                 400, "invalid_field", "steps[1].n");
    expect_error(server.patch(exercise, {{"estado", "listo"}}, organiser), 400, "invalid_field", "estado");
    expect_error(server.patch(exercise, {{"steps", {{{"n", 2}, {"estado", "done"}}}}}, organiser), 400, "invalid_field",
                 "steps[0].estado");
    BOOST_TEST(server.get(exercise).json_body()["steps"][1]["status"] == "pending");
    BOOST_TEST(server.get(exercise + "/history").json_body()["entries"].size() == 1u);
}

// Issue 18: step 9 linked to the ideas page during the consultation, before any idea existed.
BOOST_FIXTURE_TEST_CASE(steps_link_to_what_exists_and_exercises_come_in_pages, cycle_fixture)
{
    auto later = mcc_challenge();
    later["slug"] = "movilidad";
    later["timeline"]["consultation"] = {{"opens", "2020-11-25T06:00:00Z"}, {"closes", "2020-12-01T06:00:00Z"}};
    later["timeline"]["submission"] = {{"opens", "2020-12-02T06:00:00Z"}, {"closes", "2020-12-10T06:00:00Z"}};
    later["timeline"]["voting"] = {{"opens", "2020-12-02T06:00:00Z"}, {"closes", "2020-12-12T06:00:00Z"}};
    later["timeline"]["announcement"] = "2020-12-15T18:00:00Z";
    later["timeline"].erase("development");
    BOOST_REQUIRE_EQUAL(server.post("/api/v1/municipalities/hermosillo/challenges", later, organiser).status, 201);
    const auto opened = server.post(
        exercises, {{"slug", "movilidad-2020"}, {"title", "Movilidad 2020"}, {"challenges", {"movilidad"}}}, organiser);
    BOOST_REQUIRE_EQUAL(opened.status, 201);
    const auto path = exercises + "/movilidad-2020";
    server.set_clock("2020-11-26T00:00:00Z"); // the consultation is open; no idea can exist yet
    auto steps = server.get(path).json_body()["steps"];
    BOOST_TEST(steps[4]["links"].empty());
    BOOST_TEST(steps[8]["links"].empty());
    server.set_clock("2020-12-02T06:00:00Z");
    steps = server.get(path).json_body()["steps"];
    BOOST_TEST(steps[4]["links"][0]["href"] == "/hermosillo/movilidad/survey/results");
    BOOST_TEST(steps[8]["links"][0]["href"] == "/hermosillo/movilidad");

    BOOST_REQUIRE_EQUAL(server.post(exercises, {{"slug", "tercero"}, {"title", "Tercer ejercicio"}}, organiser).status,
                        201);
    const auto page = server.get(exercises + "?limit=2").json_body();
    BOOST_REQUIRE_EQUAL(page["exercises"].size(), 2u);
    BOOST_TEST(page["exercises"][0]["slug"] == "apertura-2020");
    const auto next =
        server.get(exercises + "?limit=2&after=" + std::to_string(page["next_after"].get<std::int64_t>())).json_body();
    BOOST_REQUIRE_EQUAL(next["exercises"].size(), 1u);
    BOOST_TEST(next["exercises"][0]["slug"] == "tercero");
    BOOST_TEST(next["next_after"].is_null());
}

BOOST_AUTO_TEST_SUITE_END()
