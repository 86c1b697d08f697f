// The SQL session's SQLite driver against an in-memory database: values of every kind in and out,
// statements kept per query, RETURNING, savepoints, and the database's refusals sorted by kind,
// which the stores answer differently (a constraint is the job's failure, "unavailable" the
// database's). A second driver (PostgreSQL) is to pass the same cases.

#include "engine/storage/sql/sqlite_session.hpp"

#include <SQLiteCpp/Database.h>

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

using namespace cabildo::engine;

namespace {

const sql::query create_table{
    "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, r REAL, s TEXT UNIQUE, b BLOB, at INTEGER)"};
const sql::query insert_row{"INSERT INTO t (n, r, s, b, at) VALUES (?, ?, ?, ?, ?) RETURNING id"};
const sql::query select_row{"SELECT id, n, r, s, b, at, typeof(s), typeof(b) FROM t WHERE id = ?"};
const sql::query count_rows{"SELECT count(*) FROM t"};
const sql::query numbered{"SELECT ?2 - ?1, ?1 IS NULL"};
const sql::query insert_ignored{"INSERT INTO t (s) VALUES (?) ON CONFLICT DO NOTHING"};

struct memory_database {
    SQLite::Database db{":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE};
    sql::sqlite_session session{db.getHandle()};
    memory_database() { session.prepare(create_table).exec(); }

    std::int64_t rows()
    {
        auto& s = session.prepare(count_rows);
        BOOST_REQUIRE(s.step());
        return s.int_at(0);
    }
    std::int64_t insert(std::string_view text)
    {
        auto& s = session.prepare(insert_row).bind(1, 0.5, text, sql::null, sql::null);
        BOOST_REQUIRE(s.step());
        return s.int_at(0);
    }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(sql_session, memory_database)

BOOST_AUTO_TEST_CASE(values_of_every_kind_come_back_as_bound)
{
    const std::string bytes("\0\xff\x01z", 4); // binary, with a NUL: only a blob keeps it whole
    const auto at = time_point{std::chrono::seconds{1'700'000'123}};
    auto& in = session.prepare(insert_row)
                   .bind(std::numeric_limits<std::int64_t>::min(), 2.25, std::string("Año ñ"), sql::blob{bytes}, at);
    BOOST_REQUIRE(in.step());
    const auto id = in.int_at(0);
    BOOST_TEST(id == 1);

    auto& out = session.prepare(select_row).bind(id);
    BOOST_REQUIRE(out.step());
    sql::row r{out};
    BOOST_TEST(r.int64() == id);
    BOOST_TEST(r.int64() == std::numeric_limits<std::int64_t>::min());
    BOOST_TEST(r.real() == 2.25);
    BOOST_TEST(r.text() == "Año ñ");
    BOOST_TEST(r.bytes() == bytes);
    BOOST_TEST((r.time() == at));
    BOOST_TEST(r.text() == "text");
    BOOST_TEST(r.text() == "blob");
    BOOST_TEST(!out.step());
}

BOOST_AUTO_TEST_CASE(optionals_bind_null_when_empty_and_read_back_empty)
{
    const std::optional<std::int64_t> none;
    const std::optional<time_point> when = time_point{std::chrono::seconds{5}};
    auto& in =
        session.prepare(insert_row)
            .bind(none, std::optional<double>{}, std::optional<std::string_view>{}, std::optional<sql::blob>{}, when);
    BOOST_REQUIRE(in.step());
    auto& out = session.prepare(select_row).bind(in.int_at(0));
    BOOST_REQUIRE(out.step());
    sql::row r{out, 1};
    BOOST_TEST(!r.optional_int64().has_value());
    BOOST_TEST(r.null());
    r.skip();
    BOOST_TEST(!r.optional_text().has_value());
    BOOST_TEST(!r.optional_bytes().has_value());
    const auto back = r.optional_time();
    BOOST_REQUIRE(back.has_value());
    BOOST_TEST((*back == *when));
}

BOOST_AUTO_TEST_CASE(numbered_placeholders_name_one_value_twice)
{
    auto& s = session.prepare(numbered).bind(std::int64_t{3}, std::int64_t{10});
    BOOST_REQUIRE(s.step());
    BOOST_TEST(s.int_at(0) == 7);
    BOOST_TEST(s.int_at(1) == 0);
}

BOOST_AUTO_TEST_CASE(a_query_is_prepared_once_and_comes_back_reset_without_bindings)
{
    insert("uno");
    insert("dos");
    auto& first = session.prepare(select_row).bind(std::int64_t{1});
    BOOST_REQUIRE(first.step()); // left in the middle of its result
    auto& again = session.prepare(select_row);
    BOOST_TEST(&first == &again); // the same statement, kept
    BOOST_TEST(!again.step());    // reset, and ?1 unbound (NULL) matches no row
    auto& second = session.prepare(select_row).bind(std::int64_t{2});
    BOOST_REQUIRE(second.step());
    BOOST_TEST(second.text_at(3) == "dos");
}

BOOST_AUTO_TEST_CASE(exec_counts_the_rows_written_and_on_conflict_do_nothing_writes_none)
{
    insert("uno");
    BOOST_TEST(session.prepare(insert_ignored).bind("uno").exec() == 0);
    BOOST_TEST(session.prepare(insert_ignored).bind("dos").exec() == 1);
    BOOST_TEST(rows() == 2);
}

BOOST_AUTO_TEST_CASE(refusals_are_sorted_by_kind)
{
    insert("uno");
    try {
        insert("uno"); // UNIQUE (s)
        BOOST_FAIL("a duplicate was stored");
    } catch (const sql::error& e) {
        BOOST_TEST((e.kind() == sql::failure::constraint));
        BOOST_TEST(std::string(e.what()).find("UNIQUE") != std::string::npos);
    }
    // The statement that failed runs again, fine.
    BOOST_TEST(insert("dos") > 0);

    const sql::query broken{"SELECT nothing FROM nowhere"};
    try {
        session.prepare(broken);
        BOOST_FAIL("a query on a missing table prepared");
    } catch (const sql::error& e) {
        BOOST_TEST((e.kind() == sql::failure::other));
    }
    BOOST_TEST(rows() == 2); // nothing of the refusals stored, the session still usable
}

BOOST_AUTO_TEST_CASE(a_savepoint_rolled_back_keeps_what_came_before_it)
{
    sql::transaction tx(session, sql::begin_mode::write);
    insert("antes");
    {
        sql::savepoint job(session, "job");
        insert("dentro");
        job.rollback();
    }
    {
        sql::savepoint job(session, "job");
        insert("guardado");
        job.release();
    }
    {
        const sql::savepoint abandoned(session, "job"); // neither released nor rolled back: rolled back
        insert("abandonado");
    }
    tx.commit();
    BOOST_TEST(rows() == 2);
}

BOOST_AUTO_TEST_CASE(a_transaction_not_committed_leaves_nothing)
{
    {
        const sql::transaction tx(session, sql::begin_mode::write);
        insert("uno");
        auto& s = session.prepare(count_rows);
        BOOST_REQUIRE(s.step()); // a statement left mid-result does not stop the rollback
    }
    BOOST_TEST(rows() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
