#pragma once
// The HTTP vocabulary shared by api/: Beast's request and response over string bodies, and the
// responder through which an asynchronous handler answers exactly once, from any thread.

#include <boost/beast/http.hpp>

#include <functional>
#include <memory>

namespace cabildo::api {

namespace http = boost::beast::http;
using request = http::request<http::string_body>;
using response = http::response<http::string_body>;
// Answers a request exactly once, from any thread. later() hands over a builder that runs on
// the connection's strand, so a large body is never built on a storage thread.
class responder {
public:
    using builder = std::function<response()>;

    responder() = default;
    explicit responder(std::function<void(builder)> post) : post_(std::move(post)) {}

    void operator()(response res) const
    {
        post_([res = std::make_shared<response>(std::move(res))] { return std::move(*res); });
    }
    void later(builder b) const { post_(std::move(b)); }

private:
    std::function<void(builder)> post_;
};

} // namespace cabildo::api
