#include "ballots/approval.hpp"

#include <boost/test/unit_test.hpp>

#include <vector>

using namespace cabildo::ballots;

namespace {

ballot_set make(const std::vector<std::vector<idea_id>>& raw)
{
    ballot_set set;
    for (const auto& b : raw)
        set.add(b);
    return set;
}

} // namespace

BOOST_AUTO_TEST_SUITE(approval)

BOOST_AUTO_TEST_CASE(scores_are_approval_counts_and_top_n_win)
{
    const std::vector<idea_id> ideas{1, 2, 3, 4};
    const auto out = count_approval(ideas, make({{1, 2}, {2}, {2, 3}, {3}, {}}), 2, {});
    BOOST_TEST(out.method == "approval");
    BOOST_TEST(out.ballots == 5u);
    BOOST_REQUIRE_EQUAL(out.ranking.size(), 4u);
    BOOST_TEST(out.ranking[0].idea == 2);
    BOOST_TEST(out.ranking[0].score == 3);
    BOOST_TEST(out.ranking[1].idea == 3);
    BOOST_TEST(out.ranking[1].score == 2);
    BOOST_TEST(out.ranking[2].idea == 1);
    BOOST_TEST(out.ranking[3].idea == 4);
    BOOST_TEST(out.ranking[3].score == 0);
    BOOST_TEST(out.ranking[0].winner);
    BOOST_TEST(out.ranking[1].winner);
    BOOST_TEST(!out.ranking[2].winner);
    BOOST_TEST(out.ties.empty());
}

BOOST_AUTO_TEST_CASE(choices_outside_the_candidates_are_not_counted)
{
    const std::vector<idea_id> ideas{1, 2};
    const auto out = count_approval(ideas, make({{1, 99}, {99}}), 1, {});
    BOOST_REQUIRE_EQUAL(out.ranking.size(), 2u);
    BOOST_TEST(out.ranking[0].idea == 1);
    BOOST_TEST(out.ranking[0].score == 1);
    BOOST_TEST(out.ballots == 2u);
}

BOOST_AUTO_TEST_CASE(the_lottery_breaks_a_tie_and_the_tie_is_reported)
{
    const std::vector<idea_id> ideas{10, 20, 30};
    const lottery order{{30, 0}, {10, 1}, {20, 2}};
    const auto out = count_approval(ideas, make({{10, 20, 30}, {10, 20, 30}}), 1, order);
    BOOST_TEST(out.ranking[0].idea == 30);
    BOOST_TEST(out.ranking[1].idea == 10);
    BOOST_TEST(out.ranking[2].idea == 20);
    BOOST_TEST(out.ranking[0].winner);
    BOOST_TEST(!out.ranking[1].winner);
    BOOST_REQUIRE_EQUAL(out.ties.size(), 1u);
    BOOST_TEST(out.ties[0].score == 2);
    BOOST_TEST((out.ties[0].order == std::vector<idea_id>{30, 10, 20}));
}

BOOST_AUTO_TEST_SUITE_END()
