// The test clock of `serve --test-clock`, one row every node reads.

#include "engine/storage/sql/repository.hpp"
#include "engine/storage/sql/rows.hpp"
#include "engine/storage/store.hpp"

namespace cabildo::engine {

using namespace rows;

namespace {

const sql::query test_clock_sql{"SELECT now FROM test_clock WHERE id = 1"};
const sql::query move_test_clock_sql{
    "INSERT INTO test_clock (id, now) VALUES (1, ?1) ON CONFLICT (id) DO UPDATE SET now = excluded.now"};

} // namespace

std::optional<time_point> sql_repository::test_clock()
{
    return first_row(prepared(test_clock_sql), [](sql::statement& s) { return sql::row{s}.time(); });
}

void sql_repository::move_test_clock(time_point to)
{
    prepared(move_test_clock_sql).bind(to).exec();
    session_.notify(name_of(shared_change::test_clock));
}

} // namespace cabildo::engine
