#include "ballots/equal_shares.hpp"

#include "ballots/pabulib.hpp"
#include "tests/support/test_data.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace cabildo::ballots;

namespace {

// `count` identical approval ballots.
void approve(scored_ballot_set& ballots, std::size_t count, const std::vector<idea_id>& ideas)
{
    for (std::size_t i = 0; i < count; ++i)
        ballots.add_approval(ideas);
}

std::vector<idea_id> sorted(std::vector<idea_id> v)
{
    std::sort(v.begin(), v.end());
    return v;
}

std::vector<idea_id> range(idea_id from, idea_id to)
{
    std::vector<idea_id> v;
    for (idea_id i = from; i <= to; ++i)
        v.push_back(i);
    return v;
}

// 51 voters approve the ten "red" projects 1..10, 49 the ten "blue" 11..20; each costs 100 and
// the budget buys ten. The motivating example of Peters and Skowron: greedy funds ten red
// projects, Equal Shares splits them proportionally.
struct red_blue {
    std::vector<project> projects;
    scored_ballot_set ballots;
    red_blue()
    {
        for (idea_id i = 1; i <= 20; ++i)
            projects.push_back({i, 100});
        approve(ballots, 51, range(1, 10));
        approve(ballots, 49, range(11, 20));
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(equal_shares)

// Lackner and Skowron, "Multi-Winner Voting with Approval Preferences" (2023), example 1 profile
// (12 voters: 3 {a,b}, 3 {a,c}, 2 {a,d}, {b,c,f}, {e}, {f}, {g}), committee of 4: unit costs, each
// voter starts with 1/3. Rule X funds a at 1/8 per supporter; then no other candidate's
// supporters have 1 left (b and c gather 23/24), so phase one ends with {a} alone.
BOOST_AUTO_TEST_CASE(rule_x_on_lackner_skowron_example_1_funds_only_a)
{
    std::vector<project> projects;
    for (idea_id i = 1; i <= 8; ++i)
        projects.push_back({i, 1});
    scored_ballot_set ballots;
    approve(ballots, 3, {1, 2});
    approve(ballots, 3, {1, 3});
    approve(ballots, 2, {1, 4});
    approve(ballots, 1, {2, 3, 6});
    approve(ballots, 1, {5});
    approve(ballots, 1, {6});
    approve(ballots, 1, {7});
    BOOST_TEST((equal_shares_run(projects, ballots, 1, 3, {}) == std::vector<idea_id>{1}));
    const auto out = count_equal_shares(projects, ballots, 4, {}, {.completion = mes_completion::none});
    BOOST_TEST((out.funded.selected == std::vector<idea_id>{1}));
    BOOST_TEST(out.funded.result.method == "equalshares");
    BOOST_TEST(out.voter_budget_numerator == 4);
    BOOST_TEST(out.voter_budget_denominator == 12);
    BOOST_TEST(out.funded.spent == 1);
    BOOST_TEST(out.funded.left == 3);
}

BOOST_AUTO_TEST_CASE(red_blue_equal_shares_is_proportional_and_greedy_is_not)
{
    const red_blue e;
    // Without completion: 5 red projects use up the red voters (5 * 100/51 each), the blue voters
    // afford 4 (4 * 100/49 each) and then hold 90 between them, short of 100.
    const auto plain = count_equal_shares(e.projects, e.ballots, 1000, {}, {.completion = mes_completion::none});
    BOOST_TEST(plain.funded.selected == (std::vector<idea_id>{1, 2, 3, 4, 5, 11, 12, 13, 14}),
               boost::test_tools::per_element());
    BOOST_TEST(plain.funded.spent == 900);
    // Every red step is a tie between the remaining red projects; the lottery (here: ids) decides.
    BOOST_REQUIRE(!plain.funded.result.ties.empty());
    const auto& first = *std::find_if(plain.funded.result.ties.begin(), plain.funded.result.ties.end(),
                                      [](const tie& t) { return t.step == 1; });
    BOOST_TEST(first.order == range(1, 10), boost::test_tools::per_element());

    // Add1: at 11 per voter the blue voters afford a fifth project and the outcome uses the budget.
    const auto add1 = count_equal_shares(e.projects, e.ballots, 1000, {});
    BOOST_TEST(add1.funded.result.method == "equalshares/add1");
    BOOST_TEST(sorted(add1.funded.selected) == (std::vector<idea_id>{1, 2, 3, 4, 5, 11, 12, 13, 14, 15}),
               boost::test_tools::per_element());
    BOOST_TEST(add1.voter_budget_numerator == 11);
    BOOST_TEST(add1.voter_budget_denominator == 1);
    BOOST_TEST(add1.funded.spent == 1000);
    BOOST_TEST(add1.runs == 3u); // 12 per voter is tried too: it goes over the budget, so 11 stays
    for (const auto& r : add1.funded.result.ranking)
        BOOST_TEST(r.winner == (r.idea <= 5 || (r.idea >= 11 && r.idea <= 15)));
}

// The comparison step: a voter prefers the outcome funding more of their projects. Here 51 red
// voters get 10 from greedy against 5, 49 blue voters 0 against 5: greedy is preferred by more.
BOOST_AUTO_TEST_CASE(the_comparison_step_switches_to_greedy_when_more_voters_prefer_it)
{
    const red_blue e;
    const auto out = count_equal_shares(e.projects, e.ballots, 1000, {}, {.compare_with_greedy = true});
    BOOST_TEST(out.funded.result.method == "equalshares/add1-comparison");
    BOOST_REQUIRE(out.comparison.has_value());
    BOOST_TEST(out.comparison->prefer_greedy == 51u);
    BOOST_TEST(out.comparison->prefer_equal_shares == 49u);
    BOOST_TEST(out.comparison->greedy_used);
    BOOST_TEST(sorted(out.funded.selected) == range(1, 10), boost::test_tools::per_element());
}

// X (cost 100) has the most votes, so greedy spends everything on it; its 6 supporters hold 60 of
// the 100, so Equal Shares funds Y {6..10} and Z {1..4, 7} (cost 40 each): Y at 8 a head, then Z
// with voter 7 paying the 2 left and the others 9.5. Four voters prefer that, one prefers greedy.
BOOST_AUTO_TEST_CASE(the_comparison_step_keeps_equal_shares_when_more_voters_prefer_it)
{
    const std::vector<project> projects{{1, 100}, {2, 40}, {3, 40}}; // X, Y, Z
    scored_ballot_set ballots;
    const std::vector<std::vector<idea_id>> votes{{1, 3}, {1, 3}, {1, 3}, {1, 3}, {1}, {1, 2}, {2, 3}, {2}, {2}, {2}};
    for (const auto& v : votes)
        ballots.add_approval(v);
    const auto out = count_equal_shares(projects, ballots, 100, {},
                                        {.completion = mes_completion::none, .compare_with_greedy = true});
    BOOST_TEST(out.funded.result.method == "equalshares-comparison");
    BOOST_TEST((out.funded.selected == std::vector<idea_id>{2, 3}));
    BOOST_TEST(out.comparison->prefer_equal_shares == 4u);
    BOOST_TEST(out.comparison->prefer_greedy == 1u);
    BOOST_TEST(!out.comparison->greedy_used);
    BOOST_TEST((out.comparison->greedy_selected == std::vector<idea_id>{1}));
    BOOST_TEST(out.funded.spent == 80);
    // Y and Z tie at the first step (5 supporters each, equal cost): the lottery picks.
    const auto flipped =
        count_equal_shares(projects, ballots, 100, lottery{{3, 0}, {2, 1}}, {.completion = mes_completion::none});
    BOOST_TEST((flipped.funded.selected == std::vector<idea_id>{3, 2}));
}

// 60 voters approve A1..A10, 40 approve B1..B10, cost 100 each, 10 a head. The sixth A takes the
// A voters' last 5/3 exactly and the fourth B their last 5/2: decisions exactly on the line, which
// floating point cannot settle, so these runs are redone in exact arithmetic.
BOOST_AUTO_TEST_CASE(payments_that_exactly_exhaust_budgets_are_decided_exactly)
{
    std::vector<project> projects;
    for (idea_id i = 1; i <= 20; ++i)
        projects.push_back({i, 100});
    scored_ballot_set ballots;
    approve(ballots, 60, range(1, 10));
    approve(ballots, 40, range(11, 20));
    const auto out = count_equal_shares(projects, ballots, 1000, {}, {.completion = mes_completion::none});
    BOOST_TEST(out.funded.selected == (std::vector<idea_id>{1, 2, 3, 4, 5, 6, 11, 12, 13, 14}),
               boost::test_tools::per_element());
    BOOST_TEST(out.funded.spent == 1000);
    BOOST_TEST(out.exact_runs >= 1u);
    const auto exact =
        count_equal_shares(projects, ballots, 1000, {}, {.completion = mes_completion::none, .exact_only = true});
    BOOST_TEST(exact.funded.selected == out.funded.selected, boost::test_tools::per_element());
}

// Cumulative ballots: voter 1 gives A 3 points, voter 2 gives A 1 and B 2; 5 each. A costs 6, paid
// 1.5 a point (4.5 and 1.5); B then needs 4 from voter 2, who has 3.5. Add1 at 6 a head funds both.
BOOST_AUTO_TEST_CASE(points_weigh_payments)
{
    const std::vector<project> projects{{1, 6}, {2, 4}};
    scored_ballot_set ballots;
    ballots.add(std::vector<idea_id>{1}, std::vector<std::int64_t>{3});
    ballots.add(std::vector<idea_id>{1, 2}, std::vector<std::int64_t>{1, 2});
    const auto plain = count_equal_shares(projects, ballots, 10, {}, {.completion = mes_completion::none});
    BOOST_TEST((plain.funded.selected == std::vector<idea_id>{1}));
    const auto add1 = count_equal_shares(projects, ballots, 10, {});
    BOOST_TEST((add1.funded.selected == std::vector<idea_id>{1, 2}));
    BOOST_TEST(add1.voter_budget_numerator == 6);
    BOOST_TEST(add1.funded.spent == 10);
    BOOST_TEST(add1.funded.result.ranking[0].score == 4); // A's points
}

BOOST_AUTO_TEST_CASE(free_projects_are_funded_and_unsupported_ones_never)
{
    const std::vector<project> projects{{1, 0}, {2, 10}, {3, 1}};
    scored_ballot_set ballots;
    approve(ballots, 2, {1, 2});
    const auto out = count_equal_shares(projects, ballots, 20, {});
    BOOST_TEST((out.funded.selected == std::vector<idea_id>{1, 2}));
    BOOST_TEST(out.funded.left == 10); // 3 would fit but nobody voted for it
}

// Add1 as cities count it (equalshares.net's reference implementation) keeps raising while the
// outcome fits, past an exhaustive one; add1e (pabutools) stops at the first exhaustive outcome.
// Budget 5; p1 costs 1, p2 3, p3 2; voter 1 approves p1, voter 2 p2 and p3 (equal rho: lower id).
//   x = 5/2: p1 (voter 1 pays 1), p3 (voter 2 pays 2): cost 3, and p2 (3) no longer fits the 2
//            left: exhaustive, where add1e stops.
//   x = 3, 4: p1, then p2 (voter 2 pays 3): cost 4, fits.   x = 5: p1, p2, p3: cost 6, over.
BOOST_AUTO_TEST_CASE(add1_raises_past_an_exhaustive_outcome_and_add1e_stops_there)
{
    const std::vector<project> projects{{1, 1}, {2, 3}, {3, 2}};
    scored_ballot_set ballots;
    ballots.add_approval(std::vector<idea_id>{1});
    ballots.add_approval(std::vector<idea_id>{2, 3});
    const auto add1 = count_equal_shares(projects, ballots, 5, {});
    BOOST_TEST(add1.funded.result.method == "equalshares/add1");
    BOOST_TEST((add1.funded.selected == std::vector<idea_id>{1, 2}));
    BOOST_TEST(add1.voter_budget_numerator == 4);
    BOOST_TEST(add1.voter_budget_denominator == 1);
    BOOST_TEST(add1.runs == 4u); // 5/2, 3, 4 and 5 (over)
    BOOST_TEST(add1.funded.spent == 4);
    const auto add1e = count_equal_shares(projects, ballots, 5, {}, {.completion = mes_completion::add1e});
    BOOST_TEST(add1e.funded.result.method == "equalshares/add1e");
    BOOST_TEST((add1e.funded.selected == std::vector<idea_id>{1, 3}));
    BOOST_TEST(add1e.voter_budget_numerator == 5);
    BOOST_TEST(add1e.voter_budget_denominator == 2);
    BOOST_TEST(add1e.runs == 1u);
    // A supporter who cannot pay the equal share pays all they have: 3 voters, budget 5, p1 1,
    // p2 2, p3 3; ballots {p2}, {p1, p3}, {p2, p3}. At 5/3 each: p2, then p1 (exhaustive: 2 left,
    // p3 costs 3). At 2 each: p2, then p3 with voter 3 paying its last 1 and voter 2 paying 2.
    const std::vector<project> three{{1, 1}, {2, 2}, {3, 3}};
    scored_ballot_set poor;
    poor.add_approval(std::vector<idea_id>{2});
    poor.add_approval(std::vector<idea_id>{1, 3});
    poor.add_approval(std::vector<idea_id>{2, 3});
    BOOST_TEST((count_equal_shares(three, poor, 5, {}).funded.selected == std::vector<idea_id>{2, 3}));
    BOOST_TEST((count_equal_shares(three, poor, 5, {}, {.completion = mes_completion::add1e}).funded.selected ==
                std::vector<idea_id>{2, 1}));
}

// Costs near the top of int64 (pabulib files may scale money up to 2.3 * 10^18): five voters
// each back their own project of 2 * 10^18, so no run funds any of them until add1 raises every
// voter to 2 * 10^18, and that run funds all five, 10^19 in all, more than int64 holds. The sum
// must not overflow (undefined behaviour, and wrapped it would pass as fitting the budget).
BOOST_AUTO_TEST_CASE(sums_of_large_costs_do_not_overflow)
{
    std::vector<project> projects;
    scored_ballot_set ballots;
    for (idea_id i = 1; i <= 5; ++i) {
        projects.push_back({i, 2'000'000'000'000'000'000});
        ballots.add_approval(std::vector<idea_id>{i});
    }
    for (const auto completion : {mes_completion::add1, mes_completion::add1e}) {
        const auto out =
            count_equal_shares(projects, ballots, 2'300'000'000'000'000'000, {}, {.completion = completion});
        BOOST_TEST(out.funded.selected.empty());
        BOOST_TEST(out.funded.spent == 0);
        BOOST_TEST(out.voter_budget_numerator < 2'000'000'000'000'000'000);
    }
}

pabulib_file load(const std::string& name)
{
    auto parsed = parse_pabulib(cabildo::test::read_data("pabulib/" + name));
    BOOST_REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? std::string() : parsed.error().message));
    return std::move(parsed.value());
}

std::set<std::string> ids(const pabulib_file& file, const std::vector<idea_id>& selected)
{
    std::set<std::string> out;
    for (const idea_id id : selected)
        out.insert(file.projects[static_cast<std::size_t>(id - 1)].id);
    return out;
}

// Real data: Assen 2024 used Equal Shares with Add1 completion (cost utilities).
BOOST_AUTO_TEST_CASE(assen_2024_reproduces_the_selected_column)
{
    const auto file = load("Netherlands_Assen_2024.pb");
    BOOST_TEST(file.rule == "equalshares/add1");
    std::set<std::string> expected;
    for (const auto& p : file.projects)
        if (p.selected == 1)
            expected.insert(p.id);
    for (const bool exact : {false, true}) {
        const equal_shares_options options{.exact_only = exact};
        const auto projects = file.budget_projects();
        const auto out = count_equal_shares(projects, file.votes, file.budget, file.file_order(), options);
        BOOST_TEST(ids(file, out.funded.selected) == expected, boost::test_tools::per_element());
        BOOST_TEST(out.funded.spent == 76700);
        BOOST_TEST(out.voter_budget_numerator == 2033);
        BOOST_TEST(out.funded.left == 100000 - 76700);
    }
    // With utility 1 per approved project (equalshares.net's tool) the outcome differs: it also
    // funds RuBox (7) and spends 88,700. The file's outcome needs cost utilities.
    const auto uniform = count_equal_shares(file.budget_projects(), file.votes, file.budget, file.file_order(),
                                            {.utility = mes_utility::weight});
    BOOST_TEST(ids(file, uniform.funded.selected).contains("7"));
    BOOST_TEST(uniform.funded.spent == 88700);
}

// The floating-point pass and the exact pass agree on random instances, approval and points,
// at several per-voter budgets (exact ties included: small integer costs make them common).
BOOST_AUTO_TEST_CASE(fast_and_exact_passes_agree_on_random_instances)
{
    std::mt19937_64 rng(20240601);
    for (int round = 0; round < 300; ++round) {
        const std::size_t m = 3 + rng() % 10;
        const std::size_t n = 5 + rng() % 60;
        const bool points = round % 3 == 2;
        std::vector<project> projects;
        for (std::size_t p = 0; p < m; ++p)
            projects.push_back({static_cast<idea_id>(p + 1), static_cast<std::int64_t>(1 + rng() % 20) * 5});
        scored_ballot_set ballots;
        for (std::size_t v = 0; v < n; ++v) {
            std::vector<idea_id> ideas;
            std::vector<std::int64_t> weights;
            for (std::size_t p = 0; p < m; ++p)
                if (rng() % 3 == 0) {
                    ideas.push_back(static_cast<idea_id>(p + 1));
                    weights.push_back(points ? static_cast<std::int64_t>(1 + rng() % 4) : 1);
                }
            ballots.add(ideas, weights);
        }
        std::int64_t total = 0;
        for (const auto& p : projects)
            total += p.cost;
        const std::int64_t budget = total / 2 + static_cast<std::int64_t>(rng() % 50);
        const auto utility = round % 2 == 0 ? mes_utility::cost : mes_utility::weight;
        for (const std::int64_t num : {budget, static_cast<std::int64_t>(budget / static_cast<std::int64_t>(n) + 1)}) {
            const std::int64_t den = num == budget ? static_cast<std::int64_t>(n) : 1;
            const auto fast = equal_shares_run(projects, ballots, num, den, {}, utility, false);
            const auto exact = equal_shares_run(projects, ballots, num, den, {}, utility, true);
            BOOST_TEST(fast == exact, "round " << round << " x=" << num << "/" << den);
        }
        const auto fast = count_equal_shares(projects, ballots, budget, {}, {.utility = utility});
        const auto exact = count_equal_shares(projects, ballots, budget, {}, {.utility = utility, .exact_only = true});
        BOOST_TEST(fast.funded.selected == exact.funded.selected, "round " << round);
        BOOST_TEST(fast.funded.spent <= budget);
    }
}

// Skipping add1 budgets that a run certifies to take its own decisions, and computing blocks of
// budgets on several threads, must give exactly the outcome of the plain +1 loop on one thread:
// same funded projects in the same order, same ties, same per-voter budget, same count of raises
// tried; only the runs computed differ.
void expect_same_as_plus_one(const std::vector<project>& projects, const scored_ballot_set& ballots,
                             std::int64_t budget, const lottery& order, unsigned threads, const std::string& what)
{
    const auto plain = count_equal_shares(projects, ballots, budget, order, {.skip = false, .threads = 1});
    for (const bool skip : {false, true}) {
        const auto out = count_equal_shares(projects, ballots, budget, order, {.skip = skip, .threads = threads});
        BOOST_TEST(out.funded.selected == plain.funded.selected, what);
        BOOST_TEST(out.voter_budget_numerator == plain.voter_budget_numerator, what);
        BOOST_TEST(out.voter_budget_denominator == plain.voter_budget_denominator, what);
        BOOST_TEST(out.runs == plain.runs, what);
        // Every budget computed is one the plain loop computes too (skipped ones are not).
        BOOST_TEST((skip ? out.exact_runs <= plain.exact_runs : out.exact_runs == plain.exact_runs), what);
        if (threads == 1) // with more, budgets are computed ahead and some may be wasted
            BOOST_TEST(out.computed_runs <= plain.computed_runs, what);
        BOOST_REQUIRE_EQUAL(out.funded.result.ties.size(), plain.funded.result.ties.size());
        for (std::size_t i = 0; i < out.funded.result.ties.size(); ++i) {
            BOOST_TEST(out.funded.result.ties[i].step == plain.funded.result.ties[i].step, what);
            BOOST_TEST(out.funded.result.ties[i].order == plain.funded.result.ties[i].order, what);
        }
    }
}

BOOST_AUTO_TEST_CASE(skipping_add1_budgets_matches_the_plus_one_loop_on_real_files)
{
    for (const std::string name : {"Netherlands_Assen_2024.pb", "Poland_Warszawa_2026.pb"}) {
        const auto file = load(name);
        for (const unsigned threads : {1U, 2U, 3U})
            expect_same_as_plus_one(file.budget_projects(), file.votes, file.budget, file.file_order(), threads, name);
    }
    // Assen needs 845 raises one unit at a time; most are certified unchanged by the run before.
    const auto assen = load("Netherlands_Assen_2024.pb");
    const auto out = count_equal_shares(assen.budget_projects(), assen.votes, assen.budget, assen.file_order());
    BOOST_TEST(out.runs == 845u);
    BOOST_TEST(out.computed_runs < out.runs / 4);
}

// A synthetic instance large enough for add1 to use threads (90,000 supporter slots), with long
// stretches: 10 groups of 3,000 voters each fund their A project (cost 300,000 + 10,000 i) and,
// once add1 has raised them to (c_A + c_L) / 3,000 each, their L project; everyone also names two
// of 200 projects nobody can afford, which keeps their ballots distinct. Exact ties (equal rho,
// budgets exactly on the payment line) send some runs to the exact pass.
BOOST_AUTO_TEST_CASE(skipping_add1_budgets_matches_the_plus_one_loop_with_threads)
{
    std::mt19937_64 rng(11);
    std::vector<project> projects;
    for (idea_id i = 0; i < 10; ++i) {
        projects.push_back({1 + i, 300'000 + 10'000 * i});  // A_i
        projects.push_back({11 + i, 600'000 + 37'000 * i}); // L_i
    }
    for (idea_id u = 0; u < 200; ++u)
        projects.push_back({21 + u, 1'000'000'000'000});
    scored_ballot_set ballots;
    for (std::size_t v = 0; v < 30'000; ++v) {
        const auto group = static_cast<idea_id>(v % 10);
        const auto a = static_cast<idea_id>(21 + rng() % 200);
        auto b = static_cast<idea_id>(21 + rng() % 200);
        if (b == a)
            b = a == 21 ? 22 : 21;
        ballots.add_approval(std::vector<idea_id>{1 + group, 11 + group, a, b});
    }
    for (const unsigned threads : {1U, 2U, 3U})
        expect_same_as_plus_one(projects, ballots, 9'000'000, {}, threads, "threads " + std::to_string(threads));
    const auto out = count_equal_shares(projects, ballots, 9'000'000, {});
    BOOST_TEST(out.runs == 111u);
    BOOST_TEST(out.computed_runs < out.runs / 4);
}

// Random approval instances with many exact ties (costs multiples of 5, few voters) and a budget
// of a third of the total cost, so the add1 loop takes many raises and stretches end on ties and
// on supporters crossing the payment line.
BOOST_AUTO_TEST_CASE(skipping_add1_budgets_matches_the_plus_one_loop_on_random_instances)
{
    std::mt19937_64 rng(20261124);
    std::size_t computed = 0;
    std::size_t tried = 0;
    for (int round = 0; round < 200; ++round) {
        const std::size_t m = 3 + rng() % 12;
        const std::size_t n = 5 + rng() % 80;
        std::vector<project> projects;
        for (std::size_t p = 0; p < m; ++p)
            projects.push_back({static_cast<idea_id>(p + 1), static_cast<std::int64_t>(1 + rng() % 40) * 5});
        scored_ballot_set ballots;
        for (std::size_t v = 0; v < n; ++v) {
            std::vector<idea_id> ideas;
            for (std::size_t p = 0; p < m; ++p)
                if (rng() % 3 == 0)
                    ideas.push_back(static_cast<idea_id>(p + 1));
            ballots.add_approval(ideas);
        }
        std::int64_t total = 0;
        for (const auto& p : projects)
            total += p.cost;
        const std::int64_t budget = total / 3 + static_cast<std::int64_t>(rng() % 100);
        expect_same_as_plus_one(projects, ballots, budget, {}, 1, "round " + std::to_string(round));
        const auto out = count_equal_shares(projects, ballots, budget, {});
        computed += out.computed_runs;
        tried += out.runs;
    }
    BOOST_TEST(computed < tried); // the skip does happen
}

BOOST_AUTO_TEST_SUITE_END()
