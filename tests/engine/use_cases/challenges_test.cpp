// The challenges' use cases at the engine level: an edit is refused whole when one field is wrong,
// and every change is in the challenge's public audit log, a moderation included.

#include "engine/use_cases/challenges.hpp"

#include "tests/engine/use_cases/fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace cabildo::engine;
using use_case_test::at;

namespace {

const challenge_ref reactivacion{"hermosillo", "reactivacion"};

struct challenges_fixture : use_case_test::fixture {
    result<challenge_view> patch(const caller& who, challenge_patch p)
    {
        return await_result<challenge_view>(
            [&](auto cb) { svc->challenges().patch_challenge(who, reactivacion, p, cb); });
    }
    std::vector<std::string> audited()
    {
        const auto page =
            await_result<audit_page>([&](auto cb) { svc->challenges().audit_log(reactivacion, 0, max_page_size, cb); });
        BOOST_REQUIRE(page.ok());
        std::vector<std::string> actions;
        for (const auto& e : page->entries)
            actions.push_back(e.action);
        return actions;
    }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(challenge_use_cases, challenges_fixture)

BOOST_AUTO_TEST_CASE(an_edit_is_refused_whole_and_an_accepted_one_is_audited)
{
    challenge_patch bad;
    bad.title = "Reactivación económica 2020";
    bad.voting = window_patch{std::nullopt, at("2020-09-01T00:00:00Z")}; // closes before it opens
    const auto refused = patch(organiser, bad);
    BOOST_REQUIRE(!refused.ok());
    BOOST_TEST(refused.error().field == "timeline.voting.closes");
    const auto unchanged =
        await_result<challenge_view>([&](auto cb) { svc->challenges().get_challenge(reactivacion, cb); });
    BOOST_REQUIRE(unchanged.ok());
    BOOST_TEST(unchanged->challenge.title == "Reactivación económica"); // nothing of it was kept

    challenge_patch good;
    good.title = "Reactivación económica 2020";
    const auto edited = patch(organiser, good);
    BOOST_REQUIRE(edited.ok());
    BOOST_TEST(edited->challenge.title == "Reactivación económica 2020");
    BOOST_TEST(!patch(caller{}, good).ok()); // without a key
    BOOST_TEST((audited() == std::vector<std::string>{"challenge.create", "challenge.update"}));
}

BOOST_AUTO_TEST_CASE(a_moderation_is_audited_and_hides_the_text_from_the_public)
{
    const auto cards = issue({{}, 1, false, "mesa"});
    clock.set(at("2020-10-02T00:00:00Z"));
    const auto posted = submit(cards[0].token, "Un mercado nocturno");
    BOOST_REQUIRE(posted.ok());
    BOOST_REQUIRE(await_result<idea>([&](auto cb) {
                      svc->challenges().moderate_idea(organiser, reactivacion, posted->id, true, "duplicada", cb);
                  }).ok());
    const auto listed = await_result<idea_page>(
        [&](auto cb) { svc->challenges().list_ideas(caller{}, reactivacion, 0, max_page_size, false, cb); });
    BOOST_REQUIRE(listed.ok());
    BOOST_TEST(listed->ideas.empty());
    BOOST_TEST(audited().back() == "idea.hide");
}

BOOST_AUTO_TEST_SUITE_END()
