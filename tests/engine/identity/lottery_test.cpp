#include "engine/identity/lottery.hpp"

#include "engine/identity/crypto.hpp"

#include <boost/test/unit_test.hpp>

using namespace cabildo::engine;

BOOST_AUTO_TEST_SUITE(lottery)

BOOST_AUTO_TEST_CASE(order_follows_sha256_of_seed_and_decimal_id)
{
    const std::vector<cabildo::ballots::idea_id> ids{1, 2, 3, 10, 11};
    const auto order = draw_lottery("mcc-2020", ids);
    BOOST_REQUIRE_EQUAL(order.size(), ids.size());
    // Recompute the rule independently: sort ids by the hex digest of seed + id.
    std::vector<std::pair<std::string, cabildo::ballots::idea_id>> expected;
    for (const auto id : ids)
        expected.emplace_back(to_hex(sha256("mcc-2020" + std::to_string(id))), id);
    std::sort(expected.begin(), expected.end());
    for (std::size_t i = 0; i < expected.size(); ++i)
        BOOST_TEST(order.at(expected[i].second) == i);
    BOOST_TEST(lottery_key("mcc-2020", expected.front().second) == expected.front().first);
    BOOST_TEST(lottery_key("s", 7) == to_hex(sha256("s7")));
}

BOOST_AUTO_TEST_CASE(another_seed_draws_another_order)
{
    std::vector<cabildo::ballots::idea_id> ids;
    for (int i = 1; i <= 20; ++i)
        ids.push_back(i);
    const auto a = draw_lottery("seed-a", ids);
    const auto b = draw_lottery("seed-b", ids);
    BOOST_TEST(a != b);
    BOOST_TEST(a == draw_lottery("seed-a", ids));
}

BOOST_AUTO_TEST_SUITE_END()
