// Overload (issue 23, points 4 and 7): the real `cabildo serve` on a test clock, pinned to one core
// with one io thread, the load generator on the other. First its capacity: ballots cast as fast as
// 64 keep-alive connections send them, each token's signature verified and each ballot durable
// before its 200. Then three times that rate, open loop, from many connections: what the README
// promises is that the accepted ballots stay near capacity with a bounded p99, the rest are refused
// at once (503 overloaded, Retry-After) and the server's memory stays flat. Prints figures; never
// fails on them.
//
//   cabildo_bench_overload CABILDO_BINARY [--tokens N] [--seconds S] [--factor F] [--queue Q]
//                                         [--connections C] [--server-cpu K] [--client-cpu K]
//                                         [--signatures valid|broken]
//
// With --signatures broken, each token's signature has one byte changed in its first half (R): the
// server verifies it in full, as it would a good one, and refuses it 401 before anything is stored.
// Only the capacity is measured, printed as CEILING: what reading, verifying and answering a ballot
// reach with the database out of the way, the bound the hot path's figure can approach.
//
// Ballots cycle over the tokens (a token votes again: replacements cost what a first ballot does).
// The server runs with --max-queued-writes Q (256 by default, the bound a city would set for a
// quarter second of writes at this rate; the default 4,096 bounds the same way, later).

#include "bench/http_client.hpp"
#include "bench/test_server.hpp"

#include <sched.h>

#include <cstdio>
#include <string>
#include <vector>

using namespace cabildo::bench;

namespace {

const std::string opens = "2024-03-01T00:00:00Z", closes = "2024-03-10T00:00:00Z";
const std::string announcement = "2024-03-10T08:00:00Z";
const std::string morning = "2024-03-09T07:00:00Z";
constexpr std::size_t card_batch = 1000;
constexpr std::size_t capacity_connections = 64;
constexpr double capacity_seconds = 5;
constexpr auto drain = std::chrono::seconds(30);

struct options {
    std::string binary;
    std::size_t tokens = 20000;
    double seconds = 15;
    double factor = 3;
    std::size_t queue = 256;
    std::size_t connections = 1024;
    int server_cpu = 0, client_cpu = 1; // -1: not pinned
    bool broken_signatures = false;
};

// The token with one base64url character of its signature's R half changed (still well formed).
std::string with_broken_signature(std::string token)
{
    const auto dot = token.rfind('.');
    auto& c = token.at(dot + 10);
    c = c == 'A' ? 'B' : 'A';
    return token;
}

// Pins this process (the load generator) to `cpu`; the server is pinned by test_server before it
// starts, so each of its threads (io, writer, readers) runs on its core.
bool pin_self(int cpu)
{
    if (cpu < 0)
        return false;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return ::sched_setaffinity(0, sizeof set, &set) == 0;
}

// The ballots one phase sends: `due` from the phase's start (all at once for the closed loop).
struct phase {
    std::vector<std::string> bodies; // cycled
    std::size_t total = 0;
    double rate = 0;         // ballots a second; 0: closed loop, each as soon as a connection is free
    unsigned answered = 200; // the status a ballot of this phase is meant to get
    clock_type::time_point start, stop;
    std::size_t next = 0;
    answers ballots;                // latency from the scheduled time
    std::vector<double> sent_ms;    // an accepted ballot's latency from its sending
    std::vector<double> refused_ms; // how long a refusal took from its sending
};

net::awaitable<void> send_ballots(unsigned short port, phase& p, std::string target)
{
    const auto ex = co_await net::this_coro::executor;
    connection conn(ex, port);
    net::steady_timer timer(ex);
    for (;;) {
        if (interrupted || p.next >= p.total)
            co_return;
        const std::size_t i = p.next++;
        auto due = clock_type::now();
        if (p.rate > 0) {
            due = p.start + seconds(static_cast<double>(i) / p.rate);
            timer.expires_at(due);
            co_await timer.async_wait(net::use_awaitable);
        } else if (due >= p.stop) {
            co_return;
        }
        try {
            const auto sent = clock_type::now();
            const auto res =
                co_await conn.request(make_request(http::verb::put, target, p.bodies[i % p.bodies.size()], {}));
            if (p.answered != 200 && res.result_int() == p.answered)
                p.ballots.ms.push_back(ms_since(due)); // verified and refused, as this phase means
            else
                p.ballots.add(res, ms_since(due));
            (res.result_int() == p.answered ? p.sent_ms : p.refused_ms).push_back(ms_since(sent));
        } catch (const std::exception&) {
            ++p.ballots.unanswered;
        }
    }
}

int run(const options& o)
{
    const test_server srv(o.binary, "overload", morning,
                          {"--threads", "1", "--max-queued-writes", std::to_string(o.queue)}, o.server_cpu);
    const bool pinned = o.server_cpu >= 0 && pin_self(o.client_cpu);
    const auto port = srv.port();
    const std::string base = open_bench_challenge(port, opens, closes, announcement);
    std::vector<std::string> tokens;
    while (tokens.size() < o.tokens) {
        const auto n = std::min(card_batch, o.tokens - tokens.size());
        const auto issued = call(port, http::verb::post, base + "/tokens", {{"count", n}}, admin_key);
        for (const auto& t : issued["tokens"])
            tokens.push_back(t["token"]);
    }
    std::vector<std::int64_t> ideas;
    for (int i = 0; i < 5; ++i)
        ideas.push_back(call(port, http::verb::post, base + "/ideas",
                             {{"token", tokens[static_cast<std::size_t>(i)]},
                              {"title", "Idea " + std::to_string(i)},
                              {"description", "x"}})["id"]);
    std::vector<std::string> bodies;
    for (std::size_t t = 0; t < tokens.size(); ++t)
        bodies.push_back(json{{"token", o.broken_signatures ? with_broken_signature(tokens[t]) : tokens[t]},
                              {"choices", {ideas[t % ideas.size()]}}}
                             .dump());
    const auto target = base + "/ballot";

    // Capacity: closed loop.
    phase cap;
    cap.bodies = bodies;
    cap.total = SIZE_MAX;
    cap.answered = o.broken_signatures ? 401 : 200;
    cap.start = clock_type::now();
    cap.stop = cap.start + seconds(capacity_seconds);
    {
        net::io_context ioc;
        std::size_t running = 0;
        for (std::size_t c = 0; c < capacity_connections; ++c)
            spawn(ioc, running, send_ballots(port, cap, target));
        run_until_done(ioc, running, cap.stop + drain);
    }
    const double cap_s = seconds_between(cap.start, clock_type::now());
    const double capacity = static_cast<double>(cap.ballots.ms.size()) / cap_s;
    std::printf("  server on core %d with one io thread, load on core %d%s; --max-queued-writes %zu\n", o.server_cpu,
                o.client_cpu, pinned ? "" : " (pinning failed: figures unpinned)", o.queue);
    // With broken signatures a ballot answered as meant is one verified and refused 401.
    std::printf("  %s, closed loop from %zu connections for %.0f s: %zu %s = %.0f ballots/s, p50 %.2f ms, p99 %.2f ms; "
                "%s %s\n",
                o.broken_signatures ? "every signature broken" : "capacity", capacity_connections, capacity_seconds,
                cap.ballots.ms.size(), o.broken_signatures ? "verified and refused 401" : "ballots accepted", capacity,
                percentile(cap.ballots.ms, 0.5), percentile(cap.ballots.ms, 0.99),
                o.broken_signatures ? "other answers" : "refused", by_status(cap.ballots.refused).c_str());
    if (o.broken_signatures) {
        std::printf("CEILING %.0f\n", capacity);
        return capacity > 0 ? 0 : 1;
    }
    std::printf("CAPACITY %.0f\n", capacity);
    if (capacity <= 0 || interrupted)
        return 1;

    // Overload: open loop at factor x capacity.
    phase over;
    over.bodies = bodies;
    over.rate = capacity * o.factor;
    over.total = static_cast<std::size_t>(over.rate * o.seconds);
    over.start = clock_type::now() + std::chrono::milliseconds(200);
    std::vector<sample> samples;
    {
        std::jthread sampler(sample_server, port, srv.pid(), over.start, std::ref(samples));
        net::io_context ioc;
        std::size_t running = 0;
        for (std::size_t c = 0; c < o.connections; ++c)
            spawn(ioc, running, send_ballots(port, over, target));
        run_until_done(ioc, running, over.start + seconds(o.seconds) + drain);
        sampler.request_stop();
    }
    const double over_s = seconds_between(over.start, clock_type::now());
    double rss_min = 1e18, rss_max = 0, queue_max = 0;
    for (const auto& s : samples) {
        if (s.rss_mib >= 0) {
            rss_min = std::min(rss_min, s.rss_mib);
            rss_max = std::max(rss_max, s.rss_mib);
        }
        queue_max = std::max(queue_max, s.writes_queued);
    }
    std::printf("  %gx capacity, open loop at %.0f ballots/s for %.0f s from %zu connections: %zu sent in %.1f s\n",
                o.factor, over.rate, o.seconds, o.connections, over.next, over_s);
    std::printf("    accepted %zu = %.0f ballots/s (%.0f%% of capacity); latency from sending p50 %.2f ms, p99 %.2f ms "
                "(from the scheduled time, the generator's wait for a free connection included: p50 %.0f ms, p99 "
                "%.0f ms)\n",
                over.ballots.ms.size(), static_cast<double>(over.ballots.ms.size()) / over_s,
                100 * static_cast<double>(over.ballots.ms.size()) / over_s / capacity, percentile(over.sent_ms, 0.5),
                percentile(over.sent_ms, 0.99), percentile(over.ballots.ms, 0.5), percentile(over.ballots.ms, 0.99));
    std::printf("    refused %s, answered from sending in p50 %.2f ms, p99 %.2f ms; no answer %zu\n",
                by_status(over.ballots.refused).c_str(), percentile(over.refused_ms, 0.5),
                percentile(over.refused_ms, 0.99), over.ballots.unanswered);
    std::printf("    server resident memory over the run %.0f-%.0f MiB (VmHWM %.0f MiB); largest write queue %.0f\n",
                rss_min, rss_max, static_cast<double>(kib_of(srv.pid(), "VmHWM:")) / 1024, queue_max);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr,
                     "usage: %s CABILDO_BINARY [--tokens N] [--seconds S] [--factor F] [--queue Q] [--connections C] "
                     "[--server-cpu K] [--client-cpu K] [--signatures valid|broken]\n",
                     argv[0]);
        return 2;
    }
    options o;
    o.binary = argv[1];
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const std::string value = argv[i + 1];
        if (flag == "--tokens")
            o.tokens = std::max<std::size_t>(10, std::stoul(value));
        else if (flag == "--seconds")
            o.seconds = std::stod(value);
        else if (flag == "--factor")
            o.factor = std::stod(value);
        else if (flag == "--queue")
            o.queue = std::stoul(value);
        else if (flag == "--connections")
            o.connections = std::stoul(value);
        else if (flag == "--server-cpu")
            o.server_cpu = std::stoi(value);
        else if (flag == "--client-cpu")
            o.client_cpu = std::stoi(value);
        else if (flag == "--signatures" && (value == "valid" || value == "broken"))
            o.broken_signatures = value == "broken";
        else {
            std::fprintf(stderr, "overload bench: unknown option %s %s\n", flag.c_str(), value.c_str());
            return 2;
        }
    }
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    try {
        return run(o);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "overload bench: %s\n", e.what());
        return 1;
    }
}
