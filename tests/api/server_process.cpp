#include "tests/api/server_process.hpp"

#include "tests/api/openapi_validator.hpp"
#include "tests/support/postgresql_server.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <random>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#ifndef CABILDO_BINARY
#error "CABILDO_BINARY must name the cabildo executable"
#endif

namespace cabildo::test {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

std::string http_reply::error_code() const
{
    const auto j = json_body();
    return j.is_object() && j.contains("error") ? j["error"].value("code", "") : "";
}

std::string http_reply::error_field() const
{
    const auto j = json_body();
    return j.is_object() && j.contains("error") ? j["error"].value("field", "") : "";
}

const std::string& server_process::admin_key()
{
    static const std::string key = "qaDx3tGiZWEmsBbOhYHRgAEd5QVOBEdwg_0J_7wZUjg"; // 32 random bytes, base64url
    return key;
}

namespace {

// The synchronous reads and writes below wait at most a minute each (tcp_stream's expiry covers
// only asynchronous operations): a server that stops answering fails the test, it does not hang it.
void bound_in_time(int fd)
{
    timeval limit{60, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
}

void apply(const environment& env)
{
    for (const auto& [name, value] : env) {
        if (value)
            ::setenv(name.c_str(), value->c_str(), 1);
        else
            ::unsetenv(name.c_str());
    }
}

// In a forked child: the environment the tests give every server, then `args` (the binary
// first) in place of the child.
[[noreturn]] void exec_cabildo(std::vector<std::string> args, const environment& env)
{
    ::setenv("CABILDO_ADMIN_KEY", server_process::admin_key().c_str(), 1);
    apply(env);
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    std::_Exit(127);
}

// Every answer under /api/v1 is held to api/openapi.json as the source tree has it, so the
// document is tested by every API test and cannot drift from what the server does. A broken
// contract is reported, not thrown: the test goes on to say what else it sees.
void check_contract(const std::string& method, const std::string& target, const http_reply& reply)
{
    constexpr std::string_view api = "/api/v1";
    if (!target.starts_with(api) ||
        (target.size() > api.size() && target[api.size()] != '/' && target[api.size()] != '?'))
        return;
    auto path = target.substr(api.size());
    path.resize(std::min(path.size(), path.find('?')));
    const auto type = reply.headers.find("content-type");
    const auto problem = source_contract().check_reply(method, path, reply.status,
                                                       type == reply.headers.end() ? "" : type->second, reply.body);
    if (!problem)
        return;
    // Boost.Test's checks are not thread-safe, and some tests send from several threads.
    static std::mutex reporting;
    const std::lock_guard lock(reporting);
    BOOST_ERROR("contract (api/openapi.json): " << method << " " << target.substr(0, 200) << " answered "
                                                << reply.status << ": " << *problem);
}

// Where a server of this run keeps its data: the SQLite file `db`, or, when the run tests
// PostgreSQL, a database of the run's server that `db` names (created on first use, the same one
// again when a test restarts a server on the same path), with its secret in a file beside `db`.
std::mutex databases_guard;
std::map<std::string, std::string> databases; // a server's path -> its PostgreSQL database

std::string postgresql_database(const std::filesystem::path& db)
{
    const std::lock_guard lock(databases_guard);
    auto& uri = databases[db.string()];
    if (uri.empty())
        uri = the_server().fresh_database();
    return uri;
}

std::vector<std::string> database_arguments(const std::filesystem::path& db)
{
    bool named = false;
    {
        const std::lock_guard lock(databases_guard);
        named = databases.contains(db.string());
    }
    if (!named && !testing_postgresql())
        return {"--db", db.string()};
    return {"--db", postgresql_database(db), "--secret-file", db.string() + ".secret"};
}

} // namespace

server_process::server_process(std::vector<std::string> extra, std::filesystem::path db, environment env)
{
    if (db.empty()) {
        std::random_device rd;
        dir_ = std::filesystem::temp_directory_path() /
               ("cabildo-api-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
        std::filesystem::create_directories(dir_);
        owns_dir_ = true;
        db_ = dir_ / "cabildo.db";
    } else {
        db_ = std::move(db);
    }
    // Close-on-exec: a process started meanwhile (the run's PostgreSQL server, on first use) must
    // not hold the write end, or a server that dies before its listening line is waited for forever.
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0)
        throw std::runtime_error("pipe failed");
    // Two io threads (each connection on its strand) unless a test asks for its own number.
    std::vector<std::string> args{CABILDO_BINARY, "serve", "--port", "0"};
    if (std::find(extra.begin(), extra.end(), "--threads") == extra.end())
        args.insert(args.end(), {"--threads", "2"});
    const auto database = database_arguments(db_);
    args.insert(args.end(), database.begin(), database.end());
    args.insert(args.end(), extra.begin(), extra.end());
    pid_ = ::fork();
    if (pid_ == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL); // no orphan server if the test process dies
        ::dup2(out[1], STDOUT_FILENO);
        if (owns_dir_) {
            const auto log = (dir_ / "server.log").string();
            if (FILE* f = std::fopen(log.c_str(), "a"))
                ::dup2(::fileno(f), STDERR_FILENO);
        }
        ::close(out[0]);
        ::close(out[1]);
        exec_cabildo(std::move(args), env);
    }
    ::close(out[1]);
    // The server prints "cabildo listening on http://127.0.0.1:PORT" once it accepts.
    std::string line;
    char c;
    while (::read(out[0], &c, 1) == 1) {
        if (c == '\n') {
            const auto at = line.rfind(':');
            if (line.rfind("cabildo listening on ", 0) == 0 && at != std::string::npos) {
                port_ = static_cast<unsigned short>(std::stoi(line.substr(at + 1)));
                break;
            }
            startup_lines_.push_back(line);
            line.clear();
        } else {
            line += c;
        }
    }
    ::close(out[0]);
    if (port_ == 0) {
        stop(true);
        throw std::runtime_error("cabildo did not start: " + line);
    }
}

server_process::~server_process()
{
    stop(true);
    if (owns_dir_) {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
}

std::string server_process::log() const
{
    std::ifstream in(dir_ / "server.log", std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void server_process::use_postgresql(const std::filesystem::path& db, const std::string& uri)
{
    const std::lock_guard lock(databases_guard);
    databases[db.string()] = uri;
}

std::string server_process::database_bytes() const
{
    if (testing_postgresql())
        return the_server().dump(postgresql_database(db_));
    std::string out;
    for (const auto& entry : std::filesystem::directory_iterator(db_.parent_path())) {
        const auto name = entry.path().filename().string();
        const auto base = db_.filename().string();
        if (name.rfind(base, 0) != 0 || name == base + ".secret")
            continue; // the database, and its WAL or journal if one is left
        std::ifstream in(entry.path(), std::ios::binary);
        out.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return out;
}

exit_report server_process::run_to_exit(const std::vector<std::string>& args, const environment& env, int seconds)
{
    int out[2], err[2];
    if (::pipe(out) != 0 || ::pipe(err) != 0)
        throw std::runtime_error("pipe failed");
    const int pid = ::fork();
    if (pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        ::dup2(out[1], STDOUT_FILENO);
        ::dup2(err[1], STDERR_FILENO);
        for (int fd : {out[0], out[1], err[0], err[1]})
            ::close(fd);
        std::vector<std::string> all{CABILDO_BINARY};
        all.insert(all.end(), args.begin(), args.end());
        exec_cabildo(std::move(all), env);
    }
    ::close(out[1]);
    ::close(err[1]);
    // Bounded: a start that was meant to fail but serves instead is killed, not waited on forever.
    std::atomic<bool> ended{false};
    std::thread watchdog([pid, seconds, &ended] {
        for (int i = 0; i < seconds * 10; ++i) {
            if (ended.load())
                return;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        ::kill(pid, SIGKILL);
    });
    exit_report report;
    const auto drain = [](int fd, std::string& into) {
        char buf[4096];
        for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;)
            into.append(buf, static_cast<std::size_t>(n));
        ::close(fd);
    };
    std::thread reader([&] { drain(err[0], report.err); });
    drain(out[0], report.out);
    reader.join();
    int status = 0;
    ::waitpid(pid, &status, 0);
    ended.store(true);
    watchdog.join();
    report.status = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    return report;
}

int server_process::stop(bool kill)
{
    if (pid_ <= 0)
        return 0;
    ::kill(pid_, kill ? SIGKILL : SIGTERM);
    int status = 0;
    // A graceful stop waits for a running count; past two minutes it is a hang: kill it.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

http_reply server_process::request(const std::string& method, const std::string& target, const std::string& body,
                                   const std::string& bearer, const std::map<std::string, std::string>& headers) const
{
    net::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
    bound_in_time(stream.socket().native_handle());
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "127.0.0.1");
    if (!bearer.empty())
        req.set(http::field::authorization, "Bearer " + bearer);
    if (!body.empty())
        req.set(http::field::content_type, "application/json");
    for (const auto& [k, v] : headers)
        req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    beast::error_code write_error;
    http::write(stream, req, write_error); // a server refusing the body may close early; read its answer
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(256u << 20);
    http::read(stream, buffer, parser);
    const auto& res = parser.get();
    http_reply out{static_cast<int>(res.result_int()), {}, res.body()};
    for (const auto& h : res) {
        std::string name(h.name_string());
        for (auto& ch : name)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        out.headers[name] = std::string(h.value());
    }
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    check_contract(method, target, out);
    return out;
}

std::string server_process::raw(const std::string& bytes) const
{
    net::io_context ioc;
    tcp::socket socket(ioc);
    socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
    bound_in_time(socket.native_handle());
    beast::error_code ec;
    net::write(socket, net::buffer(bytes), ec);
    socket.shutdown(tcp::socket::shutdown_send, ec);
    std::string reply;
    char buf[4096];
    for (;;) {
        const auto n = socket.read_some(net::buffer(buf), ec);
        reply.append(buf, n);
        if (ec)
            break;
    }
    return reply;
}

void server_process::set_clock(const std::string& rfc3339) const
{
    const auto r = post("/api/v1/test/clock", {{"now", rfc3339}}, admin_key());
    if (r.status != 200)
        throw std::runtime_error("could not move the clock: " + r.body);
}

} // namespace cabildo::test
