#include "ballots/points.hpp"

#include <boost/test/unit_test.hpp>

#include <vector>

using namespace cabildo::ballots;

BOOST_AUTO_TEST_SUITE(points)

BOOST_AUTO_TEST_CASE(scores_are_sums_of_points)
{
    scored_ballot_set ballots;
    ballots.add(std::vector<idea_id>{1, 2}, std::vector<std::int64_t>{7, 3});
    ballots.add(std::vector<idea_id>{2}, std::vector<std::int64_t>{10});
    ballots.add(std::vector<idea_id>{3, 1, 99}, std::vector<std::int64_t>{5, 4, 1}); // 99 is no candidate
    const std::vector<idea_id> ideas{1, 2, 3};
    const auto out = count_points(ideas, ballots, 1, {});
    BOOST_TEST(out.method == "points");
    BOOST_TEST(out.ballots == 3u);
    BOOST_REQUIRE_EQUAL(out.ranking.size(), 3u);
    BOOST_TEST(out.ranking[0].idea == 2);
    BOOST_TEST(out.ranking[0].score == 13);
    BOOST_TEST(out.ranking[0].winner);
    BOOST_TEST(out.ranking[1].idea == 1);
    BOOST_TEST(out.ranking[1].score == 11);
    BOOST_TEST(out.ranking[2].score == 5);
    BOOST_TEST(!out.ranking[1].winner);
}

BOOST_AUTO_TEST_CASE(equal_sums_are_a_tie_the_lottery_orders)
{
    scored_ballot_set ballots;
    ballots.add(std::vector<idea_id>{1, 2}, std::vector<std::int64_t>{5, 5});
    const std::vector<idea_id> ideas{1, 2};
    const auto out = count_points(ideas, ballots, 1, lottery{{2, 0}, {1, 1}});
    BOOST_TEST(out.ranking[0].idea == 2);
    BOOST_REQUIRE_EQUAL(out.ties.size(), 1u);
    BOOST_TEST((out.ties[0].order == std::vector<idea_id>{2, 1}));
    const auto sums = sum_weights(ideas, ballots);
    BOOST_TEST((sums == std::vector<std::int64_t>{5, 5}));
}

BOOST_AUTO_TEST_SUITE_END()
