#pragma once
// Waits on the calling thread for a use case's answer. For start-up work (the demo) and tests,
// never for io threads.

#include "engine/domain/result.hpp"

#include <future>
#include <stdexcept>
#include <string>

namespace cabildo::engine {

// `start` receives the callback to pass to a service method.
template <class T, class F>
result<T> await_result(F&& start)
{
    std::promise<result<T>> p;
    auto f = p.get_future();
    start([&p](result<T> r) { p.set_value(std::move(r)); });
    return f.get();
}

// For start-up work (the demo's seed): the value, or std::runtime_error naming `step` and why it
// was refused.
template <class T>
T value_or_throw(result<T> r, const std::string& step)
{
    if (!r.ok())
        throw std::runtime_error(step + ": " + r.error().message);
    return std::move(r.value());
}

} // namespace cabildo::engine
