#include "api/errors.hpp"

#include <nlohmann/json.hpp>

namespace cabildo::api {

http::status status_of(engine::errc code)
{
    using engine::errc;
    switch (code) {
    case errc::ok: return http::status::ok;
    case errc::invalid_field: return http::status::bad_request;
    case errc::unknown_idea: return http::status::bad_request;
    case errc::unauthorized: return http::status::unauthorized;
    case errc::invalid_token: return http::status::unauthorized;
    case errc::token_expired: return http::status::unauthorized;
    case errc::token_revoked: return http::status::unauthorized;
    case errc::forbidden: return http::status::forbidden;
    case errc::limit_reached: return http::status::forbidden;
    case errc::challenge_full: return http::status::conflict;
    case errc::too_many_ballots: return http::status::too_many_requests;
    case errc::too_many_responses: return http::status::too_many_requests;
    case errc::rate_limited: return http::status::too_many_requests;
    case errc::not_found: return http::status::not_found;
    case errc::phase_not_open: return http::status::conflict;
    case errc::phase_closed: return http::status::conflict;
    case errc::slug_taken: return http::status::conflict;
    case errc::already_issued: return http::status::conflict;
    case errc::timeline_locked: return http::status::conflict;
    case errc::wrong_status: return http::status::conflict;
    case errc::already_voted: return http::status::conflict;
    case errc::act_closed: return http::status::conflict;
    case errc::busy: return http::status::service_unavailable;
    case errc::overloaded: return http::status::service_unavailable;
    case errc::storage_failure: return http::status::service_unavailable;
    case errc::storage_unavailable: return http::status::service_unavailable;
    case errc::shutting_down: return http::status::service_unavailable;
    case errc::internal: return http::status::internal_server_error;
    }
    return http::status::internal_server_error;
}

namespace {

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): every caller writes an errc through its name table
response error_body(http::status status, std::string_view code, std::string_view message, std::string_view field)
{
    nlohmann::json err{{"code", code}, {"message", message}};
    if (!field.empty())
        err["field"] = field;
    response res{status, 11};
    res.set(http::field::content_type, "application/json; charset=utf-8");
    res.body() = nlohmann::json{{"error", err}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (status == http::status::unauthorized)
        res.set(http::field::www_authenticate, "Bearer");
    // A limit that passes with time, or a server that cannot take the request now: when to try again
    // (a database that restarts or fails over is back within seconds).
    // An overloaded queue drains in well under a second at the server's rate.
    if (code == "storage_unavailable")
        res.set(http::field::retry_after, "5");
    else if (code == "overloaded")
        res.set(http::field::retry_after, "1");
    else if (status == http::status::too_many_requests || status == http::status::service_unavailable)
        res.set(http::field::retry_after, "60");
    res.prepare_payload();
    return res;
}

} // namespace

response rate_limited_response(std::string_view message, std::chrono::seconds wait, std::string_view field)
{
    auto res = error_response(engine::errc::rate_limited,
                              std::string(message) + ": try again in " + std::to_string(wait.count()) +
                                  (wait.count() == 1 ? " second" : " seconds"),
                              field);
    res.set(http::field::retry_after, std::to_string(wait.count()));
    return res;
}

http::status status_of(transport_errc code)
{
    switch (code) {
    case transport_errc::malformed_request: return http::status::bad_request;
    case transport_errc::body_too_large: return http::status::payload_too_large;
    case transport_errc::headers_too_large: return http::status::request_header_fields_too_large;
    case transport_errc::invalid_target: return http::status::bad_request;
    case transport_errc::method_not_allowed: return http::status::method_not_allowed;
    }
    return http::status::bad_request;
}

std::string_view code_name(transport_errc code)
{
    switch (code) {
    case transport_errc::malformed_request: return "malformed_request";
    case transport_errc::body_too_large: return "body_too_large";
    case transport_errc::headers_too_large: return "headers_too_large";
    case transport_errc::invalid_target: return "invalid_target";
    case transport_errc::method_not_allowed: return "method_not_allowed";
    }
    return "malformed_request";
}

response error_response(engine::errc code, std::string_view message, std::string_view field)
{
    return error_body(status_of(code), engine::code_name(code), message, field);
}

response error_response(transport_errc code, std::string_view message)
{
    return error_body(status_of(code), code_name(code), message, {});
}

response error_response(const engine::failure& f) { return error_response(f.code, f.message, f.field); }

} // namespace cabildo::api
