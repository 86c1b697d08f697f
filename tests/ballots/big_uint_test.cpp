#include "ballots/big_uint.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <random>

using namespace cabildo::ballots;

BOOST_AUTO_TEST_SUITE(big_uint_suite)

BOOST_AUTO_TEST_CASE(arithmetic_agrees_with_128_bit_integers)
{
    std::mt19937_64 rng(7);
    for (int i = 0; i < 2000; ++i) {
        const uint128 a = rng() >> (rng() % 64);
        const uint128 b = rng() >> (rng() % 64);
        const std::uint64_t f = rng() >> 34;
        BOOST_TEST((big_uint(a) + big_uint(b) == big_uint(a + b)));
        BOOST_TEST((big_uint(a) * f == big_uint(a * f)));
        if (a >= b)
            BOOST_TEST((big_uint(a) - big_uint(b) == big_uint(a - b)));
        BOOST_TEST(((big_uint(a) <=> big_uint(b)) == (a <=> b)));
    }
}

BOOST_AUTO_TEST_CASE(large_products_print_and_compare)
{
    // 2^64 - 1 squared, then times 10^19: checked against the decimal expansion.
    const big_uint m = big_uint(uint128{~0ULL});
    const big_uint sq = m * m;
    BOOST_TEST(sq.to_string() == "340282366920938463426481119284349108225");
    BOOST_TEST((sq * std::uint64_t{10'000'000'000'000'000'000ULL}).to_string() ==
               "3402823669209384634264811192843491082250000000000000000000");
    const uint128 f = (uint128{3} << 64) + 5;
    BOOST_TEST((sq * f == sq * big_uint(f)));
    BOOST_TEST((sq > m));
    BOOST_TEST(big_uint().is_zero());
    BOOST_TEST(big_uint().to_string() == "0");
    BOOST_TEST((sq - sq).is_zero());
}

BOOST_AUTO_TEST_CASE(ratios_of_huge_values_stay_finite)
{
    big_uint a = big_uint(uint128{3});
    big_uint b = big_uint(uint128{2});
    for (int i = 0; i < 40; ++i) { // both far beyond a double's range
        a *= std::uint64_t{1} << 62;
        b *= std::uint64_t{1} << 62;
    }
    BOOST_TEST(std::abs(approximate_ratio(a, b) - 1.5) < 1e-12);
    BOOST_TEST(approximate_ratio(big_uint(uint128{1}), big_uint(uint128{4})) == 0.25);
}

BOOST_AUTO_TEST_SUITE_END()
