#pragma once
// Turns an HTTP request into a call on one handler: parses the target with Boost.URL, matches the
// v1 routes, checks the method, authenticates the bearer key and parses the JSON body. Requests
// outside /api/ go to the web app's files.

#include "api/http_types.hpp"
#include "api/metrics.hpp"
#include "api/rate_limiter.hpp"
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
    router(engine::service& service, const static_files& files, engine::manual_clock* test_clock = nullptr);

    // GET /metrics (metrics.hpp) answers the admin key, and a key whose SHA-256 is this one
    // (CABILDO_METRICS_KEY: a scraper's, which opens nothing else).
    void metrics_key_hash(std::string sha256) { metrics_key_hash_ = std::move(sha256); }
    const api::metrics& counters() const { return metrics_; }

    // The open connections the admin's GET /api/v1/status reports; set before serving.
    void count_connections(const std::atomic<std::size_t>* connections) { connections_ = connections; }
    // The web app's address for links the server prints (cards); empty: taken from each request's Host.
    void public_url(std::string url) { public_url_ = std::move(url); }
    // Behind a reverse proxy every connection comes from the proxy: the client is then the last
    // address its X-Forwarded-For names (only for a proxy that always sets it).
    void trust_forwarded_for(bool trust) { forwarded_for_ = trust; }

    // Answers through `respond` exactly once, possibly from another thread. `peer` is the address
    // the connection comes from.
    void handle(const request& req, responder respond, std::string_view peer = "127.0.0.1") const;

    // The token buckets (rate_limiter.hpp) on requests for tokens, ideas and ballots per client
    // address, and on one token's replaced ballots; set before serving. They count clients: a
    // connection from this machine's loopback is the operator's own tools, or a reverse proxy
    // whose clients only X-Forwarded-For tells apart, so without trust_forwarded_for none of them
    // applies to it (one proxy's address counted as one client would throttle the whole city).
    void limits(const client_limits& l);

    // Per client address, in this process (rate_limiter.hpp): blind-token requests a client opens
    // in a challenge, and card codes it types wrong.
    static constexpr std::size_t relay_opens_allowed = 60;
    static constexpr std::size_t wrong_codes_allowed = 60;
    static constexpr auto limit_window = std::chrono::minutes(10);

private:
    // Sets `counted_as` to the route metrics counts the request under, once it is known.
    // `limited`: whether the client buckets apply to this client.
    void dispatch(const request& req, responder respond, std::string client, bool limited,
                  std::size_t& counted_as) const;
    token_buckets& buckets(limited_act a) const;
    void serve_metrics(const request& req, const responder& respond) const;
    std::string origin_of(const request& req) const;
    engine::service& service_;
    const static_files& files_;
    engine::manual_clock* test_clock_;
    const std::atomic<std::size_t>* connections_ = nullptr;
    std::string public_url_;
    bool forwarded_for_ = false;
    mutable rate_limiter relay_opens_{relay_opens_allowed, limit_window};
    mutable rate_limiter wrong_codes_{wrong_codes_allowed, limit_window};
    mutable token_buckets issuance_{client_limits{}.issuance};
    mutable token_buckets ideas_{client_limits{}.ideas};
    mutable token_buckets ballots_{client_limits{}.ballots};
    mutable token_buckets replacements_{client_limits{}.replacements};
    mutable api::metrics metrics_;
    std::string metrics_key_hash_;
    std::string request_id_prefix_; // random, per process
    mutable std::atomic<std::uint64_t> next_request_id_{0};
};

} // namespace cabildo::api
