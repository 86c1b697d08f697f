#include "tests/support/postgresql_server.hpp"

#include "engine/storage/postgresql_store.hpp"
#include "engine/storage/sql/postgresql_session.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

namespace cabildo::test {

namespace {

constexpr uid_t nobody = 65534; // Debian's `nobody` and `nogroup`

// The newest /usr/lib/postgresql/N/bin holding initdb.
std::string postgresql_bin()
{
    std::string best;
    int best_version = -1;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
        const auto bin = entry.path() / "bin";
        const auto name = entry.path().filename().string();
        const int version = std::atoi(name.c_str());
        if (std::filesystem::exists(bin / "initdb") && version > best_version) {
            best_version = version;
            best = bin.string();
        }
    }
    if (best.empty())
        throw std::runtime_error("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): `make deps` "
                                 "installs Debian's postgresql package");
    return best;
}

unsigned short free_port()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
        if (fd >= 0)
            ::close(fd);
        throw std::runtime_error("no free loopback port for PostgreSQL");
    }
    ::close(fd);
    return ntohs(a.sin_port);
}

// Forks and execs `args`, as `nobody` when we are root; the child dies with us (a test process
// killed mid-run leaves no server behind). Output goes to `log`.
pid_t spawn(const std::vector<std::string>& args, const std::filesystem::path& log)
{
    // Everything allocated before the fork: the child of a threaded process calls only what is
    // safe there.
    std::vector<char*> argv;
    for (const auto& a : args)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (out >= 0 && ::getuid() == 0 && ::fchown(out, nobody, nobody) != 0) {
        ::close(out);
        throw std::runtime_error("cannot give " + log.string() + " to nobody");
    }
    const bool as_nobody = ::getuid() == 0;
    const pid_t pid = ::fork();
    if (pid != 0) {
        if (out >= 0)
            ::close(out);
        return pid;
    }
    if (as_nobody && (::setgroups(0, nullptr) != 0 || ::setgid(nobody) != 0 || ::setuid(nobody) != 0))
        ::_exit(126);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL); // after the setuid, which clears it
    if (out >= 0) {
        ::dup2(out, STDOUT_FILENO);
        ::dup2(out, STDERR_FILENO);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
}

int wait_for(pid_t pid)
{
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

} // namespace

void postgresql_server::make_dir()
{
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() /
           ("cabildo-pg-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    std::filesystem::permissions(dir_, std::filesystem::perms::owner_all);
    if (::getuid() == 0 && ::chown(dir_.c_str(), nobody, nobody) != 0)
        throw std::runtime_error("cannot give " + dir_.string() + " to nobody for PostgreSQL");
}

postgresql_server::postgresql_server(postgresql_server& primary, standby_tag, std::chrono::milliseconds apply_delay)
    : bin_(primary.bin_)
{
    make_dir();
    const int copied = wait_for(spawn({bin_ + "/pg_basebackup", "-D", (dir_ / "data").string(), "-R", "-X", "stream",
                                       "-h", "127.0.0.1", "-p", std::to_string(primary.port_), "-U", "cabildo"},
                                      dir_ / "server.log"));
    if (copied != 0)
        throw std::runtime_error("pg_basebackup failed (" + std::to_string(copied) + "): " + log());
    if (apply_delay.count() > 0)
        std::ofstream(dir_ / "data" / "postgresql.auto.conf", std::ios::app)
            << "recovery_min_apply_delay = '" << apply_delay.count() << "ms'\n";
    start_on_a_free_port();
}

std::unique_ptr<postgresql_server> postgresql_server::synchronous_standby_of(postgresql_server& primary,
                                                                             std::chrono::milliseconds apply_delay)
{
    std::unique_ptr<postgresql_server> standby(new postgresql_server(primary, standby_tag{}, apply_delay));
    engine::sql::postgresql_session admin(primary.uri());
    admin.execute("ALTER SYSTEM SET synchronous_standby_names = '*'");
    admin.execute("SELECT pg_reload_conf()");
    return standby;
}

void postgresql_server::crash()
{
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        wait_for(pid_);
        pid_ = -1;
    }
}

void postgresql_server::promote()
{
    const int promoted = wait_for(
        spawn({bin_ + "/pg_ctl", "promote", "-w", "-t", "30", "-D", (dir_ / "data").string()}, dir_ / "server.log"));
    if (promoted != 0)
        throw std::runtime_error("pg_ctl promote failed (" + std::to_string(promoted) + "): " + log());
}

postgresql_server::postgresql_server() : bin_(postgresql_bin())
{
    make_dir();
    const auto data = (dir_ / "data").string();
    const auto log = dir_ / "server.log";
    // The superuser `cabildo`, trusted on loopback only; C collation and UTF-8 as SQLite compares.
    const int initdb = wait_for(spawn({bin_ + "/initdb", "-D", data, "-U", "cabildo", "-A", "trust", "-E", "UTF8",
                                       "--locale=C", "--no-sync", "--no-instructions"},
                                      log));
    if (initdb != 0)
        throw std::runtime_error("initdb failed (" + std::to_string(initdb) + "): " + this->log());
    start_on_a_free_port();
}

// free_port() closes the port it found before the server binds it: another process (the other half
// of the API suite, starting its own server, or a test's `cabildo serve`) may take it in between.
// The server then exits at once saying so in its log (what this attempt added to it), and is
// started again on another port; any other failure is thrown as it is.
void postgresql_server::start_on_a_free_port()
{
    for (int attempt = 1;; ++attempt) {
        const auto logged_before = log().size();
        port_ = free_port();
        try {
            start();
            return;
        } catch (const std::runtime_error&) {
            crash(); // a postmaster still running (one that did not answer in time) goes first
            if (attempt == 5 || log().find("Address already in use", logged_before) == std::string::npos)
                throw;
        }
    }
}

void postgresql_server::start()
{
    const auto data = (dir_ / "data").string();
    const auto log = dir_ / "server.log";
    pid_ = spawn({bin_ + "/postgres", "-D", data, "-p", std::to_string(port_), "-k", dir_.string(), "-c",
                  "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off", "-c",
                  "max_connections=200"},
                 log);
    // Ready once it takes a connection; a server that exits or does not answer in 30 s fails. The
    // probe goes through the server's own Unix socket, in its own folder: over TCP, a server another
    // process started on the same port in between could answer for one that failed to bind it.
    const auto probe_uri =
        "postgresql:///postgres?host=" + dir_.string() + "&port=" + std::to_string(port_) + "&user=cabildo";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    for (;;) {
        try {
            engine::sql::postgresql_session probe(probe_uri);
            break;
        } catch (const std::exception& e) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                throw std::runtime_error("PostgreSQL exited at start: " + this->log());
            }
            if (std::chrono::steady_clock::now() > deadline)
                throw std::runtime_error(std::string("PostgreSQL did not accept connections within 30 s: ") + e.what() +
                                         "\n" + this->log());
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
}

void postgresql_server::stop()
{
    if (pid_ > 0) {
        ::kill(pid_, SIGQUIT); // immediate shutdown: the server's processes leave without a checkpoint
        wait_for(pid_);
        pid_ = -1;
    }
}

postgresql_server::~postgresql_server()
{
    stop();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

std::string postgresql_server::uri(const std::string& database) const
{
    return "postgresql://cabildo@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

std::string postgresql_server::fresh_database(bool empty)
{
    static std::mutex creating;
    const std::lock_guard lock(creating);
    engine::sql::postgresql_session admin(uri());
    if (!empty && !template_made_) {
        admin.execute("CREATE DATABASE cabildo_template");
        const engine::postgresql_store migrated({uri("cabildo_template"), 1}); // closed before it is copied
        template_made_ = true;
    }
    const auto name = "t" + std::to_string(++databases_);
    admin.execute("CREATE DATABASE " + name + (empty ? "" : " TEMPLATE cabildo_template"));
    return uri(name);
}

std::string postgresql_server::dump(const std::string& uri) const
{
    const auto command = bin_ + "/pg_dump --no-owner '" + uri + "'";
    FILE* p = ::popen(command.c_str(), "r");
    if (p == nullptr)
        throw std::runtime_error("cannot run pg_dump");
    std::string out;
    char buf[65536];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;)
        out.append(buf, n);
    if (::pclose(p) != 0)
        throw std::runtime_error("pg_dump failed on " + uri);
    return out;
}

std::string postgresql_server::log() const
{
    std::ifstream in(dir_ / "server.log", std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

bool testing_postgresql()
{
    const char* backend = std::getenv("CABILDO_TEST_BACKEND");
    return backend != nullptr && std::string_view(backend) == "postgresql";
}

postgresql_server& the_server()
{
    static std::once_flag once;
    static std::unique_ptr<postgresql_server> server;
    std::call_once(once, [] { server = std::make_unique<postgresql_server>(); });
    return *server;
}

} // namespace cabildo::test
