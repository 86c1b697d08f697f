#pragma once
// Numbered schema migrations; migration i moves PRAGMA user_version from i to i + 1.

#include <span>
#include <string_view>

namespace cabildo::engine {

std::span<const std::string_view> schema_migrations();

} // namespace cabildo::engine
