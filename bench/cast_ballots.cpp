// Casting approval ballots over HTTP on loopback against the real `cabildo serve`: every ballot
// carries its own token (verified) and is durable (group commit, synchronous=FULL) before its
// 200. Prints figures; never fails on them.
//
//   cabildo_bench_ballots CABILDO_BINARY [--ballots N] [--connections C] [--db postgresql://...] [--nodes K]
//
// With --db, the server runs on that (empty) PostgreSQL database instead of a SQLite file; with
// --nodes, K servers share it and the connections are dealt among them in turn.
//
// Phase 1 sends as fast as C connections allow (closed loop) to find the throughput; phase 2
// sends at half that rate on a fixed schedule (open loop, latency measured from the scheduled
// time so a stall is not hidden) and reports p50/p99 there.

#include "bench/http_client.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iterator>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace cabildo::bench;

namespace {

std::string iso(std::chrono::system_clock::time_point t)
{
    const auto secs = std::chrono::floor<std::chrono::seconds>(t);
    const auto day = std::chrono::floor<std::chrono::days>(secs);
    const std::chrono::year_month_day ymd{day};
    const std::chrono::hh_mm_ss hms{secs - day};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(ymd.year()), unsigned(ymd.month()),
                  unsigned(ymd.day()), int(hms.hours().count()), int(hms.minutes().count()),
                  int(hms.seconds().count()));
    return buf;
}

struct shared_state {
    std::vector<std::string> bodies;  // PUT each to the target
    std::vector<std::string> targets; // or, when set, GET each
    std::size_t next = 0;
    std::vector<double> latencies_ms;
    std::size_t errors = 0;
};

// Closed loop: each connection sends its next ballot as soon as the previous answer arrives.
net::awaitable<void> closed_loop(unsigned short port, shared_state& st, std::string target)
{
    connection conn(co_await net::this_coro::executor, port);
    const bool gets = !st.targets.empty();
    while (st.next < (gets ? st.targets.size() : st.bodies.size())) {
        auto req = gets ? make_request(http::verb::get, st.targets[st.next], {}, {})
                        : make_request(http::verb::put, target, st.bodies[st.next], {});
        ++st.next;
        const auto t0 = clock_type::now();
        const auto res = co_await conn.request(std::move(req));
        st.latencies_ms.push_back(ms_since(t0));
        if (res.result_int() != 200 && st.errors++ == 0)
            std::fprintf(stderr, "first error: %u %s\n", res.result_int(), res.body().c_str());
    }
}

// Open loop: ballot i is due at start + i / rate; latency counts from when it was due.
net::awaitable<void> open_loop(unsigned short port, shared_state& st, std::string target, clock_type::time_point start,
                               double rate, std::size_t lane, std::size_t lanes)
{
    const auto ex = co_await net::this_coro::executor;
    connection conn(ex, port);
    net::steady_timer timer(ex);
    for (std::size_t i = lane; i < st.bodies.size(); i += lanes) {
        const auto due = start + seconds(static_cast<double>(i) / rate);
        timer.expires_at(due);
        co_await timer.async_wait(net::use_awaitable);
        const auto res = co_await conn.request(make_request(http::verb::put, target, st.bodies[i], {}));
        st.latencies_ms.push_back(ms_since(due));
        if (res.result_int() != 200 && st.errors++ == 0)
            std::fprintf(stderr, "first error: %u %s\n", res.result_int(), res.body().c_str());
    }
}

// The CPU time a process used so far (user and system, all its threads), in seconds.
double cpu_seconds(pid_t pid)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::istringstream fields(stat.substr(stat.rfind(')') + 2)); // after the command's name
    std::string f;
    double ticks = 0;
    for (int i = 3; i <= 15 && fields >> f; ++i)
        if (i >= 14)
            ticks += std::stod(f);
    return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

int run(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s CABILDO_BINARY [--ballots N] [--connections C]\n", argv[0]);
        return 2;
    }
    std::size_t ballots = 20000, connections = 32, node_count = 1;
    std::string database;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--ballots")
            ballots = std::stoul(argv[i + 1]);
        else if (flag == "--connections")
            connections = std::stoul(argv[i + 1]);
        else if (flag == "--db")
            database = argv[i + 1];
        else if (flag == "--nodes")
            node_count = std::max<std::size_t>(1, std::stoul(argv[i + 1]));
    }
    if (database.empty())
        node_count = 1; // a SQLite file has one server
    // On the real clock, each node in a folder of its own (test_server.hpp), stopped on the way out.
    std::vector<std::unique_ptr<test_server>> nodes;
    for (std::size_t n = 0; n < node_count; ++n)
        nodes.push_back(std::make_unique<test_server>(argv[1], "ballots-" + std::to_string(n), "",
                                                      std::vector<std::string>{}, -1, database));
    const auto port = nodes[0]->port();
    // The writer's commits and the writes they held, summed over the nodes.
    const auto commits = [&] {
        std::pair<double, double> out{0, 0};
        for (const auto& n : nodes) {
            const auto st = call(n->port(), http::verb::get, "/api/v1/status", nullptr, admin_key);
            out.first += st.value("commits", 0.0);
            out.second += st.value("writes_committed", 0.0);
        }
        return out;
    };

    const auto now = std::chrono::system_clock::now();
    const std::string base = open_bench_challenge(port, iso(now - std::chrono::hours(1)),
                                                  iso(now + std::chrono::hours(24)), iso(now + std::chrono::hours(48)));
    // Issuance: cards in batches of 10,000, then people by reference in requests of 1,000 (new,
    // then the same people again, which finds and re-signs their tokens).
    std::vector<std::string> tokens;
    const auto t_bulk = clock_type::now();
    while (tokens.size() < ballots) {
        const auto n = std::min<std::size_t>(10000, ballots - tokens.size());
        const auto issued = call(port, http::verb::post, base + "/tokens", {{"count", n}}, admin_key);
        for (const auto& t : issued["tokens"])
            tokens.push_back(t["token"]);
    }
    const double bulk_s = std::chrono::duration<double>(clock_type::now() - t_bulk).count();
    constexpr std::size_t people = 10000, per_request = 1000;
    const auto by_reference = [&] {
        const auto t = clock_type::now();
        for (std::size_t first = 0; first < people; first += per_request) {
            json list = json::array();
            for (std::size_t i = first; i < first + per_request; ++i)
                list.push_back({{"ref", "CURP-" + std::to_string(1000000 + i)}});
            call(port, http::verb::post, base + "/tokens", {{"participants", list}}, admin_key);
        }
        return std::chrono::duration<double>(clock_type::now() - t).count();
    };
    const double ref_new_s = by_reference();
    const double ref_again_s = by_reference();
    std::printf("tokens issued over HTTP (signed, recorded durably before the answer)\n");
    std::printf("  cards (count, 10,000 a request): %zu in %.2f s = %.0f tokens/s\n", tokens.size(), bulk_s,
                static_cast<double>(tokens.size()) / bulk_s);
    std::printf("  by reference (1,000 a request): %zu new in %.2f s = %.0f tokens/s; the same again (idempotent) "
                "%.0f tokens/s\n",
                people, ref_new_s, static_cast<double>(people) / ref_new_s, static_cast<double>(people) / ref_again_s);
    std::vector<std::int64_t> ideas;
    for (int i = 0; i < 10; ++i)
        ideas.push_back(call(port, http::verb::post, base + "/ideas",
                             {{"token", tokens[static_cast<std::size_t>(i)]},
                              {"title", "Idea " + std::to_string(i)},
                              {"description", "x"}})["id"]);

    std::mt19937 rng(7);
    const auto make_bodies = [&] {
        std::vector<std::string> out;
        for (const auto& t : tokens) {
            std::vector<std::int64_t> pick = ideas;
            std::shuffle(pick.begin(), pick.end(), rng);
            pick.resize(1 + rng() % 3);
            out.push_back(json{{"token", t}, {"choices", pick}}.dump());
        }
        return out;
    };

    // Phase 1: throughput.
    shared_state p1;
    p1.bodies = make_bodies();
    net::io_context ioc;
    const auto commits_before = commits();
    double cpu_before = 0;
    for (const auto& n : nodes)
        cpu_before += cpu_seconds(n->pid());
    auto t0 = clock_type::now();
    for (std::size_t c = 0; c < connections; ++c)
        net::co_spawn(ioc, closed_loop(nodes[c % nodes.size()]->port(), p1, base + "/ballot"), net::detached);
    ioc.run();
    const double secs1 = std::chrono::duration<double>(clock_type::now() - t0).count();
    const double rate1 = static_cast<double>(p1.latencies_ms.size()) / secs1;
    double cpu1 = -cpu_before;
    for (const auto& n : nodes)
        cpu1 += cpu_seconds(n->pid());
    const auto commits_after = commits();
    const double made = commits_after.first - commits_before.first;

    // Phase 2: half that rate, each token voting again (its ballot replaces the first).
    shared_state p2;
    p2.bodies = make_bodies();
    const double rate2 = rate1 / 2;
    net::io_context ioc2;
    const auto start = clock_type::now() + std::chrono::milliseconds(50);
    for (std::size_t c = 0; c < connections; ++c)
        net::co_spawn(ioc2,
                      open_loop(nodes[c % nodes.size()]->port(), p2, base + "/ballot", start, rate2, c, connections),
                      net::detached);
    ioc2.run();
    const double secs2 = std::chrono::duration<double>(clock_type::now() - start).count();

    // Phase 3: inclusion proofs of random leaves in the board's latest signed tree (a server from
    // before boards has none: skipped).
    const auto head = send(port, http::verb::get, base + "/board/head", {});
    const auto board_size = head.result_int() == 200 ? parsed(head.body())["tree_size"].get<std::uint64_t>() : 0;
    shared_state p3;
    for (std::size_t i = 0; board_size > 0 && i < std::max<std::size_t>(ballots, 20000); ++i)
        p3.targets.push_back(base + "/board/proof?leaf=" + std::to_string(rng() % board_size) +
                             "&size=" + std::to_string(board_size));
    net::io_context ioc3;
    const auto t3 = clock_type::now();
    for (std::size_t c = 0; c < connections; ++c)
        net::co_spawn(ioc3, closed_loop(nodes[c % nodes.size()]->port(), p3, {}), net::detached);
    ioc3.run();
    const double secs3 = std::chrono::duration<double>(clock_type::now() - t3).count();

    long hwm = 0;
    for (const auto& n : nodes)
        hwm = std::max(hwm, kib_of(n->pid(), "VmHWM:"));
    std::printf("ballots cast over HTTP (loopback, token verified, durable before 200)%s\n",
                nodes.size() > 1 ? (", " + std::to_string(nodes.size()) + " nodes on one database").c_str() : "");
    std::printf("  phase 1 closed loop, %zu connections: %zu ballots in %.2f s = %.0f ballots/s; p50 %.2f ms, p99 %.2f "
                "ms; %zu errors\n",
                connections, p1.latencies_ms.size(), secs1, rate1, percentile(p1.latencies_ms, 0.5),
                percentile(p1.latencies_ms, 0.99), p1.errors);
    std::printf(
        "  phase 2 open loop at %.0f ballots/s (half): %zu ballots in %.2f s; p50 %.2f ms, p99 %.2f ms; %zu errors\n",
        rate2, p2.latencies_ms.size(), secs2, percentile(p2.latencies_ms, 0.5), percentile(p2.latencies_ms, 0.99),
        p2.errors);
    std::printf("  phase 1 server CPU: %.2f s, %.0f us a ballot\n", cpu1,
                1e6 * cpu1 / static_cast<double>(std::max<std::size_t>(1, p1.latencies_ms.size())));
    std::printf("  phase 1 commits: %.0f in %.2f s = %.0f commits/s, %.1f writes per commit\n", made, secs1,
                made / secs1, made > 0 ? (commits_after.second - commits_before.second) / made : 0.0);
    if (board_size > 0)
        std::printf(
            "  inclusion proofs (board of %llu entries), closed loop: %zu in %.2f s = %.0f proofs/s; p50 %.2f ms, "
            "p99 %.2f ms; %zu errors\n",
            static_cast<unsigned long long>(board_size), p3.latencies_ms.size(), secs3,
            static_cast<double>(p3.latencies_ms.size()) / secs3, percentile(p3.latencies_ms, 0.5),
            percentile(p3.latencies_ms, 0.99), p3.errors);
    std::printf("  server peak memory (VmHWM%s): %.1f MiB\n", nodes.size() > 1 ? ", the larger node" : "",
                static_cast<double>(hwm) / 1024.0);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "cabildo_bench_ballots: %s\n", e.what());
        return 1;
    }
}
