#pragma once
// The thin SQL session the area repositories (engine/storage/sql/<area>.cpp) are written against,
// so that a second database brings a driver of this interface and its schema dialect, not every
// query again. One session is one connection, used by one thread at a time.
//
// Queries are written once, in the SQL that SQLite 3.40 and PostgreSQL 15 share (ON CONFLICT,
// RETURNING, CTEs, window functions, IS NOT DISTINCT FROM), with `?` or `?N` placeholders; a
// driver whose database spells them otherwise ($N) rewrites them as it prepares the query. Values
// are integers, reals, text, bytes and NULL: a time is whole seconds since the epoch, a flag 0 or 1.
// What differs between databases (column types, identity columns, triggers, expressions computed
// from JSON columns) lives in each dialect's schema (engine/storage/schema.cpp for SQLite).

#include "engine/domain/clock.hpp"

#include <concepts>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace cabildo::engine::sql {

// A query, kept as a named constant beside the code that runs it. A session prepares each query
// once and finds its statement again by the constant's address, so queries are objects that live
// as long as the program (constants at namespace scope), never temporaries.
class query {
public:
    explicit query(std::string text) : text_(std::move(text)) {}
    query(const query&) = delete;
    query& operator=(const query&) = delete;
    const std::string& text() const { return text_; }

private:
    std::string text_;
};

// Why the database refused, whatever its own codes: a store answers each differently.
enum class failure {
    constraint,  // a UNIQUE, CHECK, NOT NULL or foreign-key rule, or an append-only trigger
    conflict,    // another transaction holds what this one needs (busy, a serialization failure)
    unavailable, // the database cannot be reached, read or written (I/O, disk full, read-only)
    other,
};

// What a driver throws for anything the database refused; `code` is the database's own.
class error : public std::runtime_error {
public:
    error(failure kind, int code, const std::string& what) : std::runtime_error(what), kind_(kind), code_(code) {}
    failure kind() const { return kind_; }
    int code() const { return code_; }

private:
    failure kind_;
    int code_;
};

// Bytes to bind as binary data (a string binds as text, which collates and may be re-encoded).
struct blob {
    std::string_view bytes;
};
struct null_t {};
inline constexpr null_t null{};

// What a parameter holds, for a NULL too: a database that types its parameters (PostgreSQL) is
// told the type even when the value is missing, as a `?1 IS NULL OR x = ?1` needs.
enum class value_kind { unknown, integer, real, text, bytes };

inline std::int64_t secs(time_point t) { return t.time_since_epoch().count(); }
inline time_point at_secs(std::int64_t s) { return time_point{std::chrono::seconds{s}}; }

// A prepared statement of a session. Parameters count from 1, columns from 0.
class statement {
public:
    virtual ~statement() = default;

    virtual void bind_null(int i, value_kind kind = value_kind::unknown) = 0;
    virtual void bind_int(int i, std::int64_t v) = 0;
    virtual void bind_real(int i, double v) = 0;
    virtual void bind_text(int i, std::string_view v) = 0;
    virtual void bind_blob(int i, std::string_view v) = 0;

    // Binds the values to parameters 1, 2, ... in order: integers, doubles, strings (as text),
    // blob, time_point (seconds), null, and std::optional of these (NULL when empty).
    template <class... T>
    statement& bind(const T&... values)
    {
        int i = 0;
        (bind_value(++i, values), ...);
        return *this;
    }

    // The next row: false once there is none. A statement that writes runs at its first step.
    virtual bool step() = 0;
    // Runs the statement to its end and says how many rows it inserted, changed or deleted.
    virtual std::int64_t exec() = 0;
    // Back to before its first step with no bindings, to run it again (once per item of a list).
    virtual void reset() = 0;

    virtual bool is_null(int column) = 0;
    virtual std::int64_t int_at(int column) = 0;
    virtual double real_at(int column) = 0;
    // Valid until the next step or reset.
    virtual std::string_view text_at(int column) = 0;
    virtual std::string_view blob_at(int column) = 0;

private:
    template <std::integral I>
    void bind_value(int i, I v)
    {
        bind_int(i, static_cast<std::int64_t>(v));
    }
    void bind_value(int i, double v) { bind_real(i, v); }
    void bind_value(int i, std::string_view v) { bind_text(i, v); }
    void bind_value(int i, const std::string& v) { bind_text(i, v); }
    void bind_value(int i, const char* v) { bind_text(i, v); }
    void bind_value(int i, blob v) { bind_blob(i, v.bytes); }
    void bind_value(int i, time_point v) { bind_int(i, secs(v)); }
    void bind_value(int i, null_t) { bind_null(i); }
    template <class T>
    void bind_value(int i, const std::optional<T>& v)
    {
        if (v)
            bind_value(i, *v);
        else
            bind_null(i, kind_of<T>());
    }
    template <class T>
    static constexpr value_kind kind_of()
    {
        if constexpr (std::is_integral_v<T> || std::is_same_v<T, time_point>)
            return value_kind::integer;
        else if constexpr (std::is_floating_point_v<T>)
            return value_kind::real;
        else if constexpr (std::is_same_v<T, blob>)
            return value_kind::bytes;
        else
            return value_kind::text;
    }
};

// Reads one row's columns in the order a query selects them: `row r{s}; id = r.int64(); ...`.
class row {
public:
    explicit row(statement& s, int first = 0) : s_(s), i_(first) {}

    bool null() { return s_.is_null(i_); } // the next column, without reading it
    void skip() { ++i_; }
    std::int64_t int64() { return s_.int_at(i_++); }
    int int32() { return static_cast<int>(s_.int_at(i_++)); }
    std::size_t count() { return static_cast<std::size_t>(s_.int_at(i_++)); }
    bool flag() { return s_.int_at(i_++) != 0; }
    double real() { return s_.real_at(i_++); }
    std::string text() { return std::string(s_.text_at(i_++)); }
    // The text without a copy, valid until the statement steps again.
    std::string_view text_view() { return s_.text_at(i_++); }
    std::string bytes() { return std::string(s_.blob_at(i_++)); }
    time_point time() { return at_secs(s_.int_at(i_++)); }

    std::optional<std::int64_t> optional_int64() { return null() ? skipped<std::int64_t>() : int64(); }
    std::optional<std::string> optional_text() { return null() ? skipped<std::string>() : text(); }
    std::optional<std::string> optional_bytes() { return null() ? skipped<std::string>() : bytes(); }
    std::optional<time_point> optional_time() { return null() ? skipped<time_point>() : time(); }

private:
    template <class T>
    std::optional<T> skipped()
    {
        ++i_;
        return std::nullopt;
    }

    statement& s_;
    int i_;
};

// How a transaction begins: a read takes one snapshot; a write takes the database's write lock at
// once, so it never fails half-way for want of it.
enum class begin_mode { read, write };

class session {
public:
    virtual ~session() = default;

    // The statement of `q`, reset and with no bindings; the session keeps it for the next call.
    virtual statement& prepare(const query& q) = 0;
    statement& prepare(const query&&) = delete; // a temporary's address would name another query later

    // Each of these first resets every kept statement, so none holds a snapshot or a lock past it.
    virtual void begin(begin_mode mode) = 0;
    virtual void commit() = 0;
    virtual void rollback() = 0;
    virtual void savepoint(std::string_view name) = 0;
    virtual void release(std::string_view name) = 0;
    virtual void rollback_to(std::string_view name) = 0; // undoes what followed it, and ends it
    virtual void reset_statements() noexcept = 0;
    // Runs SQL without parameters or rows (a migration, a setting); several statements may follow
    // one another. Not for what a repository asks: that is a query.
    virtual void execute(const std::string& sql) = 0;
    // Whether the connection is lost for good (the store then opens another); a database that is
    // a file never loses it.
    virtual bool broken() const { return false; }
    // Tells the other nodes, once the transaction commits, that `topic` changed (store.hpp's
    // shared_change); a database that only one node uses has nobody to tell.
    virtual void notify(std::string_view topic) { (void)topic; }
};

// A transaction that rolls back unless committed.
class transaction {
public:
    transaction(session& s, begin_mode mode) : s_(s) { s_.begin(mode); }
    transaction(const transaction&) = delete;
    transaction& operator=(const transaction&) = delete;
    ~transaction()
    {
        if (!done_)
            try {
                s_.rollback();
            } catch (...) { // NOLINT(bugprone-empty-catch): the database ends it itself on close
            }
    }
    void commit()
    {
        s_.commit();
        done_ = true;
    }

private:
    session& s_;
    bool done_ = false;
};

// A savepoint that rolls back unless released.
class savepoint {
public:
    savepoint(session& s, std::string name) : s_(s), name_(std::move(name)) { s_.savepoint(name_); }
    savepoint(const savepoint&) = delete;
    savepoint& operator=(const savepoint&) = delete;
    ~savepoint()
    {
        if (!done_)
            try {
                s_.rollback_to(name_);
            } catch (...) { // NOLINT(bugprone-empty-catch): the enclosing transaction then fails whole
            }
    }
    void release()
    {
        s_.release(name_);
        done_ = true;
    }
    void rollback()
    {
        done_ = true;
        s_.rollback_to(name_);
    }

private:
    session& s_;
    std::string name_;
    bool done_ = false;
};

} // namespace cabildo::engine::sql
