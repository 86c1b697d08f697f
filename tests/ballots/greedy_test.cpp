#include "ballots/greedy.hpp"

#include "ballots/pabulib.hpp"
#include "tests/support/test_data.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

using namespace cabildo::ballots;

namespace {

// The file's `selected` column against a method's selection, as sets of project ids.
void check_reproduces_selected(const pabulib_file& file, const budget_outcome& out)
{
    std::set<std::string> expected;
    for (const auto& p : file.projects)
        if (p.selected == 1)
            expected.insert(p.id);
    std::set<std::string> got;
    for (const idea_id id : out.selected)
        got.insert(file.projects[static_cast<std::size_t>(id - 1)].id);
    BOOST_TEST(got == expected, boost::test_tools::per_element());
}

pabulib_file load(const std::string& name)
{
    auto parsed = parse_pabulib(cabildo::test::read_data("pabulib/" + name));
    BOOST_REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? std::string() : parsed.error().message));
    return std::move(parsed.value());
}

const std::vector<project> four{{1, 60}, {2, 50}, {3, 30}, {4, 10}};
const std::vector<std::int64_t> scores{40, 30, 20, 10};

} // namespace

BOOST_AUTO_TEST_SUITE(greedy)

BOOST_AUTO_TEST_CASE(greedy_skips_what_no_longer_fits)
{
    const auto out = count_greedy(four, scores, 100, {});
    BOOST_TEST(out.result.method == "greedy");
    BOOST_TEST((out.selected == std::vector<idea_id>{1, 3, 4}));
    BOOST_TEST(out.spent == 100);
    BOOST_TEST(out.left == 0);
    BOOST_TEST(out.result.ranking[0].winner);
    BOOST_TEST(!out.result.ranking[1].winner); // 2 scores second but does not fit
}

BOOST_AUTO_TEST_CASE(greedy_no_skip_stops_at_the_first_misfit)
{
    const auto out = count_greedy(four, scores, 100, {}, {.skip = false});
    BOOST_TEST(out.result.method == "greedy-no-skip");
    BOOST_TEST((out.selected == std::vector<idea_id>{1}));
    BOOST_TEST(out.left == 40);
}

// A threshold makes low scores ineligible under every greedy rule, not only greedy-threshold:
// pabulib files set min_project_score_threshold with greedy-no-skip too. Here 50 of 60 fits
// after the 60 but scores 43, under a threshold of 50.
BOOST_AUTO_TEST_CASE(a_threshold_applies_to_greedy_no_skip_and_greedy)
{
    const std::vector<project> projects{{1, 60}, {2, 30}};
    const std::vector<std::int64_t> votes{80, 43};
    const auto no_skip = count_greedy(projects, votes, 100, {}, {.skip = false, .threshold = 50});
    BOOST_TEST((no_skip.selected == std::vector<idea_id>{1}));
    BOOST_TEST(no_skip.result.method == "greedy-no-skip");
    const auto plain = count_greedy(projects, votes, 100, {}, {.threshold = 50});
    BOOST_TEST((plain.selected == std::vector<idea_id>{1}));
    BOOST_TEST((count_greedy(projects, votes, 100, {}, {.skip = false}).selected == std::vector<idea_id>{1, 2}));
}

// A project costing more than the whole budget can never be funded (files mark withdrawn
// projects that way): no-skip passes over it instead of stopping there.
BOOST_AUTO_TEST_CASE(greedy_no_skip_passes_over_a_project_above_the_whole_budget)
{
    const std::vector<project> projects{{1, 40}, {2, 1000}, {3, 50}, {4, 30}};
    const std::vector<std::int64_t> votes{90, 80, 70, 60};
    const auto out = count_greedy(projects, votes, 100, {}, {.skip = false});
    // 2 is ineligible; 3 fits; 4 is the first misfit (10 left) and stops the count.
    BOOST_TEST((out.selected == std::vector<idea_id>{1, 3}));
    BOOST_TEST(out.left == 10);
    BOOST_TEST(!out.result.ranking[1].winner); // 2, ranked second by votes, is not funded
}

BOOST_AUTO_TEST_CASE(greedy_threshold_leaves_out_low_scores)
{
    const auto out = count_greedy(four, scores, 100, {}, {.threshold = 20});
    BOOST_TEST(out.result.method == "greedy-threshold");
    BOOST_TEST((out.selected == std::vector<idea_id>{1, 3}));
    BOOST_TEST(out.left == 10);
}

BOOST_AUTO_TEST_CASE(equal_scores_go_in_lottery_order)
{
    const std::vector<project> two{{1, 60}, {2, 60}};
    const std::vector<std::int64_t> same{5, 5};
    const auto out = count_greedy(two, same, 100, lottery{{2, 0}, {1, 1}});
    BOOST_TEST((out.selected == std::vector<idea_id>{2}));
    BOOST_REQUIRE_EQUAL(out.result.ties.size(), 1u);
    BOOST_TEST((out.result.ties[0].order == std::vector<idea_id>{2, 1}));
}

BOOST_AUTO_TEST_CASE(scores_come_from_ballot_weights)
{
    scored_ballot_set ballots;
    ballots.add(std::vector<idea_id>{2, 1}, std::vector<std::int64_t>{9, 1});
    ballots.add(std::vector<idea_id>{1}, std::vector<std::int64_t>{3});
    const auto out = count_greedy(four, ballots, 60, {});
    BOOST_TEST((out.selected == std::vector<idea_id>{2, 4}));
    BOOST_TEST(out.result.ranking[0].score == 9);
    BOOST_TEST(out.result.ballots == 2u);
}

// Real data: cumulative ballots, 10 points each, greedy by total points.
BOOST_AUTO_TEST_CASE(czestochowa_2024_reproduces_the_selected_column)
{
    const auto file = load("Poland_Czestochowa_2024_Podjasnogorska.pb");
    BOOST_TEST(file.vote_type == "cumulative");
    BOOST_TEST(file.rule == "greedy");
    const auto out = count_greedy(file.budget_projects(), file.votes, file.budget, file.file_order());
    check_reproduces_selected(file, out);
    BOOST_TEST(out.selected.size() == 4u);
    BOOST_TEST(out.left == 644);
}

// Real data: approval ballots, greedy skipping projects under 3,000 votes.
BOOST_AUTO_TEST_CASE(warszawa_2026_reproduces_the_selected_column)
{
    const auto file = load("Poland_Warszawa_2026.pb");
    BOOST_TEST(file.rule == "greedy-threshold");
    BOOST_REQUIRE(file.score_threshold.has_value());
    BOOST_TEST(*file.score_threshold == 3000);
    const auto out = count_greedy(file.budget_projects(), file.votes, file.budget, file.file_order(),
                                  {.threshold = *file.score_threshold});
    check_reproduces_selected(file, out);
    BOOST_TEST(out.selected.size() == 17u);
    // Without the threshold plain greedy funds cheaper, less popular projects too.
    const auto plain = count_greedy(file.budget_projects(), file.votes, file.budget, file.file_order());
    BOOST_TEST(plain.selected.size() > 17u);
}

BOOST_AUTO_TEST_SUITE_END()
