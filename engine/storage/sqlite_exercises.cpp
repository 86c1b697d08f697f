// The open-government part of sqlite_repository: exercises, their steps and issued reports.
#include "engine/storage/sqlite_columns.hpp"
#include "engine/storage/sqlite_repository.hpp"

#include <nlohmann/json.hpp>

namespace cabildo::engine {

namespace {

using json = nlohmann::json;
using namespace sqlite_columns;

std::string steps_text(const std::vector<exercise_step>& steps)
{
    json out = json::array();
    for (const auto& s : steps) {
        json j{{"n", s.n},
               {"status", name_of(s.status)},
               {"url", s.document.url},
               {"sha256", s.document.sha256},
               {"note", s.note}};
        if (s.date)
            j["date"] = secs(*s.date);
        out.push_back(std::move(j));
    }
    return out.dump();
}

std::vector<exercise_step> steps_from(std::string_view text)
{
    std::vector<exercise_step> out;
    for (const auto& j : json::parse(text)) {
        exercise_step s{j.at("n").get<int>(),
                        step_status_named(j.at("status").get<std::string>()).value_or(step_status::pending),
                        std::nullopt,
                        {j.at("url").get<std::string>(), j.at("sha256").get<std::string>()},
                        j.at("note").get<std::string>()};
        if (j.contains("date"))
            s.date = at_secs(j["date"].get<std::int64_t>());
        out.push_back(std::move(s));
    }
    return out;
}

exercise exercise_from(SQLite::Statement& s)
{
    return {s.getColumn(0).getInt64(),
            s.getColumn(1).getInt64(),
            s.getColumn(2).getString(),
            s.getColumn(3).getString(),
            json::parse(s.getColumn(4).getString()).get<std::vector<std::int64_t>>(),
            steps_from(s.getColumn(5).getString()),
            at_secs(s.getColumn(6).getInt64()),
            at_secs(s.getColumn(7).getInt64())};
}

} // namespace

void sqlite_repository::insert_exercise(exercise& e)
{
    auto& s = prepared("INSERT INTO exercises (municipality_id, slug, title, challenges, steps, created_at, "
                       "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, e.municipality_id);
    bind_text(s, 2, e.slug);
    bind_text(s, 3, e.title);
    s.bind(4, json(e.challenges).dump());
    s.bind(5, steps_text(e.steps));
    s.bind(6, secs(e.created_at));
    s.bind(7, secs(e.updated_at));
    s.exec();
    e.id = db_.getLastInsertRowid();
}

void sqlite_repository::update_exercise(const exercise& e)
{
    auto& s = prepared("UPDATE exercises SET title = ?, challenges = ?, steps = ?, updated_at = ? WHERE id = ?");
    bind_text(s, 1, e.title);
    s.bind(2, json(e.challenges).dump());
    s.bind(3, steps_text(e.steps));
    s.bind(4, secs(e.updated_at));
    s.bind(5, e.id);
    s.exec();
}

std::optional<exercise> sqlite_repository::find_exercise(std::int64_t municipality_id, std::string_view slug)
{
    auto& s = prepared("SELECT id, municipality_id, slug, title, challenges, steps, created_at, updated_at FROM "
                       "exercises WHERE municipality_id = ? AND slug = ?");
    s.bind(1, municipality_id);
    bind_text(s, 2, slug);
    if (!s.executeStep())
        return std::nullopt;
    return exercise_from(s);
}

std::vector<exercise> sqlite_repository::list_exercises(std::int64_t municipality_id, std::int64_t after,
                                                        std::size_t limit)
{
    auto& s = prepared("SELECT id, municipality_id, slug, title, challenges, steps, created_at, updated_at FROM "
                       "exercises WHERE municipality_id = ? AND id > ? ORDER BY id LIMIT ?");
    s.bind(1, municipality_id);
    s.bind(2, after);
    s.bind(3, static_cast<std::int64_t>(limit));
    std::vector<exercise> out;
    while (s.executeStep())
        out.push_back(exercise_from(s));
    return out;
}

void sqlite_repository::append_exercise_update(exercise_update& u)
{
    auto& s = prepared("INSERT INTO exercise_updates (exercise_id, at, by_role, changes) VALUES (?, ?, ?, ?)");
    s.bind(1, u.exercise_id);
    s.bind(2, secs(u.at));
    bind_text(s, 3, name_of(u.by));
    bind_text(s, 4, u.changes);
    s.exec();
    u.id = db_.getLastInsertRowid();
}

std::vector<exercise_update> sqlite_repository::exercise_history(std::int64_t exercise_id, std::int64_t after,
                                                                 std::size_t limit)
{
    auto& s = prepared("SELECT id, exercise_id, at, by_role, changes FROM exercise_updates WHERE exercise_id = ? "
                       "AND id > ? ORDER BY id LIMIT ?");
    s.bind(1, exercise_id);
    s.bind(2, after);
    s.bind(3, static_cast<std::int64_t>(limit));
    std::vector<exercise_update> out;
    while (s.executeStep())
        out.push_back({s.getColumn(0).getInt64(), s.getColumn(1).getInt64(), at_secs(s.getColumn(2).getInt64()),
                       role_named(s.getColumn(3).getString()).value_or(role::organiser), s.getColumn(4).getString()});
    return out;
}

void sqlite_repository::store_report(std::int64_t exercise_id, report_kind kind, const issued_report& r)
{
    auto& s = prepared("INSERT INTO exercise_reports (exercise_id, kind, issued_at, body, last_history_id, digest, "
                       "last_exercise_update) VALUES (?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, exercise_id);
    bind_text(s, 2, name_of(kind));
    s.bind(3, secs(r.issued_at));
    bind_text(s, 4, r.body);
    s.bind(5, r.last_history_id);
    bind_text(s, 6, r.digest);
    s.bind(7, r.last_exercise_update);
    s.exec();
}

std::optional<repository::issued_report> sqlite_repository::find_report(std::int64_t exercise_id, report_kind kind)
{
    auto& s = prepared("SELECT issued_at, body, last_history_id, digest, last_exercise_update FROM exercise_reports "
                       "WHERE exercise_id = ? AND kind = ?");
    s.bind(1, exercise_id);
    bind_text(s, 2, name_of(kind));
    if (!s.executeStep())
        return std::nullopt;
    return issued_report{at_secs(s.getColumn(0).getInt64()), s.getColumn(1).getString(), s.getColumn(2).getInt64(),
                         s.getColumn(3).getString(), s.getColumn(4).getInt64()};
}

} // namespace cabildo::engine
