#pragma once
// Turns an HTTP request into a call on one handler: parses the target with Boost.URL, matches the
// v1 routes, checks the method, authenticates the bearer key and parses the JSON body. Requests
// outside /api/ go to the web app's files.

#include "api/blind_relay.hpp"
#include "api/http_types.hpp"
#include "api/static_files.hpp"
#include "engine/domain/clock.hpp"
#include "engine/use_cases/service.hpp"

#include <atomic>
#include <string>
#include <vector>

namespace cabildo::api {

// One route of the v1 table, for the test that holds api/openapi.json to it: "GET",
// "/municipalities/{m}/challenges/{c}" (after /api/v1), and who may call it ("anyone", "admin",
// "organiser" or "issuer"). POST /test/clock, present only with --test-clock, is not in the table.
struct route_template {
    std::string method;
    std::string path;
    std::string access;
};
std::vector<route_template> route_templates();

// Every API answer varies with Authorization; one to a request that carried credentials, to a
// write, or an error is never stored by a cache (no-store); other public answers are revalidated
// (no-cache) unless a handler says they may be kept (published results and exports, with an
// ETag).
class router {
public:
    // `test_clock` enables POST /api/v1/test/clock (admin only) to move the server's time; it is
    // null in production.
    router(engine::service& service, const static_files& files, engine::manual_clock* test_clock = nullptr)
        : service_(service), files_(files), test_clock_(test_clock)
    {}

    // The open connections the admin's GET /api/v1/status reports; set before serving.
    void count_connections(const std::atomic<std::size_t>* connections) { connections_ = connections; }
    // The web app's address for links the server prints (cards); empty: taken from each request's Host.
    void public_url(std::string url) { public_url_ = std::move(url); }

    // Answers through `respond` exactly once, possibly from another thread.
    void handle(const request& req, responder respond) const;

private:
    void dispatch(const request& req, responder respond) const;
    std::string origin_of(const request& req) const;
    engine::service& service_;
    const static_files& files_;
    engine::manual_clock* test_clock_;
    const std::atomic<std::size_t>* connections_ = nullptr;
    std::string public_url_;
    mutable blind_relay relay_; // thread-safe: its own lock
};

} // namespace cabildo::api
