#include "engine/publication/canonical_json.hpp"

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

namespace cabildo::engine {

namespace {

constexpr std::uint64_t max_exact = (std::uint64_t{1} << 53U) - 1; // JavaScript's Number.MAX_SAFE_INTEGER

// A UTF-8 string's UTF-16 code units (the string is valid UTF-8: nlohmann checked it).
std::u16string utf16(std::string_view s)
{
    std::u16string out;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1FU) : n == 3 ? (c & 0x0FU) : (c & 0x07U);
        for (std::size_t k = 1; k < n && i + k < s.size(); ++k)
            cp = (cp << 6U) | (static_cast<unsigned char>(s[i + k]) & 0x3FU);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            out += static_cast<char16_t>(0xD800 + (cp >> 10U));
            out += static_cast<char16_t>(0xDC00 + (cp & 0x3FFU));
        } else {
            out += static_cast<char16_t>(cp);
        }
        i += n;
    }
    return out;
}

void write(const nlohmann::json& v, std::string& out)
{
    switch (v.type()) {
    case nlohmann::json::value_t::object: {
        std::vector<std::pair<std::u16string, const std::string*>> names;
        names.reserve(v.size());
        for (auto it = v.begin(); it != v.end(); ++it)
            names.emplace_back(utf16(it.key()), &it.key()); // the object's own key: stable
        std::sort(names.begin(), names.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        out += '{';
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (i > 0)
                out += ',';
            out += nlohmann::json(*names[i].second).dump(); // the name, escaped as a string
            out += ':';
            write(v.at(*names[i].second), out);
        }
        out += '}';
        return;
    }
    case nlohmann::json::value_t::array: {
        out += '[';
        bool first = true;
        for (const auto& element : v) {
            if (!first)
                out += ',';
            first = false;
            write(element, out);
        }
        out += ']';
        return;
    }
    case nlohmann::json::value_t::number_float:
        throw std::invalid_argument("canonical JSON here holds whole numbers only");
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
        // A reader in JavaScript holds numbers as doubles: past 2^53 a whole number would come
        // back as another.
        if (v.is_number_unsigned() ? v.get<std::uint64_t>() > max_exact
                                   : (v.get<std::int64_t>() > static_cast<std::int64_t>(max_exact) ||
                                      v.get<std::int64_t>() < -static_cast<std::int64_t>(max_exact)))
            throw std::invalid_argument("a whole number beyond 2^53 - 1 has no exact canonical form");
        out += v.dump();
        return;
    default:
        // Strings, true, false and null: nlohmann writes them as JCS does (its
        // escapes are JSON.stringify's, in lower-case hex, and it leaves '/' and non-ASCII alone).
        out += v.dump();
    }
}

} // namespace

std::string canonical_json(const nlohmann::json& value)
{
    std::string out;
    write(value, out);
    return out;
}

} // namespace cabildo::engine
