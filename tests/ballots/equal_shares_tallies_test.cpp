// The tally cache of Equal Shares (ballots/equal_shares_tallies.*), below the count: a tally the
// cache derives along a run's path holds exactly the groups one computed in a single derivation
// from the empty set.
#include "ballots/equal_shares_instance.hpp"
#include "ballots/equal_shares_tallies.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <vector>

using namespace cabildo::ballots;
using namespace cabildo::ballots::mes_detail;

BOOST_AUTO_TEST_SUITE(equal_shares_tallies)

// Each supporter's group is kept in two bytes, so a tally of more than 65,536 groups must derive no
// other. Voter v (0 <= v < 70,000) approves P_i when bit i of v is set (17 bits), and everyone
// approves W and Z. Along the path that funds P_0 .. P_16 and then W, Z is tallied at every set:
// at the 17 P its tally has 70,000 groups (one voter each), and after W its tally must come from
// an earlier set's, never from those 70,000 groups written in two bytes each.
BOOST_AUTO_TEST_CASE(a_tally_of_more_than_65536_groups_derives_no_other)
{
    constexpr std::size_t cheap = 17;
    std::vector<project> projects;
    for (idea_id i = 0; i < static_cast<idea_id>(cheap); ++i)
        projects.push_back({1 + i, 1'000});
    projects.push_back({100, 20'000}); // W
    projects.push_back({101, 30'000}); // Z
    scored_ballot_set ballots;
    for (std::uint32_t v = 0; v < 70'000; ++v) {
        std::vector<idea_id> ideas;
        for (std::size_t i = 0; i < cheap; ++i)
            if (((v >> i) & 1U) != 0)
                ideas.push_back(static_cast<idea_id>(1 + i));
        ideas.push_back(100);
        ideas.push_back(101);
        ballots.add_approval(ideas);
    }
    const instance in = make_instance(projects, ballots, {}, mes_utility::cost);
    const std::size_t z = cheap + 1; // position, as in `projects` (W is at `cheap`)

    supporter_tallies along(in);
    std::vector<std::uint32_t> nodes{supporter_tallies::empty_set};
    std::vector<std::size_t> funded;
    for (std::size_t f = 0; f <= cheap; ++f) { // P_0 .. P_16, then W
        (void)along.tally(nodes, funded, z);
        funded.push_back(f);
        nodes.push_back(along.add(nodes.back(), f));
    }
    BOOST_TEST(along.tally(std::span(nodes).first(cheap + 1), std::span(funded).first(cheap), z).pattern.size() ==
               70'000u);
    const project_tally& derived = along.tally(nodes, funded, z);

    // The same path in a cache that tallies Z only at its end: one derivation from the empty set.
    supporter_tallies at_once(in);
    std::vector<std::uint32_t> same{supporter_tallies::empty_set};
    for (const std::size_t f : funded)
        same.push_back(at_once.add(same.back(), f));
    const project_tally& fresh = at_once.tally(same, funded, z);
    BOOST_TEST(derived.pattern.size() == fresh.pattern.size());
    BOOST_TEST(derived.voters == fresh.voters);
}

BOOST_AUTO_TEST_SUITE_END()
