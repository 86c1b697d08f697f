// Ideas, their moderation, and the ideas a count takes.

#include "engine/storage/sql/repository.hpp"
#include "engine/storage/sql/rows.hpp"

namespace cabildo::engine {

using namespace rows;

namespace {

const sql::query insert_idea_sql{
    "INSERT INTO ideas (challenge_id, author_jti, title, description, category, cost, latitude, longitude, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"};
const sql::query find_idea_sql{select(idea_columns, "FROM ideas WHERE challenge_id = ? AND id = ?")};
const sql::query list_ideas_sql{
    select(idea_columns, "FROM ideas WHERE challenge_id = ? AND id > ? AND (hidden = 0 OR ? = 1) ORDER BY id LIMIT ?")};
const sql::query ideas_by_author_sql{"SELECT count(*) FROM ideas WHERE challenge_id = ? AND author_jti = ?"};
const sql::query count_ideas_sql{"SELECT count(*) FROM ideas WHERE challenge_id = ?"};
const sql::query moderate_idea_sql{"UPDATE ideas SET hidden = ?, hidden_reason = ?, counted = ? WHERE id = ?"};
const sql::query counted_ideas_sql{
    select(idea_columns, "FROM ideas WHERE challenge_id = ? AND counted = 1 ORDER BY id")};
const sql::query hidden_ideas_sql{"SELECT id FROM ideas WHERE challenge_id = ? AND hidden = 1 ORDER BY id"};

} // namespace

void sql_repository::insert_idea(idea& i)
{
    std::optional<double> latitude;
    std::optional<double> longitude;
    if (i.location) {
        latitude = i.location->latitude;
        longitude = i.location->longitude;
    }
    auto& s = prepared(insert_idea_sql)
                  .bind(i.challenge_id, i.author_jti, i.title, i.description, i.category, i.cost, latitude, longitude,
                        i.created_at);
    s.step();
    i.id = s.int_at(0);
}

std::optional<idea> sql_repository::find_idea(std::int64_t challenge_id, idea_id id)
{
    return first_row(prepared(find_idea_sql).bind(challenge_id, id), idea_from);
}

std::vector<idea> sql_repository::list_ideas(std::int64_t challenge_id, bool include_hidden, idea_id after,
                                             std::size_t limit)
{
    return all_rows(prepared(list_ideas_sql).bind(challenge_id, after, include_hidden ? 1 : 0, limit), idea_from);
}

std::size_t sql_repository::count_ideas_by_author(std::int64_t challenge_id, std::string_view jti)
{
    return static_cast<std::size_t>(scalar(prepared(ideas_by_author_sql).bind(challenge_id, jti)));
}

std::size_t sql_repository::count_ideas(std::int64_t challenge_id)
{
    return static_cast<std::size_t>(scalar(prepared(count_ideas_sql).bind(challenge_id)));
}

void sql_repository::set_idea_moderation(idea_id id, bool hidden, std::string_view reason, bool counted)
{
    prepared(moderate_idea_sql).bind(hidden ? 1 : 0, reason, counted ? 1 : 0, id).exec();
}

std::vector<idea> sql_repository::counted_ideas(std::int64_t challenge_id)
{
    return all_rows(prepared(counted_ideas_sql).bind(challenge_id), idea_from);
}

std::vector<idea_id> sql_repository::hidden_ideas(std::int64_t challenge_id)
{
    return all_rows(prepared(hidden_ideas_sql).bind(challenge_id), [](sql::statement& s) { return s.int_at(0); });
}

} // namespace cabildo::engine
