#include "engine/storage/sql/postgresql_session.hpp"

#include <libpq-fe.h>
#include <poll.h>
#include <spdlog/spdlog.h>

#include <array>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace cabildo::engine::sql {

struct pg_result_deleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using result_ptr = std::unique_ptr<PGresult, pg_result_deleter>;

namespace {

// Type OIDs of the values we send (pg_type.h, stable since PostgreSQL 7).
constexpr Oid int8_oid = 20;
constexpr Oid text_oid = 25;
constexpr Oid float8_oid = 701;
constexpr Oid bytea_oid = 17;

// SQLSTATEs (PostgreSQL's appendix A) as the stores tell them apart: a code of two characters is
// a whole class. The constraint class takes the append-only triggers' refusals too.
constexpr std::array<std::pair<std::string_view, failure>, 9> sqlstate_failures{{
    {"23", failure::constraint},     // integrity constraint violation
    {"40001", failure::conflict},    // serialization failure
    {"40P01", failure::conflict},    // deadlock detected
    {"55P03", failure::conflict},    // lock not available
    {"08", failure::unavailable},    // connection exception
    {"53", failure::unavailable},    // insufficient resources (disk full)
    {"57", failure::unavailable},    // operator intervention (shutdown)
    {"58", failure::unavailable},    // system error (I/O)
    {"25006", failure::unavailable}, // read-only transaction: a standby
}};

failure failure_of(std::string_view state)
{
    if (state.size() != 5)
        return failure::unavailable; // no state: the connection failed before the server answered
    for (const auto& [code, kind] : sqlstate_failures)
        if (state.starts_with(code))
            return kind;
    return failure::other;
}

// pg_advisory_lock's key for the nodes' one writer at a time ("cabw" in ASCII); the migrations
// take another.
constexpr std::int64_t writer_lock = 0x63616277;

// Whether a failure means this connection, though open, cannot serve what it is for: it reached a
// standby (25006: read-only), or the server is shutting down or not yet accepting (57P01..57P03).
// The store opens another before its next transaction; with a multi-host URI and
// target_session_attrs=read-write, libpq then finds the primary.
bool must_reconnect(std::string_view state) { return state == "25006" || state.starts_with("57P"); }

// Throws the failure as sql::error; marks the connection `stale` when it must be opened again.
[[noreturn]] void fail(pg_conn* conn, const PGresult* res, bool& stale)
{
    const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    std::string message = res != nullptr ? PQresultErrorMessage(res) : PQerrorMessage(conn);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
        message.pop_back();
    if (message.empty())
        message = "the PostgreSQL connection failed";
    const std::string_view code = state != nullptr ? state : "";
    stale = stale || must_reconnect(code);
    const auto kind = PQstatus(conn) == CONNECTION_BAD ? failure::unavailable : failure_of(code);
    int numeric = 0;
    std::from_chars(code.data(), code.data() + code.size(), numeric, 36); // the 5 characters, as a number
    throw error(kind, numeric, message);
}

// The result of a command that returns no rows, or throws.
void command(pg_conn* conn, const std::string& sql, bool& stale)
{
    const result_ptr res(PQexec(conn, sql.c_str()));
    const auto status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY)
        fail(conn, res.get(), stale);
}

int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

std::string postgresql_placeholders(std::string_view sql, int& parameters)
{
    std::string out;
    out.reserve(sql.size() + 16);
    parameters = 0;
    int sequential = 0;
    char quote = 0; // inside '...' or "..."
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (quote != 0) {
            out += c;
            if (c == quote)
                quote = 0; // a doubled quote closes and reopens: the same text
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            out += c;
            continue;
        }
        if (c != '?') {
            out += c;
            continue;
        }
        std::size_t j = i + 1;
        int n = 0;
        while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9')
            n = n * 10 + (sql[j++] - '0');
        if (j == i + 1)
            n = ++sequential;
        parameters = std::max(parameters, n);
        out += '$';
        out += std::to_string(n);
        i = j - 1;
    }
    return out;
}

class postgresql_statement final : public statement {
public:
    // Prepared on the server as "q<number>", a name unique in its session.
    postgresql_statement(pg_conn* conn, bool& stale, const std::string& sql, int number)
        : conn_(conn), stale_(stale), name_("q" + std::to_string(number))
    {
        int n = 0;
        sql_ = postgresql_placeholders(sql, n);
        values_.resize(static_cast<std::size_t>(n));
        null_.assign(static_cast<std::size_t>(n), true);
        types_.assign(static_cast<std::size_t>(n), 0);
        formats_.assign(static_cast<std::size_t>(n), 0);
    }

    void bind_null(int i, value_kind kind) override
    {
        static constexpr std::array<Oid, 5> types{0, int8_oid, float8_oid, text_oid, bytea_oid};
        set(i, {}, types[static_cast<std::size_t>(kind)], 0, true);
    }
    void bind_int(int i, std::int64_t v) override { set(i, std::to_string(v), int8_oid, 0, false); }
    void bind_real(int i, double v) override
    {
        char buf[32];
        const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr; // shortest text that reads back exactly
        set(i, std::string(buf, end), float8_oid, 0, false);
    }
    void bind_text(int i, std::string_view v) override { set(i, std::string(v), text_oid, 0, false); }
    void bind_blob(int i, std::string_view v) override { set(i, std::string(v), bytea_oid, 1, false); }

    bool step() override
    {
        if (!result_)
            run();
        return ++row_ < PQntuples(result_.get());
    }
    std::int64_t exec() override
    {
        if (!result_)
            run();
        row_ = PQntuples(result_.get());
        const char* changed = PQcmdTuples(result_.get());
        return changed != nullptr && *changed != 0 ? std::strtoll(changed, nullptr, 10) : 0;
    }
    void reset() override
    {
        result_.reset();
        row_ = -1;
        for (std::size_t i = 0; i < values_.size(); ++i) {
            null_[i] = true;
            values_[i].clear();
        }
    }

    bool is_null(int column) override { return PQgetisnull(result_.get(), row_, column) != 0; }
    std::int64_t int_at(int column) override
    {
        const char* v = PQgetvalue(result_.get(), row_, column);
        if (v[0] == 't' || v[0] == 'f') // a boolean expression
            return v[0] == 't' ? 1 : 0;
        return std::strtoll(v, nullptr, 10);
    }
    double real_at(int column) override { return std::strtod(PQgetvalue(result_.get(), row_, column), nullptr); }
    std::string_view text_at(int column) override
    {
        return {PQgetvalue(result_.get(), row_, column),
                static_cast<std::size_t>(PQgetlength(result_.get(), row_, column))};
    }
    std::string_view blob_at(int column) override
    {
        // bytea as text is "\x" and two hex digits a byte.
        if (is_null(column))
            return {};
        const auto text = text_at(column);
        auto& out = decoded_[column];
        out.clear();
        if (text.size() < 2 || text[0] != '\\' || text[1] != 'x' || text.size() % 2 != 0)
            throw error(failure::other, 0, "a bytea value not in hex form");
        for (std::size_t i = 2; i + 1 < text.size(); i += 2) {
            const int high = hex_value(text[i]), low = hex_value(text[i + 1]);
            if (high < 0 || low < 0)
                throw error(failure::other, 0, "a bytea value not in hex form");
            out += static_cast<char>(high * 16 + low);
        }
        return out;
    }

private:
    void set(int i, std::string value, Oid type, int format, bool null)
    {
        if (i < 1 || static_cast<std::size_t>(i) > values_.size())
            throw error(failure::other, 0, "a parameter the query does not have: " + std::to_string(i));
        const auto k = static_cast<std::size_t>(i - 1);
        values_[k] = std::move(value);
        null_[k] = null;
        if (type != 0 && !prepared_)
            types_[k] = type;
        formats_[k] = format;
    }

    void run()
    {
        if (!prepared_) {
            const result_ptr made(
                PQprepare(conn_, name_.c_str(), sql_.c_str(), static_cast<int>(types_.size()), types_.data()));
            if (!made || PQresultStatus(made.get()) != PGRES_COMMAND_OK)
                fail(conn_, made.get(), stale_);
            prepared_ = true;
        }
        std::vector<const char*> values(values_.size());
        std::vector<int> lengths(values_.size());
        for (std::size_t i = 0; i < values_.size(); ++i) {
            values[i] = null_[i] ? nullptr : values_[i].data();
            lengths[i] = static_cast<int>(values_[i].size());
        }
        result_.reset(PQexecPrepared(conn_, name_.c_str(), static_cast<int>(values.size()), values.data(),
                                     lengths.data(), formats_.data(), 0));
        const auto status = result_ ? PQresultStatus(result_.get()) : PGRES_FATAL_ERROR;
        if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
            const result_ptr failed = std::move(result_);
            fail(conn_, failed.get(), stale_);
        }
        row_ = -1;
    }

    pg_conn* conn_;
    bool& stale_; // the session's
    std::string name_;
    std::string sql_;
    bool prepared_ = false;
    std::vector<std::string> values_;
    std::vector<bool> null_;
    std::vector<Oid> types_;
    std::vector<int> formats_;
    result_ptr result_;
    int row_ = -1;
    std::unordered_map<int, std::string> decoded_;
};

namespace {

// Our defaults, which the URI's own parameters override: TCP keepalives and a user timeout, so a
// server that vanished from the network (not merely closed) is noticed in seconds, not hours.
pg_conn* connect_to(const std::string& uri)
{
    const char* const keywords[] = {
        "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout", "dbname", nullptr};
    const char* const values[] = {"10", "5", "3", "20000", uri.c_str(), nullptr};
    return PQconnectdbParams(keywords, values, 1); // 1: dbname is expanded (a URI), after our defaults
}

} // namespace

postgresql_session::postgresql_session(const std::string& uri) : conn_(connect_to(uri))
{
    if (conn_ == nullptr)
        throw error(failure::unavailable, 0, "cannot allocate a PostgreSQL connection");
    if (PQstatus(conn_) != CONNECTION_OK) {
        std::string message = PQerrorMessage(conn_);
        PQfinish(conn_);
        conn_ = nullptr;
        while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
            message.pop_back();
        throw error(failure::unavailable, 0, "cannot connect to PostgreSQL: " + message);
    }
    // The server's notices and warnings (a shutdown's "terminating connection") go to the log, not
    // to stderr as libpq would print them.
    PQsetNoticeProcessor(
        conn_, [](void*, const char* message) { spdlog::debug("PostgreSQL: {}", message); }, nullptr);
    // Durable commits whatever the server's default; notices (e.g. "relation exists, skipping")
    // stay out of the log.
    // Bytes come back as hex, whatever the server's default; no statement is cut short by a server
    // default timeout (a COMMIT cancelled while it waits for a synchronous standby would stay
    // committed here only).
    command(conn_,
            "SET synchronous_commit = on; SET client_min_messages = warning; SET bytea_output = hex; "
            "SET statement_timeout = 0",
            stale_);
}

postgresql_session::~postgresql_session()
{
    statements_.clear();
    if (conn_ != nullptr)
        PQfinish(conn_);
}

statement& postgresql_session::prepare(const query& q)
{
    if (const auto it = statements_.find(&q); it != statements_.end()) {
        it->second->reset();
        return *it->second;
    }
    auto s = std::make_unique<postgresql_statement>(conn_, stale_, q.text(), ++next_name_);
    return *statements_.emplace(&q, std::move(s)).first->second;
}

void postgresql_session::reset_statements() noexcept
{
    for (auto& [q, s] : statements_)
        s->reset();
}

void postgresql_session::execute(const std::string& sql)
{
    reset_statements();
    command(conn_, sql, stale_);
}

void postgresql_session::begin(begin_mode mode)
{
    // A read sees one snapshot from its first query to its end, as SQLite's readers do.
    if (mode == begin_mode::read)
        return execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    // One write transaction at a time over every node, as SQLite has one writer: each node's
    // writer takes this lock (held by the session, so a node that dies lets go of it) before its
    // transaction begins, and the transaction's snapshot then holds every commit before it. Under
    // serializable isolation alone, two nodes' batches of unrelated ballots failed each other
    // (predicate locks are coarse: index pages) often enough that a batch ran out of attempts
    // under load (22 of 3,000 ballots refused with two nodes); serialized, none can.
    execute("SELECT pg_advisory_lock(" + std::to_string(writer_lock) + ")");
    writer_lock_held_ = true;
    try {
        // Serializable still: whatever else writes (a tool, a node of another version) is caught.
        execute("BEGIN ISOLATION LEVEL SERIALIZABLE");
    } catch (...) {
        let_go_of_writer_lock();
        throw;
    }
}
void postgresql_session::commit() { end("COMMIT"); }
void postgresql_session::rollback() { end("ROLLBACK"); }
void postgresql_session::end(const std::string& sql)
{
    struct let_go { // also when the statement throws
        postgresql_session& s;
        ~let_go() { s.let_go_of_writer_lock(); }
    } const after{*this};
    execute(sql);
}
void postgresql_session::let_go_of_writer_lock() noexcept
{
    if (!writer_lock_held_)
        return;
    writer_lock_held_ = false;
    try {
        execute("SELECT pg_advisory_unlock(" + std::to_string(writer_lock) + ")");
    } catch (...) {
        // Still held, or the connection is gone (which lets go of it): this connection is not
        // to be used again.
        stale_ = true;
    }
}
void postgresql_session::savepoint(std::string_view name) { execute("SAVEPOINT " + std::string(name)); }
void postgresql_session::release(std::string_view name) { execute("RELEASE SAVEPOINT " + std::string(name)); }
void postgresql_session::rollback_to(std::string_view name)
{
    execute("ROLLBACK TO SAVEPOINT " + std::string(name) + "; RELEASE SAVEPOINT " + std::string(name));
}

void postgresql_session::notify(std::string_view topic)
{
    // Its own round trip, without touching the statements a repository may be stepping through.
    const std::string payload(topic);
    const char* values[] = {payload.c_str()};
    const result_ptr res(
        PQexecParams(conn_, "SELECT pg_notify('cabildo', $1)", 1, nullptr, values, nullptr, nullptr, 0));
    if (!res || PQresultStatus(res.get()) != PGRES_TUPLES_OK)
        fail(conn_, res.get(), stale_);
}

std::vector<std::string> postgresql_session::notifications(std::chrono::milliseconds timeout)
{
    std::vector<std::string> out;
    pollfd waiting{PQsocket(conn_), POLLIN, 0};
    if (waiting.fd < 0)
        throw error(failure::unavailable, 0, "the PostgreSQL connection is closed");
    if (::poll(&waiting, 1, static_cast<int>(timeout.count())) > 0 && PQconsumeInput(conn_) == 0)
        fail(conn_, nullptr, stale_);
    while (PGnotify* n = PQnotifies(conn_)) {
        out.emplace_back(n->extra);
        PQfreemem(n);
    }
    if (PQstatus(conn_) == CONNECTION_BAD)
        fail(conn_, nullptr, stale_);
    return out;
}

bool postgresql_session::broken() const { return conn_ == nullptr || stale_ || PQstatus(conn_) == CONNECTION_BAD; }

} // namespace cabildo::engine::sql
