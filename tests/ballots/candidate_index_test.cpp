#include "ballots/candidate_index.hpp"

#include <boost/test/unit_test.hpp>

#include <limits>
#include <vector>

using namespace cabildo::ballots;

BOOST_AUTO_TEST_SUITE(candidate_index_suite)

BOOST_AUTO_TEST_CASE(dense_ids_map_to_positions)
{
    const std::vector<idea_id> ideas{10, 12, 11};
    const candidate_index index(ideas);
    BOOST_TEST(index.find(10) == 0u);
    BOOST_TEST(index.find(11) == 2u);
    BOOST_TEST(index.find(9) == candidate_index::npos);
    BOOST_TEST(index.find(13) == candidate_index::npos);
    BOOST_TEST(index.find(-5) == candidate_index::npos);
}

BOOST_AUTO_TEST_CASE(sparse_and_extreme_ids_use_the_hash_map)
{
    const std::vector<idea_id> ideas{std::numeric_limits<idea_id>::min(), 0, std::numeric_limits<idea_id>::max()};
    const candidate_index index(ideas);
    BOOST_TEST(index.find(std::numeric_limits<idea_id>::max()) == 2u);
    BOOST_TEST(index.find(std::numeric_limits<idea_id>::min()) == 0u);
    BOOST_TEST(index.find(1) == candidate_index::npos);
}

BOOST_AUTO_TEST_CASE(the_first_of_duplicate_ids_wins)
{
    const std::vector<idea_id> ideas{7, 7};
    BOOST_TEST(candidate_index(ideas).find(7) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
