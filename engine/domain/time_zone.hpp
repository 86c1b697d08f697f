#pragma once
// Local time in a municipality's IANA time zone, read from the system tz database
// (/usr/share/zoneinfo, TZif files, RFC 8536): libstdc++ 12 has no std::chrono::locate_zone.
// Parsed zones are cached for the life of the process; every function is thread-safe.

#include "engine/domain/clock.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace cabildo::engine {

// Whether `zone` is spelled like an IANA zone name ("America/Hermosillo", "UTC", "Etc/GMT+7"):
// ASCII letters, digits, '_', '+', '-', components separated by single '/', no "." or ".."
// component and no leading '/'. Says nothing about whether the zone exists.
bool is_zone_name(std::string_view zone);

// The offset from UTC in `zone` at instant `at`; nullopt if the zone is unknown or its file unreadable.
std::optional<std::chrono::seconds> utc_offset(std::string_view zone, time_point at);

// "15 de diciembre de 2026, 23:59 (hora local, UTC−7)" style: the local date and time in Spanish,
// with the zone's offset (people read an offset; an IANA name such as America/Hermosillo is for
// machines); nullopt if the zone is unknown or `at` is outside the years 1 to 9999.
std::optional<std::string> format_local_es(time_point at, std::string_view zone);

} // namespace cabildo::engine
