#pragma once
// A use case's answer: a value, or a failure naming its code, the offending field (if any) and a
// sentence for people.

#include "ballots/value_or_error.hpp"
#include "engine/domain/errc.hpp"

#include <string>
#include <utility>

namespace cabildo::engine {

struct failure {
    errc code = errc::ok;
    std::string field; // dotted path of the offending field, empty when none applies
    std::string message;
};

inline failure fail(errc code, std::string field, std::string message)
{
    return {code, std::move(field), std::move(message)};
}

template <class T>
using result = ballots::value_or_error<T, failure>;

// For use cases with nothing to return but success.
struct done_t {};

} // namespace cabildo::engine
