// Open-government exercises: their steps, their public history and the reports issued.

#include "engine/storage/sql/repository.hpp"
#include "engine/storage/sql/rows.hpp"

namespace cabildo::engine {

namespace {

using namespace rows;

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

exercise exercise_from(sql::statement& s)
{
    sql::row r{s};
    exercise e;
    e.id = r.int64();
    e.municipality_id = r.int64();
    e.slug = r.text();
    e.title = r.text();
    e.challenges = json::parse(r.text()).get<std::vector<std::int64_t>>();
    e.steps = steps_from(r.text());
    e.created_at = r.time();
    e.updated_at = r.time();
    return e;
}

exercise_update exercise_update_from(sql::statement& s)
{
    sql::row r{s};
    exercise_update u;
    u.id = r.int64();
    u.exercise_id = r.int64();
    u.at = r.time();
    u.by = role_named(r.text()).value_or(role::organiser);
    u.changes = r.text();
    return u;
}

constexpr std::string_view exercise_columns =
    "id, municipality_id, slug, title, challenges, steps, created_at, updated_at";

const sql::query insert_exercise_sql{"INSERT INTO exercises (municipality_id, slug, title, challenges, steps, "
                                     "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id"};
const sql::query update_exercise_sql{
    "UPDATE exercises SET title = ?, challenges = ?, steps = ?, updated_at = ? WHERE id = ?"};
const sql::query find_exercise_sql{select(exercise_columns, "FROM exercises WHERE municipality_id = ? AND slug = ?")};
const sql::query list_exercises_sql{
    select(exercise_columns, "FROM exercises WHERE municipality_id = ? AND id > ? ORDER BY id LIMIT ?")};
const sql::query append_exercise_update_sql{
    "INSERT INTO exercise_updates (exercise_id, at, by_role, changes) VALUES (?, ?, ?, ?) RETURNING id"};
const sql::query exercise_history_sql{"SELECT id, exercise_id, at, by_role, changes FROM exercise_updates "
                                      "WHERE exercise_id = ? AND id > ? ORDER BY id LIMIT ?"};
const sql::query store_report_sql{
    "INSERT INTO exercise_reports (exercise_id, kind, issued_at, body, last_history_id, digest, "
    "last_exercise_update) VALUES (?, ?, ?, ?, ?, ?, ?)"};
const sql::query find_report_sql{"SELECT issued_at, body, last_history_id, digest, last_exercise_update FROM "
                                 "exercise_reports WHERE exercise_id = ? AND kind = ?"};

} // namespace

void sql_repository::insert_exercise(exercise& e)
{
    auto& s = prepared(insert_exercise_sql)
                  .bind(e.municipality_id, e.slug, e.title, json(e.challenges).dump(), steps_text(e.steps),
                        e.created_at, e.updated_at);
    s.step();
    e.id = s.int_at(0);
}

void sql_repository::update_exercise(const exercise& e)
{
    prepared(update_exercise_sql)
        .bind(e.title, json(e.challenges).dump(), steps_text(e.steps), e.updated_at, e.id)
        .exec();
}

std::optional<exercise> sql_repository::find_exercise(std::int64_t municipality_id, std::string_view slug)
{
    return first_row(prepared(find_exercise_sql).bind(municipality_id, slug), exercise_from);
}

std::vector<exercise> sql_repository::list_exercises(std::int64_t municipality_id, std::int64_t after,
                                                     std::size_t limit)
{
    return all_rows(prepared(list_exercises_sql).bind(municipality_id, after, limit), exercise_from);
}

void sql_repository::append_exercise_update(exercise_update& u)
{
    auto& s = prepared(append_exercise_update_sql).bind(u.exercise_id, u.at, name_of(u.by), u.changes);
    s.step();
    u.id = s.int_at(0);
}

std::vector<exercise_update> sql_repository::exercise_history(std::int64_t exercise_id, std::int64_t after,
                                                              std::size_t limit)
{
    return all_rows(prepared(exercise_history_sql).bind(exercise_id, after, limit), exercise_update_from);
}

void sql_repository::store_report(std::int64_t exercise_id, report_kind kind, const issued_report& r)
{
    prepared(store_report_sql)
        .bind(exercise_id, name_of(kind), r.issued_at, r.body, r.last_history_id, r.digest, r.last_exercise_update)
        .exec();
}

std::optional<repository::issued_report> sql_repository::find_report(std::int64_t exercise_id, report_kind kind)
{
    return first_row(prepared(find_report_sql).bind(exercise_id, name_of(kind)), [](sql::statement& s) {
        sql::row r{s};
        issued_report out;
        out.issued_at = r.time();
        out.body = r.text();
        out.last_history_id = r.int64();
        out.digest = r.text();
        out.last_exercise_update = r.int64();
        return out;
    });
}

} // namespace cabildo::engine
