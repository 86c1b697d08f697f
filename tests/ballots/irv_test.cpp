#include "ballots/irv.hpp"

#include <boost/test/unit_test.hpp>

#include <utility>
#include <vector>

using namespace cabildo::ballots;

namespace {

using counts = std::vector<std::pair<idea_id, std::int64_t>>;

} // namespace

BOOST_AUTO_TEST_SUITE(irv)

// A leads the first round with 8 of 21 but is nobody else's second choice: C's voters transfer
// to B, who wins. Every round is published.
BOOST_AUTO_TEST_CASE(the_first_round_leader_can_lose)
{
    ranking_set ballots;
    ballots.add(std::vector<idea_id>{1}, 8);
    ballots.add(std::vector<idea_id>{2, 3}, 7);
    ballots.add(std::vector<idea_id>{3, 2}, 6);
    const std::vector<idea_id> ideas{1, 2, 3};
    const auto out = count_irv(ideas, ballots, 1, {});
    BOOST_TEST(out.error.empty());
    BOOST_TEST(out.denominator == 1);
    BOOST_REQUIRE_EQUAL(out.rounds.size(), 3u);
    BOOST_TEST((out.rounds[0].counts == counts{{1, 8}, {2, 7}, {3, 6}}));
    BOOST_TEST(out.rounds[0].eliminated == 3);
    BOOST_TEST(out.rounds[0].exhausted == 0);
    BOOST_TEST((out.rounds[1].counts == counts{{1, 8}, {2, 13}}));
    BOOST_TEST(out.rounds[1].eliminated == 1);
    BOOST_TEST((out.rounds[2].counts == counts{{2, 13}}));
    BOOST_TEST(out.rounds[2].eliminated == 0);
    BOOST_TEST(out.rounds[2].exhausted == 8); // A's ballots name nobody else
    std::vector<idea_id> order;
    for (const auto& r : out.result.ranking)
        order.push_back(r.idea);
    BOOST_TEST((order == std::vector<idea_id>{2, 1, 3}));
    BOOST_TEST(out.result.ranking[0].winner);
    BOOST_TEST(out.result.ranking[0].score == 13);
    BOOST_TEST(out.result.ranking[2].score == 6);
    BOOST_TEST(out.result.ballots == 21u);
    BOOST_TEST(out.result.method == "irv");
}

BOOST_AUTO_TEST_CASE(among_equal_fewest_the_idea_last_in_the_lottery_is_eliminated)
{
    ranking_set ballots;
    ballots.add(std::vector<idea_id>{1}, 2);
    ballots.add(std::vector<idea_id>{2}, 1);
    ballots.add(std::vector<idea_id>{3, 2}, 1);
    const std::vector<idea_id> ideas{1, 2, 3};
    const lottery order{{2, 0}, {3, 1}, {1, 2}};
    const auto out = count_irv(ideas, ballots, 1, order);
    BOOST_TEST(out.rounds[0].eliminated == 3);
    BOOST_REQUIRE_EQUAL(out.result.ties.size(), 2u);
    BOOST_TEST(out.result.ties[0].step == 1u);
    BOOST_TEST(out.result.ties[0].score == 1);
    BOOST_TEST((out.result.ties[0].order == std::vector<idea_id>{2, 3}));
    // Round 2: 1 and 2 have 2 each; 1 is last in the lottery and goes.
    BOOST_TEST((out.rounds[1].counts == counts{{1, 2}, {2, 2}}));
    BOOST_TEST(out.rounds[1].eliminated == 1);
    BOOST_TEST(out.result.ties[1].step == 2u);
    BOOST_TEST(out.result.ranking[0].idea == 2);
}

// A ballot tying two continuing ideas at its top is an overvote, as ranked-choice jurisdictions
// count it: it counts for nobody from that round on, even once the tie is gone, and is reported
// on its own. Splitting it (the named option below) would elect A instead: A 5 + 2, B 8, C 2 + 2;
// C out and its 4 tied halves and 2 transfers take A to 11.
BOOST_AUTO_TEST_CASE(a_tie_at_the_top_of_a_ballot_is_an_overvote)
{
    ranking_set ballots;
    ballots.add(std::vector<idea_id>{1}, 5);
    ballots.add(std::vector<idea_id>{2}, 8);
    ballots.add(std::vector<idea_id>{3, 1}, 2);
    ballots.add(std::vector<idea_id>{1, 3}, std::vector<std::uint32_t>{0, 0}, 4); // {A,C}
    const std::vector<idea_id> ideas{1, 2, 3};
    const auto out = count_irv(ideas, ballots, 1, {});
    BOOST_TEST(out.result.method == "irv");
    BOOST_TEST(out.denominator == 1);
    BOOST_REQUIRE_EQUAL(out.rounds.size(), 3u);
    BOOST_TEST((out.rounds[0].counts == counts{{1, 5}, {2, 8}, {3, 2}}));
    BOOST_TEST(out.rounds[0].overvotes == 4);
    BOOST_TEST(out.rounds[0].exhausted == 0);
    BOOST_TEST(out.rounds[0].eliminated == 3);
    BOOST_TEST((out.rounds[1].counts == counts{{1, 7}, {2, 8}})); // the {A,C} ballots stay out
    BOOST_TEST(out.rounds[1].overvotes == 4);
    BOOST_TEST(out.rounds[1].eliminated == 1);
    BOOST_TEST(out.rounds[2].exhausted == 7);
    BOOST_TEST(out.rounds[2].overvotes == 4);
    BOOST_TEST(out.result.ranking[0].idea == 2);

    const auto split = count_irv(ideas, ballots, 1, {}, {.ties = irv_ties::split});
    BOOST_TEST(split.result.method == "irv-split");
    BOOST_TEST(split.denominator == 2);
    BOOST_TEST((split.rounds[0].counts == counts{{1, 14}, {2, 16}, {3, 8}})); // in halves
    BOOST_TEST(split.rounds[0].overvotes == 0);
    BOOST_TEST(split.result.ranking[0].idea == 1);
}

// Only a tie between continuing ideas is an overvote: once one of the tied ideas is out, the
// ballot counts for the other.
BOOST_AUTO_TEST_CASE(a_tie_with_an_eliminated_idea_is_no_overvote)
{
    ranking_set later;
    later.add(std::vector<idea_id>{1}, 3);
    later.add(std::vector<idea_id>{2}, 2);
    later.add(std::vector<idea_id>{3}, 1);
    later.add(std::vector<idea_id>{4}, 1);
    later.add(std::vector<idea_id>{4, 3, 2}, std::vector<std::uint32_t>{0, 1, 1}, 1); // 4 > {C,B}
    const std::vector<idea_id> four{1, 2, 3, 4};
    const lottery by_id{{1, 0}, {2, 1}, {3, 2}, {4, 3}};
    const auto o = count_irv(four, later, 1, by_id);
    // Round 1: D leads the last ballot, C has fewest and is out. Round 2: B and D tie on 2 and D,
    // last in the lottery, is out. Round 3: the ballot's best tier {C,B} holds one continuing idea.
    BOOST_TEST(o.rounds[0].eliminated == 3);
    BOOST_TEST(o.rounds[0].overvotes == 0);
    BOOST_TEST((o.rounds[1].counts == counts{{1, 3}, {2, 2}, {4, 2}}));
    BOOST_TEST(o.rounds[1].eliminated == 4);                    // 2 and 4 tie on 2; 4 is last in the lottery
    BOOST_TEST((o.rounds[2].counts == counts{{1, 3}, {2, 3}})); // B 2 + the ballot; D's own ballot exhausts
    BOOST_TEST(o.rounds[2].overvotes == 0);
}

BOOST_AUTO_TEST_CASE(a_tied_first_preference_splits_the_vote_exactly_when_asked)
{
    ranking_set ballots;
    ballots.add(std::vector<idea_id>{1, 2}, std::vector<std::uint32_t>{0, 0}, 1); // {1,2}
    ballots.add(std::vector<idea_id>{1}, 1);
    ballots.add(std::vector<idea_id>{3, 2}, std::vector<std::uint32_t>{0, 1}, 1);
    const std::vector<idea_id> ideas{1, 2, 3};
    const auto out = count_irv(ideas, ballots, 1, {}, {.ties = irv_ties::split});
    BOOST_TEST(out.denominator == 2);
    // In halves: 1 gets 1 + 2, 2 gets 1, 3 gets 2.
    BOOST_TEST((out.rounds[0].counts == counts{{1, 3}, {2, 1}, {3, 2}}));
    BOOST_TEST(out.rounds[0].eliminated == 2);
    BOOST_TEST((out.rounds[1].counts == counts{{1, 4}, {3, 2}}));
    BOOST_TEST(out.result.ranking[0].idea == 1);
}

BOOST_AUTO_TEST_CASE(ideas_outside_the_candidates_are_skipped)
{
    ranking_set ballots;
    ballots.add(std::vector<idea_id>{9, 2}, 1); // 9 was hidden: the ballot counts for 2
    ballots.add(std::vector<idea_id>{1}, 1);
    ballots.add(std::vector<idea_id>{2}, 1);
    const std::vector<idea_id> ideas{1, 2};
    const auto out = count_irv(ideas, ballots, 1, {});
    BOOST_TEST((out.rounds[0].counts == counts{{1, 1}, {2, 2}}));
    BOOST_TEST(out.result.ranking[0].idea == 2);
}

BOOST_AUTO_TEST_SUITE_END()
