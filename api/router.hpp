#pragma once
// Turns an HTTP request into a call on one handler: parses the target with Boost.URL, matches the
// v1 routes, checks the method, authenticates the bearer key and parses the JSON body. Requests
// outside /api/ go to the web app's files.

#include "api/http_types.hpp"
#include "api/static_files.hpp"
#include "engine/clock.hpp"
#include "engine/service.hpp"

namespace cabildo::api {

class router {
public:
    // `test_clock` enables POST /api/v1/test/clock (admin only) to move the server's time; it is
    // null in production.
    router(engine::service& service, const static_files& files, engine::manual_clock* test_clock = nullptr)
        : service_(service), files_(files), test_clock_(test_clock)
    {
    }

    // Answers through `respond` exactly once, possibly from another thread.
    void handle(const request& req, responder respond) const;

private:
    engine::service& service_;
    const static_files& files_;
    engine::manual_clock* test_clock_;
};

} // namespace cabildo::api
