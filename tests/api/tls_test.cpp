// HTTPS (issue 23, point 8): `cabildo serve --tls-cert --tls-key` with a certificate made at test
// time by the openssl command: a client that trusts it gets the API over TLS with HSTS; plain HTTP
// on that port and TLS 1.1 get nothing; a missing key or an unreadable certificate stop the start.

#include "tests/api/http_layer_only.hpp"
#include "tests/api/server_process.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/test/unit_test.hpp>

#include <openssl/ssl.h>

#include <cstdlib>
#include <filesystem>
#include <random>

namespace cabildo::test {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

// A self-signed certificate for 127.0.0.1 and its key, made by the openssl command in a folder of
// their own (removed with the fixture).
struct certificate {
    std::filesystem::path dir, cert, key;
    certificate()
    {
        dir = std::filesystem::temp_directory_path() / ("cabildo-tls-" + std::to_string(std::random_device{}()));
        std::filesystem::create_directories(dir);
        cert = dir / "cert.pem";
        key = dir / "key.pem";
        const auto command = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj "
                             "/CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout " +
                             key.string() + " -out " + cert.string() + " 2>/dev/null";
        BOOST_REQUIRE_MESSAGE(std::system(command.c_str()) == 0, "openssl req failed");
    }
    ~certificate()
    {
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
    }
};

struct tls_reply {
    bool handshake = false;
    int status = 0;
    std::string hsts;
    std::string body;
};

// GET `target` over TLS, trusting `ca`; `max_version` caps the client's protocol (0: none).
tls_reply get_over_tls(unsigned short port, const std::filesystem::path& ca, const std::string& target,
                       int max_version = 0)
{
    net::io_context ioc;
    net::ssl::context ctx(net::ssl::context::tls_client);
    ctx.load_verify_file(ca.string());
    ctx.set_verify_mode(net::ssl::verify_peer);
    if (max_version != 0) {
        SSL_CTX_set_security_level(ctx.native_handle(), 0); // let the client offer an old version
        SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_VERSION);
        SSL_CTX_set_max_proto_version(ctx.native_handle(), max_version);
    }
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
    beast::get_lowest_layer(stream).connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    tls_reply out;
    beast::error_code ec;
    stream.handshake(net::ssl::stream_base::client, ec);
    if (ec)
        return out;
    out.handshake = true;
    http::request<http::empty_body> req{http::verb::get, target, 11};
    req.set(http::field::host, "127.0.0.1");
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    out.status = res.result_int();
    out.hsts = std::string(res[http::field::strict_transport_security]);
    out.body = res.body();
    stream.shutdown(ec); // the server's close_notify, or the connection closed: either ends it
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(https, *boost::unit_test::precondition(cabildo::test::http_layer_only))

BOOST_AUTO_TEST_CASE(the_api_is_served_over_tls_with_hsts_and_nothing_in_clear)
{
    const certificate c;
    server_process server({"--tls-cert", c.cert.string(), "--tls-key", c.key.string()});
    const auto r = get_over_tls(server.port(), c.cert, "/api/v1/health");
    BOOST_REQUIRE(r.handshake);
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.body.find("\"ok\"") != std::string::npos, r.body);
    BOOST_TEST(r.hsts == "max-age=31536000");
    // A key sent in clear to that port reaches nothing: no HTTP answer comes back.
    const auto plain = server.raw("GET /api/v1/whoami HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer x\r\n\r\n");
    BOOST_TEST(plain.find("HTTP/1.1") == std::string::npos, plain);
    // TLS 1.1 and older are refused (RFC 8996); the server still serves after them.
    BOOST_TEST(!get_over_tls(server.port(), c.cert, "/api/v1/health", TLS1_1_VERSION).handshake);
    BOOST_TEST(get_over_tls(server.port(), c.cert, "/api/v1/health", TLS1_2_VERSION).status == 200);
}

BOOST_AUTO_TEST_CASE(a_certificate_without_its_key_or_unreadable_stops_the_start)
{
    const certificate c;
    const auto alone = server_process::run_to_exit(
        {"serve", "--port", "0", "--db", (c.dir / "a.db").string(), "--tls-cert", c.cert.string()});
    BOOST_TEST(alone.status == 2);
    BOOST_TEST(alone.err.find("--tls-cert and --tls-key go together") != std::string::npos, alone.err);
    const auto wrong = server_process::run_to_exit({"serve", "--port", "0", "--db", (c.dir / "b.db").string(),
                                                    "--tls-cert", c.key.string(), "--tls-key", c.key.string()});
    BOOST_TEST(wrong.status == 2);
    BOOST_TEST(wrong.err.find("cannot serve HTTPS") != std::string::npos, wrong.err);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace cabildo::test
