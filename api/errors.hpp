#pragma once
// The one table from failure codes to HTTP statuses, and the v1 error body:
// {"error":{"code":"snake_case","message":"...","field":"..."}}. Every error response is made
// here, from an engine code (a use case refused) or a transport code (HTTP itself did).

#include "api/http_types.hpp"
#include "engine/domain/result.hpp"

#include <chrono>
#include <string_view>

namespace cabildo::api {

// Failures of HTTP itself, beside the engine's: the request never reached a use case.
enum class transport_errc {
    malformed_request,  // not valid HTTP/1.1, or smuggling-prone framing (400)
    body_too_large,     // 413
    headers_too_large,  // 431
    invalid_target,     // the request target is not a valid path (400)
    method_not_allowed, // 405, with Allow
};

http::status status_of(engine::errc code);
http::status status_of(transport_errc code);
std::string_view code_name(transport_errc code);

response error_response(const engine::failure& f);
response error_response(engine::errc code, std::string_view message, std::string_view field = {});
response error_response(transport_errc code, std::string_view message);
// 429 rate_limited whose Retry-After is the wait a client bucket (rate_limiter.hpp) named.
response rate_limited_response(std::string_view message, std::chrono::seconds wait, std::string_view field = {});

} // namespace cabildo::api
