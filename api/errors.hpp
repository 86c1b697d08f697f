#pragma once
// The one table from engine failure codes to HTTP statuses, and the v1 error body:
// {"error":{"code":"snake_case","message":"...","field":"..."}}.

#include "api/http_types.hpp"
#include "engine/domain/result.hpp"

#include <string_view>

namespace cabildo::api {

http::status status_of(engine::errc code);
response error_response(http::status status, std::string_view code, std::string_view message,
                        std::string_view field = {});
response error_response(const engine::failure& f);

} // namespace cabildo::api
