// The action plan's use cases at the engine level: a commitment carries the announced winners as
// typed ranking lines, whose text follows moderation after the count.

#include "engine/use_cases/action_plan.hpp"

#include "tests/engine/use_cases/fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace cabildo::engine;
using use_case_test::at;

namespace {

struct announced_fixture : use_case_test::fixture {
    idea_id winner = 0, other = 0;

    announced_fixture()
    {
        const auto cards = issue({{}, 3, false, "mesa"});
        clock.set(at("2020-10-02T00:00:00Z"));
        winner = submit(cards[0].token, "Mercado nocturno")->id;
        other = submit(cards[1].token, "Ciclovía")->id;
        BOOST_REQUIRE(vote(cards[0].token, {winner}).ok());
        BOOST_REQUIRE(vote(cards[1].token, {winner, other}).ok());
        BOOST_REQUIRE(vote(cards[2].token, {winner}).ok());
        clock.set(at("2020-11-02T12:00:00Z"));
        BOOST_REQUIRE(await_result<challenge_results>([&](auto cb) {
                          svc->ballots().announce(organiser, {"hermosillo", "reactivacion"}, cb);
                      }).ok());
    }

    result<commitment_view> commit(std::vector<std::int64_t> ideas)
    {
        commitment_input in;
        in.title = "Mercado los jueves";
        in.objective = "Abrir el mercado";
        in.responsible = "Dirección de Economía";
        in.indicator = "Puestos abiertos";
        in.target = "40";
        in.starts = at("2020-11-10T00:00:00Z");
        in.ends = at("2021-05-01T00:00:00Z");
        in.ideas = std::move(ideas);
        in.milestones = {{"Permisos", 40, std::nullopt, std::nullopt}, {"Apertura", 60, std::nullopt, std::nullopt}};
        return await_result<commitment_view>([&](auto cb) {
            svc->action_plan().create_commitment(organiser, {"hermosillo", "reactivacion"}, in, cb);
        });
    }

    std::vector<commitment_view> plan()
    {
        auto r = await_result<std::vector<commitment_view>>([&](auto cb) {
            svc->action_plan().list_commitments({"hermosillo", "reactivacion"}, cb);
        });
        BOOST_REQUIRE(r.ok());
        return *r;
    }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(action_plan_use_cases, announced_fixture)

BOOST_AUTO_TEST_CASE(a_commitment_carries_its_winner_as_the_announced_ranking_has_it)
{
    const auto made = commit({winner});
    BOOST_REQUIRE_MESSAGE(made.ok(), (made.ok() ? "" : made.error().message));
    BOOST_REQUIRE_EQUAL(made->ideas.size(), 1u);
    const auto& line = made->ideas.front();
    BOOST_TEST(line.idea == winner);
    BOOST_TEST(line.rank == 1);
    BOOST_TEST(line.score == 3);
    BOOST_TEST(line.winner);
    BOOST_TEST(!line.hidden);
    BOOST_TEST(line.title.value_or("") == "Mercado nocturno");
}

BOOST_AUTO_TEST_CASE(only_winners_are_committed_to)
{
    const auto refused = commit({other});
    BOOST_REQUIRE(!refused.ok());
    BOOST_TEST(refused.error().field == "ideas[0]");
    BOOST_TEST(plan().empty());
}

BOOST_AUTO_TEST_CASE(an_idea_hidden_after_the_count_keeps_its_line_and_loses_its_title)
{
    BOOST_REQUIRE(commit({winner}).ok());
    const auto hide = [&](bool hidden) {
        BOOST_REQUIRE(await_result<idea>([&](auto cb) {
                          svc->challenges().moderate_idea(organiser, {"hermosillo", "reactivacion"}, winner, hidden,
                                                          "datos personales", cb);
                      }).ok());
    };
    hide(true);
    auto line = plan().front().ideas.front();
    BOOST_TEST(line.hidden);
    BOOST_TEST(!line.title);
    BOOST_TEST(line.rank == 1); // the count does not change
    BOOST_TEST(line.score == 3);
    hide(false);
    line = plan().front().ideas.front();
    BOOST_TEST(!line.hidden);
    BOOST_TEST(line.title.value_or("") == "Mercado nocturno");
}

BOOST_AUTO_TEST_CASE(the_challenge_keys_are_typed_and_written_as_a_jwks_at_the_edge)
{
    const auto keys = await_result<verification_keys>([&](auto cb) {
        svc->challenges().challenge_keys({"hermosillo", "reactivacion"}, cb);
    });
    BOOST_REQUIRE(keys.ok());
    BOOST_TEST(keys->ed25519.size() == 32u);
    BOOST_TEST(!keys->rsa);                // a signed-token challenge has no blind key
    BOOST_TEST(keys->board.size() == 32u); // the bulletin board's head key, listed last
    const auto jwks = to_document(*keys);
    BOOST_REQUIRE_EQUAL(jwks["keys"].size(), 2u);
    BOOST_TEST(jwks["keys"][0]["x"] == base64url_encode(keys->ed25519));
    BOOST_TEST(!jwks["keys"][0].contains("purpose"));
    BOOST_TEST(jwks["keys"][1]["x"] == base64url_encode(keys->board));
    BOOST_TEST(jwks["keys"][1]["purpose"] == "board");
}

BOOST_AUTO_TEST_SUITE_END()
