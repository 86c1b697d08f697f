#include "app/serve_command.hpp"

#include "api/router.hpp"
#include "api/server.hpp"
#include "api/static_files.hpp"
#include "engine/bootstrap.hpp"
#include "engine/demo.hpp"
#include "engine/rfc3339.hpp"
#include "engine/service.hpp"
#include "engine/sqlite_store.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

namespace cabildo::app {

namespace {

// Raises the soft limit on open files to the hard one and keeps connections below it, with room
// for SQLite's files and the listener.
std::size_t connection_budget(std::size_t wanted)
{
    rlimit lim{};
    if (::getrlimit(RLIMIT_NOFILE, &lim) != 0)
        return wanted;
    if (lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &lim);
        ::getrlimit(RLIMIT_NOFILE, &lim);
    }
    const auto usable = lim.rlim_cur > 128 ? static_cast<std::size_t>(lim.rlim_cur - 64) : 64;
    return std::min(wanted, usable);
}

} // namespace

int run_serve(const serve_options& opts)
{
    std::unique_ptr<engine::clock> clock;
    engine::manual_clock* test_clock = nullptr;
    if (opts.test_clock) {
        const auto start = engine::parse_rfc3339(*opts.test_clock);
        if (!start) {
            spdlog::error("--test-clock needs an RFC 3339 time, e.g. 2020-10-01T06:00:00Z");
            return 2;
        }
        auto manual = std::make_unique<engine::manual_clock>(*start);
        test_clock = manual.get();
        clock = std::move(manual);
    } else {
        clock = std::make_unique<engine::system_clock>();
    }

    const unsigned threads = opts.threads ? opts.threads : std::max(1u, std::thread::hardware_concurrency());
    // Declared first so it is destroyed last: storage threads may still hold sessions (sockets)
    // of this io_context when they stop.
    boost::asio::io_context ioc(static_cast<int>(threads));
    engine::sqlite_store storage({opts.db, std::max<std::size_t>(2, threads)});
    const auto env = [](const char* name) {
        const char* v = std::getenv(name);
        return v && *v ? std::optional<std::string>(v) : std::nullopt;
    };
    auto secrets = engine::load_secrets(
        storage, {env("CABILDO_ADMIN_KEY"), env("CABILDO_HMAC_SECRET"), std::filesystem::path(opts.db + ".secret")});
    if (secrets.generated_admin_key) {
        // Printed once, on the start that created it; only its hash is kept.
        std::printf("cabildo admin key (shown once, keep it): %s\n", secrets.generated_admin_key->c_str());
    }
    engine::service service(storage, *clock, secrets.hmac_secret, secrets.admin_key_hash, secrets.organiser_keys);

    if (opts.demo && engine::seed_demo(service))
        spdlog::info("seeded the Multi City Challenge México demo");

    const api::static_files files(opts.frontend);
    const api::router routes(service, files, test_clock);
    api::server_limits limits;
    limits.max_connections = connection_budget(limits.max_connections);
    api::server server(ioc, routes, limits);
    try {
        server.listen(opts.address, opts.port);
    } catch (const std::exception& e) {
        spdlog::error("cannot listen on {}:{}: {}", opts.address, opts.port, e.what());
        return 1;
    }
    // Tests and scripts read this line to find the port (with --port 0).
    std::printf("cabildo listening on http://%s:%u\n", opts.address.c_str(), server.port());
    std::fflush(stdout);
    spdlog::info("serving {} files from {} with {} io threads, database {}", files.size(),
                 opts.frontend.empty() ? "(none)" : opts.frontend, threads, opts.db);

    // Graceful stop: refuse new connections, commit every queued write (their responses go out),
    // then stop the io threads after a short grace for those responses to be written.
    boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
    boost::asio::steady_timer grace(ioc);
    std::thread drainer;
    signals.async_wait([&](const boost::system::error_code& ec, int) {
        if (ec)
            return;
        spdlog::info("stopping: finishing queued writes");
        server.stop_accepting();
        drainer = std::thread([&] {
            storage.stop();
            boost::asio::post(ioc, [&] {
                grace.expires_after(std::chrono::milliseconds(300));
                grace.async_wait([&](const boost::system::error_code&) { ioc.stop(); });
            });
        });
    });

    std::vector<std::thread> pool;
    for (unsigned i = 1; i < threads; ++i)
        pool.emplace_back([&] { ioc.run(); });
    ioc.run();
    for (auto& t : pool)
        t.join();
    if (drainer.joinable())
        drainer.join();
    spdlog::info("stopped");
    return 0;
}

} // namespace cabildo::app
