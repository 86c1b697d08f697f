#include "engine/domain/survey.hpp"

#include "engine/identity/lottery.hpp"
#include "engine/publication/open_data.hpp"
#include "engine/publication/survey_results.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>

using namespace cabildo::engine;

namespace {

question single(std::string id, std::vector<std::string> options, bool required = false)
{
    question q;
    q.id = std::move(id);
    q.kind = question_kind::single;
    q.prompt = "¿Cuál?";
    q.options = std::move(options);
    q.required = required;
    return q;
}

question ranking(std::string id, std::vector<std::string> options)
{
    auto q = single(std::move(id), std::move(options));
    q.kind = question_kind::ranking;
    return q;
}

answer value(std::string q, int v) { return {std::move(q), v, {}, std::nullopt}; }
answer choices(std::string q, std::vector<int> c) { return {std::move(q), std::nullopt, std::move(c), std::nullopt}; }

} // namespace

namespace {

survey_response response(int id, std::vector<answer> answers)
{
    std::string receipt(1, 'r'); // not "r" + …: GCC 12 warns about that (bug 105329)
    receipt += std::to_string(id);
    return {id, std::move(receipt), std::move(answers)};
}

question text(const std::string& id)
{
    question q;
    q.id = id;
    q.kind = question_kind::text;
    q.prompt = "¿Algo más?";
    return q;
}

answer written(const std::string& id) { return {id, std::nullopt, {}, std::string()}; }

} // namespace

BOOST_AUTO_TEST_SUITE(survey_counting)

BOOST_AUTO_TEST_CASE(answers_are_checked_against_their_question)
{
    question scale;
    scale.id = "confianza";
    scale.kind = question_kind::scale;
    scale.prompt = "¿Cuánto?";
    scale.points = 5;
    const std::vector<question> qs{single("problema", {"agua", "luz"}, true), scale};
    BOOST_TEST(!check_questions(qs));
    BOOST_TEST(!check_answers(qs, {value("problema", 1), value("confianza", 5)}));
    BOOST_TEST(check_answers(qs, {value("confianza", 3)})->field == "answers.problema");
    BOOST_TEST(check_answers(qs, {value("problema", 2)})->field == "answers.problema");
    BOOST_TEST(check_answers(qs, {value("problema", -1)})->field == "answers.problema");
    BOOST_TEST(check_answers(qs, {value("problema", 0), value("confianza", 0)})->field == "answers.confianza");
    BOOST_TEST(check_answers(qs, {value("problema", 0), choices("confianza", {1})})->field == "answers.confianza");
    BOOST_TEST(check_answers(qs, {value("problema", 0), value("nada", 1)})->field == "answers.nada");
    auto bad = qs;
    bad[1].options = {"x", "y"};
    BOOST_TEST(check_questions(bad)->field == "questions[1].options");
    bad = qs;
    bad[0].id = "Problema";
    BOOST_TEST(check_questions(bad)->field == "questions[0].id");
    // Review of issue 18: a question named like the CSV export's own columns made two columns alike.
    for (const char* column : {"receipt", "response"}) {
        bad = qs;
        bad[1].id = column;
        BOOST_TEST(check_questions(bad)->field == "questions[1].id");
    }
}

BOOST_AUTO_TEST_CASE(options_are_counted_with_percentages_of_who_answered)
{
    const std::vector<question> qs{single("problema", {"agua", "luz", "calles"})};
    const std::vector<survey_response> rs{response(1, {value("problema", 0)}), response(2, {value("problema", 0)}),
                                          response(3, {value("problema", 2)}), response(4, {})};
    const auto doc = survey_results(qs, rs, {}, "seed");
    BOOST_TEST(doc["responses"] == 4);
    const auto& q = doc["questions"][0];
    BOOST_TEST(q["answered"] == 3);
    BOOST_TEST(q["options"][0]["count"] == 2);
    BOOST_TEST(q["options"][0]["percent"] == 66.7);
    BOOST_TEST(q["options"][1]["percent"] == 0.0);
    BOOST_TEST(q["options"][2]["percent"] == 33.3);
}

BOOST_AUTO_TEST_CASE(the_scale_has_its_distribution_and_mean)
{
    question q;
    q.id = "confianza";
    q.kind = question_kind::scale;
    q.prompt = "¿Cuánto?";
    q.points = 4;
    const auto doc = survey_results({q},
                                    {response(1, {value("confianza", 1)}), response(2, {value("confianza", 4)}),
                                     response(3, {value("confianza", 4)})},
                                    {}, "s");
    const auto& r = doc["questions"][0];
    BOOST_TEST(r["mean"] == 3.0);
    BOOST_TEST(r["distribution"].size() == 4u);
    BOOST_TEST(r["distribution"][3]["count"] == 2);
    BOOST_TEST(survey_results({q}, {}, {}, "s")["questions"][0]["mean"].is_null());
}

BOOST_AUTO_TEST_CASE(rankings_count_borda_points_and_the_lottery_orders_ties)
{
    const auto q = ranking("prioridad", {"calles", "parques", "mercados"});
    // calles 3 + 1 = 4, parques 2 + 2 = 4, mercados 1 + 3 = 4: a three-way tie.
    const std::vector<survey_response> rs{response(1, {choices("prioridad", {0, 1, 2})}),
                                          response(2, {choices("prioridad", {2, 1, 0})})};
    const auto doc = survey_results({q}, rs, {}, "mcc-2020");
    const auto& r = doc["questions"][0];
    BOOST_REQUIRE_EQUAL(r["ties"].size(), 1u);
    BOOST_TEST(r["ties"][0]["points"] == 4);
    // The lottery anyone can recompute: SHA-256(seed "/" question id, option number from 1).
    std::vector<std::pair<std::string, int>> keys;
    for (int i = 0; i < 3; ++i)
        keys.emplace_back(lottery_key("mcc-2020/prioridad", static_cast<cabildo::ballots::idea_id>(i) + 1), i);
    std::sort(keys.begin(), keys.end());
    for (std::size_t k = 0; k < 3; ++k) {
        BOOST_TEST(r["options"][k]["option"] == keys[k].second);
        BOOST_TEST(r["options"][k]["rank"] == k + 1);
        BOOST_TEST(r["ties"][0]["lottery"][k]["key"] == keys[k].first);
    }
    // A partial ranking gives the unranked options nothing.
    const auto partial = survey_results({q}, {response(1, {choices("prioridad", {1})})}, {}, "x")["questions"][0];
    BOOST_TEST(partial["options"][0]["text"] == "parques");
    BOOST_TEST(partial["options"][0]["points"] == 3);
    BOOST_TEST(partial["options"][1]["points"] == 0);
}

BOOST_AUTO_TEST_CASE(only_published_text_is_shown_and_exported)
{
    const auto q = text("comentario");
    const std::vector<survey_response> rs{response(10, {written("comentario")}), response(11, {written("comentario")}),
                                          response(12, {written("comentario")})};
    const std::vector<survey_text> texts{{1, 10, "comentario", "Luminarias", text_status::published, ""},
                                         {2, 11, "comentario", "Un insulto", text_status::hidden, "insulta"},
                                         {3, 12, "comentario", "Sin revisar", text_status::pending, ""}};
    const auto r = survey_results({q}, rs, texts, "s")["questions"][0];
    BOOST_REQUIRE_EQUAL(r["published"].size(), 1u);
    BOOST_TEST(r["published"][0]["text"] == "Luminarias");
    BOOST_TEST(r["published_count"] == 1);
    BOOST_TEST(r["hidden"] == 1);
    BOOST_TEST(r["pending"] == 1);
    const auto csv = survey_csv({q}, rs, texts);
    BOOST_TEST(csv == "response,\"comentario\",receipt\n1,\"Luminarias\",\"r10\"\n2,\"\",\"r11\"\n3,\"\",\"r12\"\n");
    const auto js = survey_export({q}, rs, texts);
    BOOST_TEST(js["responses"][1]["answers"]["comentario"].is_null());
    BOOST_TEST(js["responses"][0]["receipt"] == "r10");
}

// Issue 18: the export wrote null for a text pending or hidden but left the key out where there
// was none, which told which responses hold words moderation kept back.
BOOST_AUTO_TEST_CASE(pending_hidden_and_absent_text_export_alike)
{
    const auto q = text("comentario");
    const std::vector<survey_response> rs{response(1, {written("comentario")}), response(2, {written("comentario")}),
                                          response(3, {})};
    const std::vector<survey_text> texts{{5, 1, "comentario", "Oculto", text_status::hidden, "datos personales"},
                                         {6, 2, "comentario", "En espera", text_status::pending, ""}};
    const auto js = survey_export({q}, rs, texts);
    for (std::size_t i = 0; i < 3; ++i) {
        BOOST_TEST(js["responses"][i]["answers"].contains("comentario"));
        BOOST_TEST(js["responses"][i]["answers"]["comentario"].is_null());
        BOOST_TEST(js["responses"][i]["answers"].dump() == js["responses"][0]["answers"].dump());
    }
}

// Issue 18: published texts carried ids in arrival order. They are listed by id (random, drawn by
// the storage), a page at a time.
BOOST_AUTO_TEST_CASE(published_texts_come_by_id_a_page_at_a_time)
{
    const auto q = text("comentario");
    std::vector<survey_response> rs;
    std::vector<survey_text> texts;
    for (int i = 0; i < 60; ++i) {
        rs.push_back(response(i + 1, {written("comentario")}));
        // ids out of order, as random ids are
        texts.push_back(
            {(i * 7919) % 1000 + 1, i + 1, "comentario", "texto " + std::to_string(i), text_status::published, ""});
    }
    const auto r = survey_results({q}, rs, texts, "s")["questions"][0];
    BOOST_TEST(r["published_count"] == 60);
    BOOST_REQUIRE_EQUAL(r["published"].size(), published_texts_in_results);
    for (std::size_t i = 1; i < r["published"].size(); ++i)
        BOOST_TEST(r["published"][i - 1]["id"].get<long>() < r["published"][i]["id"].get<long>());
    BOOST_TEST(r["published_next_after"] == r["published"].back()["id"]);
}

// Issue 18: text a spreadsheet would read as a formula went into the CSV unchanged (OWASP's CSV
// injection): each such cell starts with a ' instead.
BOOST_AUTO_TEST_CASE(formulas_in_csv_cells_are_neutralised)
{
    const auto q = text("comentario");
    std::vector<survey_response> rs;
    std::vector<survey_text> texts;
    const std::vector<std::string> bodies{"=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "ok"};
    for (std::size_t i = 0; i < bodies.size(); ++i) {
        rs.push_back(response(static_cast<int>(i) + 1, {written("comentario")}));
        texts.push_back({static_cast<std::int64_t>(i) + 1, static_cast<std::int64_t>(i) + 1, "comentario", bodies[i],
                         text_status::published, ""});
    }
    const auto csv = survey_csv({q}, rs, texts);
    BOOST_TEST(csv.find("\"'=HYPERLINK(\"\"http://x\"\")\"") != std::string::npos);
    BOOST_TEST(csv.find("\"'+1\"") != std::string::npos);
    BOOST_TEST(csv.find("\"'-2+3\"") != std::string::npos);
    BOOST_TEST(csv.find("\"'@SUM(A1)\"") != std::string::npos);
    BOOST_TEST(csv.find("\"'\tx\"") != std::string::npos);
    BOOST_TEST(csv.find("\"'\rx\"") != std::string::npos);
    BOOST_TEST(csv.find("\"ok\"") != std::string::npos);
    BOOST_TEST(csv_field("=1") == "\"'=1\"");
    BOOST_TEST(csv_field("a=1") == "\"a=1\"");
}

// Issue 18: organisers saw live results from the consultation's opening, so a revocation showed
// one person's answers by difference. While it is open they see how many responses arrived.
BOOST_AUTO_TEST_CASE(the_progress_view_counts_responses_and_nothing_else)
{
    const std::vector<question> qs{single("problema", {"agua", "luz"}), text("comentario")};
    const auto doc = survey_progress(qs, 7);
    BOOST_TEST(doc["responses"] == 7);
    BOOST_REQUIRE_EQUAL(doc["questions"].size(), 2u);
    for (const auto& q : doc["questions"]) {
        BOOST_TEST(q.size() == 3u); // id, kind, prompt
        BOOST_TEST(!q.contains("options"));
        BOOST_TEST(!q.contains("answered"));
    }
}

BOOST_AUTO_TEST_SUITE_END()
