#pragma once
// A throwaway PostgreSQL server for the tests: initdb in a temporary folder, started on a free
// loopback port, stopped (immediately) and deleted when the object goes, also when a test fails.
// PostgreSQL refuses to run as root, and CI runs as root: as root the server runs as `nobody`
// (runuser), its folder given to that user. The binaries are Debian's (/usr/lib/postgresql/N/bin,
// from the `postgresql` package make deps installs). When the server cannot be started the
// constructor throws with what failed and the server's own log, so a test never passes silently.
//
// Tests choose the backend with CABILDO_TEST_BACKEND=postgresql (ctest runs the suites on each backend);
// the_server() then starts one server for the whole run, and fresh_database() gives each test a
// database of its own.

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

namespace cabildo::test {

class postgresql_server {
public:
    postgresql_server();
    ~postgresql_server();
    // A hot standby of `primary` (pg_basebackup, streaming), started, and made synchronous: from
    // then on a commit on the primary returns only once the standby has it. With `apply_delay`, the
    // standby applies each commit that long after it was made (recovery_min_apply_delay): a commit
    // that waited only for the standby to store it, not to apply it, is then missed by a read there
    // right after it, every time rather than under load alone.
    static std::unique_ptr<postgresql_server> synchronous_standby_of(postgresql_server& primary,
                                                                     std::chrono::milliseconds apply_delay = {});
    postgresql_server(const postgresql_server&) = delete;
    postgresql_server& operator=(const postgresql_server&) = delete;

    unsigned short port() const { return port_; }
    // A libpq URI of `database` on this server (the superuser `cabildo`, no password: trust on loopback).
    std::string uri(const std::string& database = "postgres") const;
    // Stops the server at once (as a crash would: SIGQUIT), keeping its data; start() brings it back
    // on the same port.
    void stop();
    void start();
    // SIGKILL to the postmaster: a crash, nothing flushed or said goodbye.
    void crash();
    // Makes a standby the primary (pg_ctl promote, waiting until it takes writes).
    void promote();
    // Creates a database and returns its URI: with Cabildo's schema already migrated (a copy of a
    // template migrated once, which saves each server start its migrations), or `empty`.
    std::string fresh_database(bool empty = false);
    // Everything `uri`'s database holds, as pg_dump writes it (for tests that look for what must
    // never be stored).
    std::string dump(const std::string& uri) const;
    // What the server logged (for a failure's message).
    std::string log() const;

private:
    struct standby_tag {};
    postgresql_server(postgresql_server& primary, standby_tag, std::chrono::milliseconds apply_delay);
    void make_dir();
    void start_on_a_free_port();

    std::filesystem::path dir_;
    std::string bin_;
    unsigned short port_ = 0;
    int pid_ = -1; // the postmaster, our child
    int databases_ = 0;
    bool template_made_ = false;
};

// Whether this run tests PostgreSQL (CABILDO_TEST_BACKEND=postgresql).
bool testing_postgresql();
// The run's one server, started on first use (thread-safe).
postgresql_server& the_server();

} // namespace cabildo::test
