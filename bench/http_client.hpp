#pragma once
// The HTTP client the benches that drive a server over loopback share (night.cpp, overload.cpp,
// cast_ballots.cpp, tables.cpp): requests on Beast's coroutines, keep-alive connections, a bounded
// run of spawned clients, the bench's challenge, and the figures' arithmetic (percentiles, a
// process's memory, a Prometheus sample). Every wait has a deadline: a server that stops answering
// ends the bench instead of hanging it.

#include "bench/test_server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <exception>
#include <fstream>
#include <map>
#include <optional>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include <sys/types.h>

namespace cabildo::bench {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using json = nlohmann::json;
using clock_type = std::chrono::steady_clock;

// Every wait is bounded: a server that stops answering ends the bench instead of hanging it.
inline constexpr auto request_deadline = std::chrono::seconds(60); // a ballot, a receipt, a proof, the status
inline constexpr auto setup_deadline = std::chrono::minutes(5);    // a batch of cards, the results' count, the export
inline constexpr auto idle_limit = std::chrono::seconds(20);       // the server closes a connection idle for 30 s
inline constexpr std::uint64_t body_limit = 1ULL << 30;            // the export

// SIGINT or SIGTERM: the night stops at its next check, and the server is stopped and its folder
// removed on the way out.
inline volatile std::sig_atomic_t interrupted = 0;
inline void on_signal(int) { interrupted = 1; }

inline http::request<http::string_body> make_request(http::verb verb, const std::string& target, std::string body,
                                                     const std::string& bearer)
{
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, "127.0.0.1");
    if (!bearer.empty())
        req.set(http::field::authorization, "Bearer " + bearer);
    if (!body.empty())
        req.set(http::field::content_type, "application/json");
    req.body() = std::move(body);
    req.prepare_payload();
    return req;
}

// One request and its answer on an open connection, within `deadline`.
inline net::awaitable<http::response<http::string_body>> exchange(beast::tcp_stream& stream, beast::flat_buffer& buf,
                                                                  http::request<http::string_body> req,
                                                                  clock_type::duration deadline)
{
    stream.expires_after(deadline);
    co_await http::async_write(stream, req, net::use_awaitable);
    http::response_parser<http::string_body> parser;
    parser.body_limit(body_limit);
    co_await http::async_read(stream, buf, parser, net::use_awaitable);
    co_return parser.release();
}

inline net::awaitable<void> connect(beast::tcp_stream& stream, unsigned short port)
{
    stream.expires_after(request_deadline);
    co_await stream.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), net::use_awaitable);
}

// A coroutine's failure (a refused connection, a deadline passed) leaves ioc.run() as an exception.
inline constexpr auto rethrow = [](std::exception_ptr e) {
    if (e)
        std::rethrow_exception(e);
};

// One request on a connection of its own.
inline http::response<http::string_body> send(unsigned short port, http::verb verb, const std::string& target,
                                              std::string body, const std::string& bearer = {},
                                              clock_type::duration deadline = request_deadline)
{
    net::io_context ioc;
    http::response<http::string_body> res;
    net::co_spawn(
        ioc,
        [&]() -> net::awaitable<void> {
            beast::tcp_stream stream(co_await net::this_coro::executor);
            co_await connect(stream, port);
            beast::flat_buffer buf;
            res = co_await exchange(stream, buf, make_request(verb, target, std::move(body), bearer), deadline);
        },
        rethrow);
    ioc.run();
    return res;
}

// A setup request; a refusal ends the bench.
inline json call(unsigned short port, http::verb verb, const std::string& target, const json& body,
                 const std::string& bearer = {})
{
    const auto res = send(port, verb, target, body.is_null() ? std::string() : body.dump(), bearer, setup_deadline);
    if (res.result_int() >= 300)
        throw std::runtime_error("setup failed: " + std::string(http::to_string(verb)) + " " + target + " -> " +
                                 std::to_string(res.result_int()) + " " + res.body());
    return json::parse(res.body());
}

inline void set_clock(unsigned short port, const std::string& now)
{
    call(port, http::verb::post, "/api/v1/test/clock", {{"now", now}}, admin_key);
}

// The municipality "bench" and its approval challenge "c" (up to 3 choices), open for ideas and
// ballots from `opens` to `closes`; the challenge's path.
inline std::string open_bench_challenge(unsigned short port, const std::string& opens, const std::string& closes,
                                        const std::string& announcement)
{
    call(port, http::verb::post, "/api/v1/municipalities", {{"slug", "bench"}, {"name", "Bench"}, {"timezone", "UTC"}},
         admin_key);
    call(port, http::verb::post, "/api/v1/municipalities/bench/challenges",
         {{"slug", "c"},
          {"title", "Bench"},
          {"description", "Bench"},
          {"timeline",
           {{"submission", {{"opens", opens}, {"closes", closes}}},
            {"voting", {{"opens", opens}, {"closes", closes}}},
            {"announcement", announcement}}},
          {"ballot", {{"kind", "approval"}, {"max_choices", 3}}}},
         admin_key);
    return "/api/v1/municipalities/bench/challenges/c";
}

// A body's JSON, or null when it is not JSON.
inline json parsed(const std::string& body)
{
    auto j = json::parse(body, nullptr, false);
    return j.is_discarded() ? json() : j;
}

inline double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

inline double ms_since(clock_type::time_point t0)
{
    return std::chrono::duration<double, std::milli>(clock_type::now() - t0).count();
}

inline double seconds_between(clock_type::time_point t0, clock_type::time_point t1)
{
    return std::chrono::duration<double>(t1 - t0).count();
}

inline clock_type::duration seconds(double s)
{
    return std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(s));
}

// A field of /proc/PID/status in KiB ("VmRSS:", "VmHWM:"), or -1.
inline long kib_of(pid_t pid, const char* field)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field, 0) == 0)
            return std::stol(line.substr(std::string(field).size()));
    return -1;
}

// A keep-alive connection of a client: opened at its first request, and again after the server
// closed it, a request failed, or it idled near the server's limit.
class connection {
public:
    connection(const net::any_io_executor& ex, unsigned short port) : ex_(ex), port_(port) {}

    net::awaitable<http::response<http::string_body>> request(http::request<http::string_body> req)
    {
        if (stream_ && clock_type::now() - last_used_ > idle_limit)
            stream_.reset();
        try {
            if (!stream_) {
                buf_.clear();
                stream_.emplace(ex_);
                co_await connect(*stream_, port_);
            }
            auto res = co_await exchange(*stream_, buf_, std::move(req), request_deadline);
            last_used_ = clock_type::now();
            if (!res.keep_alive())
                stream_.reset();
            co_return res;
        } catch (const std::exception&) {
            stream_.reset();
            throw;
        }
    }

private:
    net::any_io_executor ex_;
    unsigned short port_;
    std::optional<beast::tcp_stream> stream_;
    beast::flat_buffer buf_;
    clock_type::time_point last_used_;
};

// Spawns `work` on `ioc`, counted in `running` until it ends; a failure leaves ioc.run() as an exception.
inline void spawn(net::io_context& ioc, std::size_t& running, net::awaitable<void> work)
{
    ++running;
    net::co_spawn(ioc, std::move(work), [&running](std::exception_ptr e) {
        --running;
        if (e)
            std::rethrow_exception(e);
    });
}

// Runs what was spawned on `ioc` until all of it ended, `deadline` passed or a signal came;
// whether all of it ended.
inline bool run_until_done(net::io_context& ioc, const std::size_t& running, clock_type::time_point deadline)
{
    bool done = true;
    net::co_spawn(
        ioc,
        [&]() -> net::awaitable<void> {
            net::steady_timer tick(co_await net::this_coro::executor);
            while (running > 0) {
                if (interrupted || clock_type::now() > deadline) {
                    done = false;
                    ioc.stop();
                    co_return;
                }
                tick.expires_after(std::chrono::milliseconds(100));
                co_await tick.async_wait(net::use_awaitable);
            }
        },
        rethrow);
    ioc.run();
    return done;
}

// Answers of one kind of request: latencies of the 200s, the rest by status, and those that got none.
struct answers {
    std::vector<double> ms;
    std::map<unsigned, std::size_t> refused;
    std::size_t unanswered = 0;

    void add(const http::response<http::string_body>& res, double latency_ms)
    {
        if (res.result_int() == 200) {
            ms.push_back(latency_ms);
        } else if (refused[res.result_int()]++ == 0) {
            std::fprintf(stderr, "first %u: %s\n", res.result_int(), res.body().c_str());
        }
    }
    std::size_t refused_count() const
    {
        std::size_t n = 0;
        for (const auto& [status, count] : refused)
            n += count;
        return n;
    }
};

// Refusals by status: "12 (503: 10, 429: 2)", or "0".
inline std::string by_status(const std::map<unsigned, std::size_t>& refused)
{
    std::size_t n = 0;
    std::string detail;
    for (const auto& [status, count] : refused) {
        n += count;
        detail += (detail.empty() ? " (" : ", ") + std::to_string(status) + ": " + std::to_string(count);
    }
    return std::to_string(n) + (detail.empty() ? "" : detail + ")");
}

// A metric's value in a Prometheus exposition, or -1.
inline double metric(const std::string& exposition, const std::string& name)
{
    for (std::size_t at = 0; at < exposition.size();) {
        const auto end = std::min(exposition.find('\n', at), exposition.size());
        const auto line = exposition.substr(at, end - at);
        if (line.rfind(name + " ", 0) == 0)
            return std::stod(line.substr(name.size() + 1));
        at = end + 1;
    }
    return -1;
}

// The server's memory (resident, and the heap its status reports) and queues, once a second.
struct sample {
    double at_s = 0; // since the start of the day
    double heap_mib = -1, rss_mib = -1;
    double writes_queued = -1, reads_queued = -1;
};

inline void sample_server(std::stop_token stop, unsigned short port, pid_t pid, clock_type::time_point start,
                          std::vector<sample>& out)
{
    for (auto next = start; !stop.stop_requested();) {
        if (clock_type::now() < next) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            continue;
        }
        sample s;
        s.at_s = seconds_between(start, clock_type::now());
        if (const auto kib = kib_of(pid, "VmRSS:"); kib >= 0)
            s.rss_mib = static_cast<double>(kib) / 1024;
        try {
            const auto res = send(port, http::verb::get, "/api/v1/status", {}, admin_key);
            if (const auto st = parsed(res.body()); res.result_int() == 200 && st.is_object()) {
                s.heap_mib = st.value("heap_bytes_in_use", -1048576.0) / 1048576;
                s.writes_queued = st.value("writes_queued", -1.0);
                s.reads_queued = st.value("reads_queued", -1.0);
            }
        } catch (const std::exception&) {
            // no answer within the deadline: the sample has its resident size only
        }
        out.push_back(s);
        while (next <= clock_type::now())
            next += std::chrono::seconds(1);
    }
}

} // namespace cabildo::bench
