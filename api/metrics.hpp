#pragma once
// What an operator watches on the night of a vote (issue 23, point 5), in the Prometheus text
// exposition format (version 0.0.4): requests by route and status, latency histograms by route,
// ballots cast and replaced, tokens issued, and the store's queues and commits with the open
// connections, read at scrape time. Counting is lock-free (one set of atomics per route), so a
// ballot pays a few increments for it. Routes are named by their template ("PUT
// /municipalities/{m}/challenges/{c}/ballot"), never by a path: no slug, id or token is a label.

#include "engine/storage/store.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cabildo::api {

class metrics {
public:
    // `routes`: the names of the route table's routes, in its order; two more are added, for the
    // web app's files and for requests no route matched.
    explicit metrics(std::vector<std::string> routes);

    std::size_t files_route() const { return names_.size() - 2; }
    std::size_t unmatched_route() const { return names_.size() - 1; }

    void observe(std::size_t route, unsigned status, std::chrono::steady_clock::duration took);
    void ballot_cast(bool replaced);
    void tokens_issued(std::size_t n);

    // The exposition, with the gauges read now.
    std::string exposition(const engine::store_load& load, std::size_t connections) const;

    // The latency buckets' upper bounds, in seconds.
    static constexpr std::array<double, 12> buckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                    0.1,   0.25,   0.5,   1,    2.5,   10};
    // The statuses counted one by one; any other is counted as "other".
    static constexpr std::array<unsigned, 17> statuses{200, 201, 204, 304, 400, 401, 403, 404, 405,
                                                       409, 413, 429, 431, 500, 503, 101, 0};

private:
    struct route_stats {
        std::array<std::atomic<std::uint64_t>, statuses.size()> by_status{};
        std::array<std::atomic<std::uint64_t>, buckets.size() + 1> latency{}; // the last: +Inf
        std::atomic<std::uint64_t> micros{0};
    };
    std::vector<std::string> names_;
    std::unique_ptr<route_stats[]> stats_;
    std::atomic<std::uint64_t> ballots_{0}, replaced_{0}, tokens_{0};
};

} // namespace cabildo::api
