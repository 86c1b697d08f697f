#include "ballots/scored_ballot_set.hpp"

#include <boost/test/unit_test.hpp>

#include <vector>

using namespace cabildo::ballots;

BOOST_AUTO_TEST_SUITE(scored_ballot_set_suite)

BOOST_AUTO_TEST_CASE(ballots_keep_their_order_and_weights)
{
    scored_ballot_set set;
    const std::vector<idea_id> a{3, 1};
    const std::vector<std::int64_t> wa{7, 3};
    set.add(a, wa);
    set.add_approval(std::vector<idea_id>{2});
    set.add_approval(std::vector<idea_id>{});
    BOOST_REQUIRE_EQUAL(set.size(), 3u);
    BOOST_TEST(set.items() == 3u);
    BOOST_TEST((std::vector<idea_id>(set.ideas(0).begin(), set.ideas(0).end()) == a));
    BOOST_TEST((std::vector<std::int64_t>(set.weights(0).begin(), set.weights(0).end()) == wa));
    BOOST_TEST(set.weights(1)[0] == 1);
    BOOST_TEST(set.ideas(2).empty());
}

BOOST_AUTO_TEST_CASE(approval_ballots_convert_with_weight_one)
{
    ballot_set approvals;
    approvals.add(std::vector<idea_id>{4, 5});
    const auto scored = to_scored(approvals);
    BOOST_REQUIRE_EQUAL(scored.size(), 1u);
    BOOST_TEST(scored.ideas(0)[1] == 5);
    BOOST_TEST(scored.weights(0)[0] == 1);
}

BOOST_AUTO_TEST_SUITE_END()
