#include "app/serve_command.hpp"

#include "api/router.hpp"
#include "api/server.hpp"
#include "api/static_files.hpp"
#include "app/bootstrap.hpp"
#include "app/demo.hpp"
#include "engine/domain/rfc3339.hpp"
#include "engine/storage/postgresql_store.hpp"
#include "engine/storage/sqlite_store.hpp"
#include "engine/use_cases/service.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <spdlog/spdlog.h>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
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

// How often the server looks for results whose announcement instant has passed.
constexpr auto publication_interval = std::chrono::seconds(1);
// How long the io threads go on after the last write committed, for its response to go out.
constexpr auto stop_grace = std::chrono::milliseconds(300);

struct server_clock {
    std::unique_ptr<engine::clock> clock;
    engine::manual_clock* test_clock = nullptr; // set with --test-clock
};

// The system clock, or with --test-clock a manual one (loopback only); nothing when refused.
std::optional<server_clock> make_clock(const serve_options& opts)
{
    if (!opts.test_clock)
        return server_clock{std::make_unique<engine::system_clock>()};
    const auto start = engine::parse_rfc3339(*opts.test_clock);
    if (!start) {
        spdlog::error("--test-clock needs an RFC 3339 time, e.g. 2020-10-01T06:00:00Z");
        return std::nullopt;
    }
    // Whoever moves the clock opens and closes every window: never beyond this machine.
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(opts.address, ec);
    if (ec || !address.is_loopback()) {
        spdlog::error("--test-clock serves only a loopback address (127.0.0.1 or ::1), not {}", opts.address);
        return std::nullopt;
    }
    spdlog::warn("TEST CLOCK: time starts at {} and the admin key can move it forward (POST /api/v1/test/clock, "
                 "audited); never use this for a real consultation",
                 *opts.test_clock);
    auto manual = std::make_unique<engine::manual_clock>(*start);
    server_clock out;
    out.test_clock = manual.get();
    out.clock = std::move(manual);
    return out;
}

// Results publish themselves when their announcement instant passes, looked for every second:
// nobody can hold the winners back by not asking for them. A consultation's count freezes the same
// way at its close, and the relay's expired requests are swept (once a minute). The timer lives on a strand of its
// own, where stop() also cancels it; after the stop it is not armed again.
class publication_timer {
public:
    publication_timer(boost::asio::io_context& ioc, engine::service& service)
        : strand_(boost::asio::make_strand(ioc)), timer_(strand_), service_(service)
    {}
    void start()
    {
        boost::asio::post(strand_, [this] { tick(); });
    }
    void stop()
    {
        boost::asio::post(strand_, [this] {
            stopping_ = true;
            timer_.cancel();
        });
    }

private:
    void tick()
    {
        if (stopping_)
            return;
        service_.ballots().publish_due();
        service_.board().close_due();
        service_.consultation().freeze_due_surveys();
        service_.participants().purge_relay();
        timer_.expires_after(publication_interval);
        timer_.async_wait([this](const boost::system::error_code& ec) {
            if (!ec)
                tick();
        });
    }

    boost::asio::strand<boost::asio::io_context::executor_type> strand_;
    boost::asio::steady_timer timer_;
    engine::service& service_;
    bool stopping_ = false; // on the strand
};

std::optional<std::string> env(const char* name)
{
    const char* v = std::getenv(name);
    return v && *v ? std::optional<std::string>(v) : std::nullopt;
}

// The secrets from the environment or the secret file (--secret-file; beside a SQLite database by
// default); a generated admin key is printed once, on the start that created it (only its hash is
// kept).
server_secrets start_secrets(engine::sql_store& storage, const serve_options& opts)
{
    auto file = opts.secret_file;
    if (file.empty()) {
        if (engine::is_postgresql_uri(opts.db) && !env("CABILDO_HMAC_SECRET"))
            throw std::runtime_error("a PostgreSQL database needs the server secret, the same on every node: set "
                                     "CABILDO_HMAC_SECRET or give --secret-file");
        file = opts.db + ".secret";
    }
    auto secrets = load_secrets(storage, {env("CABILDO_ADMIN_KEY"), env("CABILDO_HMAC_SECRET"), file});
    if (secrets.generated_admin_key)
        std::printf("cabildo admin key (shown once, keep it): %s\n", secrets.generated_admin_key->c_str());
    return secrets;
}

// This thread and threads - 1 others run the io_context until it stops.
void run_io_threads(boost::asio::io_context& ioc, unsigned threads)
{
    std::vector<std::thread> pool;
    for (unsigned i = 1; i < threads; ++i)
        pool.emplace_back([&] { ioc.run(); });
    ioc.run();
    for (auto& t : pool)
        t.join();
}

// Cards link to --public-url; without it, to the Host each organiser's request named, which is right
// on a laptop and wrong behind TLS or a proxy.
void warn_without_public_url(const serve_options& opts)
{
    if (opts.public_url.empty()) {
        boost::system::error_code bad;
        const auto address = boost::asio::ip::make_address(opts.address, bad);
        if (bad || !address.is_loopback())
            spdlog::warn("no --public-url: printed cards will link to http:// and whatever Host the organiser's "
                         "request named; behind TLS or a proxy, give the address residents open");
    }
}

} // namespace

int run_serve(const serve_options& opts)
{
    auto made = make_clock(opts);
    if (!made)
        return 2;
    auto& clock = made->clock;
    engine::manual_clock* test_clock = made->test_clock;
    // A scraper's key for GET /metrics, which opens nothing else (never stored: only its SHA-256 is
    // held; a short one could be guessed, so it is held to the admin key's length).
    std::optional<std::string> scrape_hash;
    if (const auto scrape = env("CABILDO_METRICS_KEY")) {
        if (scrape->size() < 32) {
            spdlog::error("CABILDO_METRICS_KEY must be at least 32 characters (openssl rand -base64 32)");
            return 2;
        }
        scrape_hash = engine::sha256(*scrape);
    }
    api::client_limits client_limits;
    for (const auto& spec : opts.rate_limits)
        if (const auto error = api::set_limit(client_limits, spec)) {
            spdlog::error("--rate-limit: {}", *error);
            return 2;
        }
    // HTTPS: the certificate and key loaded before anything else starts, so a wrong path is told at once.
    std::shared_ptr<boost::asio::ssl::context> tls;
    if (opts.tls_cert.empty() != opts.tls_key.empty()) {
        spdlog::error("--tls-cert and --tls-key go together: a certificate chain and its private key (PEM)");
        return 2;
    }
    if (!opts.tls_cert.empty()) {
        try {
            tls = api::server::tls_context(opts.tls_cert, opts.tls_key);
        } catch (const std::exception& e) {
            spdlog::error("cannot serve HTTPS with {} and {}: {}", opts.tls_cert, opts.tls_key, e.what());
            return 2;
        }
    }

    const unsigned threads = opts.threads ? opts.threads : std::max(1u, std::thread::hardware_concurrency());
    // Declared first so it is destroyed last: storage threads may still hold sessions (sockets)
    // of this io_context when they stop.
    boost::asio::io_context ioc(static_cast<int>(threads));
    const std::size_t readers = std::max<std::size_t>(2, threads);
    std::unique_ptr<engine::sql_store> stored;
    if (!opts.db_read.empty() && !(engine::is_postgresql_uri(opts.db) && engine::is_postgresql_uri(opts.db_read))) {
        spdlog::error("--db-read (CABILDO_DB_READ) sends reads to a PostgreSQL standby: both it and --db must be "
                      "postgresql:// URIs");
        return 2;
    }
    if (engine::is_postgresql_uri(opts.db)) {
        engine::postgresql_options options;
        options.uri = opts.db;
        options.read_uri = opts.db_read;
        options.readers = readers;
        options.max_queued_writes = opts.max_queued_writes;
        options.max_queued_reads = opts.max_queued_reads;
        stored = std::make_unique<engine::postgresql_store>(options);
    } else {
        engine::sqlite_options options{opts.db, readers};
        options.max_queued_writes = opts.max_queued_writes;
        options.max_queued_reads = opts.max_queued_reads;
        stored = std::make_unique<engine::sqlite_store>(options);
    }
    auto& storage = *stored;
    const auto secrets = start_secrets(storage, opts);
    // On the heap, so that a job outliving it is a use after free the sanitizers report.
    const auto service =
        std::make_unique<engine::service>(storage, *clock, secrets.hmac_secret, secrets.admin_key_hash, secrets.keys);
    // The readers and the writer run jobs that use the service: they stop before it is destroyed,
    // however this function is left.
    struct close_storage_first {
        engine::sql_store& storage;
        ~close_storage_first() { storage.close(); }
    } const storage_closer{storage};

    if (test_clock != nullptr) // where the nodes on this database moved it, if later than --test-clock
        service->admin().follow_test_clock(*test_clock);

    if (opts.demo && seed_demo(*service, &storage, secrets.hmac_secret))
        spdlog::info("seeded the Multi City Challenge México demo");

    const api::static_files files(opts.frontend);
    api::router routes(*service, files, test_clock);
    routes.public_url(opts.public_url);
    routes.trust_forwarded_for(opts.forwarded_for);
    routes.limits(client_limits);
    if (scrape_hash)
        routes.metrics_key_hash(*scrape_hash);
    api::server_limits limits;
    limits.max_connections = connection_budget(limits.max_connections);
    limits.io_threads = threads;
    api::server server(ioc, routes, limits, tls);
    routes.count_connections(server.connections());
    try {
        server.listen(opts.address, opts.port);
    } catch (const std::exception& e) {
        spdlog::error("cannot listen on {}:{}: {}", opts.address, opts.port, e.what());
        return 1;
    }
    // Tests and scripts read this line to find the port (with --port 0).
    warn_without_public_url(opts);
    std::printf("cabildo listening on %s://%s:%u\n", tls ? "https" : "http", opts.address.c_str(), server.port());
    std::fflush(stdout);
    spdlog::info("serving {} files from {} with {} io threads, database {}", files.size(),
                 opts.frontend.empty() ? "(none)" : opts.frontend, threads,
                 engine::is_postgresql_uri(opts.db) ? std::string("on PostgreSQL") : opts.db);

    publication_timer publication(ioc, *service);
    publication.start();

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
        publication.stop();
        drainer = std::thread([&] {
            storage.stop();
            boost::asio::post(ioc, [&] {
                grace.expires_after(stop_grace);
                grace.async_wait([&](const boost::system::error_code&) { ioc.stop(); });
            });
        });
    });

    run_io_threads(ioc, threads);
    if (drainer.joinable())
        drainer.join();
    storage.close(); // a count still running finishes before the service goes
    spdlog::info("stopped");
    return 0;
}

} // namespace cabildo::app
