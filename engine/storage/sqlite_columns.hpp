#pragma once
// How the SQLite repository writes times and bytes into columns, shared by its source files:
// times as whole seconds since the epoch, binary data as BLOB so it never collates as text.

#include "engine/domain/clock.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cabildo::engine::sqlite_columns {

inline std::int64_t secs(time_point t) { return t.time_since_epoch().count(); }
inline time_point at_secs(std::int64_t s) { return time_point{std::chrono::seconds{s}}; }

inline void bind_text(SQLite::Statement& s, int i, std::string_view v) { s.bind(i, std::string(v)); }
inline void bind_blob(SQLite::Statement& s, int i, std::string_view v)
{
    s.bind(i, static_cast<const void*>(v.data()), static_cast<int>(v.size()));
}
inline std::string blob(const SQLite::Column& c)
{
    return std::string(static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes()));
}
inline void bind_time(SQLite::Statement& s, int i, const std::optional<time_point>& t)
{
    if (t)
        s.bind(i, secs(*t));
    else
        s.bind(i); // NULL
}
inline std::optional<time_point> optional_time(const SQLite::Column& c)
{
    if (c.isNull())
        return std::nullopt;
    return at_secs(c.getInt64());
}

} // namespace cabildo::engine::sqlite_columns
