// The consultation (issue #10, part 1), over HTTP against the real binary on a test clock: a
// survey written before the consultation opens and frozen after, one response per token (the
// latest counts, revoked tokens stop counting), results and exports with their visibility,
// free text published only after moderation, categories seeded from the problems most named,
// and every bad answer refused naming the field, nothing stored changed.

#include "tests/api/challenge_fixture.hpp"
#include "tests/api/readme_limits.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>

using namespace cabildo::test;

namespace {

const std::string survey = mcc_base + "/survey";

json questions()
{
    return {{"questions",
             {{{"id", "problema"},
               {"kind", "single"},
               {"prompt", "¿Cuál es el problema más urgente?"},
               {"required", true},
               {"options", {"empleo", "inseguridad", "transporte"}}},
              {{"id", "apoyos"},
               {"kind", "multiple"},
               {"prompt", "¿Qué apoyos conoces?"},
               {"options", {"créditos", "capacitación", "ninguno"}},
               {"max", 2}},
              {{"id", "confianza"},
               {"kind", "scale"},
               {"prompt", "¿Cuánto confías en el gobierno municipal?"},
               {"points", 5},
               {"min_label", "nada"},
               {"max_label", "mucho"}},
              {{"id", "prioridad"},
               {"kind", "ranking"},
               {"prompt", "Ordena las prioridades"},
               {"options", {"calles", "parques", "mercados"}}},
              {{"id", "comentario"}, {"kind", "text"}, {"prompt", "¿Algo más?"}, {"max_length", 100}}}}};
}

// The Multi City Challenge with a consultation from 20 to 30 September before its upload.
struct consultation_fixture : challenge_fixture {
    std::vector<std::string> tokens;

    consultation_fixture()
    {
        const auto r = server.patch(
            mcc_base,
            {{"timeline", {{"consultation", {{"opens", "2020-09-20T06:00:00Z"}, {"closes", "2020-09-30T06:00:00Z"}}}}}},
            organiser);
        BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
        tokens = cards(5);
    }

    void write_survey()
    {
        const auto r = server.request("PUT", survey, questions().dump(), organiser);
        BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
    }

    http_reply answer(const std::string& token, const json& answers) const
    {
        return server.put(survey + "/response", {{"token", token}, {"answers", answers}});
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(consultation)

BOOST_FIXTURE_TEST_CASE(the_survey_is_written_before_the_consultation_and_frozen_after, consultation_fixture)
{
    BOOST_TEST(server.get(survey).json_body()["questions"].empty());
    write_survey();
    const auto s = server.get(survey).json_body();
    BOOST_TEST(s["questions"].size() == 5u);
    BOOST_TEST(s["questions"][1]["max"] == 2);
    BOOST_TEST(s["questions"][3]["max"] == 3); // a ranking of all options by default
    BOOST_TEST(s["frozen"] == false);
    BOOST_TEST(s["consultation"]["opens"] == "2020-09-20T06:00:00Z");
    // Too early to answer; results are nobody's yet.
    expect_error(answer(tokens[0], {{"problema", 0}}), 409, "phase_not_open");
    expect_error(server.get(survey + "/results", organiser), 409, "phase_not_open");
    server.set_clock("2020-09-21T00:00:00Z");
    BOOST_TEST(server.get(survey).json_body()["frozen"] == true);
    expect_error(server.request("PUT", survey, questions().dump(), organiser), 409, "timeline_locked", "questions");
    BOOST_TEST(server.get(mcc_base + "/audit").body.find("survey.update") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(one_response_per_token_counted_into_results, consultation_fixture)
{
    write_survey();
    server.set_clock("2020-09-21T00:00:00Z");
    auto r = answer(tokens[0], {{"problema", 0},
                                {"apoyos", {0, 1}},
                                {"confianza", 2},
                                {"prioridad", {2, 0, 1}},
                                {"comentario", "Faltan empleos para jóvenes"}});
    BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
    BOOST_TEST(r.json_body()["replaced"] == false);
    BOOST_REQUIRE_EQUAL(answer(tokens[1], {{"problema", 1}, {"confianza", 4}, {"prioridad", {0}}}).status, 200);
    BOOST_REQUIRE_EQUAL(answer(tokens[2], {{"problema", 0}, {"confianza", 5}}).status, 200);
    // The same token again: its first response is replaced, not added.
    r = answer(tokens[2], {{"problema", 2}, {"confianza", 5}, {"comentario", "Más rutas de camión"}});
    BOOST_TEST(r.json_body()["replaced"] == true);
    BOOST_REQUIRE_EQUAL(answer(tokens[3], {{"problema", 0}}).status, 200);
    // A token revoked while the consultation is open stops counting at its close.
    BOOST_REQUIRE_EQUAL(server.post(mcc_base + "/tokens/revoke", {{"tokens", {tokens[3]}}}, organiser).status, 200);
    // While it is open organisers see how many responses arrived, nothing of their answers; the
    // public sees nothing.
    expect_error(server.get(survey + "/results"), 409, "phase_not_open");
    const auto live = server.get(survey + "/results", organiser).json_body();
    BOOST_TEST(live["closed"] == false);
    BOOST_TEST(live["responses"] == 4);
    BOOST_TEST(!live["questions"][0].contains("answered"));
    BOOST_TEST(!live["questions"][0].contains("options"));
    server.set_clock("2020-09-30T06:00:00Z");
    expect_error(answer(tokens[4], {{"problema", 0}}), 409, "phase_closed");
    const auto res = server.get(survey + "/results").json_body();
    BOOST_TEST(res["closed"] == true);
    BOOST_TEST(res["responses"] == 3);
    const auto& problema = res["questions"][0];
    BOOST_TEST(problema["answered"] == 3);
    BOOST_TEST(problema["options"][0]["count"] == 1); // empleo: token 0 only (token 2 changed its mind)
    BOOST_TEST(problema["options"][2]["count"] == 1);
    BOOST_TEST(problema["options"][0]["percent"] == 33.3);
    const auto& confianza = res["questions"][2];
    BOOST_TEST(confianza["mean"] == 3.67); // (2 + 4 + 5) / 3
    BOOST_TEST(confianza["distribution"][4]["count"] == 1);
    // Borda, 3 points for a first place among 3: calles 2 + 3, mercados 3, parques 1.
    const auto& prioridad = res["questions"][3];
    BOOST_TEST(prioridad["options"][0]["text"] == "calles");
    BOOST_TEST(prioridad["options"][0]["points"] == 5);
    BOOST_TEST(prioridad["options"][0]["first"] == 1);
    BOOST_TEST(prioridad["options"][1]["text"] == "mercados");
    BOOST_TEST(prioridad["options"][2]["points"] == 1);
    BOOST_TEST(prioridad["ties"].empty());
    // Free text is not public until moderated.
    const auto& comentario = res["questions"][4];
    BOOST_TEST(comentario["published"].empty());
    BOOST_TEST(comentario["pending"] == 2);
}

BOOST_FIXTURE_TEST_CASE(free_text_is_published_only_after_moderation_and_exports_hold_no_token, consultation_fixture)
{
    write_survey();
    server.set_clock("2020-09-21T00:00:00Z");
    BOOST_REQUIRE_EQUAL(answer(tokens[0], {{"problema", 1}, {"comentario", "Poner luminarias"}}).status, 200);
    BOOST_REQUIRE_EQUAL(answer(tokens[1], {{"problema", 1}, {"comentario", "Un insulto"}}).status, 200);
    BOOST_REQUIRE_EQUAL(answer(tokens[2], {{"problema", 0}, {"prioridad", {1, 2}}}).status, 200);
    // Free text is read (and moderated) once the consultation closes, not before.
    expect_error(server.get(survey + "/texts?status=pending", organiser), 409, "phase_not_open");
    server.set_clock("2020-09-30T06:00:00Z");
    const auto pending = server.get(survey + "/texts?status=pending", organiser).json_body()["answers"];
    BOOST_REQUIRE_EQUAL(pending.size(), 2u);
    const auto path = [&](const json& a) {
        return survey + "/texts/" + std::to_string(a["id"].get<std::int64_t>()) + "/moderation";
    };
    const auto good = pending[0]["text"] == "Poner luminarias" ? pending[0] : pending[1];
    const auto bad = pending[0]["text"] == "Poner luminarias" ? pending[1] : pending[0];
    BOOST_TEST(server.post(path(good), {{"action", "publish"}}, organiser).status == 200);
    expect_error(server.post(path(bad), {{"action", "hide"}}, organiser), 400, "invalid_field", "reason");
    const auto hidden = server.post(path(bad), {{"action", "hide"}, {"reason", "Insulta a una persona"}}, organiser);
    BOOST_TEST(hidden.json_body()["status"] == "hidden");
    expect_error(server.post(path(bad), {{"action", "hide"}, {"reason", "x"}}), 401, "unauthorized");
    expect_error(server.get(survey + "/texts"), 401, "unauthorized");
    expect_error(server.get(survey + "/texts?status=nuevo", organiser), 400, "invalid_field", "status");
    server.set_clock("2020-10-01T00:00:00Z");
    const auto text = server.get(survey + "/results").json_body()["questions"][4];
    BOOST_REQUIRE_EQUAL(text["published"].size(), 1u);
    BOOST_TEST(text["published"][0]["text"] == "Poner luminarias");
    BOOST_TEST(text["hidden"] == 1);
    const auto csv = server.get(survey + "/export?format=csv");
    BOOST_TEST(csv.status == 200);
    BOOST_TEST(csv.headers.at("content-disposition").find("reactivacion-survey.csv") != std::string::npos);
    BOOST_TEST(csv.body.find("response,\"problema\",\"apoyos\",\"confianza\",\"prioridad\",\"comentario\",receipt\n") ==
               0u);
    BOOST_TEST(csv.body.find("\"inseguridad\"") != std::string::npos);
    BOOST_TEST(csv.body.find("\"parques > mercados\"") != std::string::npos);
    BOOST_TEST(csv.body.find("Poner luminarias") != std::string::npos);
    BOOST_TEST(csv.body.find("insulto") == std::string::npos);
    for (const auto& t : tokens)
        BOOST_TEST(csv.body.find(t.substr(0, 20)) == std::string::npos);
    const auto js = server.get(survey + "/export").json_body();
    BOOST_TEST(js["responses"].size() == 3u);
    BOOST_TEST(js.dump().find("insulto") == std::string::npos);
    // Pending, hidden and absent text export alike: the key is there, null.
    for (const auto& row : js["responses"]) {
        BOOST_TEST(row["answers"].contains("comentario"));
        BOOST_TEST((row["answers"]["comentario"].is_null() || row["answers"]["comentario"] == "Poner luminarias"));
        BOOST_TEST(row["receipt"].get<std::string>().size() == 22u);
    }
    expect_error(server.get(survey + "/export?format=xls"), 400, "invalid_field", "format");
}

BOOST_FIXTURE_TEST_CASE(the_problems_most_named_seed_the_categories, consultation_fixture)
{
    write_survey();
    server.set_clock("2020-09-21T00:00:00Z");
    for (int i : {0, 1, 2})
        BOOST_REQUIRE_EQUAL(answer(tokens[static_cast<std::size_t>(i)], {{"problema", i == 0 ? 2 : 1}}).status, 200);
    // Seeding reads the answers: only once the consultation closed.
    expect_error(server.post(survey + "/categories", {{"question", "problema"}}, organiser), 409, "phase_not_open");
    server.set_clock("2020-09-30T06:00:00Z");
    expect_error(server.post(survey + "/categories", {{"question", "confianza"}}, organiser), 400, "invalid_field",
                 "question");
    const auto r = server.post(survey + "/categories", {{"question", "problema"}, {"count", 2}}, organiser);
    BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
    BOOST_TEST(r.json_body()["categories"] == json({"comercio", "empleo", "inseguridad", "transporte"}));
    BOOST_TEST(server.get(mcc_base + "/audit").body.find("inseguridad") != std::string::npos);
}

// Issue 18: issue tokens to four people, let them answer, read the results, revoke one person's
// token, read them again: the difference was that person's answers. And after the close a desk
// alone did the same with the public results and a lost-card reissue. No sequence of what a key
// may do shows the difference one identified person's response made.
BOOST_FIXTURE_TEST_CASE(no_key_learns_one_persons_answers_by_difference, consultation_fixture)
{
    write_survey();
    const auto desk =
        server.post("/api/v1/municipalities/hermosillo/keys", {{"role", "issuer"}}, server_process::admin_key())
            .json_body()["key"]
            .get<std::string>();
    std::map<std::string, std::string> token;
    for (const std::string ref : {"CURP-ANA", "CURP-BETO", "CURP-CARMEN", "CURP-DAVID"})
        token[ref] = server.post(mcc_base + "/tokens", {{"participants", {{{"ref", ref}}}}}, desk)
                         .json_body()["tokens"][0]["token"];
    server.set_clock("2020-09-21T00:00:00Z");
    BOOST_REQUIRE_EQUAL(answer(token["CURP-ANA"], {{"problema", 0}, {"comentario", "Ana escribe"}}).status, 200);
    BOOST_REQUIRE_EQUAL(answer(token["CURP-BETO"], {{"problema", 1}}).status, 200);
    BOOST_REQUIRE_EQUAL(answer(token["CURP-CARMEN"], {{"problema", 1}}).status, 200);
    BOOST_REQUIRE_EQUAL(answer(token["CURP-DAVID"], {{"problema", 2}, {"comentario", "David escribe"}}).status, 200);

    // While it is open: the count of responses, the same before and after a revocation.
    const auto before = server.get(survey + "/results", organiser).body;
    const auto revoke = [&](const std::string& ref) {
        BOOST_REQUIRE_EQUAL(server.post(mcc_base + "/tokens/revoke", {{"refs", {ref}}}, desk).json_body()["revoked"],
                            1);
    };
    revoke("CURP-DAVID");
    BOOST_TEST(server.get(survey + "/results", organiser).body == before);
    expect_error(server.get(survey + "/texts", organiser), 409, "phase_not_open");
    expect_error(server.get(survey + "/results", desk), 409, "phase_not_open");
    expect_error(server.get(survey + "/export", organiser), 409, "phase_not_open");
    // A lost card reissued while it is open keeps the person's answer (it moves to the new card).
    const auto reissued =
        server.post(mcc_base + "/tokens", {{"participants", {{{"ref", "CURP-CARMEN"}}}}, {"reissue", true}}, desk);
    BOOST_REQUIRE_EQUAL(reissued.status, 201);
    BOOST_TEST(server.get(survey + "/results", organiser).body == before);

    // At the close the revocations take effect, in one batch; what is published is final.
    server.set_clock("2020-09-30T06:00:00Z");
    const auto closed = server.get(survey + "/results");
    const auto doc = closed.json_body();
    BOOST_TEST(doc["responses"] == 3); // Ana, Beto, Carmen (whose answer followed her new card)
    BOOST_TEST(doc["questions"][0]["options"][1]["count"] == 2);
    BOOST_TEST(doc["questions"][0]["options"][2]["count"] == 0);
    const auto csv = server.get(survey + "/export?format=csv").body;
    const auto texts = server.get(survey + "/texts", organiser).json_body()["answers"];
    BOOST_REQUIRE_EQUAL(texts.size(), 1u);
    BOOST_TEST(texts[0]["text"] == "Ana escribe");

    // During voting a desk reissues a lost card and revokes another: nothing published changes.
    server.set_clock("2020-10-05T00:00:00Z");
    BOOST_REQUIRE_EQUAL(
        server.post(mcc_base + "/tokens", {{"participants", {{{"ref", "CURP-ANA"}}}}, {"reissue", true}}, desk).status,
        201);
    revoke("CURP-BETO");
    BOOST_TEST(server.get(survey + "/results").body == closed.body);
    BOOST_TEST(server.get(survey + "/export?format=csv").body == csv);
    BOOST_TEST(server.get(survey + "/texts", organiser).json_body()["answers"] == texts);
}

// Issue 18: one card replaced a 100 KB response 300 times; ballots stop at 100.
BOOST_FIXTURE_TEST_CASE(a_token_answers_at_most_a_hundred_times, consultation_fixture)
{
    write_survey();
    server.set_clock("2020-09-21T00:00:00Z");
    const auto cap = readme_limit("survey responses per token");
    BOOST_REQUIRE_EQUAL(cap, 100);
    for (int i = 0; i < cap; ++i)
        BOOST_REQUIRE_EQUAL(answer(tokens[0], {{"problema", i % 3}, {"comentario", std::string(100, 'a')}}).status,
                            200);
    const auto refused = answer(tokens[0], {{"problema", 0}});
    expect_error(refused, 429, "too_many_responses", "token");
    BOOST_TEST(refused.headers.at("retry-after") == "60");
    // Its last response is the one that counts; another token is not held up.
    BOOST_TEST(answer(tokens[1], {{"problema", 2}}).status == 200);
    server.set_clock("2020-09-30T06:00:00Z");
    const auto doc = server.get(survey + "/results").json_body();
    BOOST_TEST(doc["responses"] == 2);
    BOOST_TEST(doc["questions"][0]["options"][0]["count"] == 1); // 99 % 3 == 0
}

// Issue 18: published texts carried AUTOINCREMENT ids in arrival order.
BOOST_FIXTURE_TEST_CASE(free_text_ids_say_nothing_of_arrival, consultation_fixture)
{
    write_survey();
    auto people = cards(10);
    server.set_clock("2020-09-21T00:00:00Z");
    for (std::size_t i = 0; i < people.size(); ++i)
        BOOST_REQUIRE_EQUAL(answer(people[i], {{"problema", 0}, {"comentario", "texto " + std::to_string(i)}}).status,
                            200);
    server.set_clock("2020-09-30T06:00:00Z");
    const auto texts = server.get(survey + "/texts", organiser).json_body()["answers"];
    BOOST_REQUIRE_EQUAL(texts.size(), 10u);
    std::vector<std::int64_t> by_arrival(10);
    for (const auto& t : texts) {
        const auto n = std::stoul(t["text"].get<std::string>().substr(6));
        by_arrival[n] = t["id"];
        BOOST_REQUIRE_EQUAL(server
                                .post(survey + "/texts/" + std::to_string(t["id"].get<std::int64_t>()) + "/moderation",
                                      {{"action", "publish"}}, organiser)
                                .status,
                            200);
    }
    // Drawn at random below 2^53: not in the order the answers came (one chance in 3.6 million).
    BOOST_TEST(!std::is_sorted(by_arrival.begin(), by_arrival.end()));
    for (const auto id : by_arrival)
        BOOST_TEST(id > 0);
    // Published in order of id, a page at a time.
    const auto comentario = server.get(survey + "/results").json_body()["questions"][4];
    BOOST_TEST(comentario["published_count"] == 10);
    std::vector<std::int64_t> listed;
    for (const auto& t : comentario["published"])
        listed.push_back(t["id"]);
    BOOST_TEST(std::is_sorted(listed.begin(), listed.end()));
    const auto page = server.get(survey + "/results/texts?question=comentario&limit=4").json_body();
    BOOST_REQUIRE_EQUAL(page["texts"].size(), 4u);
    BOOST_TEST(page["texts"][0]["id"] == listed[0]);
    const auto next = server
                          .get(survey + "/results/texts?question=comentario&limit=4&after=" +
                               std::to_string(page["next_after"].get<std::int64_t>()))
                          .json_body();
    BOOST_TEST(next["texts"][0]["id"] == listed[4]);
    // The last page is full (texts 6 to 10 of 10): nothing follows it, not even an empty page.
    const auto last =
        server.get(survey + "/results/texts?question=comentario&limit=5&after=" + std::to_string(listed[4]))
            .json_body();
    BOOST_REQUIRE_EQUAL(last["texts"].size(), 5u);
    BOOST_TEST(last["next_after"].is_null());
    expect_error(server.get(survey + "/results/texts?question=problema"), 400, "invalid_field", "question");
    expect_error(server.get(survey + "/results/texts"), 400, "invalid_field", "question");
}

// Issue 18: the consultation's receipt was in no export, and nothing told a resident it counted.
BOOST_FIXTURE_TEST_CASE(a_resident_finds_their_response_by_its_receipt, consultation_fixture)
{
    write_survey();
    server.set_clock("2020-09-21T00:00:00Z");
    const std::string first = answer(tokens[0], {{"problema", 0}}).json_body()["receipt"];
    const std::string last = answer(tokens[0], {{"problema", 1}}).json_body()["receipt"];
    const std::string gone = answer(tokens[1], {{"problema", 2}}).json_body()["receipt"];
    BOOST_REQUIRE_EQUAL(server.post(mcc_base + "/tokens/revoke", {{"tokens", {tokens[1]}}}, organiser).status, 200);
    const auto status = [&](const std::string& receipt) { return server.get(survey + "/receipts/" + receipt); };
    BOOST_TEST(status(last).json_body() == json({{"receipt", last}, {"final", false}, {"status", "recorded"}}));
    BOOST_TEST(status(gone).json_body()["status"] == "recorded"); // nothing is told before the close
    expect_error(status(first), 404, "not_found");                // answered again: replaced whole
    server.set_clock("2020-09-30T06:00:00Z");
    BOOST_TEST(status(last).json_body() == json({{"receipt", last}, {"final", true}, {"status", "counted"}}));
    BOOST_TEST(status(gone).json_body()["status"] == "withdrawn");
    const auto exported = server.get(survey + "/export").json_body()["responses"];
    BOOST_REQUIRE_EQUAL(exported.size(), 1u);
    BOOST_TEST(exported[0]["receipt"] == last);
}

BOOST_FIXTURE_TEST_CASE(bad_surveys_and_answers_are_refused_naming_the_field, consultation_fixture)
{
    const auto refused = [&](json body, const std::string& field, int status = 400,
                             const std::string& code = "invalid_field") {
        expect_error(server.request("PUT", survey, body.dump(), organiser), status, code, field);
    };
    auto q = questions();
    q["questions"][0]["options"] = {"solo una"};
    refused(q, "questions[0].options");
    q = questions();
    q["questions"][1]["id"] = "problema";
    refused(q, "questions[1].id");
    q = questions();
    q["questions"][2]["kind"] = "slider";
    refused(q, "questions[2].kind");
    q = questions();
    q["questions"][2]["points"] = 11;
    refused(q, "questions[2].points");
    q = questions();
    q["questions"][4]["max_length"] = 5000;
    refused(q, "questions[4].max_length");
    refused({{"questions", json::array()}}, "questions");
    expect_error(server.request("PUT", survey, questions().dump(), tokens[0]), 401, "unauthorized");
    BOOST_TEST(server.get(survey).json_body()["questions"].empty());
    write_survey();
    server.set_clock("2020-09-21T00:00:00Z");
    const auto bad = [&](json answers, const std::string& field) {
        expect_error(answer(tokens[0], answers), 400, "invalid_field", field);
    };
    bad({{"confianza", 3}}, "answers.problema"); // required, missing
    bad({{"problema", 3}}, "answers.problema");  // no such option
    bad({{"problema", 0}, {"otra", 1}}, "answers.otra");
    bad({{"problema", 0}, {"apoyos", {0, 1, 2}}}, "answers.apoyos"); // max 2
    bad({{"problema", 0}, {"apoyos", {1, 1}}}, "answers.apoyos");
    bad({{"problema", 0}, {"confianza", 6}}, "answers.confianza");
    bad({{"problema", 0}, {"prioridad", 1}}, "answers.prioridad");
    bad({{"problema", 0}, {"comentario", std::string(101, 'x')}}, "answers.comentario");
    bad({{"problema", 0}, {"comentario", {{"a", 1}}}}, "answers.comentario");
    expect_error(answer("not-a-token", {{"problema", 0}}), 401, "invalid_token");
    server.set_clock("2020-09-30T06:00:00Z");
    BOOST_TEST(server.get(survey + "/results").json_body()["responses"] == 0);
}

BOOST_AUTO_TEST_SUITE_END()
