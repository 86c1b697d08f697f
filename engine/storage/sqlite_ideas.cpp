// Ideas, their moderation, and the ideas a count takes.

#include "engine/storage/sqlite_repository.hpp"

#include "engine/storage/sqlite_rows.hpp"

namespace cabildo::engine {

using namespace sqlite_rows;

namespace {

const std::string select_idea = std::string("SELECT ") + idea_columns + " FROM ideas WHERE challenge_id = ? AND id = ?";
const std::string list_ideas_sql =
    std::string("SELECT ") + idea_columns +
    " FROM ideas WHERE challenge_id = ? AND id > ? AND (hidden = 0 OR ?) ORDER BY id LIMIT ?";
const std::string counted_ideas_sql =
    std::string("SELECT ") + idea_columns + " FROM ideas WHERE challenge_id = ? AND counted = 1 ORDER BY id";

} // namespace

void sqlite_repository::insert_idea(idea& i)
{
    auto& s = prepared("INSERT INTO ideas (challenge_id, author_jti, title, description, category, cost, latitude, "
                       "longitude, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, i.challenge_id);
    bind_text(s, 2, i.author_jti);
    bind_text(s, 3, i.title);
    bind_text(s, 4, i.description);
    bind_text(s, 5, i.category);
    if (i.cost)
        s.bind(6, *i.cost);
    if (i.location) {
        s.bind(7, i.location->latitude);
        s.bind(8, i.location->longitude);
    }
    s.bind(9, secs(i.created_at));
    s.exec();
    i.id = db_.getLastInsertRowid();
}

std::optional<idea> sqlite_repository::find_idea(std::int64_t challenge_id, idea_id id)
{
    auto& s = prepared(select_idea.c_str());
    s.bind(1, challenge_id);
    s.bind(2, id);
    if (!s.executeStep())
        return std::nullopt;
    return idea_from(s);
}

std::vector<idea> sqlite_repository::list_ideas(std::int64_t challenge_id, bool include_hidden, idea_id after,
                                                std::size_t limit)
{
    auto& s = prepared(list_ideas_sql.c_str());
    s.bind(1, challenge_id);
    s.bind(2, after);
    s.bind(3, include_hidden ? 1 : 0);
    s.bind(4, static_cast<std::int64_t>(limit));
    std::vector<idea> out;
    while (s.executeStep())
        out.push_back(idea_from(s));
    return out;
}

std::size_t sqlite_repository::count_ideas_by_author(std::int64_t challenge_id, std::string_view jti)
{
    auto& s = prepared("SELECT count(*) FROM ideas WHERE challenge_id = ? AND author_jti = ?");
    s.bind(1, challenge_id);
    bind_text(s, 2, jti);
    s.executeStep();
    return static_cast<std::size_t>(s.getColumn(0).getInt64());
}

std::size_t sqlite_repository::count_ideas(std::int64_t challenge_id)
{
    auto& s = prepared("SELECT count(*) FROM ideas WHERE challenge_id = ?");
    s.bind(1, challenge_id);
    s.executeStep();
    return static_cast<std::size_t>(s.getColumn(0).getInt64());
}

void sqlite_repository::set_idea_moderation(idea_id id, bool hidden, std::string_view reason, bool counted)
{
    auto& s = prepared("UPDATE ideas SET hidden = ?, hidden_reason = ?, counted = ? WHERE id = ?");
    s.bind(1, hidden ? 1 : 0);
    bind_text(s, 2, reason);
    s.bind(3, counted ? 1 : 0);
    s.bind(4, id);
    s.exec();
}

std::vector<idea> sqlite_repository::counted_ideas(std::int64_t challenge_id)
{
    auto& s = prepared(counted_ideas_sql.c_str());
    s.bind(1, challenge_id);
    std::vector<idea> out;
    while (s.executeStep())
        out.push_back(idea_from(s));
    return out;
}

std::vector<idea_id> sqlite_repository::hidden_ideas(std::int64_t challenge_id)
{
    auto& s = prepared("SELECT id FROM ideas WHERE challenge_id = ? AND hidden = 1 ORDER BY id");
    s.bind(1, challenge_id);
    std::vector<idea_id> out;
    while (s.executeStep())
        out.push_back(s.getColumn(0).getInt64());
    return out;
}

} // namespace cabildo::engine
