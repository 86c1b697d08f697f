#pragma once
// Field checks shared by every use case; each failure names the field.

#include "engine/domain/limits.hpp"
#include "engine/domain/result.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace cabildo::engine {

// [a-z0-9-]{1,64}, as the v1 contract defines slugs.
bool is_slug(std::string_view s);
std::size_t utf8_length(std::string_view s);

std::optional<failure> check_slug(std::string_view value, const std::string& field);
// Length in characters (code points), and no control characters other than newline and tab.
std::optional<failure> check_text(std::string_view value, const std::string& field, std::size_t min, std::size_t max,
                                  bool multiline = false);
inline std::optional<failure> check_text(std::string_view value, const std::string& field, text_limit limit,
                                         bool multiline = false)
{
    return check_text(value, field, limit.min, limit.max, multiline);
}
std::optional<failure> check_timezone(std::string_view value, const std::string& field);
std::optional<failure> check_locale(std::string_view value, const std::string& field);

} // namespace cabildo::engine
