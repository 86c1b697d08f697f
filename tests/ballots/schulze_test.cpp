#include "ballots/schulze.hpp"

#include "ballots/preflib.hpp"
#include "tests/support/test_data.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace cabildo::ballots;

namespace {

// Ballots written as "ACBED" over candidates A=1 ... E=5.
ranking_set letters(const std::vector<std::pair<int, std::string>>& raw)
{
    ranking_set set;
    for (const auto& [count, order] : raw) {
        std::vector<idea_id> ideas;
        for (const char c : order)
            ideas.push_back(c - 'A' + 1);
        set.add(ideas, count);
    }
    return set;
}

} // namespace

BOOST_AUTO_TEST_SUITE(schulze)

// M. Schulze, Social Choice and Welfare 36 (2011), section 3.1, example 1: 45 voters, 5
// candidates. The paper gives d, p and the result E > A > C > B > D.
BOOST_AUTO_TEST_CASE(schulzes_first_example_reproduces_d_p_and_the_order)
{
    const auto ballots = letters({{5, "ACBED"},
                                  {5, "ADECB"},
                                  {8, "BEDAC"},
                                  {3, "CABED"},
                                  {7, "CAEBD"},
                                  {2, "CBADE"},
                                  {7, "DCEBA"},
                                  {8, "EBADC"}});
    const std::vector<idea_id> ideas{1, 2, 3, 4, 5};
    const auto out = count_schulze(ideas, ballots, 1, {});
    const std::int64_t d[5][5] = {
        {0, 20, 26, 30, 22}, {25, 0, 16, 33, 18}, {19, 29, 0, 17, 24}, {15, 12, 28, 0, 14}, {23, 27, 21, 31, 0}};
    const std::int64_t p[5][5] = {
        {0, 28, 28, 30, 24}, {25, 0, 28, 33, 24}, {25, 29, 0, 29, 24}, {25, 28, 28, 0, 24}, {25, 28, 28, 31, 0}};
    for (std::size_t i = 0; i < 5; ++i)
        for (std::size_t j = 0; j < 5; ++j) {
            BOOST_TEST(out.pairwise(i, j) == d[i][j], "d[" << i << "][" << j << "]");
            BOOST_TEST(out.paths(i, j) == p[i][j], "p[" << i << "][" << j << "]");
        }
    std::vector<idea_id> order;
    for (const auto& r : out.result.ranking)
        order.push_back(r.idea);
    BOOST_TEST((order == std::vector<idea_id>{5, 1, 3, 2, 4})); // E A C B D
    BOOST_TEST(out.result.ranking[0].winner);
    BOOST_TEST(!out.result.ranking[1].winner);
    BOOST_TEST(out.result.ranking[0].score == 4);
    BOOST_TEST(out.result.ties.empty());
    BOOST_TEST(out.result.ballots == 45u);
}

BOOST_AUTO_TEST_CASE(a_condorcet_cycle_is_a_three_way_tie_the_lottery_breaks)
{
    const auto ballots = letters({{1, "ABC"}, {1, "BCA"}, {1, "CAB"}});
    const std::vector<idea_id> ideas{1, 2, 3};
    const lottery order{{2, 0}, {3, 1}, {1, 2}};
    const auto out = count_schulze(ideas, ballots, 1, order);
    BOOST_TEST(out.pairwise(0, 1) == 2); // A over B
    BOOST_TEST(out.pairwise(1, 0) == 1);
    BOOST_TEST(out.paths(0, 1) == 2);
    BOOST_TEST(out.paths(1, 0) == 2); // B reaches A through C
    std::vector<idea_id> ranking;
    for (const auto& r : out.result.ranking)
        ranking.push_back(r.idea);
    BOOST_TEST((ranking == std::vector<idea_id>{2, 3, 1}));
    BOOST_REQUIRE_EQUAL(out.result.ties.size(), 1u);
    BOOST_TEST((out.result.ties[0].order == std::vector<idea_id>{2, 3, 1}));
    BOOST_TEST(out.result.ties[0].score == 0);
}

BOOST_AUTO_TEST_CASE(unranked_ideas_lose_to_ranked_ones_and_ties_count_for_neither)
{
    ranking_set ballots;
    ballots.add(std::vector<idea_id>{1}, 3);                                      // 1 > {2, 3}
    ballots.add(std::vector<idea_id>{2, 3}, std::vector<std::uint32_t>{0, 0}, 2); // {2,3} > 1
    const std::vector<idea_id> ideas{1, 2, 3};
    const auto d = count_pairwise(ideas, ballots);
    BOOST_TEST(d(0, 1) == 3);
    BOOST_TEST(d(1, 0) == 2);
    BOOST_TEST(d(1, 2) == 0);
    BOOST_TEST(d(2, 1) == 0);
    BOOST_TEST(d(2, 0) == 2);
}

// The Debian Project Leader election 2007 (PrefLib 00002-00000005): Debian counts with Schulze
// and elected Sam Hocevar, alternative 4 in the file's header.
BOOST_AUTO_TEST_CASE(debian_2007_elects_sam_hocevar)
{
    const auto file =
        parse_preflib(cabildo::test::read_data("preflib/00002_-_debian__00002-00000005.soi"), preflib_kind::soi);
    BOOST_REQUIRE(file.ok());
    BOOST_REQUIRE_EQUAL(file->name(4), "Sam Hocevar");
    const auto out = count_schulze(file->candidates(), file->ballots, 1, file->number_order());
    BOOST_TEST(out.result.ballots == 482u);
    BOOST_TEST(out.result.ranking[0].idea == 4);
    BOOST_TEST(out.result.ranking[0].winner);
    BOOST_TEST(out.result.ranking[0].score == 8); // beats all eight others
    BOOST_TEST(out.result.ranking[1].idea == 5);  // Steve McIntyre
    BOOST_TEST(out.pairwise(3, 0) == 237);        // Hocevar over Verhelst
    BOOST_TEST(out.pairwise(0, 3) == 202);
}

BOOST_AUTO_TEST_SUITE_END()
