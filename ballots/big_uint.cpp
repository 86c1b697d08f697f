#include "ballots/big_uint.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace cabildo::ballots {

big_uint::big_uint(uint128 value)
{
    while (value != 0) {
        limbs_.push_back(static_cast<std::uint64_t>(value));
        value >>= 64;
    }
}

void big_uint::trim()
{
    while (!limbs_.empty() && limbs_.back() == 0)
        limbs_.pop_back();
}

big_uint& big_uint::operator+=(const big_uint& rhs)
{
    if (limbs_.size() < rhs.limbs_.size())
        limbs_.resize(rhs.limbs_.size(), 0);
    uint128 carry = 0;
    for (std::size_t i = 0; i < limbs_.size(); ++i) {
        const uint128 sum = uint128{limbs_[i]} + (i < rhs.limbs_.size() ? rhs.limbs_[i] : 0) + carry;
        limbs_[i] = static_cast<std::uint64_t>(sum);
        carry = sum >> 64;
        if (carry == 0 && i >= rhs.limbs_.size())
            break;
    }
    if (carry != 0)
        limbs_.push_back(static_cast<std::uint64_t>(carry));
    return *this;
}

big_uint& big_uint::operator-=(const big_uint& rhs)
{
    assert(*this >= rhs);
    std::uint64_t borrow = 0;
    for (std::size_t i = 0; i < limbs_.size(); ++i) {
        const std::uint64_t r = i < rhs.limbs_.size() ? rhs.limbs_[i] : 0;
        if (r == 0 && borrow == 0 && i >= rhs.limbs_.size())
            break;
        const std::uint64_t d = limbs_[i] - r - borrow;
        borrow = (limbs_[i] < r || (limbs_[i] == r && borrow != 0)) ? 1 : 0;
        limbs_[i] = d;
    }
    trim();
    return *this;
}

big_uint& big_uint::operator*=(std::uint64_t factor)
{
    if (factor == 0) {
        limbs_.clear();
        return *this;
    }
    uint128 carry = 0;
    for (auto& limb : limbs_) {
        const uint128 p = uint128{limb} * factor + carry;
        limb = static_cast<std::uint64_t>(p);
        carry = p >> 64;
    }
    if (carry != 0)
        limbs_.push_back(static_cast<std::uint64_t>(carry));
    return *this;
}

big_uint& big_uint::operator*=(uint128 factor)
{
    const auto high = static_cast<std::uint64_t>(factor >> 64);
    if (high == 0)
        return *this *= static_cast<std::uint64_t>(factor);
    big_uint upper = *this;
    upper *= high;
    upper.limbs_.insert(upper.limbs_.begin(), 0); // * 2^64
    *this *= static_cast<std::uint64_t>(factor);
    *this += upper;
    return *this;
}

big_uint operator*(const big_uint& lhs, const big_uint& rhs)
{
    big_uint out;
    if (lhs.is_zero() || rhs.is_zero())
        return out;
    out.limbs_.assign(lhs.limbs_.size() + rhs.limbs_.size(), 0);
    for (std::size_t i = 0; i < lhs.limbs_.size(); ++i) {
        uint128 carry = 0;
        for (std::size_t j = 0; j < rhs.limbs_.size(); ++j) {
            const uint128 p = uint128{lhs.limbs_[i]} * rhs.limbs_[j] + out.limbs_[i + j] + carry;
            out.limbs_[i + j] = static_cast<std::uint64_t>(p);
            carry = p >> 64;
        }
        out.limbs_[i + rhs.limbs_.size()] = static_cast<std::uint64_t>(carry);
    }
    out.trim();
    return out;
}

std::strong_ordering operator<=>(const big_uint& a, const big_uint& b)
{
    if (a.limbs_.size() != b.limbs_.size())
        return a.limbs_.size() <=> b.limbs_.size();
    for (std::size_t i = a.limbs_.size(); i-- > 0;)
        if (a.limbs_[i] != b.limbs_[i])
            return a.limbs_[i] <=> b.limbs_[i];
    return std::strong_ordering::equal;
}

double big_uint::mantissa(int& exponent) const
{
    if (limbs_.empty()) {
        exponent = 0;
        return 0.0;
    }
    // The top 128 bits carry far more precision than a double keeps.
    const std::size_t n = limbs_.size();
    double top = static_cast<double>(limbs_[n - 1]);
    std::size_t below = n - 1; // limbs under the ones folded into `top`
    if (n >= 2) {
        top = std::ldexp(top, 64) + static_cast<double>(limbs_[n - 2]);
        below = n - 2;
    }
    int e = 0;
    const double m = std::frexp(top, &e);
    exponent = e + static_cast<int>(64 * below);
    return m;
}

std::string big_uint::to_string() const
{
    if (limbs_.empty())
        return "0";
    std::vector<std::uint64_t> work = limbs_;
    std::string digits;
    constexpr std::uint64_t chunk = 10'000'000'000'000'000'000ULL; // 10^19
    while (!work.empty()) {
        uint128 rem = 0;
        for (std::size_t i = work.size(); i-- > 0;) {
            const uint128 cur = (rem << 64) | work[i];
            work[i] = static_cast<std::uint64_t>(cur / chunk);
            rem = cur % chunk;
        }
        while (!work.empty() && work.back() == 0)
            work.pop_back();
        auto part = static_cast<std::uint64_t>(rem);
        for (int k = 0; k < 19; ++k) {
            digits.push_back(static_cast<char>('0' + part % 10));
            part /= 10;
            if (work.empty() && part == 0)
                break;
        }
    }
    while (digits.size() > 1 && digits.back() == '0')
        digits.pop_back();
    std::reverse(digits.begin(), digits.end());
    return digits;
}

double approximate_ratio(const big_uint& a, const big_uint& b)
{
    int ea = 0;
    int eb = 0;
    const double ma = a.mantissa(ea);
    const double mb = b.mantissa(eb);
    return mb == 0.0 ? 0.0 : std::ldexp(ma / mb, ea - eb);
}

} // namespace cabildo::ballots
