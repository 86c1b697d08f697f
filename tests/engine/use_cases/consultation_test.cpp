// The consultation's use cases at the engine level: a survey set before it opens, answered once per
// token (the latest counts), its progress for organisers while open, its frozen results for
// everyone once closed, free text published only after moderation.

#include "engine/use_cases/consultation.hpp"

#include "tests/engine/use_cases/fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace cabildo::engine;
using use_case_test::at;

namespace {

const challenge_ref consulta{"hermosillo", "consulta"};

struct consultation_fixture : use_case_test::fixture {
    std::vector<issued> cards;

    consultation_fixture()
    {
        challenge_input in;
        in.slug = consulta.challenge;
        in.title = "Consulta de movilidad";
        in.description = "Antes de las ideas, lo que falta";
        in.timeline.consultation = window{at("2020-09-20T06:00:00Z"), at("2020-09-30T06:00:00Z")};
        in.timeline.submission = {at("2020-10-01T06:00:00Z"), at("2020-10-22T06:00:00Z")};
        in.timeline.voting = {at("2020-10-01T06:00:00Z"), at("2020-10-26T06:00:00Z")};
        in.timeline.announcement = at("2020-11-01T18:00:00Z");
        in.ballot.max_choices = 2;
        BOOST_REQUIRE(await_result<challenge_view>([&](auto cb) {
                          svc->challenges().create_challenge(organiser, "hermosillo", in, cb);
                      }).ok());
        question problem;
        problem.id = "problema";
        problem.prompt = "¿Qué falta?";
        problem.options = {"banquetas", "ciclovías", "transporte"};
        question words;
        words.id = "palabras";
        words.kind = question_kind::text;
        words.prompt = "En tus palabras";
        BOOST_REQUIRE(await_result<survey_view>([&](auto cb) {
                          svc->consultation().put_survey(organiser, consulta, {problem, words}, cb);
                      }).ok());
        auto issued_cards = await_result<issuance>([&](auto cb) {
            svc->participants().issue_tokens(organiser, consulta, {{}, 3, false, "mesa"}, cb);
        });
        BOOST_REQUIRE(issued_cards.ok());
        cards = issued_cards->tokens;
    }

    result<ballot_receipt> answer(std::size_t card, int option, std::optional<std::string> text = std::nullopt)
    {
        std::vector<cabildo::engine::answer> as{{"problema", option, {}, std::nullopt}};
        if (text)
            as.push_back({"palabras", std::nullopt, {}, text});
        return await_result<ballot_receipt>([&](auto cb) {
            svc->consultation().answer_survey(consulta, {cards[card].token, as}, cb);
        });
    }

    result<survey_results_view> results(const caller& who)
    {
        return await_result<survey_results_view>(
            [&](auto cb) { svc->consultation().survey_results(who, consulta, cb); });
    }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(consultation_use_cases, consultation_fixture)

BOOST_AUTO_TEST_CASE(answers_count_once_per_token_and_the_results_freeze_at_the_close)
{
    BOOST_TEST(answer(0, 0).error().code == errc::phase_not_open); // before it opens
    clock.set(at("2020-09-21T00:00:00Z"));
    BOOST_REQUIRE(answer(0, 0).ok());
    BOOST_REQUIRE(answer(1, 2).ok());
    const auto again = answer(1, 1); // the latest counts
    BOOST_REQUIRE(again.ok());
    BOOST_TEST(again->replaced);
    BOOST_REQUIRE(answer(2, 1).ok());

    // While open: organisers see how many arrived, nobody sees counts.
    const auto open = results(organiser);
    BOOST_REQUIRE(open.ok());
    BOOST_REQUIRE(open->progress);
    BOOST_TEST(open->progress->questions.size() == 2u);
    BOOST_TEST(open->frozen.empty());
    BOOST_TEST(!results(caller{}).ok());

    clock.set(at("2020-09-30T07:00:00Z"));
    BOOST_TEST(answer(2, 0).error().code == errc::phase_closed); // after the close
    const auto closed = results(caller{});
    BOOST_REQUIRE(closed.ok());
    BOOST_REQUIRE(!closed->progress);
    const auto doc = nlohmann::json::parse(closed->frozen);
    BOOST_TEST(doc["responses"] == 3);
    BOOST_TEST(doc["questions"][0]["options"][0]["count"] == 1);
    BOOST_TEST(doc["questions"][0]["options"][1]["count"] == 2);
    BOOST_TEST(doc["questions"][0]["options"][2]["count"] == 0);
    // Read again, the same bytes: the frozen document is served as it was stored.
    BOOST_TEST(results(organiser)->frozen == closed->frozen);
}

BOOST_AUTO_TEST_CASE(free_text_is_published_only_once_moderated)
{
    clock.set(at("2020-09-21T00:00:00Z"));
    BOOST_REQUIRE(answer(0, 0, "Más sombra en las paradas").ok());
    BOOST_REQUIRE(answer(1, 1, "Teléfono 555 0100").ok());
    clock.set(at("2020-09-30T07:00:00Z"));
    const auto published = [&] {
        auto r = await_result<std::vector<survey_text>>(
            [&](auto cb) { svc->consultation().published_survey_texts(consulta, "palabras", 0, 10, cb); });
        BOOST_REQUIRE(r.ok());
        return *r;
    };
    BOOST_TEST(published().empty());
    const auto pending = await_result<std::vector<survey_text>>(
        [&](auto cb) { svc->consultation().survey_texts(organiser, consulta, text_status::pending, cb); });
    BOOST_REQUIRE(pending.ok());
    BOOST_REQUIRE_EQUAL(pending->size(), 2u);
    for (const auto& t : *pending) {
        const bool keep = t.body == "Más sombra en las paradas";
        BOOST_REQUIRE(await_result<survey_text>([&](auto cb) {
                          svc->consultation().moderate_survey_text(organiser, consulta, t.id, keep,
                                                                   keep ? "" : "datos personales", cb);
                      }).ok());
    }
    const auto shown = published();
    BOOST_REQUIRE_EQUAL(shown.size(), 1u);
    BOOST_TEST(shown.front().body == "Más sombra en las paradas");
}

BOOST_AUTO_TEST_SUITE_END()
