#include "engine/publication/canonical_json.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
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

// A double as ECMAScript's Number.prototype.toString writes it (RFC 8785 3.2.2.3): the shortest
// digits that read back as the same double (std::to_chars gives them), placed by their decimal
// exponent n: whole up to 21 digits, a point inside or "0.000ddd" down to 1e-6, else d.ddde+n.
void write_double(double d, std::string& out)
{
    if (!std::isfinite(d))
        throw std::invalid_argument("NaN and infinity have no JSON form");
    if (d == 0) {
        out += '0'; // -0 too
        return;
    }
    if (d < 0) {
        out += '-';
        d = -d;
    }
    std::array<char, 32> buf{};
    const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), d, std::chars_format::scientific);
    (void)ec; // 32 characters hold any double's shortest scientific form
    const std::string_view sci(buf.data(), static_cast<std::size_t>(end - buf.data()));
    const auto e = sci.find('e');
    std::string digits;
    for (const char c : sci.substr(0, e))
        if (c != '.')
            digits += c;
    const int k = static_cast<int>(digits.size());
    int exponent = 0;
    std::from_chars(sci.data() + e + (sci[e + 1] == '+' ? 2 : 1), sci.data() + sci.size(), exponent);
    const int n = exponent + 1; // the decimal point sits after n digits
    if (k <= n && n <= 21) {
        out += digits;
        out.append(static_cast<std::size_t>(n - k), '0');
    } else if (0 < n && n <= 21) {
        out += digits.substr(0, static_cast<std::size_t>(n));
        out += '.';
        out += digits.substr(static_cast<std::size_t>(n));
    } else if (-6 < n && n <= 0) {
        out += "0.";
        out.append(static_cast<std::size_t>(-n), '0');
        out += digits;
    } else {
        out += digits[0];
        if (k > 1) {
            out += '.';
            out += digits.substr(1);
        }
        out += 'e';
        out += n - 1 < 0 ? '-' : '+';
        out += std::to_string(std::abs(n - 1));
    }
}

// A string as JSON.stringify writes it: printable ASCII with nothing to escape (the usual case)
// as it stands between quotes, else as nlohmann writes it (the same escapes, and its UTF-8 check).
void write_string(const std::string& text, std::string& out)
{
    if (std::all_of(text.begin(), text.end(), [](char c) {
            const auto u = static_cast<unsigned char>(c);
            return u >= 0x20 && u < 0x80 && c != '"' && c != '\\';
        })) {
        out += '"';
        out += text;
        out += '"';
        return;
    }
    out += nlohmann::json(text).dump();
}

void write(const nlohmann::json& v, std::string& out)
{
    switch (v.type()) {
    case nlohmann::json::value_t::object: {
        // nlohmann keeps members in a std::map, in byte order: for ASCII names that is already
        // the UTF-16 order (the board's entries have no other), and written as it stands.
        bool ascii = true;
        for (auto it = v.begin(); ascii && it != v.end(); ++it)
            ascii = std::none_of(it.key().begin(), it.key().end(),
                                 [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
        if (ascii) {
            out += '{';
            bool first = true;
            for (auto it = v.begin(); it != v.end(); ++it) {
                if (!first)
                    out += ',';
                first = false;
                write_string(it.key(), out);
                out += ':';
                write(it.value(), out);
            }
            out += '}';
            return;
        }
        std::vector<std::pair<std::u16string, const std::string*>> names;
        names.reserve(v.size());
        for (auto it = v.begin(); it != v.end(); ++it)
            names.emplace_back(utf16(it.key()), &it.key()); // the object's own key: stable
        std::sort(names.begin(), names.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        out += '{';
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (i > 0)
                out += ',';
            write_string(*names[i].second, out);
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
    case nlohmann::json::value_t::number_float: write_double(v.get<double>(), out); return;
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: {
        const auto text = v.dump();
        if (v.is_number_unsigned() ? v.get<std::uint64_t>() <= max_exact
                                   : (v.get<std::int64_t>() <= static_cast<std::int64_t>(max_exact) &&
                                      v.get<std::int64_t>() >= -static_cast<std::int64_t>(max_exact))) {
            out += text;
            return;
        }
        // A reader in JavaScript holds numbers as doubles. Past 2^53 - 1 a whole number is kept
        // only when it is the text ECMAScript writes for its nearest double, as a float of that
        // size is written here (2^60 as 1152921504606847000): read back, it is written the same.
        // Any other (2^53 + 1) would come back as another number.
        std::string as_double;
        write_double(v.is_number_unsigned() ? static_cast<double>(v.get<std::uint64_t>())
                                            : static_cast<double>(v.get<std::int64_t>()),
                     as_double);
        if (as_double != text)
            throw std::invalid_argument("a whole number beyond 2^53 - 1 that is not the text ECMAScript writes for its "
                                        "double has no canonical form");
        out += text;
        return;
    }
    case nlohmann::json::value_t::string: write_string(v.get_ref<const std::string&>(), out); return;
    default:
        // Strings (escaped), true, false and null: nlohmann writes them as JCS does (its
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
