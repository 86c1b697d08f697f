#pragma once
// The HTTP/1.1 transport (Boost.Beast on Asio), over TCP or TLS (Beast's OpenSSL stream): a
// listener and one session per connection, with bounded bodies, headers, connections and time. It knows nothing about
// voting: every request goes to the router.

#include "api/router.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

namespace cabildo::api {

struct server_limits {
    std::size_t body_bytes = 1 << 20;
    std::size_t header_bytes = 16 << 10;
    std::chrono::seconds read_timeout{30}; // a whole request, headers and body, and keep-alive idling
    std::chrono::seconds write_timeout{30};
    std::size_t max_connections = 10000;
    // The threads running the io_context. With one, a connection's handlers run on the io_context's
    // own executor, which that one thread already runs one at a time; with several (or 0: unknown),
    // each connection has its own strand. A strand costs a lock and a queue on every hop.
    unsigned io_threads = 0;
};

class server {
public:
    // With `tls`, every connection is HTTPS (TLS 1.2 or 1.3) and answers carry HSTS.
    server(boost::asio::io_context& ioc, const router& routes, server_limits limits,
           std::shared_ptr<boost::asio::ssl::context> tls = nullptr);
    // A TLS context of a PEM certificate chain and its private key; throws naming what fails to load.
    static std::shared_ptr<boost::asio::ssl::context> tls_context(const std::string& certificate_chain,
                                                                  const std::string& private_key);

    // Binds and starts accepting; throws if the address cannot be bound. Port 0 picks a free port.
    void listen(const std::string& address, unsigned short port);
    unsigned short port() const { return port_; }
    // Stops accepting new connections; open ones finish their current exchange.
    void stop_accepting();
    // Open connections, for the admin's status.
    const std::atomic<std::size_t>* connections() const { return connections_.get(); }

private:
    template <class Stream>
    class session;
    void accept();

    boost::asio::io_context& ioc_;
    const router& routes_;
    server_limits limits_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::steady_timer retry_;
    std::shared_ptr<boost::asio::ssl::context> tls_;
    unsigned short port_ = 0;
    std::shared_ptr<std::atomic<std::size_t>> connections_ = std::make_shared<std::atomic<std::size_t>>(0);
};

} // namespace cabildo::api
