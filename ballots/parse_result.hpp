#pragma once
// What a file parser returns: the parsed value, or the first problem found with the 1-based line
// it is on (0 when the problem is not on one line, e.g. a missing section). Malformed input is an
// expected outcome, so it is a value and never an exception.

#include "ballots/value_or_error.hpp"

#include <cstddef>
#include <string>
#include <utility>

namespace cabildo::ballots {

struct parse_error {
    std::size_t line = 0;
    std::string message;
};

template <class T>
using parse_result = value_or_error<T, parse_error>;

inline parse_error parse_failure(std::size_t line, std::string message) { return {line, std::move(message)}; }

} // namespace cabildo::ballots
