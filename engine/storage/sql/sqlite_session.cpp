#include "engine/storage/sql/sqlite_session.hpp"

#include <SQLiteCpp/Database.h>
#include <sqlite3.h>

#include <limits>

namespace cabildo::engine::sql {

namespace {

failure failure_of(int rc)
{
    switch (rc & 0xff) { // the primary code of an extended one
    case SQLITE_CONSTRAINT: return failure::constraint;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return failure::conflict;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN: return failure::unavailable;
    default: return failure::other;
    }
}

int size_of(std::string_view v)
{
    if (v.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw error(failure::other, SQLITE_TOOBIG, "a value too large for SQLite");
    return static_cast<int>(v.size());
}

} // namespace

void check_sqlite(sqlite3* db, int rc)
{
    if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE)
        return;
    const int extended = db != nullptr ? sqlite3_extended_errcode(db) : rc;
    const char* message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    throw error(failure_of(rc), extended, message);
}

class sqlite_statement final : public statement {
public:
    sqlite_statement(sqlite3* db, const std::string& sql) : db_(db)
    {
        const int rc =
            sqlite3_prepare_v3(db, sql.c_str(), size_of(sql) + 1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
        if (rc != SQLITE_OK) {
            sqlite3_finalize(stmt_);
            check_sqlite(db, rc);
        }
    }
    ~sqlite_statement() override { sqlite3_finalize(stmt_); }
    sqlite_statement(const sqlite_statement&) = delete;
    sqlite_statement& operator=(const sqlite_statement&) = delete;

    void bind_null(int i, value_kind) override { check(sqlite3_bind_null(stmt_, i)); }
    void bind_int(int i, std::int64_t v) override { check(sqlite3_bind_int64(stmt_, i, v)); }
    void bind_real(int i, double v) override { check(sqlite3_bind_double(stmt_, i, v)); }
    void bind_text(int i, std::string_view v) override
    {
        check(sqlite3_bind_text(stmt_, i, v.data(), size_of(v), SQLITE_TRANSIENT));
    }
    void bind_blob(int i, std::string_view v) override
    {
        check(sqlite3_bind_blob(stmt_, i, v.data(), size_of(v), SQLITE_TRANSIENT));
    }

    bool step() override
    {
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW)
            return true;
        if (rc == SQLITE_DONE)
            return false;
        sqlite3_reset(stmt_); // so the statement is usable again; the error is still the connection's
        check_sqlite(db_, rc);
        return false;
    }
    std::int64_t exec() override
    {
        while (step()) {}
        return sqlite3_changes64(db_);
    }
    void reset() override
    {
        sqlite3_reset(stmt_); // returns the last step's error, already thrown by step()
        sqlite3_clear_bindings(stmt_);
    }

    bool is_null(int column) override { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
    std::int64_t int_at(int column) override { return sqlite3_column_int64(stmt_, column); }
    double real_at(int column) override { return sqlite3_column_double(stmt_, column); }
    std::string_view text_at(int column) override
    {
        // The pointer first, then its length (SQLite's order: the length is of the converted value).
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
        const auto bytes = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column));
        return text == nullptr ? std::string_view() : std::string_view(text, bytes);
    }
    std::string_view blob_at(int column) override
    {
        const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
        const auto bytes = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column));
        return data == nullptr ? std::string_view() : std::string_view(data, bytes);
    }

private:
    void check(int rc) { check_sqlite(db_, rc); }

    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

sqlite_session::sqlite_session(sqlite3* db) : db_(db) {}

sqlite_session::sqlite_session(std::unique_ptr<SQLite::Database> db) : owned_(std::move(db)), db_(owned_->getHandle())
{}

std::unique_ptr<sqlite_session> sqlite_session::open_read_only(const std::string& path)
{
    try {
        return std::make_unique<sqlite_session>(std::make_unique<SQLite::Database>(path, SQLite::OPEN_READONLY));
    } catch (const SQLite::Exception& e) {
        throw error(failure::unavailable, e.getErrorCode(), e.what());
    }
}

// The statements go before the connection they belong to.
sqlite_session::~sqlite_session()
{
    statements_.clear();
    controls_.clear();
}

statement& sqlite_session::prepare(const query& q)
{
    // A statement that fails to prepare throws before it is kept: the cache never holds an empty
    // slot for reset_statements to trip over after the failed job.
    if (const auto it = statements_.find(&q); it != statements_.end()) {
        it->second->reset();
        return *it->second;
    }
    auto s = std::make_unique<sqlite_statement>(db_, q.text());
    return *statements_.emplace(&q, std::move(s)).first->second;
}

// Only the statements still running hold the transaction: those are reset (a query's bindings are
// cleared when it is next prepared).
void sqlite_session::reset_statements() noexcept
{
    for (sqlite3_stmt* s = sqlite3_next_stmt(db_, nullptr); s != nullptr; s = sqlite3_next_stmt(db_, s))
        if (sqlite3_stmt_busy(s) != 0)
            sqlite3_reset(s);
}

void sqlite_session::control(std::string_view sql)
{
    auto it = controls_.find(sql);
    if (it == controls_.end())
        it = controls_.emplace(std::string(sql), std::make_unique<sqlite_statement>(db_, std::string(sql))).first;
    reset_statements();
    it->second->exec(); // a failed step resets the statement and throws
    it->second->reset();
}

void sqlite_session::execute(const std::string& sql)
{
    reset_statements();
    check_sqlite(db_, sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr));
}

void sqlite_session::begin(begin_mode mode)
{
    control(mode == begin_mode::write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
}
void sqlite_session::commit() { control("COMMIT"); }
void sqlite_session::rollback() { control("ROLLBACK"); }
void sqlite_session::savepoint(std::string_view name) { control("SAVEPOINT " + std::string(name)); }
void sqlite_session::release(std::string_view name) { control("RELEASE SAVEPOINT " + std::string(name)); }
void sqlite_session::rollback_to(std::string_view name)
{
    control("ROLLBACK TO SAVEPOINT " + std::string(name));
    control("RELEASE SAVEPOINT " + std::string(name));
}

} // namespace cabildo::engine::sql
