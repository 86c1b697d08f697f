#pragma once
// A value, or the error that took its place: what a file parser (ballots/) and a use case
// (engine/) return, since malformed input and refused requests are expected outcomes, values
// rather than exceptions. E must differ from T, so either converts implicitly.

#include <utility>
#include <variant>

namespace cabildo::ballots {

template <class T, class E>
class value_or_error {
public:
    value_or_error(T value) : v_(std::move(value)) {}
    value_or_error(E error) : v_(std::move(error)) {}

    bool ok() const noexcept { return v_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }
    T& value() { return std::get<0>(v_); }
    const T& value() const { return std::get<0>(v_); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    const E& error() const { return std::get<1>(v_); }

private:
    std::variant<T, E> v_;
};

} // namespace cabildo::ballots
