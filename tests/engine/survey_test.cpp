#include "engine/domain/survey.hpp"

#include "engine/identity/lottery.hpp"
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
}

BOOST_AUTO_TEST_CASE(options_are_counted_with_percentages_of_who_answered)
{
    const std::vector<question> qs{single("problema", {"agua", "luz", "calles"})};
    const std::vector<survey_response> rs{
        {1, {value("problema", 0)}}, {2, {value("problema", 0)}}, {3, {value("problema", 2)}}, {4, {}}};
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
    const auto doc = survey_results(
        {q}, {{1, {value("confianza", 1)}}, {2, {value("confianza", 4)}}, {3, {value("confianza", 4)}}}, {}, "s");
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
    const std::vector<survey_response> rs{{1, {choices("prioridad", {0, 1, 2})}},
                                          {2, {choices("prioridad", {2, 1, 0})}}};
    const auto doc = survey_results({q}, rs, {}, "mcc-2020");
    const auto& r = doc["questions"][0];
    BOOST_REQUIRE_EQUAL(r["ties"].size(), 1u);
    BOOST_TEST(r["ties"][0]["points"] == 4);
    // The lottery anyone can recompute: SHA-256(seed "/" question id, option number from 1).
    std::vector<std::pair<std::string, int>> keys;
    for (int i = 0; i < 3; ++i)
        keys.emplace_back(lottery_key("mcc-2020/prioridad", static_cast<cabildo::ballots::idea_id>(i + 1)), i);
    std::sort(keys.begin(), keys.end());
    for (std::size_t k = 0; k < 3; ++k) {
        BOOST_TEST(r["options"][k]["option"] == keys[k].second);
        BOOST_TEST(r["options"][k]["rank"] == k + 1);
        BOOST_TEST(r["ties"][0]["lottery"][k]["key"] == keys[k].first);
    }
    // A partial ranking gives the unranked options nothing.
    const auto partial = survey_results({q}, {{1, {choices("prioridad", {1})}}}, {}, "x")["questions"][0];
    BOOST_TEST(partial["options"][0]["text"] == "parques");
    BOOST_TEST(partial["options"][0]["points"] == 3);
    BOOST_TEST(partial["options"][1]["points"] == 0);
}

BOOST_AUTO_TEST_CASE(only_published_text_is_shown_and_exported)
{
    question q;
    q.id = "comentario";
    q.kind = question_kind::text;
    q.prompt = "¿Algo más?";
    const std::vector<survey_response> rs{{10, {{"comentario", std::nullopt, {}, std::string()}}},
                                          {11, {{"comentario", std::nullopt, {}, std::string()}}},
                                          {12, {{"comentario", std::nullopt, {}, std::string()}}}};
    const std::vector<survey_text> texts{{1, 10, "comentario", "Luminarias", "published", ""},
                                         {2, 11, "comentario", "Un insulto", "hidden", "insulta"},
                                         {3, 12, "comentario", "Sin revisar", "pending", ""}};
    const auto r = survey_results({q}, rs, texts, "s")["questions"][0];
    BOOST_REQUIRE_EQUAL(r["published"].size(), 1u);
    BOOST_TEST(r["published"][0]["text"] == "Luminarias");
    BOOST_TEST(r["hidden"] == 1);
    BOOST_TEST(r["pending"] == 1);
    const auto csv = survey_csv({q}, rs, texts);
    BOOST_TEST(csv == "response,\"comentario\"\n1,\"Luminarias\"\n2,\"\"\n3,\"\"\n");
    const auto js = survey_export({q}, rs, texts);
    BOOST_TEST(js["responses"][1]["answers"]["comentario"].is_null());
}

BOOST_AUTO_TEST_SUITE_END()
