#pragma once
// What a file parser returns: the parsed value, or the first problem found with the 1-based line
// it is on (0 when the problem is not on one line, e.g. a missing section). Malformed input is an
// expected outcome, so it is a value and never an exception.

#include <cstddef>
#include <string>
#include <utility>
#include <variant>

namespace cabildo::ballots {

struct parse_error {
    std::size_t line = 0;
    std::string message;
};

template <class T>
class parse_result {
public:
    parse_result(T value) : v_(std::move(value)) {}
    parse_result(parse_error e) : v_(std::move(e)) {}

    bool ok() const noexcept { return v_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }
    T& value() { return std::get<0>(v_); }
    const T& value() const { return std::get<0>(v_); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const parse_error& error() const { return std::get<1>(v_); }

private:
    std::variant<T, parse_error> v_;
};

inline parse_error parse_failure(std::size_t line, std::string message) { return {line, std::move(message)}; }

} // namespace cabildo::ballots
