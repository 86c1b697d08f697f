// One in-person table's evening over HTTP on loopback against the real `cabildo serve` (issue 22):
// two officers enter every paper ballot of the box (each entry durable before its 200), sign the
// act, whose second signature closes it (the table's board entries and paper ballots written in
// one transaction), and `cabildo verify` checks the published board. Prints figures; never fails
// on them.
//
//   cabildo_bench_tables CABILDO_BINARY [--ballots N] [--connections C]
//
// The server runs on a test clock, moved from the table's day to its close and past the
// announcement as an organiser's day would.

#include "bench/http_client.hpp"
#include "engine/identity/crypto.hpp"
#include "engine/identity/officer_key.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <exception>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <poll.h>
#include <random>
#include <stdexcept>
#include <string>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace cabildo::bench;
namespace engine = cabildo::engine;

namespace {

// Every wait is bounded (http_client.hpp): closing a large act is one request, within
// setup_deadline; `cabildo verify` on a large board within exit_deadline.
constexpr auto exit_deadline = std::chrono::minutes(10);

// The table's day on the test clock: submission and online voting open all along, the table on
// their second day, the announcement two days after they close.
const std::string opens = "2024-03-01T00:00:00Z", closes = "2024-03-10T00:00:00Z";
const std::string announcement = "2024-03-12T00:00:00Z";
const std::string clock_start = "2024-03-01T08:00:00Z";
const std::string table_opens = "2024-03-02T09:00:00Z", table_closes = "2024-03-02T18:00:00Z";
const std::string box_opened = "2024-03-02T19:00:00Z";
const std::string after_announcement = "2024-03-12T01:00:00Z";

// The bench's server: `cabildo serve` on a fresh SQLite file and the test clock (test_server.hpp).
class server : public cabildo::bench::test_server {
public:
    explicit server(const std::string& binary) : test_server(binary, "tables", clock_start) {}
};

// One officer's entry of one ballot of the box.
struct entry {
    std::string target;
    std::string bearer;
    std::string body;
};

struct entry_load {
    std::vector<entry> entries;
    std::size_t next = 0;
    std::vector<double> latencies_ms;
    std::size_t errors = 0;
};

// Closed loop: each connection sends the next entry as soon as the previous answer arrives.
net::awaitable<void> enter_ballots(unsigned short port, entry_load& load)
{
    beast::tcp_stream stream(co_await net::this_coro::executor);
    co_await connect(stream, port);
    beast::flat_buffer buf;
    while (load.next < load.entries.size()) {
        const auto& e = load.entries[load.next++];
        auto req = make_request(http::verb::put, e.target, e.body, e.bearer);
        const auto t0 = clock_type::now();
        const auto res = co_await exchange(stream, buf, std::move(req), request_deadline);
        load.latencies_ms.push_back(std::chrono::duration<double, std::milli>(clock_type::now() - t0).count());
        if (res.result_int() != 200 && load.errors++ == 0)
            std::fprintf(stderr, "first error: %u %s\n", res.result_int(), res.body().c_str());
    }
}

// `cabildo verify FILE`, its output dropped: its exit status and wall time in seconds.
std::pair<int, double> verify(const std::string& binary, const std::filesystem::path& file)
{
    const auto t0 = clock_type::now();
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        const int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, STDOUT_FILENO);
        ::dup2(null, STDERR_FILENO);
        ::execl(binary.c_str(), binary.c_str(), "verify", file.c_str(), static_cast<char*>(nullptr));
        std::_Exit(127);
    }
    const int status = wait_for_exit(pid, exit_deadline);
    return {status, std::chrono::duration<double>(clock_type::now() - t0).count()};
}

// A paper ballot as an officer reads it: mostly one to three of the ideas, now and then a blank
// or a null one.
json paper_mark(std::size_t position, const std::vector<std::int64_t>& ideas, std::mt19937& rng)
{
    if (position % 40 == 0)
        return {{"blank", true}};
    if (position % 40 == 20)
        return {{"null", "illegible"}};
    std::vector<std::int64_t> pick = ideas;
    std::shuffle(pick.begin(), pick.end(), rng);
    pick.resize(1 + rng() % 3);
    return {{"choices", pick}};
}

int run(const std::string& binary, std::size_t ballots, std::size_t connections)
{
    const server srv(binary);
    const auto port = srv.port();
    const std::string base = open_bench_challenge(port, opens, closes, announcement);
    constexpr int idea_count = 5;
    const auto cards = call(port, http::verb::post, base + "/tokens", {{"count", idea_count}}, admin_key)["tokens"];
    std::vector<std::int64_t> ideas;
    for (int i = 0; i < idea_count; ++i)
        ideas.push_back(call(port, http::verb::post, base + "/ideas",
                             {{"token", cards[static_cast<std::size_t>(i)]["token"]},
                              {"title", "Idea " + std::to_string(i)},
                              {"description", "x"}})["id"]);
    const auto made =
        call(port, http::verb::post, base + "/tables",
             {{"name", "Mesa"}, {"address", "Plaza"}, {"opens", table_opens}, {"closes", table_closes}}, admin_key);
    const std::string table = base + "/tables/" + std::to_string(made["id"].get<std::int64_t>());
    // Each officer's key as shown is "<bearer>.<signing secret>": the bearer part is sent, the secret signs.
    std::array<std::string, 2> officers, secrets;
    for (std::size_t o = 0; o < officers.size(); ++o) {
        const auto shown = call(port, http::verb::post, table + "/officers",
                                {{"label", "Officer " + std::to_string(o + 1)}}, admin_key)["key"]
                               .get<std::string>();
        const auto parts = engine::split_officer_key(shown);
        if (!parts)
            throw std::runtime_error("an officer's key is not <bearer>.<secret>");
        officers[o] = std::string(parts->bearer);
        secrets[o] = std::string(parts->secret);
    }
    set_clock(port, box_opened);

    // (1) The box: both officers enter every ballot, their entries of one position side by side.
    entry_load load;
    std::mt19937 rng(7);
    for (std::size_t position = 1; position <= ballots; ++position) {
        const auto body = paper_mark(position, ideas, rng).dump();
        for (const auto& key : officers)
            load.entries.push_back({table + "/ballots/" + std::to_string(position), key, body});
    }
    net::io_context ioc;
    const auto t_entries = clock_type::now();
    for (std::size_t c = 0; c < connections; ++c)
        net::co_spawn(ioc, enter_ballots(port, load), rethrow);
    ioc.run();
    const double entries_s = ms_since(t_entries) / 1000;

    // (2) The act: drafted, then signed by both; the second signature closes it.
    const auto t_draft = clock_type::now();
    const auto draft = call(port, http::verb::post, table + "/act",
                            {{"ballots_in_box", ballots}, {"photo_sha256", std::string(64, 'a')}}, officers[0]);
    const double draft_ms = ms_since(t_draft);
    std::array<std::string, 2> signatures;
    for (std::size_t o = 0; o < officers.size(); ++o)
        signatures[o] =
            engine::base64url_encode(engine::officer_signing_key(secrets[o]).sign(draft["message"].get<std::string>()));
    std::array<double, 2> sign_ms{};
    json signed_act;
    for (std::size_t o = 0; o < officers.size(); ++o) {
        const auto t0 = clock_type::now();
        signed_act =
            call(port, http::verb::post, table + "/act/signatures", {{"signature", signatures[o]}}, officers[o]);
        sign_ms[o] = ms_since(t0);
    }

    // (3) Past the announcement: the first results request publishes; the board file is verified.
    set_clock(port, after_announcement);
    const auto t_results = clock_type::now();
    call(port, http::verb::get, base + "/results", nullptr);
    const double results_ms = ms_since(t_results);
    const auto board = send(port, http::verb::get, base + "/board/file", {}, {}, setup_deadline);
    if (board.result_int() != 200)
        throw std::runtime_error("the board file: " + std::to_string(board.result_int()) + " " + board.body());
    const auto board_file = srv.dir() / "board.jsonl";
    std::ofstream(board_file, std::ios::binary) << board.body();
    const auto [verified, verify_s] = verify(binary, board_file);

    const auto entered = load.latencies_ms.size();
    std::printf("paper ballots of one table over HTTP (two officers, loopback, each entry durable before 200)\n");
    std::printf("  entries, closed loop, %zu connections: %zu (%zu ballots twice) in %.2f s = %.0f entries/s; "
                "p50 %.2f ms, p99 %.2f ms; %zu errors\n",
                connections, entered, ballots, entries_s, static_cast<double>(entered) / entries_s,
                percentile(load.latencies_ms, 0.5), percentile(load.latencies_ms, 0.99), load.errors);
    std::printf("  act: drafted in %.1f ms; first signature %.1f ms; second signature %.1f ms (closes it: %zu paper "
                "ballots and their board entries in one transaction), %.1f us a ballot%s\n",
                draft_ms, sign_ms[0], sign_ms[1], ballots, 1000 * sign_ms[1] / static_cast<double>(ballots),
                signed_act.value("closed", false) ? "" : "; the act did not close (a bug)");
    std::printf("  results published (first request after the announcement): %.1f ms\n", results_ms);
    std::printf("  cabildo verify on the board file (%zu entries, %.1f MiB): %.2f s%s\n",
                static_cast<std::size_t>(std::count(board.body().begin(), board.body().end(), '\n')),
                static_cast<double>(board.body().size()) / (1024.0 * 1024.0), verify_s,
                verified == 0 ? "" : ("; did not hold (exit " + std::to_string(verified) + "): a bug").c_str());
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s CABILDO_BINARY [--ballots N] [--connections C]\n", argv[0]);
        return 2;
    }
    std::size_t ballots = 2000, connections = 8;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--ballots")
            ballots = std::max<std::size_t>(1, std::stoul(argv[i + 1]));
        else if (flag == "--connections")
            connections = std::max<std::size_t>(1, std::stoul(argv[i + 1]));
    }
    try {
        return run(argv[1], ballots, connections);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
}
