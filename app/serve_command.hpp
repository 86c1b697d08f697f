#pragma once
// `cabildo serve`: the HTTP server over one database, a SQLite file or PostgreSQL.

#include "engine/storage/sql_store.hpp"
#include <optional>

#include <cstddef>
#include <string>
#include <vector>

namespace cabildo::app {

struct serve_options {
    std::string address = "127.0.0.1";
    unsigned short port = 8080;
    std::string db = "data/cabildo.db"; // a SQLite file, or a postgresql:// URI
    std::string db_read;                // PostgreSQL: where reads go (a synchronous standby); empty: db
    std::string secret_file;            // the HMAC secret's file; empty: <db>.secret (SQLite only)
    std::string frontend;
    std::string public_url; // where residents reach the web app, for the cards' QR codes; empty: the Host header
    bool demo = false;
    bool forwarded_for = false;            // behind a reverse proxy: the client is the last X-Forwarded-For address
    std::optional<std::string> test_clock; // RFC 3339 start of a clock that only tests move
    unsigned threads = 0;                  // io threads; 0: one per core
    std::string tls_cert;                  // PEM certificate chain: serve HTTPS (with tls_key)
    std::string tls_key;                   // its PEM private key
    // The client limits (api/rate_limiter.hpp), each "ACT=PER_SECOND/BURST", over the defaults.
    std::vector<std::string> rate_limits;
    // The store's queues (engine/storage/sql_store.hpp): past these, 503 overloaded; 0 unbounded.
    std::size_t max_queued_writes = engine::sql_store::default_max_queued_writes;
    std::size_t max_queued_reads = engine::sql_store::default_max_queued_reads;
};

int run_serve(const serve_options& opts);

} // namespace cabildo::app
