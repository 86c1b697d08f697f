#include "engine/domain/validation.hpp"

#include <filesystem>

namespace cabildo::engine {

bool is_slug(std::string_view s)
{
    if (s.empty() || s.size() > 64)
        return false;
    for (const char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    return true;
}

std::size_t utf8_length(std::string_view s)
{
    std::size_t n = 0;
    for (const char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
            ++n;
    return n;
}

std::optional<failure> check_slug(std::string_view value, const std::string& field)
{
    if (!is_slug(value))
        return fail(errc::invalid_field, field, field + " must be 1 to 64 characters of a-z, 0-9 and -");
    return std::nullopt;
}

std::optional<failure> check_text(std::string_view value, const std::string& field, std::size_t min, std::size_t max,
                                  bool multiline)
{
    const auto n = utf8_length(value);
    if (n < min)
        return fail(errc::invalid_field, field,
                    min == 1 ? field + " must not be empty"
                             : field + " must be at least " + std::to_string(min) + " characters");
    if (n > max)
        return fail(errc::invalid_field, field, field + " must be at most " + std::to_string(max) + " characters");
    for (const char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && !(multiline && (c == '\n' || c == '\t' || c == '\r'))) || u == 0x7f)
            return fail(errc::invalid_field, field, field + " must not contain control characters");
    }
    return std::nullopt;
}

std::optional<failure> check_timezone(std::string_view value, const std::string& field)
{
    const auto bad = [&] {
        return fail(errc::invalid_field, field, field + " must be an IANA time zone such as America/Hermosillo");
    };
    if (value.empty() || value.size() > 64 || value.front() == '/' || value.find("..") != std::string_view::npos)
        return bad();
    for (const char c : value)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '_' ||
              c == '-' || c == '+'))
            return bad();
    // With the system's tz database present, the zone must be in it.
    const std::filesystem::path zoneinfo = "/usr/share/zoneinfo";
    std::error_code ec;
    if (std::filesystem::is_directory(zoneinfo, ec) && !std::filesystem::is_regular_file(zoneinfo / value, ec))
        return bad();
    return std::nullopt;
}

std::optional<failure> check_locale(std::string_view value, const std::string& field)
{
    // BCP 47 in the simple form we serve: a 2-3 letter language, optional subtags of 2-8.
    std::size_t part = 0, len = 0;
    bool ok = !value.empty() && value.size() <= 35;
    for (std::size_t i = 0; ok && i <= value.size(); ++i) {
        if (i == value.size() || value[i] == '-') {
            ok = part == 0 ? (len >= 2 && len <= 3) : (len >= 2 && len <= 8);
            ++part;
            len = 0;
        } else {
            const char c = value[i];
            ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (part > 0 && c >= '0' && c <= '9');
            ++len;
        }
    }
    if (!ok)
        return fail(errc::invalid_field, field, field + " must be a language tag such as es-MX");
    return std::nullopt;
}

} // namespace cabildo::engine
