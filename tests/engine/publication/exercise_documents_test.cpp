// An exercise's page, a page of exercises and a page of its history, as pure functions of what the
// use cases read.

#include "engine/publication/exercise_documents.hpp"

#include "engine/domain/rfc3339.hpp"

#include <boost/test/unit_test.hpp>

using namespace cabildo::engine;

namespace {

time_point page_time(const char* s) { return *parse_rfc3339(s); }

municipality hermosillo()
{
    municipality m;
    m.id = 1;
    m.slug = "hermosillo";
    m.name = "Hermosillo";
    m.state = "Sonora";
    m.timezone = "America/Hermosillo";
    return m;
}

exercise apertura()
{
    exercise e{3,
               1,
               "apertura-2020",
               "Gobierno abierto 2020",
               {8},
               pending_steps(),
               page_time("2020-09-01T10:00:00Z"),
               page_time("2020-09-02T11:30:00Z")};
    e.steps[0].status = step_status::done;
    e.steps[0].date = page_time("2020-08-03T17:00:00Z");
    e.steps[0].document = {"https://hermosillo.gob.mx/declaratoria.pdf", ""};
    e.steps[0].note = "Firmada";
    return e;
}

// A challenge whose ideas are open and whose winners are announced, with one commitment.
report_part reactivacion_part()
{
    report_part p;
    p.challenge.id = 8;
    p.challenge.slug = "reactivacion";
    p.challenge.title = "Reactivación";
    p.challenge.announced_at = page_time("2020-11-02T12:00:00Z");
    p.ideas_open = true;
    commitment k;
    k.id = 21;
    k.title = "Mercado los jueves";
    k.milestones = {{"Permisos", 40, std::nullopt, std::nullopt}, {"Apertura", 60, std::nullopt, std::nullopt}};
    p.plan.push_back({k, {}, {}, 0, std::nullopt});
    return p;
}

} // namespace

BOOST_AUTO_TEST_SUITE(exercise_documents)

BOOST_AUTO_TEST_CASE(an_exercise_page_lists_its_challenges_its_steps_with_links_and_its_plan)
{
    const exercise_view v{hermosillo(), apertura(), {reactivacion_part()}, std::nullopt};
    const auto doc = to_document(v);
    BOOST_TEST(doc["slug"] == "apertura-2020");
    BOOST_TEST(doc["title"] == "Gobierno abierto 2020");
    BOOST_TEST(doc["challenges"] == nlohmann::json::parse(R"([{"slug":"reactivacion","title":"Reactivación"}])"));
    BOOST_TEST(doc["created_at"] == "2020-09-01T10:00:00Z");
    BOOST_TEST(doc["updated_at"] == "2020-09-02T11:30:00Z");
    BOOST_TEST(doc["final_report"].is_null());
    BOOST_REQUIRE_EQUAL(doc["steps"].size(), strategy_step_count);
    const auto& first = doc["steps"][0];
    BOOST_TEST(first["n"] == 1);
    BOOST_TEST(first["status"] == "done");
    BOOST_TEST(first["date"] == "2020-08-03T17:00:00Z");
    BOOST_TEST(first["note"] == "Firmada");
    BOOST_TEST(first["document"] == nlohmann::json::parse(R"({"url":"https://hermosillo.gob.mx/declaratoria.pdf"})"));
    BOOST_TEST(doc["steps"][1]["status"] == "pending");
    BOOST_TEST(!doc["steps"][1].contains("date"));
    // No survey: step 5 links nothing; the ideas, the winners and the commitments are linked.
    BOOST_TEST(doc["steps"][4]["links"].empty());
    BOOST_TEST(doc["steps"][8]["links"] ==
               nlohmann::json::parse(R"([{"label":"Ideas: Reactivación","href":"/hermosillo/reactivacion"}])"));
    BOOST_TEST(doc["steps"][9]["links"][0]["href"] == "/hermosillo/reactivacion/results");
    BOOST_TEST(doc["steps"][10]["links"][0]["href"] == "/hermosillo/reactivacion/progress");
    BOOST_TEST(doc["steps"][11]["links"][0]["label"] == "Compromisos y avances: Reactivación");
    BOOST_TEST(doc["summary"]["total"] == 1);
    BOOST_TEST(doc["summary"]["not_started"] == 1);
    BOOST_TEST(doc["summary"]["progress"] == 0);
    // Once its final report is issued, the page says when.
    const exercise_view issued{hermosillo(), apertura(), {}, page_time("2021-06-01T09:00:00Z")};
    const auto after = to_document(issued);
    BOOST_TEST(after["final_report"] == nlohmann::json::parse(R"({"issued_at":"2021-06-01T09:00:00Z"})"));
    BOOST_TEST(after["challenges"].empty());
    BOOST_TEST(after["steps"][9]["links"].empty());
    BOOST_TEST(after["summary"]["total"] == 0);
}

BOOST_AUTO_TEST_CASE(pages_of_exercises_and_of_history_carry_the_next_cursor_or_null)
{
    exercise_list list{{{hermosillo(), apertura(), {}, std::nullopt}}, 3};
    const auto page = to_document(list);
    BOOST_REQUIRE_EQUAL(page["exercises"].size(), 1u);
    BOOST_TEST(page["exercises"][0]["slug"] == "apertura-2020");
    BOOST_TEST(page["next_after"] == 3);
    BOOST_TEST(to_document(exercise_list{}) == nlohmann::json::parse(R"({"exercises":[],"next_after":null})"));

    exercise_update created{5, 3, page_time("2020-09-01T10:00:00Z"), role::organiser,
                            R"({"created":{"title":"Gobierno abierto 2020","challenges":["reactivacion"]}})"};
    exercise_update edited{6, 3, page_time("2020-09-02T11:30:00Z"), role::admin,
                           R"({"steps":[{"n":1,"status":{"from":"pending","to":"done"}}]})"};
    const auto history = to_document(exercise_history_page{{created, edited}, std::nullopt});
    BOOST_TEST(history["next_after"].is_null());
    BOOST_REQUIRE_EQUAL(history["entries"].size(), 2u);
    BOOST_TEST(history["entries"][0] == nlohmann::json::parse(R"({"id":5,"at":"2020-09-01T10:00:00Z","by":"organiser",
        "changes":{"created":{"title":"Gobierno abierto 2020","challenges":["reactivacion"]}}})"));
    BOOST_TEST(history["entries"][1]["by"] == "admin");
    BOOST_TEST(history["entries"][1]["changes"]["steps"][0]["status"]["to"] == "done");
    BOOST_TEST(to_document(exercise_history_page{{edited}, 6})["next_after"] == 6);
}

BOOST_AUTO_TEST_SUITE_END()
