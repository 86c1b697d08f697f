#pragma once
// Starts the real `cabildo serve` on an ephemeral loopback port with a fresh database and talks
// HTTP/1.1 to it, as any client would.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cabildo::test {

using json = nlohmann::json;

struct http_reply {
    int status = 0;
    std::map<std::string, std::string> headers; // lower-case names
    std::string body;
    json json_body() const { return json::parse(body, nullptr, false); }
    std::string error_code() const;
    std::string error_field() const;
};

// Environment variables for the server: a value sets one, nullopt unsets it.
using environment = std::vector<std::pair<std::string, std::optional<std::string>>>;

// What a `cabildo` run that was expected to end printed, and how it ended.
struct exit_report {
    int status = 0; // exit status, or -signal
    std::string out;
    std::string err;
};

class server_process {
public:
    // `extra` are more `serve` arguments; the database lives in a fresh temporary folder unless
    // `db` is given (to restart on the same file). The server gets CABILDO_ADMIN_KEY = admin_key()
    // unless `env` says otherwise.
    explicit server_process(std::vector<std::string> extra = {}, std::filesystem::path db = {}, environment env = {});
    ~server_process();
    server_process(const server_process&) = delete;
    server_process& operator=(const server_process&) = delete;

    unsigned short port() const { return port_; }
    const std::filesystem::path& db() const { return db_; }
    static const std::string& admin_key();
    // Servers started on `db` from now on use this PostgreSQL database instead (two nodes, a
    // server restarted under them), in either run.
    static void use_postgresql(const std::filesystem::path& db, const std::string& uri);

    http_reply request(const std::string& method, const std::string& target, const std::string& body = {},
                       const std::string& bearer = {}, const std::map<std::string, std::string>& headers = {}) const;
    http_reply get(const std::string& target, const std::string& bearer = {}) const
    {
        return request("GET", target, {}, bearer);
    }
    http_reply post(const std::string& target, const json& body, const std::string& bearer = {}) const
    {
        return request("POST", target, body.dump(), bearer);
    }
    http_reply put(const std::string& target, const json& body, const std::string& bearer = {}) const
    {
        return request("PUT", target, body.dump(), bearer);
    }
    http_reply patch(const std::string& target, const json& body, const std::string& bearer = {}) const
    {
        return request("PATCH", target, body.dump(), bearer);
    }
    // Sends raw bytes and returns the raw reply (for malformed HTTP).
    std::string raw(const std::string& bytes) const;

    // Moves the server's test clock (the server must run with --test-clock).
    void set_clock(const std::string& rfc3339) const;

    // SIGTERM (graceful) or SIGKILL, then waits for the exit; returns the exit status or -signal.
    int stop(bool kill = false);
    int pid() const { return pid_; }
    // What the server printed on stdout before its listening line (the generated admin key).
    const std::vector<std::string>& startup_lines() const { return startup_lines_; }
    // The server's stderr so far (its log), when it runs in a folder of its own.
    std::string log() const;
    // Every byte the database holds: SQLite's file with its WAL or journal, or a dump of the
    // PostgreSQL database (CABILDO_TEST_BACKEND=postgresql). For tests of what is never stored.
    std::string database_bytes() const;

    // Runs `cabildo` with `args` to its end (within `seconds`, then SIGKILL), for starts that
    // must fail and tools.
    static exit_report run_to_exit(const std::vector<std::string>& args, const environment& env = {}, int seconds = 60);

private:
    std::filesystem::path dir_;
    std::filesystem::path db_;
    bool owns_dir_ = false;
    int pid_ = -1;
    unsigned short port_ = 0;
    std::vector<std::string> startup_lines_;
};

} // namespace cabildo::test
