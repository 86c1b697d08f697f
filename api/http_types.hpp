#pragma once
// The HTTP vocabulary shared by api/: Beast's request and response over string bodies, and the
// responder through which an asynchronous handler answers exactly once, from any thread.

#include <boost/beast/http.hpp>

#include <functional>

namespace cabildo::api {

namespace http = boost::beast::http;
using request = http::request<http::string_body>;
using response = http::response<http::string_body>;
using responder = std::function<void(response)>;

} // namespace cabildo::api
