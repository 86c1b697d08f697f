#pragma once
// How the server's log lines are written (issue 23, point 5): plain (spdlog's default pattern, for
// a person at a terminal) or JSON lines (`--log-format json`: {"time","level","logger","message"},
// the message escaped as a JSON string, for a log collector). Either way the log holds no token, key
// or identity reference: handlers log methods, paths and request ids, never bodies or headers.

#include <optional>
#include <string>
#include <string_view>

namespace cabildo::app {

enum class log_format { plain, json };
std::optional<log_format> log_format_named(std::string_view name);

// Sets up the default logger (stderr) in that format.
void start_logging(log_format format);

} // namespace cabildo::app
