#pragma once
// A small arbitrary-precision unsigned integer, just enough for exact Method of Equal Shares
// arithmetic: sums, differences, products with machine words and comparisons of money amounts
// kept over one common (growing) denominator. Little-endian 64-bit limbs, no leading zero limbs.

#include <compare>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace cabildo::ballots {

using uint128 = unsigned __int128;

class big_uint {
public:
    big_uint() = default;
    big_uint(uint128 value); // NOLINT(google-explicit-constructor): a widening conversion

    bool is_zero() const { return limbs_.empty(); }

    big_uint& operator+=(const big_uint& rhs);
    big_uint& operator-=(const big_uint& rhs); // precondition: *this >= rhs
    big_uint& operator*=(std::uint64_t factor);
    big_uint& operator*=(uint128 factor);

    friend big_uint operator+(big_uint lhs, const big_uint& rhs) { return lhs += rhs; }
    friend big_uint operator-(big_uint lhs, const big_uint& rhs) { return lhs -= rhs; }
    friend big_uint operator*(big_uint lhs, std::uint64_t rhs) { return lhs *= rhs; }
    friend big_uint operator*(big_uint lhs, uint128 rhs) { return lhs *= rhs; }
    friend big_uint operator*(const big_uint& lhs, const big_uint& rhs);

    friend std::strong_ordering operator<=>(const big_uint& a, const big_uint& b);
    friend bool operator==(const big_uint& a, const big_uint& b) { return a.limbs_ == b.limbs_; }

    // The value as mantissa * 2^exponent with the mantissa in [0.5, 1) (0, 0 for zero), so
    // ratios of huge values can be approximated without overflowing a double.
    double mantissa(int& exponent) const;

    std::string to_string() const; // decimal

private:
    void trim();

    std::vector<std::uint64_t> limbs_;
};

// a / b as a double (b > 0); exact inputs, rounded result.
double approximate_ratio(const big_uint& a, const big_uint& b);

} // namespace cabildo::ballots
