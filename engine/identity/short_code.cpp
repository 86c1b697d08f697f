#include "engine/identity/short_code.hpp"

#include "engine/identity/crypto.hpp"

#include <cctype>
#include <cstdint>

namespace cabildo::engine {

namespace {

// Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives.
constexpr std::string_view crockford_base32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

} // namespace

std::string short_code_of(std::string_view bytes, std::size_t length)
{
    std::uint64_t bits = 0;
    for (std::size_t i = 0; i < 8 && i < bytes.size(); ++i)
        bits = (bits << 8) | static_cast<unsigned char>(bytes[i]);
    std::string out;
    for (std::size_t i = 0; i < length && i < 12; ++i)
        out.push_back(crockford_base32[(bits >> (59 - 5 * i)) & 31]);
    return out;
}

std::string new_short_code(std::size_t length) { return short_code_of(random_bytes(8), length); }

std::string display_code(std::string_view canonical)
{
    std::string out;
    for (std::size_t i = 0; i < canonical.size(); ++i) {
        if (i > 0 && i % 4 == 0)
            out.push_back('-');
        out.push_back(canonical[i]);
    }
    return out;
}

std::optional<std::string> canonical_code(std::string_view typed, std::size_t length)
{
    std::string out;
    for (const char raw : typed) {
        if (raw == '-' || raw == ' ')
            continue;
        char ch = static_cast<char>(std::toupper(static_cast<unsigned char>(raw)));
        if (ch == 'I' || ch == 'L')
            ch = '1';
        else if (ch == 'O')
            ch = '0';
        if (crockford_base32.find(ch) == std::string_view::npos || out.size() == length)
            return std::nullopt;
        out.push_back(ch);
    }
    if (out.size() != length)
        return std::nullopt;
    return out;
}

} // namespace cabildo::engine
