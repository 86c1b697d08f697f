// The counting registry (engine/counting/methods.cpp): every kind and method is named once and
// found by its name, and each method counts through the registry's entry.

#include "engine/counting/methods.hpp"
#include "engine/counting/tally.hpp"

#include "ballots/outcome.hpp"

#include <boost/test/unit_test.hpp>

#include <set>

using namespace cabildo::engine;
namespace ballots = cabildo::ballots;

BOOST_AUTO_TEST_SUITE(counting_registry)

BOOST_AUTO_TEST_CASE(every_kind_and_method_is_found_by_its_one_name)
{
    std::set<std::string_view> kinds, methods;
    for (const auto& k : all_kinds()) {
        BOOST_TEST(kinds.insert(k.name).second);
        BOOST_TEST((kind_named(k.name) == k.kind));
    }
    for (const auto& m : all_methods()) {
        if (m.api_name.empty())
            continue; // counts election files only
        BOOST_TEST(methods.insert(m.api_name).second);
        BOOST_TEST((method_named(m.api_name) == m.method));
    }
    BOOST_TEST(!kind_named("plurality"));
    BOOST_TEST(!method_named(""));
    BOOST_TEST(kind_names().find("approval") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(approval_counts_through_the_registry)
{
    const std::vector<ballots::idea_id> candidates{1, 2, 3};
    const std::vector<ballots::project> projects{};
    const auto order = ballots::lottery{{1, 0}, {2, 1}, {3, 2}};
    ballots::ballot_set approvals;
    const std::vector<ballots::idea_id> both{2, 3}, one{2};
    approvals.add(both);
    approvals.add(one);
    const ballots::scored_ballot_set scores;
    const ballots::ranking_set rankings;
    const auto counted = info(count_method::approval)
                             .count({.candidates = candidates,
                                     .projects = projects,
                                     .order = order,
                                     .approvals = approvals,
                                     .scores = scores,
                                     .rankings = rankings,
                                     .winners = 1});
    BOOST_REQUIRE_EQUAL(counted.result.ranking.size(), 3u);
    BOOST_TEST(counted.result.ranking[0].idea == 2);
    BOOST_TEST(counted.result.ranking[0].score == 2);
    BOOST_TEST(counted.result.ranking[0].winner);
    BOOST_TEST(counted.result.ballots == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
