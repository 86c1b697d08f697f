#include "ballots/outcome.hpp"

#include <boost/test/unit_test.hpp>

using namespace cabildo::ballots;

BOOST_AUTO_TEST_SUITE(outcome_ranking)

BOOST_AUTO_TEST_CASE(ranks_are_unique_and_ideas_missing_from_the_lottery_go_last_by_id)
{
    const std::vector<idea_id> ideas{5, 4, 3};
    const std::vector<std::int64_t> scores{7, 7, 7};
    const lottery order{{3, 0}};
    const auto out = rank_by_score("x", 0, ideas, scores, 0, order);
    BOOST_TEST(out.ranking[0].idea == 3);
    BOOST_TEST(out.ranking[1].idea == 4);
    BOOST_TEST(out.ranking[2].idea == 5);
    BOOST_TEST(out.ranking[2].rank == 3u);
    BOOST_TEST(!out.ranking[0].winner);
    BOOST_REQUIRE_EQUAL(out.ties.size(), 1u);
}

BOOST_AUTO_TEST_CASE(more_winners_than_ideas_makes_every_idea_a_winner)
{
    const std::vector<idea_id> ideas{1, 2};
    const std::vector<std::int64_t> scores{1, 2};
    const auto out = rank_by_score("x", 3, ideas, scores, 5, {});
    BOOST_TEST(out.ranking[0].winner);
    BOOST_TEST(out.ranking[1].winner);
    BOOST_TEST(out.ties.empty());
}

BOOST_AUTO_TEST_SUITE_END()
