#pragma once
// What the benchmarks that drive a real server share (tables.cpp, night.cpp, overload.cpp,
// cast_ballots.cpp): the bench's admin key, a bounded wait for a process, and `cabildo serve` on a
// fresh SQLite file in a folder of its own, stopped (SIGTERM, then SIGKILL after a minute) and the
// folder removed when it goes. Every wait has a deadline.

#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

namespace cabildo::bench {

// 40 bytes, base64url: the admin key and the HMAC secret of every server a bench starts.
inline const std::string admin_key = "YmVuY2gtYWRtaW4ta2V5LWZvci1jYWJpbGRvLWJhbGxvdHMtMjAyNg";

// Waits for `pid` to end within `limit`, then kills it; its exit status, or -signal.
inline int wait_for_exit(pid_t pid, std::chrono::steady_clock::duration limit)
{
    const auto deadline = std::chrono::steady_clock::now() + limit;
    int status = 0;
    while (::waitpid(pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

// `cabildo serve --port 0` on `<tmp>/cabildo-bench-<name>-<pid>/bench.db` with a test clock that
// starts at `clock_start` (or on a PostgreSQL database, or the real clock).
class test_server {
public:
    static constexpr auto start_deadline = std::chrono::minutes(1);

    // `extra`: more `serve` arguments (the queues' bounds, say). `cpu` >= 0 pins the server, every
    // thread it will start included, to that core (set before exec, so all of them inherit it).
    // An empty `clock_start` runs on the real clock; `database` (a PostgreSQL URI) replaces the
    // folder's SQLite file.
    test_server(const std::string& binary, const std::string& name, const std::string& clock_start,
                const std::vector<std::string>& extra = {}, int cpu = -1, const std::string& database = {})
        : dir_(std::filesystem::temp_directory_path() / ("cabildo-bench-" + name + "-" + std::to_string(::getpid())))
    {
        std::filesystem::create_directories(dir_);
        int out[2];
        if (::pipe(out) != 0)
            throw std::runtime_error("pipe failed");
        pid_ = ::fork();
        if (pid_ == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (cpu >= 0) {
                cpu_set_t set;
                CPU_ZERO(&set);
                CPU_SET(cpu, &set);
                if (::sched_setaffinity(0, sizeof set, &set) != 0)
                    std::_Exit(126);
            }
            ::dup2(out[1], STDOUT_FILENO);
            ::close(out[0]);
            ::close(out[1]);
            ::setenv("CABILDO_ADMIN_KEY", admin_key.c_str(), 1);
            ::setenv("CABILDO_HMAC_SECRET", admin_key.c_str(), 1); // any 32 random-looking bytes; a bench's own
            const std::string db = database.empty() ? (dir_ / "bench.db").string() : database;
            std::vector<std::string> args{binary, "serve", "--port", "0", "--db", db};
            if (!clock_start.empty())
                args.insert(args.end(), {"--test-clock", clock_start});
            args.insert(args.end(), extra.begin(), extra.end());
            std::vector<char*> argv;
            for (auto& a : args)
                argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execv(binary.c_str(), argv.data());
            std::_Exit(127);
        }
        ::close(out[1]);
        // It prints "cabildo listening on http://127.0.0.1:PORT" once it accepts.
        const auto deadline = std::chrono::steady_clock::now() + start_deadline;
        std::string line;
        while (port_ == 0) {
            const auto left =
                std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
            pollfd readable{out[0], POLLIN, 0};
            char c = 0;
            if (left <= 0 || ::poll(&readable, 1, static_cast<int>(left)) != 1 || ::read(out[0], &c, 1) != 1)
                break;
            if (c != '\n') {
                line += c;
            } else if (line.starts_with("cabildo listening on ")) {
                port_ = static_cast<unsigned short>(std::stoi(line.substr(line.rfind(':') + 1)));
            } else {
                line.clear();
            }
        }
        ::close(out[0]);
        if (port_ == 0) {
            stop();
            throw std::runtime_error("cabildo serve did not start: " + line);
        }
    }
    ~test_server() { stop(); }
    test_server(const test_server&) = delete;
    test_server& operator=(const test_server&) = delete;

    unsigned short port() const { return port_; }
    pid_t pid() const { return pid_; }
    const std::filesystem::path& dir() const { return dir_; }

private:
    void stop()
    {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            wait_for_exit(pid_, start_deadline);
            pid_ = -1;
        }
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    std::filesystem::path dir_;
    pid_t pid_ = -1;
    unsigned short port_ = 0;
};

} // namespace cabildo::bench
