// A compressed night (issue 23, point 9): a vote's last day and its closing rush replayed over HTTP
// on loopback against the real `cabildo serve` on a test clock, at this machine's scale, in a few
// real minutes. Prints figures; never fails on them.
//
//   cabildo_bench_night CABILDO_BINARY [--tokens N] [--minutes M]
//
// In the morning the tokens are issued (cards by count, in batches). Then the day: a slow stretch
// (the first two thirds of the time, at a steady low rate) and a closing rush (the last third, at
// three times that rate); one token in 20 votes a second time. The ballots follow an open-loop
// schedule: each is sent at its time from a pool of keep-alive connections and its latency counts
// from that time, so a server that falls behind shows as latency, not as a slower schedule.
// Alongside, a few residents fetch the receipt of an acknowledged ballot and the inclusion proof
// of its leaf in the latest signed head. The server's memory and queues are sampled every second.
// Then the clock moves past the announcement and the public reads the results at once; afterwards
// the published export must hold every token's last acknowledged ballot, and no receipt twice.

#include "bench/http_client.hpp"
#include "bench/test_server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <poll.h>
#include <random>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace cabildo::bench;

namespace {

constexpr auto drain_deadline = std::chrono::minutes(2); // for the last ballots' answers after the day

// The night's shape.
constexpr std::size_t card_batch = 1000;       // cards a request in the morning
constexpr int idea_count = 10;                 // ideas on the ballot (approval, up to 3)
constexpr std::size_t revote_every = 20;       // one token in 20 votes again, later in the day
constexpr double rush_factor = 3;              // the last third's rate against the slow stretch's
constexpr std::size_t ballot_connections = 64; // the residents' pool of connections
constexpr std::size_t checkers = 4;            // residents checking a receipt and its proof alongside
constexpr double check_every_s = 2;            // each, once in that many seconds
constexpr std::size_t result_readers = 16;     // connections of the public at the announcement
constexpr std::size_t result_reads = 200;      // GETs of the results they send
constexpr std::size_t progress_rows = 10;      // the table over time: a line every 10% of the day

// The test clock: the morning of voting's last day; voting closes at midnight; the results are
// announced at eight.
const std::string opens = "2024-03-01T00:00:00Z", closes = "2024-03-10T00:00:00Z";
const std::string announcement = "2024-03-10T08:00:00Z";
const std::string morning = "2024-03-09T07:00:00Z";
const std::string after_announcement = "2024-03-10T08:00:01Z";

// The bench's server: `cabildo serve` on a fresh SQLite file and the test clock (test_server.hpp).
class server : public cabildo::bench::test_server {
public:
    explicit server(const std::string& binary) : test_server(binary, "night", morning) {}
};

// One ballot of the day, at its time from the start of the day.
struct ballot {
    clock_type::duration due;
    std::size_t voter; // the token's index
    std::string body;
};

struct outcome {
    bool sent = false;
    unsigned status = 0; // the answer's; 0 for none
    double ms = 0;       // from when it was due to its answer
};

// What one token's resident knows: the receipts of its acknowledged ballots, in order.
struct voter {
    std::vector<std::string> acknowledged;
    bool in_flight = false;
    bool unanswered = false; // a ballot of it got no answer: it may or may not have been stored
};

struct receipt_leaf {
    std::string receipt;
    std::optional<std::uint64_t> leaf;
};

// The day, shared by the coroutines of one thread.
struct day {
    std::vector<ballot> ballots;
    std::vector<outcome> outcomes;
    std::size_t next = 0;
    std::vector<voter> voters;
    std::vector<receipt_leaf> acknowledged; // what the checkers pick from
    clock_type::time_point start;
    answers receipts, heads, proofs;
    std::size_t checks = 0, checks_early = 0, wrong = 0;
    bool refusal_shown = false;

    void wrong_answer(const std::string& what)
    {
        if (wrong++ == 0)
            std::fprintf(stderr, "first wrong answer: %s\n", what.c_str());
    }
};

// The day's schedule: each token's first ballot at a random place in the day, one in
// `revote_every` tokens voting again at a later one; places dealt to the slow stretch's times (the
// first two thirds, evenly spaced), then to the rush's (the last third, `rush_factor` times as
// dense). The slow stretch's share of the ballots.
std::size_t schedule(day& d, const std::vector<std::string>& tokens, const std::vector<std::int64_t>& ideas,
                     double length_s)
{
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> unit(0, 1);
    std::vector<std::pair<double, std::size_t>> places; // place in [0, 1], token
    for (std::size_t v = 0; v < tokens.size(); ++v) {
        const double first = unit(rng);
        places.emplace_back(first, v);
        if (v % revote_every == revote_every - 1)
            places.emplace_back(first + (1 - first) * unit(rng), v);
    }
    std::stable_sort(places.begin(), places.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    const std::size_t total = places.size();
    const auto slow = static_cast<std::size_t>(std::llround(static_cast<double>(total) * 2 / (2 + rush_factor)));
    const double slow_s = length_s * 2 / 3;
    const double slow_rate = static_cast<double>(slow) / slow_s;
    const double rush_rate = static_cast<double>(total - slow) / (length_s - slow_s);
    for (std::size_t k = 0; k < total; ++k) {
        const double at = k < slow ? (static_cast<double>(k) + 0.5) / slow_rate
                                   : slow_s + (static_cast<double>(k - slow) + 0.5) / rush_rate;
        std::vector<std::int64_t> pick = ideas;
        std::shuffle(pick.begin(), pick.end(), rng);
        pick.resize(1 + rng() % 3);
        const auto who = places[k].second;
        d.ballots.push_back({seconds(at), who, json{{"token", tokens[who]}, {"choices", pick}}.dump()});
    }
    d.outcomes.resize(total);
    d.voters.resize(tokens.size());
    return slow;
}

// A connection of the residents' pool: takes the next ballot of the schedule, sends it at its time
// (or as soon as the connection is free, when it is late), and takes the next.
net::awaitable<void> cast_ballots(unsigned short port, day& d, std::string target)
{
    const auto ex = co_await net::this_coro::executor;
    connection conn(ex, port);
    net::steady_timer timer(ex);
    while (d.next < d.ballots.size()) {
        const std::size_t i = d.next++;
        const auto due = d.start + d.ballots[i].due;
        timer.expires_at(due);
        co_await timer.async_wait(net::use_awaitable);
        // A resident votes again after the first answer: never two ballots of a token in flight, so
        // the last one acknowledged is the one that must count.
        auto& v = d.voters[d.ballots[i].voter];
        while (v.in_flight) {
            timer.expires_after(std::chrono::milliseconds(1));
            co_await timer.async_wait(net::use_awaitable);
        }
        v.in_flight = true;
        auto& out = d.outcomes[i];
        out.sent = true;
        try {
            const auto res = co_await conn.request(make_request(http::verb::put, target, d.ballots[i].body, {}));
            out.status = res.result_int();
            out.ms = ms_since(due);
            if (out.status == 200) {
                const auto body = parsed(res.body());
                if (body.is_object() && body.contains("receipt") && body["receipt"].is_string()) {
                    const auto receipt = body["receipt"].get<std::string>();
                    v.acknowledged.push_back(receipt);
                    std::optional<std::uint64_t> leaf;
                    if (body.contains("leaf") && body["leaf"].is_number_unsigned())
                        leaf = body["leaf"].get<std::uint64_t>();
                    d.acknowledged.push_back({receipt, leaf});
                } else {
                    v.unanswered = true;
                    d.wrong_answer("a ballot's 200 without a receipt: " + res.body());
                }
            } else if (!d.refusal_shown) {
                std::fprintf(stderr, "first refused ballot: %u %s\n", out.status, res.body().c_str());
                d.refusal_shown = true;
            }
        } catch (const std::exception&) {
            v.unanswered = true;
        }
        v.in_flight = false;
    }
}

// A resident checking an acknowledged ballot now and then: its receipt (`recorded` until the
// results are published), the latest signed head, and the inclusion proof of its leaf at that head's
// size. The receipt's latency counts from the check's scheduled time, the head's and the proof's
// from their sending.
net::awaitable<void> check_receipts(unsigned short port, day& d, std::string base, std::size_t lane,
                                    clock_type::duration length)
{
    const auto ex = co_await net::this_coro::executor;
    connection conn(ex, port);
    net::steady_timer timer(ex);
    std::mt19937 rng(static_cast<unsigned>(100 + lane));
    const auto every = seconds(check_every_s);
    for (auto due = d.start + seconds(check_every_s * static_cast<double>(lane + 1) / checkers); due < d.start + length;
         due += every) {
        timer.expires_at(due);
        co_await timer.async_wait(net::use_awaitable);
        if (d.acknowledged.empty()) {
            ++d.checks_early;
            continue;
        }
        ++d.checks;
        const auto picked = d.acknowledged[rng() % d.acknowledged.size()];
        answers* now_asking = &d.receipts;
        try {
            auto res =
                co_await conn.request(make_request(http::verb::get, base + "/receipts/" + picked.receipt, {}, {}));
            d.receipts.add(res, ms_since(due));
            if (res.result_int() != 200)
                continue;
            if (const auto r = parsed(res.body()); !r.is_object() || r.value("status", "") != "recorded")
                d.wrong_answer("a receipt before the results: " + res.body());
            if (!picked.leaf)
                continue;
            now_asking = &d.heads;
            auto t0 = clock_type::now();
            res = co_await conn.request(make_request(http::verb::get, base + "/board/head", {}, {}));
            d.heads.add(res, ms_since(t0));
            if (res.result_int() != 200)
                continue;
            const auto head = parsed(res.body());
            if (!head.is_object() || !head.contains("tree_size") || !head["tree_size"].is_number_unsigned()) {
                d.wrong_answer("a head without tree_size: " + res.body());
                continue;
            }
            const auto size = head["tree_size"].get<std::uint64_t>();
            if (*picked.leaf >= size) {
                d.wrong_answer("the latest head (" + std::to_string(size) + ") does not hold an acknowledged leaf (" +
                               std::to_string(*picked.leaf) + ")");
                continue;
            }
            now_asking = &d.proofs;
            t0 = clock_type::now();
            res = co_await conn.request(make_request(
                http::verb::get,
                base + "/board/proof?leaf=" + std::to_string(*picked.leaf) + "&size=" + std::to_string(size), {}, {}));
            d.proofs.add(res, ms_since(t0));
            if (res.result_int() != 200)
                continue;
            if (const auto p = parsed(res.body());
                !p.is_object() || p.value("leaf_index", ~0ULL) != *picked.leaf || p.value("tree_size", ~0ULL) != size)
                d.wrong_answer("a proof of another leaf or size: " + res.body());
        } catch (const std::exception&) {
            ++now_asking->unanswered;
        }
    }
}

// The public at the announcement: each connection asks for the results, again and again, until
// `total` were asked for.
struct results_reads {
    std::size_t next = 0;
    answers got;
    std::optional<clock_type::time_point> first_ok;
};

net::awaitable<void> read_results(unsigned short port, results_reads& r, std::string target, std::size_t total)
{
    connection conn(co_await net::this_coro::executor, port);
    while (r.next < total) {
        ++r.next;
        const auto t0 = clock_type::now();
        try {
            const auto res = co_await conn.request(make_request(http::verb::get, target, {}, {}));
            r.got.add(res, ms_since(t0));
            if (res.result_int() == 200 && !r.first_ok)
                r.first_ok = clock_type::now();
        } catch (const std::exception&) {
            ++r.got.unanswered;
        }
    }
}

// The server every second: its memory (the allocator's count from the admin's status, the resident
// size from /proc) and its queues.
// A figure of the table, or "-" when there is none.
std::string cell(double v, const char* format)
{
    if (v < 0)
        return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

int run(const std::string& binary, std::size_t token_count, double minutes)
{
    const server srv(binary);
    const auto port = srv.port();
    const std::string base = open_bench_challenge(port, opens, closes, announcement);

    // The morning: the cards, printed in batches.
    std::vector<std::string> tokens;
    std::size_t batches = 0;
    const auto t_cards = clock_type::now();
    while (tokens.size() < token_count) {
        const auto n = std::min(card_batch, token_count - tokens.size());
        const auto issued = call(port, http::verb::post, base + "/tokens", {{"count", n}}, admin_key);
        for (const auto& t : issued["tokens"])
            tokens.push_back(t["token"]);
        ++batches;
        if (interrupted)
            throw std::runtime_error("interrupted");
    }
    const double cards_s = seconds_between(t_cards, clock_type::now());
    std::vector<std::int64_t> ideas;
    for (int i = 0; i < idea_count; ++i)
        ideas.push_back(call(port, http::verb::post, base + "/ideas",
                             {{"token", tokens[static_cast<std::size_t>(i)]},
                              {"title", "Idea " + std::to_string(i)},
                              {"description", "x"}})["id"]);

    // The day.
    day d;
    const double length_s = minutes * 60;
    const auto length = seconds(length_s);
    const std::size_t slow = schedule(d, tokens, ideas, length_s);
    const double slow_s = length_s * 2 / 3;
    std::vector<sample> samples;
    std::size_t running = 0; // coroutines of the io_context that runs now
    net::io_context ioc;
    d.start = clock_type::now() + std::chrono::milliseconds(200);
    std::jthread sampler(sample_server, port, srv.pid(), d.start, std::ref(samples));
    for (std::size_t c = 0; c < ballot_connections; ++c)
        spawn(ioc, running, cast_ballots(port, d, base + "/ballot"));
    for (std::size_t lane = 0; lane < checkers; ++lane)
        spawn(ioc, running, check_receipts(port, d, base, lane, length));
    const bool day_done = run_until_done(ioc, running, d.start + length + drain_deadline);
    const double day_end_s = seconds_between(d.start, clock_type::now());
    if (interrupted)
        throw std::runtime_error("interrupted");
    for (auto& v : d.voters)
        v.unanswered = v.unanswered || v.in_flight; // cut off by the deadline

    // The announcement: the clock moves past it and the public asks for the results at once (the
    // first request publishes them; the others wait for that or find them published).
    set_clock(port, after_announcement);
    const auto published = clock_type::now();
    const double results_start_s = seconds_between(d.start, published);
    results_reads reads;
    net::io_context ioc_results;
    for (std::size_t c = 0; c < result_readers; ++c)
        spawn(ioc_results, running, read_results(port, reads, base + "/results", result_reads));
    const bool reads_done = run_until_done(ioc_results, running, published + setup_deadline);
    const double reads_s = seconds_between(published, clock_type::now());
    sampler.request_stop();
    sampler.join();
    if (interrupted)
        throw std::runtime_error("interrupted");

    // Counted once: every token's last acknowledged ballot in the export, no receipt twice, none a
    // later acknowledged one replaced.
    const auto exported = send(port, http::verb::get, base + "/export?format=json", {}, {}, setup_deadline);
    const auto data = exported.result_int() == 200 ? parsed(exported.body()) : json();
    const auto exported_ballots = data.is_object() ? data.value("ballots", json::array()) : json::array();
    const auto log = data.is_object() ? data.value("ballot_log", json::object()) : json::object();
    std::map<std::string, std::size_t> counted;
    for (const auto& b : exported_ballots)
        if (b.is_object() && b.contains("receipt") && b["receipt"].is_string())
            ++counted[b["receipt"].get<std::string>()];
    std::size_t acknowledged = 0, voted = 0, lost = 0, doubled = 0, stale = 0, uncertain = 0;
    for (const auto& [receipt, times] : counted)
        doubled += times > 1 ? 1 : 0;
    for (const auto& v : d.voters) {
        acknowledged += v.acknowledged.size();
        if (v.acknowledged.empty())
            continue;
        ++voted;
        if (v.unanswered) {
            ++uncertain; // a ballot without an answer may be the one that counts
            continue;
        }
        if (!counted.contains(v.acknowledged.back()))
            ++lost;
        for (std::size_t i = 0; i + 1 < v.acknowledged.size(); ++i)
            stale += counted.contains(v.acknowledged[i]) ? 1 : 0;
    }
    const auto metrics = send(port, http::verb::get, "/metrics", {}, admin_key);
    const auto cast_total = metric(metrics.body(), "cabildo_ballots_cast_total");
    const auto replaced_total = metric(metrics.body(), "cabildo_ballots_replaced_total");
    const long hwm_kib = kib_of(srv.pid(), "VmHWM:");

    // The ballots by phase.
    std::vector<double> slow_ms, rush_ms;
    std::map<unsigned, std::size_t> refused;
    std::size_t accepted = 0, unanswered = 0, unsent = 0;
    for (std::size_t i = 0; i < d.ballots.size(); ++i) {
        const auto& o = d.outcomes[i];
        if (!o.sent)
            ++unsent;
        else if (o.status == 0)
            ++unanswered;
        else if (o.status != 200)
            ++refused[o.status];
        else
            (i < slow ? slow_ms : rush_ms).push_back(o.ms);
        accepted += o.sent && o.status == 200 ? 1 : 0;
    }

    const auto rush_count = d.ballots.size() - slow;
    std::printf(
        "  the vote's last day on a test clock, %.1f minutes of real time (SQLite, each ballot's token verified "
        "and the ballot durable before its 200)\n",
        minutes);
    std::printf("  morning: %zu cards issued in %zu batches of up to %zu in %.2f s = %.0f tokens/s\n", tokens.size(),
                batches, card_batch, cards_s, static_cast<double>(tokens.size()) / cards_s);
    std::printf("  day, open loop from %zu connections: %zu ballots scheduled (%zu tokens vote twice); slow stretch "
                "%.0f s at %.1f ballots/s, rush %.0f s at %.1f ballots/s\n",
                ballot_connections, d.ballots.size(), d.ballots.size() - tokens.size(), slow_s,
                static_cast<double>(slow) / slow_s, length_s - slow_s,
                static_cast<double>(rush_count) / (length_s - slow_s));
    std::printf("  ballots: accepted %zu, refused %s, no answer %zu, not sent %zu%s\n", accepted,
                by_status(refused).c_str(), unanswered, unsent,
                day_done ? "" : "; the day's deadline passed with ballots outstanding");
    std::printf("  accepted ballots, latency from the scheduled time: slow stretch %zu, p50 %.2f ms, p99 %.2f ms; rush "
                "%zu, p50 %.2f ms, p99 %.2f ms\n",
                slow_ms.size(), percentile(slow_ms, 0.5), percentile(slow_ms, 0.99), rush_ms.size(),
                percentile(rush_ms, 0.5), percentile(rush_ms, 0.99));
    std::printf("  alongside, %zu checks by %zu residents (one each %.0f s): receipts %zu, p99 %.2f ms (from the "
                "scheduled time); heads %zu, p99 %.2f ms; proofs %zu, p99 %.2f ms; refused %zu, no answer %zu, wrong "
                "%zu\n",
                d.checks, checkers, check_every_s, d.receipts.ms.size(), percentile(d.receipts.ms, 0.99),
                d.heads.ms.size(), percentile(d.heads.ms, 0.99), d.proofs.ms.size(), percentile(d.proofs.ms, 0.99),
                d.receipts.refused_count() + d.heads.refused_count() + d.proofs.refused_count(),
                d.receipts.unanswered + d.heads.unanswered + d.proofs.unanswered, d.wrong);

    // Over time: a line every tenth of the day, then the drain and the announcement.
    std::printf("  over time (the ballots by their scheduled time, the server's figures the largest of the samples "
                "every second):\n");
    std::printf("    %-11s %-9s %9s %8s %9s %9s %8s %14s %13s\n", "seconds", "phase", "scheduled", "accepted", "p99 ms",
                "heap MiB", "RSS MiB", "writes queued", "reads queued");
    const auto print_row = [&](double from, double to, const char* phase, bool ballots) {
        std::vector<double> ms;
        std::size_t scheduled = 0;
        for (std::size_t i = 0; ballots && i < d.ballots.size(); ++i) {
            const double at = std::chrono::duration<double>(d.ballots[i].due).count();
            if (at < from || at >= to)
                continue;
            ++scheduled;
            if (d.outcomes[i].sent && d.outcomes[i].status == 200)
                ms.push_back(d.outcomes[i].ms);
        }
        sample top{0, -1, -1, -1, -1};
        for (const auto& s : samples)
            if (s.at_s >= from && s.at_s < to) {
                top.heap_mib = std::max(top.heap_mib, s.heap_mib);
                top.rss_mib = std::max(top.rss_mib, s.rss_mib);
                top.writes_queued = std::max(top.writes_queued, s.writes_queued);
                top.reads_queued = std::max(top.reads_queued, s.reads_queued);
            }
        char span[32];
        std::snprintf(span, sizeof span, "%.0f-%.0f", from, to);
        std::printf("    %-11s %-9s %9s %8s %9s %9s %8s %14s %13s\n", span, phase,
                    cell(ballots ? static_cast<double>(scheduled) : -1, "%.0f").c_str(),
                    cell(ballots ? static_cast<double>(ms.size()) : -1, "%.0f").c_str(),
                    cell(ms.empty() ? -1 : percentile(ms, 0.99), "%.2f").c_str(), cell(top.heap_mib, "%.1f").c_str(),
                    cell(top.rss_mib, "%.1f").c_str(), cell(top.writes_queued, "%.0f").c_str(),
                    cell(top.reads_queued, "%.0f").c_str());
    };
    for (std::size_t r = 0; r < progress_rows; ++r) {
        const double from = length_s * static_cast<double>(r) / progress_rows;
        const double to = length_s * static_cast<double>(r + 1) / progress_rows;
        print_row(from, to, to <= slow_s ? "slow" : from >= slow_s ? "rush" : "slow+rush", true);
    }
    if (day_end_s > length_s + 0.5)
        print_row(length_s, results_start_s, "drain", false);
    print_row(results_start_s, results_start_s + reads_s + 1, "results", false);

    const double first_ms =
        reads.first_ok ? std::chrono::duration<double, std::milli>(*reads.first_ok - published).count() : -1;
    std::printf("  results read at the announcement, %zu GETs over %zu connections: the first 200 %s ms after the "
                "clock moved; p50 %.2f ms, p99 %.2f ms; all in %.2f s; refused %s, no answer %zu%s\n",
                result_reads, result_readers, cell(first_ms, "%.1f").c_str(), percentile(reads.got.ms, 0.5),
                percentile(reads.got.ms, 0.99), reads_s, by_status(reads.got.refused).c_str(), reads.got.unanswered,
                reads_done ? "" : "; the deadline passed with reads outstanding");
    sample peak{0, -1, -1, -1, -1};
    double writes_at = 0, reads_at = 0;
    for (const auto& s : samples) {
        peak.heap_mib = std::max(peak.heap_mib, s.heap_mib);
        peak.rss_mib = std::max(peak.rss_mib, s.rss_mib);
        if (s.writes_queued > peak.writes_queued) {
            peak.writes_queued = s.writes_queued;
            writes_at = s.at_s;
        }
        if (s.reads_queued > peak.reads_queued) {
            peak.reads_queued = s.reads_queued;
            reads_at = s.at_s;
        }
    }
    std::printf("  peak memory, %zu samples: heap in use %s MiB, resident %s MiB (VmHWM %s MiB)\n", samples.size(),
                cell(peak.heap_mib, "%.1f").c_str(), cell(peak.rss_mib, "%.1f").c_str(),
                cell(hwm_kib < 0 ? -1 : static_cast<double>(hwm_kib) / 1024, "%.1f").c_str());
    std::printf("  largest queue depth sampled: writes %s (at %.0f s), reads %s (at %.0f s)\n",
                cell(peak.writes_queued, "%.0f").c_str(), writes_at, cell(peak.reads_queued, "%.0f").c_str(), reads_at);
    if (!data.is_object())
        std::printf("  counted once: not checked, the export answered %u\n", exported.result_int());
    else
        std::printf(
            "  counted once (the export): acknowledged %zu ballots of %zu tokens, counted %zu, lost %zu, doubled "
            "%zu, replaced yet counted %zu%s\n",
            acknowledged, voted, exported_ballots.size(), lost, doubled, stale,
            uncertain == 0
                ? ""
                : ("; " + std::to_string(uncertain) + " tokens not checked (a ballot without an answer)").c_str());
    std::printf("  the server's count: ballots cast %s, replaced %s (metrics); the export's ballot log: cast %s, "
                "counted %s\n",
                cell(cast_total, "%.0f").c_str(), cell(replaced_total, "%.0f").c_str(),
                cell(log.value("cast", -1.0), "%.0f").c_str(), cell(log.value("counted", -1.0), "%.0f").c_str());
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s CABILDO_BINARY [--tokens N] [--minutes M]\n", argv[0]);
        return 2;
    }
    std::size_t tokens = 6000;
    double minutes = 3;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--tokens")
            tokens = std::max<std::size_t>(idea_count, std::stoul(argv[i + 1]));
        else if (flag == "--minutes")
            minutes = std::max(0.1, std::stod(argv[i + 1]));
    }
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    try {
        return run(argv[1], tokens, minutes);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
}
