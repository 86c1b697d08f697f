// The action plan: commitments, the ideas each carries out, and their public history.

#include "engine/storage/sql/repository.hpp"
#include "engine/storage/sql/rows.hpp"

#include <algorithm>
#include <map>

namespace cabildo::engine {

namespace {

using namespace rows;

std::string milestones_text(const std::vector<milestone>& ms)
{
    json out = json::array();
    for (const auto& m : ms) {
        json j{{"title", m.title}, {"weight", m.weight}};
        if (m.due)
            j["due"] = secs(*m.due);
        if (m.completed_at)
            j["completed_at"] = secs(*m.completed_at);
        out.push_back(std::move(j));
    }
    return out.dump();
}

std::vector<milestone> milestones_from(std::string_view text)
{
    std::vector<milestone> out;
    for (const auto& j : json::parse(text)) {
        milestone m{j.at("title").get<std::string>(), j.at("weight").get<int>(), std::nullopt, std::nullopt};
        if (j.contains("due"))
            m.due = at_secs(j["due"].get<std::int64_t>());
        if (j.contains("completed_at"))
            m.completed_at = at_secs(j["completed_at"].get<std::int64_t>());
        out.push_back(std::move(m));
    }
    return out;
}

std::optional<std::string> verification_text(const std::optional<verification>& v)
{
    if (!v)
        return std::nullopt;
    return json{{"at", secs(v->at)}, {"url", v->evidence.url}, {"sha256", v->evidence.sha256}, {"note", v->note}}
        .dump();
}

std::optional<verification> verification_from(const std::optional<std::string>& text)
{
    if (!text)
        return std::nullopt;
    const auto j = json::parse(*text);
    return verification{at_secs(j.at("at").get<std::int64_t>()),
                        {j.at("url").get<std::string>(), j.at("sha256").get<std::string>()},
                        j.at("note").get<std::string>()};
}

constexpr std::string_view commitment_columns =
    "id, challenge_id, title, objective, responsible, indicator, target, starts, ends, topics, milestones, "
    "started_at, verification, created_at, updated_at";
constexpr std::string_view update_columns =
    "id, commitment_id, at, by_role, action, milestone, note, evidence_url, evidence_sha256, changes, status, progress";

// The fields after challenge_id, in this order, in INSERT and UPDATE alike.
const sql::query insert_commitment_sql{
    "INSERT INTO commitments (challenge_id, title, objective, responsible, indicator, target, starts, ends, topics, "
    "milestones, started_at, verification, updated_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "RETURNING id"};
const sql::query update_commitment_sql{
    "UPDATE commitments SET challenge_id = ?, title = ?, objective = ?, responsible = ?, indicator = ?, target = ?, "
    "starts = ?, ends = ?, topics = ?, milestones = ?, started_at = ?, verification = ?, updated_at = ? WHERE id = ?"};
const sql::query insert_commitment_idea_sql{
    "INSERT INTO commitment_ideas (challenge_id, idea_id, commitment_id) VALUES (?, ?, ?)"};
const sql::query find_commitment_sql{select(commitment_columns, "FROM commitments WHERE challenge_id = ? AND id = ?")};
const sql::query list_commitments_sql{
    select(commitment_columns, "FROM commitments WHERE challenge_id = ? ORDER BY id")};
const sql::query ideas_of_commitment_sql{
    "SELECT idea_id FROM commitment_ideas WHERE commitment_id = ? ORDER BY idea_id"};
const sql::query ideas_of_challenge_sql{
    "SELECT commitment_id, idea_id FROM commitment_ideas WHERE challenge_id = ? ORDER BY commitment_id, idea_id"};
const sql::query commitment_of_idea_sql{
    "SELECT commitment_id FROM commitment_ideas WHERE challenge_id = ? AND idea_id = ?"};
const sql::query append_update_sql{
    "INSERT INTO commitment_updates (commitment_id, at, by_role, action, milestone, note, evidence_url, "
    "evidence_sha256, changes, status, progress, key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"};
const sql::query history_sql{
    select(update_columns, "FROM commitment_updates WHERE commitment_id = ? AND id > ? ORDER BY id LIMIT ?")};
const sql::query latest_history_sql{
    select(update_columns, "FROM commitment_updates WHERE commitment_id = ? ORDER BY id DESC LIMIT ?")};
const sql::query history_size_sql{"SELECT count(*) FROM commitment_updates WHERE commitment_id = ?"};
const sql::query notes_sql{"SELECT count(*) FROM commitment_updates WHERE commitment_id = ? AND action = ?"};
const sql::query notes_by_key_sql{"SELECT count(*) FROM commitment_updates WHERE commitment_id = ? AND action = ? AND "
                                  "key_id IS NOT DISTINCT FROM ?"};
const sql::query last_update_sql{"SELECT coalesce(max(id), 0) FROM commitment_updates"};

// Without its ideas, which come from commitment_ideas.
commitment commitment_from(sql::statement& s)
{
    sql::row r{s};
    commitment c;
    c.id = r.int64();
    c.challenge_id = r.int64();
    c.title = r.text();
    c.objective = r.text();
    c.responsible = r.text();
    c.indicator = r.text();
    c.target = r.text();
    c.starts = r.time();
    c.ends = r.time();
    c.topics = json::parse(r.text()).get<std::vector<std::string>>();
    c.milestones = milestones_from(r.text());
    c.started_at = r.optional_time();
    c.verification = verification_from(r.optional_text());
    c.created_at = r.time();
    c.updated_at = r.time();
    return c;
}

commitment_update update_from(sql::statement& s)
{
    sql::row r{s};
    commitment_update u;
    u.id = r.int64();
    u.commitment_id = r.int64();
    u.at = r.time();
    u.by = role_named(r.text()).value_or(role::organiser);
    u.action = commitment_event_named(r.text()).value_or(commitment_event::note);
    if (const auto m = r.optional_int64())
        u.milestone = static_cast<int>(*m);
    u.note = r.text();
    auto url = r.text();
    u.evidence = {std::move(url), r.text()};
    u.changes = r.text();
    u.status = commitment_status_named(r.text()).value_or(commitment_status::not_started);
    u.progress = r.int32();
    return u;
}

std::int64_t first_int(sql::statement& s) { return s.int_at(0); }

} // namespace

void sql_repository::insert_commitment(commitment& c)
{
    auto& s = prepared(insert_commitment_sql)
                  .bind(c.challenge_id, c.title, c.objective, c.responsible, c.indicator, c.target, c.starts, c.ends,
                        json(c.topics).dump(), milestones_text(c.milestones), c.started_at,
                        verification_text(c.verification), c.updated_at, c.created_at);
    s.step();
    c.id = s.int_at(0);
    for (const auto id : c.ideas)
        prepared(insert_commitment_idea_sql).bind(c.challenge_id, id, c.id).exec();
}

void sql_repository::update_commitment(const commitment& c)
{
    prepared(update_commitment_sql)
        .bind(c.challenge_id, c.title, c.objective, c.responsible, c.indicator, c.target, c.starts, c.ends,
              json(c.topics).dump(), milestones_text(c.milestones), c.started_at, verification_text(c.verification),
              c.updated_at, c.id)
        .exec();
}

std::optional<commitment> sql_repository::find_commitment(std::int64_t challenge_id, std::int64_t id)
{
    auto c = first_row(prepared(find_commitment_sql).bind(challenge_id, id), commitment_from);
    if (c)
        c->ideas = all_rows(prepared(ideas_of_commitment_sql).bind(c->id), first_int);
    return c;
}

std::vector<commitment> sql_repository::list_commitments(std::int64_t challenge_id)
{
    auto out = all_rows(prepared(list_commitments_sql).bind(challenge_id), commitment_from);
    std::map<std::int64_t, std::vector<std::int64_t>> ideas;
    auto& s = prepared(ideas_of_challenge_sql).bind(challenge_id);
    while (s.step())
        ideas[s.int_at(0)].push_back(s.int_at(1));
    for (auto& c : out)
        if (const auto it = ideas.find(c.id); it != ideas.end())
            c.ideas = std::move(it->second);
    return out;
}

std::optional<std::int64_t> sql_repository::commitment_of_idea(std::int64_t challenge_id, idea_id idea)
{
    return first_row(prepared(commitment_of_idea_sql).bind(challenge_id, idea), first_int);
}

void sql_repository::append_commitment_update(commitment_update& u)
{
    auto& s = prepared(append_update_sql)
                  .bind(u.commitment_id, u.at, name_of(u.by), name_of(u.action), u.milestone, u.note, u.evidence.url,
                        u.evidence.sha256, u.changes, name_of(u.status), u.progress, u.key_id);
    s.step();
    u.id = s.int_at(0);
}

std::vector<commitment_update> sql_repository::commitment_history(std::int64_t commitment_id, std::int64_t after,
                                                                  std::size_t limit)
{
    return all_rows(prepared(history_sql).bind(commitment_id, after, limit), update_from);
}

std::vector<commitment_update> sql_repository::latest_commitment_history(std::int64_t commitment_id, std::size_t limit)
{
    auto out = all_rows(prepared(latest_history_sql).bind(commitment_id, limit), update_from);
    std::reverse(out.begin(), out.end());
    return out;
}

std::size_t sql_repository::commitment_history_size(std::int64_t commitment_id)
{
    return static_cast<std::size_t>(scalar(prepared(history_size_sql).bind(commitment_id)));
}

std::size_t sql_repository::commitment_notes_by_key(std::int64_t commitment_id, std::optional<std::int64_t> key_id)
{
    return static_cast<std::size_t>(
        scalar(prepared(notes_by_key_sql).bind(commitment_id, name_of(commitment_event::note), key_id)));
}

std::size_t sql_repository::commitment_notes(std::int64_t commitment_id)
{
    return static_cast<std::size_t>(scalar(prepared(notes_sql).bind(commitment_id, name_of(commitment_event::note))));
}

std::int64_t sql_repository::last_commitment_update_id() { return scalar(prepared(last_update_sql)); }

} // namespace cabildo::engine
