#pragma once
// Small text helpers the file parsers share: walking lines with their numbers, splitting
// separated fields without copying, and strict integer and decimal parsing (no locale, no
// exceptions, no regex: a 3 MB pabulib file parses in milliseconds).

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace cabildo::ballots::text {

inline std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// `s` in single quotes, for error messages. Built by appends: GCC 12 at -O3 warns (-Wrestrict, a
// false positive) on the equivalent chain of operator+.
inline std::string quoted(std::string_view s)
{
    std::string out;
    out.reserve(s.size() + 2);
    out.push_back('\'');
    out.append(s);
    out.push_back('\'');
    return out;
}

// The position of the first `c` in `s`, or s.size(): memchr, which reads many bytes at a time.
inline std::size_t position_of_byte(std::string_view s, char c)
{
    if (s.empty())
        return 0;
    const void* at = std::memchr(s.data(), c, s.size());
    return at == nullptr ? s.size() : static_cast<std::size_t>(static_cast<const char*>(at) - s.data());
}

// Yields the lines of a text with their 1-based numbers; "\n", "\r\n" and "\r" all end a line,
// and a UTF-8 byte order mark at the start is skipped.
class line_reader {
public:
    explicit line_reader(std::string_view text) : rest_(text)
    {
        if (rest_.starts_with("\xEF\xBB\xBF"))
            rest_.remove_prefix(3);
    }

    bool next(std::string_view& line)
    {
        if (rest_.empty())
            return false;
        // The first '\n' or '\r': memchr for each (find_first_of would call memchr once per
        // character), the '\r' only before the '\n'.
        std::size_t end = position_of_byte(rest_, '\n');
        end = position_of_byte(rest_.substr(0, end), '\r');
        line = rest_.substr(0, end);
        if (end == rest_.size()) {
            rest_ = {};
        } else {
            const std::size_t skip = rest_[end] == '\r' && end + 1 < rest_.size() && rest_[end + 1] == '\n' ? 2 : 1;
            rest_.remove_prefix(end + skip);
        }
        ++number_;
        return true;
    }

    std::size_t number() const { return number_; }

private:
    std::string_view rest_;
    std::size_t number_ = 0;
};

// Splits on `sep`, trimming each field. A field that starts with `"` runs to the matching
// closing quote (a doubled `""` inside stands for one quote); such fields are unquoted into
// `storage`, which must outlive the views. Returns false on an unterminated quote.
// The position of `c` in `s` from `from`, or s.size(); a loop, cheaper than find() on the
// short fields these files have.
inline std::size_t position_of(std::string_view s, char c, std::size_t from)
{
    while (from < s.size() && s[from] != c)
        ++from;
    return from;
}

inline bool split(std::string_view line, char sep, std::vector<std::string_view>& out,
                  std::vector<std::string>& storage)
{
    out.clear();
    storage.clear();
    if (position_of(line, '"', 0) == line.size()) {
        std::size_t start = 0;
        for (;;) {
            const std::size_t end = position_of(line, sep, start);
            out.push_back(trim(line.substr(start, end - start)));
            if (end == line.size())
                return true;
            start = end + 1;
        }
    }
    storage.reserve(line.size()); // views into storage must not move
    std::size_t i = 0;
    for (;;) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        if (i < line.size() && line[i] == '"') {
            std::string value;
            ++i;
            for (;;) {
                if (i >= line.size())
                    return false;
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        value.push_back('"');
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                value.push_back(line[i++]);
            }
            while (i < line.size() && line[i] != sep)
                ++i; // anything after the closing quote is dropped
            storage.push_back(std::move(value));
            out.push_back(storage.back());
        } else {
            const std::size_t end = line.find(sep, i);
            out.push_back(trim(line.substr(i, end == std::string_view::npos ? end : end - i)));
            i = end == std::string_view::npos ? line.size() : end;
        }
        if (i >= line.size())
            return true;
        ++i; // the separator
    }
}

// A whole field as a (possibly signed) integer.
inline bool parse_int(std::string_view s, std::int64_t& value)
{
    s = trim(s);
    if (s.starts_with('+'))
        s.remove_prefix(1);
    if (s.empty())
        return false;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    return ec == std::errc{} && ptr == s.data() + s.size();
}

// A non-negative decimal "123", "123.45" or "123.": digits and the count of digits after the
// point (at most 9, trailing zeros dropped), as an exact integer mantissa.
struct decimal {
    std::int64_t mantissa = 0;
    int decimals = 0;
};

inline bool parse_decimal(std::string_view s, decimal& out)
{
    s = trim(s);
    const std::size_t dot = s.find('.');
    std::string_view whole = s.substr(0, dot);
    std::string_view frac = dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
    while (!frac.empty() && frac.back() == '0')
        frac.remove_suffix(1);
    if (whole.empty() || frac.size() > 9)
        return false;
    for (const char c : whole)
        if (c < '0' || c > '9')
            return false;
    for (const char c : frac)
        if (c < '0' || c > '9')
            return false;
    std::int64_t value = 0;
    for (const char c : whole) {
        if (value > (INT64_MAX - 9) / 10)
            return false;
        value = value * 10 + (c - '0');
    }
    for (const char c : frac) {
        if (value > (INT64_MAX - 9) / 10)
            return false;
        value = value * 10 + (c - '0');
    }
    out = {value, static_cast<int>(frac.size())};
    return true;
}

} // namespace cabildo::ballots::text
