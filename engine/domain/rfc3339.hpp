#pragma once
// RFC 3339 date-times (section 5.6) to and from whole UTC seconds. Fractions of a second are
// accepted and truncated: windows are kept to the second.

#include "engine/domain/clock.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace cabildo::engine {

std::optional<time_point> parse_rfc3339(std::string_view text);

// Always UTC with a `Z`, e.g. 2020-10-01T06:00:00Z.
std::string format_rfc3339(time_point t);

} // namespace cabildo::engine
