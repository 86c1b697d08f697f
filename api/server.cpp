#include "api/server.hpp"

#include "api/errors.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>

#include <vector>

namespace cabildo::api {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

namespace {

bool iequals(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// What makes a request's framing ambiguous, checked once its header is read and before any of its
// body is: a proxy in front and this server could otherwise disagree on where the body ends, and
// the rest of the body would run as a second request (request smuggling). RFC 9112 sections 3.2
// and 6.3: a Transfer-Encoding other than exactly `chunked`, Transfer-Encoding together with
// Content-Length, and an HTTP/1.1 request without exactly one Host are answered 400 and the
// connection is closed.
std::optional<std::string> framing_error(const http::request_parser<http::string_body>::value_type& req)
{
    std::size_t encodings = 0;
    const auto [first, last] = req.equal_range(http::field::transfer_encoding);
    for (auto f = first; f != last; ++f) {
        ++encodings;
        if (!iequals(f->value(), "chunked"))
            return "Transfer-Encoding must be exactly chunked, not '" + std::string(f->value()) + "'";
    }
    if (encodings > 1)
        return "Transfer-Encoding appears more than once";
    if (encodings > 0 && req.version() < 11)
        return "Transfer-Encoding is not defined for HTTP/1.0";
    if (encodings > 0 && req.count(http::field::content_length) > 0)
        return "a request may carry Transfer-Encoding or Content-Length, not both";
    if (req.version() >= 11 && req.count(http::field::host) != 1)
        return "an HTTP/1.1 request needs exactly one Host header";
    return std::nullopt;
}

} // namespace

// One connection, over TCP or over TLS (Stream: beast::tcp_stream, or beast::ssl_stream of one).
// Requests are handled one at a time: the next is read only after the previous response is
// written, which bounds the work a single connection can queue.
template <class Stream>
class server::session : public std::enable_shared_from_this<session<Stream>> {
    static constexpr bool tls = !std::is_same_v<Stream, beast::tcp_stream>;

public:
    template <class... Context>
    session(tcp::socket&& socket, const router& routes, const server_limits& limits,
            std::shared_ptr<std::atomic<std::size_t>> connections, Context&... ssl)
        : stream_(std::move(socket), ssl...), routes_(routes), limits_(limits), connections_(std::move(connections))
    {
        beast::error_code ec;
        const auto remote = tcp_layer().socket().remote_endpoint(ec);
        if (!ec)
            peer_ = remote.address().to_string();
    }
    ~session() { --*connections_; }

    void run()
    {
        net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
            if constexpr (tls) {
                // The handshake shares the request's deadline: a client that never finishes it is
                // dropped like one that never sends a request.
                self->tcp_layer().expires_after(self->limits_.read_timeout);
                self->stream_.async_handshake(net::ssl::stream_base::server, [self](beast::error_code ec) {
                    if (ec)
                        return self->close();
                    self->read();
                });
            } else {
                self->read();
            }
        });
    }

private:
    beast::tcp_stream& tcp_layer() { return beast::get_lowest_layer(stream_); }

    void read()
    {
        parser_.emplace();
        parser_->body_limit(limits_.body_bytes);
        parser_->header_limit(static_cast<std::uint32_t>(limits_.header_bytes));
        tcp_layer().expires_after(limits_.read_timeout);
        http::async_read_header(stream_, buffer_, *parser_,
                                beast::bind_front_handler(&session::on_header, this->shared_from_this()));
    }

    void on_header(beast::error_code ec, std::size_t)
    {
        if (ec)
            return on_read(ec, 0);
        if (const auto refusal = framing_error(parser_->get()))
            return send(error_response(transport_errc::malformed_request, *refusal), false);
        // The same deadline covers the whole request, body included.
        http::async_read(stream_, buffer_, *parser_,
                         beast::bind_front_handler(&session::on_read, this->shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t)
    {
        if (ec == http::error::end_of_stream) {
            if constexpr (tls)
                return close();
            beast::error_code ignored;
            tcp_layer().socket().shutdown(tcp::socket::shutdown_send, ignored);
            return close();
        }
        if (ec == beast::error::timeout || ec == net::error::operation_aborted)
            return close();
        if (ec == http::error::body_limit)
            return send(error_response(transport_errc::body_too_large,
                                       "the body is larger than " + std::to_string(limits_.body_bytes) + " bytes"),
                        false);
        if (ec == http::error::header_limit)
            return send(
                error_response(transport_errc::headers_too_large,
                               "the headers are larger than " + std::to_string(limits_.header_bytes) + " bytes"),
                false);
        if (ec) {
            if (buffer_.size() == 0 && !parser_->got_some())
                return close();
            return send(error_response(transport_errc::malformed_request, "the request is not valid HTTP/1.1"), false);
        }
        request_.emplace(parser_->release());
        keep_alive_ = request_->keep_alive();
        // The router may answer from a storage thread: hop back onto this connection's executor.
        routes_.handle(*request_, responder([self = this->shared_from_this()](responder::builder build) {
            net::post(self->stream_.get_executor(), [self, build = std::move(build)] {
                // No exception may escape an io handler: a failed builder is a 500, not a crash.
                std::optional<response> res;
                try {
                    res.emplace(build());
                } catch (const std::exception& e) {
                    spdlog::error("a response could not be built: {}", e.what());
                    res.emplace(
                        error_response(engine::errc::internal, "the response could not be built (a bug, logged)"));
                }
                self->send(std::move(*res), self->keep_alive_);
            });
        }),
                       peer_);
    }

    void send(response res, bool keep_alive)
    {
        res.version(11);
        res.keep_alive(keep_alive);
        res.set(http::field::server, "cabildo");
        res.set("X-Content-Type-Options", "nosniff");
        res.set("Referrer-Policy", "no-referrer");
        // Served over TLS, the browser is told to come back only over TLS (RFC 6797): a key or a
        // token must never cross a network in clear.
        if constexpr (tls)
            res.set(http::field::strict_transport_security, "max-age=31536000");
        response_ = std::make_shared<response>(std::move(res));
        tcp_layer().expires_after(limits_.write_timeout);
        http::async_write(stream_, *response_,
                          beast::bind_front_handler(&session::on_write, this->shared_from_this(), keep_alive));
    }

    void on_write(bool keep_alive, beast::error_code ec, std::size_t)
    {
        // An idle keep-alive connection holds no request: a body may be 1 MiB, and there may be
        // 10,000 connections.
        // (Destroyed, not assigned: a string moved from a short one keeps its capacity.)
        response_.reset();
        request_.reset();
        parser_.reset();
        if (buffer_.size() == 0)
            buffer_.shrink_to_fit();
        if (ec)
            return close();
        if (!keep_alive)
            return linger();
        read();
    }

    // Closing a socket with unread input makes the kernel send a reset, which can destroy the
    // response we just wrote (a 413 to a client still sending its body). Stop sending, then read
    // and discard what is left, bounded in bytes and time, before closing.
    void linger()
    {
        if constexpr (tls) {
            // TLS closes with its own alert; the unread rest of a body is the record layer's.
            tcp_layer().expires_after(std::chrono::seconds(2));
            stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->close(); });
            return;
        }
        beast::error_code ec;
        tcp_layer().socket().shutdown(tcp::socket::shutdown_send, ec);
        if (ec)
            return close();
        tcp_layer().expires_after(std::chrono::seconds(2));
        discard(0);
    }

    void discard(std::size_t total)
    {
        if (total > (8u << 20))
            return close();
        scratch_.resize(16 << 10);
        tcp_layer().async_read_some(net::buffer(scratch_),
                                    [self = this->shared_from_this(), total](beast::error_code ec, std::size_t n) {
                                        if (ec)
                                            return self->close();
                                        self->discard(total + n);
                                    });
    }

    void close()
    {
        beast::error_code ec;
        tcp_layer().socket().close(ec);
    }

    Stream stream_;
    beast::flat_buffer buffer_;
    const router& routes_;
    const server_limits& limits_;
    std::shared_ptr<std::atomic<std::size_t>> connections_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::optional<request> request_; // while it is being answered
    std::shared_ptr<response> response_;
    std::vector<char> scratch_;
    bool keep_alive_ = false;
    std::string peer_ = "0.0.0.0"; // the address the connection comes from, for per-client limits
};

server::server(net::io_context& ioc, const router& routes, server_limits limits, std::shared_ptr<net::ssl::context> tls)
    : ioc_(ioc)
    , routes_(routes)
    , limits_(limits)
    , acceptor_(net::make_strand(ioc))
    , retry_(acceptor_.get_executor())
    , tls_(std::move(tls))
{}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the pair `--tls-cert` and `--tls-key` name, in that order
std::shared_ptr<net::ssl::context> server::tls_context(const std::string& certificate_chain,
                                                       const std::string& private_key)
{
    auto ctx = std::make_shared<net::ssl::context>(net::ssl::context::tls_server);
    // TLS 1.2 and 1.3 only (RFC 8996 deprecates 1.0 and 1.1), with OpenSSL's default ciphers.
    ctx->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                     net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1 |
                     net::ssl::context::single_dh_use);
    ctx->use_certificate_chain_file(certificate_chain);
    ctx->use_private_key_file(private_key, net::ssl::context::pem);
    return ctx;
}

void server::listen(const std::string& address, unsigned short port)
{
    const tcp::endpoint endpoint{net::ip::make_address(address), port};
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
    port_ = acceptor_.local_endpoint().port();
    accept();
}

void server::stop_accepting()
{
    net::post(acceptor_.get_executor(), [this] {
        beast::error_code ec;
        acceptor_.close(ec);
        retry_.cancel();
    });
}

void server::accept()
{
    const auto executor = limits_.io_threads == 1 ? net::any_io_executor(ioc_.get_executor())
                                                  : net::any_io_executor(net::make_strand(ioc_));
    acceptor_.async_accept(executor, [this](beast::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted || !acceptor_.is_open())
            return;
        if (ec) {
            // Out of file descriptors (or another accept failure): retrying at once would spin.
            retry_.expires_after(std::chrono::milliseconds(100));
            retry_.async_wait([this](beast::error_code wait_ec) {
                if (!wait_ec)
                    accept();
            });
            return;
        }
        {
            if (++*connections_ > limits_.max_connections) {
                --*connections_;
                beast::error_code ignored;
                socket.close(ignored); // over the limit: refuse rather than queue without bound
            } else {
                if (tls_)
                    std::make_shared<session<beast::ssl_stream<beast::tcp_stream>>>(std::move(socket), routes_, limits_,
                                                                                    connections_, *tls_)
                        ->run();
                else
                    std::make_shared<session<beast::tcp_stream>>(std::move(socket), routes_, limits_, connections_)
                        ->run();
            }
        }
        accept();
    });
}

} // namespace cabildo::api
