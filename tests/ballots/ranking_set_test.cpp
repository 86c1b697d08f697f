#include "ballots/ranking_set.hpp"

#include <boost/test/unit_test.hpp>

#include <vector>

using namespace cabildo::ballots;

BOOST_AUTO_TEST_SUITE(ranking_set_suite)

BOOST_AUTO_TEST_CASE(strict_rankings_get_one_tier_per_position)
{
    ranking_set set;
    set.add(std::vector<idea_id>{3, 1, 2}, 4);
    BOOST_REQUIRE_EQUAL(set.size(), 1u);
    BOOST_TEST(set.total_weight() == 4);
    BOOST_TEST(!set.has_ties());
    const ranked_ballot b = set[0];
    BOOST_TEST(b.weight == 4);
    BOOST_TEST(b.ideas[0] == 3);
    BOOST_TEST(b.tiers[2] == 2u);
}

BOOST_AUTO_TEST_CASE(tied_groups_share_a_tier)
{
    ranking_set set;
    set.add(std::vector<idea_id>{1}, 1);
    set.add(std::vector<idea_id>{2, 3, 4}, std::vector<std::uint32_t>{0, 0, 1}, 2);
    BOOST_TEST(set.has_ties());
    BOOST_TEST(set.total_weight() == 3);
    const ranked_ballot b = set[1];
    BOOST_TEST(b.tiers[0] == b.tiers[1]);
    BOOST_TEST(b.tiers[2] == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
