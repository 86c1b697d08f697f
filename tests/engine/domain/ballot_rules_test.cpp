// The ballot rules of a challenge (each kind's defaults, the methods it may be counted with, every
// limit), the ballot check and the stored form; and the registry of kinds and methods they read.

#include "engine/domain/ballot_rules.hpp"

#include "engine/counting/methods.hpp"

#include <boost/test/unit_test.hpp>

#include <map>
#include <set>
#include <string>

using namespace cabildo::engine;

namespace {

constexpr std::int64_t budget_of_a_city = 1'000'000;

ballot_patch kind(const char* name)
{
    ballot_patch p;
    p.kind = name;
    return p;
}

ballot_patch kind_and_method(const char* k, const char* m)
{
    auto p = kind(k);
    p.method = m;
    return p;
}

// The rules a new challenge gets from `patch`.
result<ballot_rules> fresh(const ballot_patch& patch, std::optional<std::int64_t> budget = std::nullopt)
{
    return resolve(ballot_rules{}, patch, budget);
}

// The rules resolved, or a failed test (and the default rules) if they were refused.
ballot_rules resolved(const ballot_rules& current, const ballot_patch& patch,
                      std::optional<std::int64_t> budget = std::nullopt)
{
    const auto r = resolve(current, patch, budget);
    if (!r.ok()) // the message's operands are evaluated even when the check passes
        BOOST_FAIL("refused: " << r.error().field << ": " << r.error().message);
    return *r;
}

void check_refused(const result<ballot_rules>& r, const std::string& field, errc code = errc::invalid_field)
{
    BOOST_REQUIRE(!r.ok());
    BOOST_TEST(r.error().code == code);
    BOOST_TEST(r.error().field == field);
    BOOST_TEST(!r.error().message.empty());
}

// Ideas 1 to 5 are visible, each costing 10 times its id; the others are not.
const idea_lookup five_ideas = [](idea_id id) -> std::optional<std::int64_t> {
    if (id >= 1 && id <= 5)
        return id * 10;
    return std::nullopt;
};

std::optional<failure> check(const ballot_rules& rules, std::vector<idea_id> ideas,
                             std::vector<std::int64_t> points = {}, std::optional<std::int64_t> budget = std::nullopt)
{
    return check_ballot(rules, {std::move(ideas), std::move(points)}, budget, five_ideas);
}

void check_failure(const std::optional<failure>& f, const std::string& field, errc code = errc::invalid_field)
{
    BOOST_REQUIRE(f.has_value());
    BOOST_TEST(f->code == code);
    BOOST_TEST(f->field == field);
    BOOST_TEST(!f->message.empty());
}

} // namespace

BOOST_AUTO_TEST_SUITE(ballot_rules_resolve)

BOOST_AUTO_TEST_CASE(approval_defaults_to_three_choices_counted_by_approval)
{
    const auto r = resolved(ballot_rules{}, {});
    BOOST_TEST(name_of(r.kind) == "approval");
    BOOST_TEST(r.max_choices == 3u);
    BOOST_TEST(name_of(r.method) == "approval");
    BOOST_TEST(r.points_total == 0);
    BOOST_TEST(r.max_per_idea == 0);
    BOOST_TEST(r.max_ranks == 0u);
    BOOST_TEST(r.threshold == 0);
}

BOOST_AUTO_TEST_CASE(an_approval_limit_that_is_sent_is_kept)
{
    ballot_patch p;
    p.max_choices = 7;
    BOOST_TEST(resolved(ballot_rules{}, p).max_choices == 7u);
}

BOOST_AUTO_TEST_CASE(single_always_allows_one_choice)
{
    auto p = kind("single");
    BOOST_TEST(resolved(ballot_rules{}, p).max_choices == 1u);
    p.max_choices = 5; // a single ballot names one idea whatever the request says
    const auto r = resolved(ballot_rules{}, p);
    BOOST_TEST(name_of(r.kind) == "single");
    BOOST_TEST(r.max_choices == 1u);
    BOOST_TEST(name_of(r.method) == "approval");
}

BOOST_AUTO_TEST_CASE(points_default_to_ten_points_all_of_them_on_one_idea_if_wished)
{
    const auto r = resolved(ballot_rules{}, kind("points"));
    BOOST_TEST(name_of(r.kind) == "points");
    BOOST_TEST(r.points_total == 10);
    BOOST_TEST(r.max_per_idea == 10);
    BOOST_TEST(name_of(r.method) == "points");
    BOOST_TEST(r.max_choices == 0u);
}

BOOST_AUTO_TEST_CASE(ranking_defaults_to_five_ranks_counted_by_schulze)
{
    const auto r = resolved(ballot_rules{}, kind("ranking"));
    BOOST_TEST(name_of(r.kind) == "ranking");
    BOOST_TEST(r.max_ranks == 5u);
    BOOST_TEST((r.method == count_method::schulze));
    BOOST_TEST(r.max_choices == 0u);
    BOOST_TEST(r.points_total == 0);
}

BOOST_AUTO_TEST_CASE(budget_defaults_to_a_thousand_choices_counted_greedily)
{
    const auto r = resolved(ballot_rules{}, kind("budget"), budget_of_a_city);
    BOOST_TEST(name_of(r.kind) == "budget");
    BOOST_TEST(r.max_choices == 1000u);
    BOOST_TEST((r.method == count_method::greedy));
}

BOOST_AUTO_TEST_CASE(a_budget_ballot_needs_the_challenges_budget)
{
    check_refused(fresh(kind("budget")), "budget");
    BOOST_TEST(fresh(kind("budget"), 1).ok());
}

BOOST_AUTO_TEST_CASE(pabulib_names_are_aliases_of_the_methods_challenges_offer)
{
    const auto by_file = fresh(kind_and_method("budget", "equalshares/add1"), budget_of_a_city);
    BOOST_REQUIRE(by_file.ok());
    BOOST_TEST((by_file->method == count_method::equal_shares));
    const auto by_api = fresh(kind_and_method("budget", "equal_shares"), budget_of_a_city);
    BOOST_REQUIRE(by_api.ok());
    BOOST_TEST((by_api->method == count_method::equal_shares));
    const auto comparison = fresh(kind_and_method("budget", "equalshares/add1-comparison"), budget_of_a_city);
    BOOST_REQUIRE(comparison.ok());
    BOOST_TEST((comparison->method == count_method::equal_shares_comparison));
}

BOOST_AUTO_TEST_CASE(methods_for_recounts_only_are_not_offered_to_challenges)
{
    // Plain Equal Shares (no completion) and add1e have a file name but no API name.
    check_refused(fresh(kind_and_method("budget", "equalshares"), budget_of_a_city), "ballot.method");
    check_refused(fresh(kind_and_method("budget", "equalshares/add1e"), budget_of_a_city), "ballot.method");
    check_refused(fresh(kind_and_method("ranking", "irv-split")), "ballot.method");
}

BOOST_AUTO_TEST_CASE(an_unknown_kind_is_refused_naming_ballot_kind)
{
    const auto r = fresh(kind("plurality"));
    check_refused(r, "ballot.kind");
    BOOST_TEST(r.error().message.find("'approval'") != std::string::npos); // says which kinds there are
    check_refused(fresh(kind("")), "ballot.kind");
    check_refused(fresh(kind("Approval")), "ballot.kind");
}

BOOST_AUTO_TEST_CASE(an_unknown_method_is_refused_naming_ballot_method)
{
    const auto r = fresh(kind_and_method("ranking", "dhondt"));
    check_refused(r, "ballot.method");
    BOOST_TEST(r.error().message.find("'schulze'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_method_of_another_kind_is_refused)
{
    check_refused(fresh(kind_and_method("approval", "schulze")), "ballot.method");
    check_refused(fresh(kind_and_method("ranking", "approval")), "ballot.method");
    check_refused(fresh(kind_and_method("points", "approval")), "ballot.method");
    check_refused(fresh(kind_and_method("budget", "approval"), budget_of_a_city), "ballot.method");
    // Budgeted methods need a budget ballot, even though points ballots are scores too.
    check_refused(fresh(kind_and_method("points", "greedy")), "ballot.method");
    check_refused(fresh(kind_and_method("approval", "equal_shares")), "ballot.method");
}

BOOST_AUTO_TEST_CASE(an_empty_method_means_the_kinds_default)
{
    const auto borda = resolved(ballot_rules{}, kind_and_method("ranking", "borda"));
    BOOST_TEST((borda.method == count_method::borda));
    ballot_patch p;
    p.method = "";
    BOOST_TEST((resolved(borda, p).method == count_method::schulze));
}

BOOST_AUTO_TEST_CASE(the_threshold_is_kept_only_for_greedy_threshold)
{
    auto p = kind_and_method("budget", "greedy-threshold");
    p.threshold = 50;
    const auto with = resolved(ballot_rules{}, p, budget_of_a_city);
    BOOST_TEST((with.method == count_method::greedy_threshold));
    BOOST_TEST(with.threshold == 50);

    p.method = "greedy";
    BOOST_TEST(resolved(ballot_rules{}, p, budget_of_a_city).threshold == 0);
    // Switching a threshold challenge to another method drops its threshold.
    ballot_patch to_equal_shares;
    to_equal_shares.method = "equal_shares";
    BOOST_TEST(resolved(with, to_equal_shares, budget_of_a_city).threshold == 0);

    p.method = "greedy-threshold";
    p.threshold = -1;
    check_refused(fresh(p, budget_of_a_city), "ballot.threshold");
}

BOOST_AUTO_TEST_CASE(changing_the_kind_resets_the_limits_to_the_new_kinds_defaults)
{
    ballot_patch seven;
    seven.max_choices = 7;
    const auto approval = resolved(ballot_rules{}, seven);
    BOOST_TEST(approval.max_choices == 7u);

    // The same kind sent again changes nothing.
    BOOST_TEST(resolved(approval, kind("approval")).max_choices == 7u);

    const auto ranking = resolved(approval, kind("ranking"));
    BOOST_TEST(name_of(ranking.kind) == "ranking");
    BOOST_TEST(ranking.max_ranks == 5u);
    BOOST_TEST(ranking.max_choices == 0u);
    BOOST_TEST((ranking.method == count_method::schulze));

    const auto back = resolved(ranking, kind("approval"));
    BOOST_TEST(back.max_choices == 3u); // not the 7 of before
    BOOST_TEST((back.method == count_method::approval));

    auto twenty = kind("points");
    twenty.points_total = 20;
    twenty.max_per_idea = 4;
    const auto points = resolved(back, twenty);
    const auto points_again = resolved(resolved(points, kind("approval")), kind("points"));
    BOOST_TEST(points_again.points_total == 10);
    BOOST_TEST(points_again.max_per_idea == 10);

    // A method of the old kind does not survive a change of kind.
    const auto borda = resolved(ballot_rules{}, kind_and_method("ranking", "borda"));
    BOOST_TEST((resolved(borda, kind("approval")).method == count_method::approval));
}

BOOST_AUTO_TEST_CASE(the_limits_sent_with_a_new_kind_apply_to_it)
{
    auto p = kind("points");
    p.points_total = 20;
    p.max_per_idea = 5;
    const auto r = resolved(ballot_rules{}, p);
    BOOST_TEST(r.points_total == 20);
    BOOST_TEST(r.max_per_idea == 5);
}

BOOST_AUTO_TEST_CASE(a_default_per_idea_limit_follows_a_new_points_total)
{
    const auto ten = resolved(ballot_rules{}, kind("points"));
    BOOST_REQUIRE(ten.max_per_idea == 10);

    ballot_patch twenty;
    twenty.points_total = 20;
    const auto r = resolved(ten, twenty);
    BOOST_TEST(r.points_total == 20);
    BOOST_TEST(r.max_per_idea == 20);

    ballot_patch five;
    five.points_total = 5; // 10 per idea would be more than the total
    const auto down = resolved(ten, five);
    BOOST_TEST(down.points_total == 5);
    BOOST_TEST(down.max_per_idea == 5);
}

BOOST_AUTO_TEST_CASE(a_per_idea_limit_that_was_chosen_stays_when_the_total_changes)
{
    auto p = kind("points");
    p.max_per_idea = 4;
    const auto four = resolved(ballot_rules{}, p);
    BOOST_REQUIRE(four.points_total == 10);
    BOOST_REQUIRE(four.max_per_idea == 4);

    ballot_patch twenty;
    twenty.points_total = 20;
    const auto r = resolved(four, twenty);
    BOOST_TEST(r.points_total == 20);
    BOOST_TEST(r.max_per_idea == 4);

    ballot_patch both;
    both.points_total = 30;
    both.max_per_idea = 30;
    const auto sent = resolved(four, both);
    BOOST_TEST(sent.points_total == 30);
    BOOST_TEST(sent.max_per_idea == 30);

    ballot_patch three;
    three.points_total = 3; // below the chosen 4 per idea
    check_refused(resolve(four, three, std::nullopt), "ballot.max_per_idea");
}

BOOST_AUTO_TEST_CASE(points_limits_out_of_range_are_refused_naming_the_field)
{
    auto p = kind("points");
    p.points_total = max_points_total + 1;
    check_refused(fresh(p), "ballot.points_total");
    p.points_total = -5;
    check_refused(fresh(p), "ballot.points_total");
    p.points_total = max_points_total;
    BOOST_TEST(fresh(p).ok());

    auto q = kind("points");
    q.points_total = 10;
    q.max_per_idea = 11;
    check_refused(fresh(q), "ballot.max_per_idea");
    q.max_per_idea = -1;
    check_refused(fresh(q), "ballot.max_per_idea");
}

BOOST_AUTO_TEST_CASE(choice_and_rank_limits_beyond_a_ballots_ideas_are_refused)
{
    ballot_patch many;
    many.max_choices = max_ballot_ideas + 1;
    check_refused(fresh(many), "ballot.max_choices");
    many.max_choices = max_ballot_ideas;
    BOOST_TEST(fresh(many).ok());

    auto budget = kind("budget");
    budget.max_choices = max_ballot_ideas + 1;
    check_refused(fresh(budget, budget_of_a_city), "ballot.max_choices");

    auto ranks = kind("ranking");
    ranks.max_ranks = max_ballot_ideas + 1;
    check_refused(fresh(ranks), "ballot.max_ranks");
    ranks.max_ranks = max_ballot_ideas;
    BOOST_TEST(fresh(ranks).ok());
}

BOOST_AUTO_TEST_CASE(limits_of_other_kinds_are_not_kept)
{
    ballot_patch p = kind("approval");
    p.points_total = 50;
    p.max_per_idea = 5;
    p.max_ranks = 8;
    p.threshold = 9;
    const auto r = resolved(ballot_rules{}, p);
    BOOST_TEST(r.points_total == 0);
    BOOST_TEST(r.max_per_idea == 0);
    BOOST_TEST(r.max_ranks == 0u);
    BOOST_TEST(r.threshold == 0);
    BOOST_TEST(r.max_choices == 3u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ballot_check)

BOOST_AUTO_TEST_CASE(a_ballot_within_the_rules_passes)
{
    const auto approval = resolved(ballot_rules{}, {});
    BOOST_TEST(!check(approval, {1, 2, 3}).has_value());
    BOOST_TEST(!check(approval, {}).has_value()); // an empty ballot is a valid abstention
}

BOOST_AUTO_TEST_CASE(an_idea_twice_is_refused_at_its_second_place)
{
    const auto approval = resolved(ballot_rules{}, {});
    check_failure(check(approval, {1, 2, 1}), "choices[2]");
    const auto ranking = resolved(ballot_rules{}, kind("ranking"));
    check_failure(check(ranking, {4, 4}), "ranking[1]");
}

BOOST_AUTO_TEST_CASE(more_choices_than_allowed_are_refused)
{
    const auto approval = resolved(ballot_rules{}, {});
    check_failure(check(approval, {1, 2, 3, 4}), "choices");
    const auto single = resolved(ballot_rules{}, kind("single"));
    check_failure(check(single, {1, 2}), "choices");
    BOOST_TEST(!check(single, {5}).has_value());
    ballot_patch two;
    two.max_ranks = 2;
    const auto ranking = resolved(ballot_rules{}, kind("ranking"));
    const auto ranking_two = resolved(ranking, two);
    check_failure(check(ranking_two, {1, 2, 3}), "ranking");
    BOOST_TEST(!check(ranking_two, {3, 1}).has_value());
}

BOOST_AUTO_TEST_CASE(an_idea_that_is_not_visible_is_an_unknown_idea)
{
    const auto approval = resolved(ballot_rules{}, {});
    check_failure(check(approval, {1, 2, 9}), "choices[2]", errc::unknown_idea);
    check_failure(check(approval, {0}), "choices[0]", errc::unknown_idea);
    check_failure(check(approval, {-3}), "choices[0]", errc::unknown_idea);
    const auto ranking = resolved(ballot_rules{}, kind("ranking"));
    check_failure(check(ranking, {1, 6}), "ranking[1]", errc::unknown_idea);
    const auto points = resolved(ballot_rules{}, kind("points"));
    check_failure(check(points, {2, 17}, {1, 1}), "points.17", errc::unknown_idea);
}

BOOST_AUTO_TEST_CASE(points_keep_the_total_and_the_limit_per_idea)
{
    auto p = kind("points");
    p.max_per_idea = 6;
    const auto rules = resolved(ballot_rules{}, p); // 10 points, at most 6 on one idea
    BOOST_TEST(!check(rules, {1, 2}, {6, 4}).has_value());
    BOOST_TEST(!check(rules, {1, 2}, {0, 3}).has_value());
    check_failure(check(rules, {1, 2}, {6, 5}), "points");
    check_failure(check(rules, {1, 3}, {2, 7}), "points.3");
    check_failure(check(rules, {1, 2}, {2, -1}), "points.2");
    check_failure(check(rules, {4, 4}, {1, 1}), "points.4"); // an idea twice
}

BOOST_AUTO_TEST_CASE(a_basket_over_the_budget_is_refused)
{
    const auto rules = resolved(ballot_rules{}, kind("budget"), 100);
    BOOST_TEST(!check(rules, {1, 4, 5}, {}, 100).has_value());  // 10 + 40 + 50 = 100: exactly the budget
    check_failure(check(rules, {2, 4, 5}, {}, 100), "choices"); // 110
    // An approval ballot is not a basket: costs do not matter.
    const auto approval = resolved(ballot_rules{}, {});
    BOOST_TEST(!check(approval, {3, 4, 5}, {}, 100).has_value());
}

BOOST_AUTO_TEST_CASE(the_stored_form_round_trips)
{
    const ballot_content choices{{3, 1, 2}, {}};
    BOOST_TEST(encode_ballot(choices) == "3,1,2");
    ballot_content out{{99}, {99}}; // decoding replaces what was there
    decode_ballot(encode_ballot(choices), out);
    BOOST_TEST(out.ideas == choices.ideas);
    BOOST_TEST(out.points.empty());

    const ballot_content points{{3, 1, 1234567890123}, {5, 0, 2}};
    BOOST_TEST(encode_ballot(points) == "3:5,1:0,1234567890123:2");
    decode_ballot(encode_ballot(points), out);
    BOOST_TEST(out.ideas == points.ideas);
    BOOST_TEST(out.points == points.points);

    const ballot_content empty;
    BOOST_TEST(encode_ballot(empty).empty());
    decode_ballot("", out);
    BOOST_TEST(out.ideas.empty());
    BOOST_TEST(out.points.empty());

    const ballot_content one{{42}, {}};
    decode_ballot(encode_ballot(one), out);
    BOOST_TEST(out.ideas == one.ideas);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(method_registry)

BOOST_AUTO_TEST_CASE(every_kinds_default_method_counts_that_kind)
{
    BOOST_TEST(all_kinds().size() == 5u);
    for (const auto& k : all_kinds()) {
        BOOST_TEST_CONTEXT("kind " << k.name)
        {
            BOOST_TEST(counts_kind(k.default_method, k.kind));
            BOOST_TEST(!info(k.default_method).api_name.empty());
            // And the rules of a new challenge of that kind take it.
            const auto r = fresh(kind(std::string(k.name).c_str()), budget_of_a_city);
            BOOST_REQUIRE(r.ok());
            BOOST_TEST((r->method == k.default_method));
        }
    }
}

BOOST_AUTO_TEST_CASE(every_kind_is_found_by_its_name)
{
    std::set<std::string_view> names;
    for (const auto& k : all_kinds()) {
        BOOST_TEST_CONTEXT("kind " << k.name)
        {
            const auto found = kind_named(name_of(k.kind));
            BOOST_REQUIRE(found.has_value());
            BOOST_TEST((*found == k.kind));
            BOOST_TEST((&info(k.kind) == &k));
            BOOST_TEST(names.insert(k.name).second); // names are unique
        }
    }
    BOOST_TEST(!kind_named("").has_value());
    BOOST_TEST(!kind_named("plurality").has_value());
}

BOOST_AUTO_TEST_CASE(every_method_is_found_by_its_names)
{
    std::set<std::string_view> api_names, file_names;
    for (const auto& m : all_methods()) {
        BOOST_TEST_CONTEXT("method " << m.file_name)
        {
            BOOST_TEST((&info(m.method) == &m));
            BOOST_TEST(file_names.insert(m.file_name).second);
            const auto by_file = method_from_file_name(m.file_name);
            BOOST_REQUIRE(by_file.has_value());
            BOOST_TEST((*by_file == m.method));
            if (m.api_name.empty()) {
                // Recounts only: no challenge may name it, by either name.
                BOOST_TEST(!method_named(m.file_name).has_value());
                for (const auto& k : all_kinds())
                    BOOST_TEST(!counts_kind(m.method, k.kind));
            } else {
                BOOST_TEST(api_names.insert(m.api_name).second);
                BOOST_TEST(name_of(m.method) == m.api_name);
                const auto by_api = method_named(m.api_name);
                BOOST_REQUIRE(by_api.has_value());
                BOOST_TEST((*by_api == m.method));
                const auto by_alias = method_named(m.file_name);
                BOOST_REQUIRE(by_alias.has_value());
                BOOST_TEST((*by_alias == m.method));
                // A method challenges are offered counts at least one kind.
                bool some_kind = false;
                for (const auto& k : all_kinds())
                    some_kind = some_kind || counts_kind(m.method, k.kind);
                BOOST_TEST(some_kind);
            }
        }
    }
    BOOST_TEST(!method_named("").has_value());
    BOOST_TEST(!method_from_file_name("").has_value());
    BOOST_TEST(!method_named("dhondt").has_value());
}

BOOST_AUTO_TEST_CASE(budgeted_methods_count_only_budget_ballots)
{
    for (const auto& m : all_methods())
        if (m.budgeted && !m.api_name.empty()) {
            BOOST_TEST_CONTEXT("method " << m.api_name)
            {
                BOOST_TEST(counts_kind(m.method, ballot_kind::budget));
                BOOST_TEST(!counts_kind(m.method, ballot_kind::points));
                BOOST_TEST(!counts_kind(m.method, ballot_kind::approval));
            }
        }
}

BOOST_AUTO_TEST_CASE(method_names_for_lists_a_kinds_methods)
{
    BOOST_TEST(method_names_for(ballot_kind::ranking) == "'schulze', 'borda' or 'irv'");
    BOOST_TEST(method_names_for(ballot_kind::approval) == "'approval'");
    BOOST_TEST(kind_names() == "'approval', 'single', 'points', 'ranking' or 'budget'");
}

BOOST_AUTO_TEST_SUITE_END()
