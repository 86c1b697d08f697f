#include "ballots/borda.hpp"

#include <boost/test/unit_test.hpp>

#include <vector>

using namespace cabildo::ballots;

BOOST_AUTO_TEST_SUITE(borda)

BOOST_AUTO_TEST_CASE(a_ballot_of_length_l_gives_l_minus_position)
{
    ranking_set ballots;
    ballots.add(std::vector<idea_id>{1, 2, 3}, 2); // 3, 2, 1 points, twice
    ballots.add(std::vector<idea_id>{3}, 1);       // a short ballot: 1 point
    ballots.add(std::vector<idea_id>{2, 3}, 1);    // 2, 1
    const std::vector<idea_id> ideas{1, 2, 3};
    const auto out = count_borda(ideas, ballots, 1, {});
    BOOST_TEST(out.method == "borda");
    BOOST_TEST(out.ballots == 4u);
    // 1: 6; 2: 4 + 2 = 6; 3: 2 + 1 + 1 = 4. 1 and 2 tie; no lottery: by id.
    BOOST_TEST(out.ranking[0].idea == 1);
    BOOST_TEST(out.ranking[0].score == 6);
    BOOST_TEST(out.ranking[1].idea == 2);
    BOOST_TEST(out.ranking[1].score == 6);
    BOOST_TEST(out.ranking[2].score == 4);
    BOOST_REQUIRE_EQUAL(out.ties.size(), 1u);
}

BOOST_AUTO_TEST_CASE(tied_ideas_get_the_points_of_their_groups_best_position)
{
    ranking_set ballots;
    // {1,2} > 3 > 4: L = 4, the group gets 4 each, 3 gets 2, 4 gets 1.
    ballots.add(std::vector<idea_id>{1, 2, 3, 4}, std::vector<std::uint32_t>{0, 0, 1, 2}, 1);
    const std::vector<idea_id> ideas{1, 2, 3, 4};
    const auto out = count_borda(ideas, ballots, 0, {});
    BOOST_TEST(out.ranking[0].score == 4);
    BOOST_TEST(out.ranking[1].score == 4);
    BOOST_TEST(out.ranking[2].idea == 3);
    BOOST_TEST(out.ranking[2].score == 2);
    BOOST_TEST(out.ranking[3].score == 1);
}

BOOST_AUTO_TEST_SUITE_END()
