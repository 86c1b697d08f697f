#pragma once
// A use case's answer: a value, or a failure naming its code, the offending field (if any) and a
// sentence for people.

#include "engine/domain/errc.hpp"

#include <string>
#include <utility>
#include <variant>

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
class result {
public:
    result(T value) : v_(std::move(value)) {}
    result(failure f) : v_(std::move(f)) {}

    bool ok() const noexcept { return v_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }
    T& value() { return std::get<0>(v_); }
    const T& value() const { return std::get<0>(v_); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    const failure& error() const { return std::get<1>(v_); }

private:
    std::variant<T, failure> v_;
};

// For use cases with nothing to return but success.
struct done_t {};

} // namespace cabildo::engine
