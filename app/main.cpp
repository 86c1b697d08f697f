// cabildo: the server and its tools. Command lines are part of the contract (DESIGN.md).

#include "app/count_command.hpp"
#include "app/huge_page_heap.hpp"
#include "app/logging.hpp"
#include "app/migrate_command.hpp"
#include "app/serve_command.hpp"
#include "app/verify_command.hpp"
#include "engine/storage/sqlite_store.hpp"

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdlib>
#include <iostream>

#ifndef CABILDO_FRONTEND_DIR
#define CABILDO_FRONTEND_DIR "frontend/dist"
#endif

int main(int argc, char** argv)
{
    CLI::App cli{"Cabildo: participatory consultation and voting engine"};
    std::string log_format = "plain";
    cli.require_subcommand(1);

    cabildo::app::serve_options serve;
    serve.frontend = CABILDO_FRONTEND_DIR;
    auto* serve_cmd = cli.add_subcommand("serve", "Serve the HTTP API and the web app");
    serve_cmd->add_option("--address", serve.address, "Address to listen on")->capture_default_str();
    serve_cmd->add_option("--port", serve.port, "Port to listen on (0 picks a free one)")->capture_default_str();
    auto* db_option = serve_cmd->add_option("--db", serve.db,
                                            "SQLite database file, or a postgresql:// URI (libpq's); default "
                                            "CABILDO_DB, else data/cabildo.db");
    auto* db_read_option = serve_cmd->add_option(
        "--db-read", serve.db_read,
        "PostgreSQL only: where the node's reads go, a libpq URI of a synchronous standby (or several hosts with "
        "target_session_attrs=prefer-standby); default CABILDO_DB_READ, else --db");
    serve_cmd->add_option("--secret-file", serve.secret_file,
                          "File of the HMAC secret (created 0600 if missing) when CABILDO_HMAC_SECRET is not set; "
                          "default <db>.secret beside a SQLite file");
    serve_cmd->add_option("--frontend", serve.frontend, "Folder of the web app's files")->capture_default_str();
    serve_cmd->add_option("--public-url", serve.public_url,
                          "Address residents open (e.g. https://participa.example.mx), printed in the cards' QR "
                          "codes; default: http:// and the Host the organiser's request named");
    serve_cmd->add_flag("--demo", serve.demo, "Seed the Multi City Challenge México demo once");
    serve_cmd->add_flag("--forwarded-for", serve.forwarded_for,
                        "Behind a reverse proxy that sets X-Forwarded-For: count per-client limits by the last "
                        "address it names instead of the connection's");
    serve_cmd->add_option("--threads", serve.threads, "io threads (default: one per core)");
    serve_cmd->add_option("--log-format", log_format, "Log lines on stderr: plain, or json (one JSON object a line)")
        ->capture_default_str();
    serve_cmd->add_option("--tls-cert", serve.tls_cert,
                          "Serve HTTPS (TLS 1.2 or 1.3, with HSTS) with this PEM certificate chain; with --tls-key");
    serve_cmd->add_option("--tls-key", serve.tls_key, "The PEM private key of --tls-cert");
    serve_cmd->add_option("--rate-limit", serve.rate_limits,
                          "A client limit over its default, ACT=PER_SECOND/BURST (ACT: issuance, ideas, ballots per "
                          "client address; replacements per token); ACT=0 turns it off. Repeatable");
    serve_cmd
        ->add_option("--max-queued-writes", serve.max_queued_writes,
                     "Writes that may wait for the writer; past it a write is refused 503 overloaded (0: no bound)")
        ->capture_default_str();
    serve_cmd
        ->add_option("--max-queued-reads", serve.max_queued_reads,
                     "Reads that may wait for a reader; past it a read is refused 503 overloaded (0: no bound)")
        ->capture_default_str();
    serve_cmd->add_option("--test-clock", serve.test_clock,
                          "For tests: start a manual clock at this RFC 3339 time, moved by POST /api/v1/test/clock");

    cabildo::app::backup_options backup;
    auto* backup_cmd = cli.add_subcommand(
        "backup", "Copy a live database into a new SQLite file (SQLite: its online backup API; PostgreSQL: one "
                  "snapshot, table by table)");
    auto* backup_db = backup_cmd
                          ->add_option("--db", backup.db,
                                       "SQLite database file, or a postgresql:// URI (default CABILDO_DB, else "
                                       "data/cabildo.db)")
                          ->capture_default_str();
    backup_cmd->add_option("target", backup.target, "New SQLite file to write")->required();

    cabildo::app::restore_options restore;
    auto* restore_cmd = cli.add_subcommand(
        "restore", "Make a database again from a backup, where none is (refuses to overwrite a live database); "
                   "both files checked with PRAGMA integrity_check");
    restore_cmd->add_option("backup", restore.backup, "The backup file `cabildo backup` wrote")->required();
    auto* restore_db = restore_cmd
                           ->add_option("--db", restore.db,
                                        "The SQLite database file to create (default CABILDO_DB, else "
                                        "data/cabildo.db)")
                           ->capture_default_str();

    cabildo::app::count_options count;
    auto* count_cmd =
        cli.add_subcommand("count", "Count a pabulib (.pb) or PrefLib (.soc .soi .toc .toi) file; JSON on stdout");
    count_cmd->add_option("--method", count.method,
                          "greedy, greedy-threshold, greedy-no-skip, equalshares, equalshares/add1, "
                          "equalshares/add1-comparison, equalshares/add1e, equalshares/add1e-comparison, approval, "
                          "points, schulze, borda, irv, irv-split (default: the file's rule; greedy for greedy-custom, "
                          "greedy-exclusive or no rule)");
    count_cmd->add_option("--budget", count.budget, "Replace the file's budget (whole currency units)");
    count_cmd->add_option("file", count.file, "The election file")->required();

    cabildo::app::migrate_options migrate;
    auto* migrate_cmd = cli.add_subcommand(
        "migrate",
        "Copy a SQLite database into an empty PostgreSQL one, then count every challenge on both and compare");
    migrate_cmd->add_option("--from", migrate.from, "The SQLite database file")->required();
    auto* migrate_to = migrate_cmd->add_option("--to", migrate.to,
                                               "The PostgreSQL database, a postgresql:// URI (default CABILDO_DB)");

    cabildo::app::verify_options verify;
    auto* verify_cmd = cli.add_subcommand(
        "verify", "Check a challenge's bulletin board file alone: every leaf, head, token proof and ballot, and the "
                  "count made again; exit 0 when it holds, 1 on a discrepancy, 2 on an unreadable file");
    verify_cmd->add_option("board", verify.board, "The board file (GET .../board/file)")->required();
    verify_cmd->add_option("--receipt", verify.receipt, "A ballot's receipt (its 200) whose entry must be on it");
    verify_cmd->add_option("--since", verify.since, "A signed head read earlier that the board must extend");

    CLI11_PARSE(cli, argc, argv);
    if (backup_db->count() == 0)
        if (const char* db = std::getenv("CABILDO_DB"); db != nullptr && *db != 0)
            backup.db = db;
    if (restore_db->count() == 0)
        if (const char* db = std::getenv("CABILDO_DB"); db != nullptr && *db != 0)
            restore.db = db;
    if (migrate_to->count() == 0)
        if (const char* db = std::getenv("CABILDO_DB"); db != nullptr)
            migrate.to = db;
    // A URI may hold a password: the environment keeps it off the command line and out of `ps`.
    if (db_option->count() == 0)
        if (const char* db = std::getenv("CABILDO_DB"); db != nullptr && *db != 0)
            serve.db = db;
    if (db_read_option->count() == 0)
        if (const char* db = std::getenv("CABILDO_DB_READ"); db != nullptr && *db != 0)
            serve.db_read = db;

    // Logs go to stderr: stdout carries only what scripts read (the listening line, `count` JSON).
    const auto format = cabildo::app::log_format_named(log_format);
    if (!format) {
        std::cerr << "--log-format must be plain or json\n";
        return 2;
    }
    cabildo::app::start_logging(*format);
    // A closed pipe on stdout must not kill a server holding acknowledged ballots.
    std::signal(SIGPIPE, SIG_IGN);

    try {
        if (*count_cmd) {
            cabildo::app::grow_heap_in_huge_pages(cabildo::app::count_heap_reserve(count.file));
            return cabildo::app::run_count(count, std::cout, std::cerr);
        }
        if (*verify_cmd)
            return cabildo::app::run_verify(verify, std::cout, std::cerr);
        if (*migrate_cmd)
            return cabildo::app::run_migrate(migrate, std::cout, std::cerr);
        if (*serve_cmd)
            return cabildo::app::run_serve(serve);
        if (*backup_cmd)
            return cabildo::app::run_backup(backup, std::cout, std::cerr);
        if (*restore_cmd)
            return cabildo::app::run_restore(restore, std::cout, std::cerr);
    } catch (const std::exception& e) {
        spdlog::error("{}", e.what());
        return 1;
    }
    return 0;
}
