#pragma once
// Waits on the calling thread for a use case's answer. For start-up work (the demo) and tests,
// never for io threads.

#include "engine/domain/result.hpp"

#include <future>

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

} // namespace cabildo::engine
