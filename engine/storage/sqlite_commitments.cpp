// The commitments part of sqlite_repository: the action plan, its ideas and its public history.
#include "engine/storage/sqlite_columns.hpp"
#include "engine/storage/sqlite_repository.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace cabildo::engine {

namespace {

using json = nlohmann::json;
using namespace sqlite_columns;

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

void bind_verification(SQLite::Statement& s, int i, const std::optional<verification>& v)
{
    if (!v)
        return s.bind(i);
    s.bind(
        i,
        json{{"at", secs(v->at)}, {"url", v->evidence.url}, {"sha256", v->evidence.sha256}, {"note", v->note}}.dump());
}

std::optional<verification> verification_from(const SQLite::Column& c)
{
    if (c.isNull())
        return std::nullopt;
    const auto j = json::parse(c.getString());
    return verification{at_secs(j.at("at").get<std::int64_t>()),
                        {j.at("url").get<std::string>(), j.at("sha256").get<std::string>()},
                        j.at("note").get<std::string>()};
}

// Columns 2.. of INSERT and UPDATE alike, in this order.
void bind_fields(SQLite::Statement& s, const commitment& c)
{
    bind_text(s, 2, c.title);
    bind_text(s, 3, c.objective);
    bind_text(s, 4, c.responsible);
    bind_text(s, 5, c.indicator);
    bind_text(s, 6, c.target);
    s.bind(7, secs(c.starts));
    s.bind(8, secs(c.ends));
    s.bind(9, json(c.topics).dump());
    s.bind(10, milestones_text(c.milestones));
    bind_time(s, 11, c.started_at);
    bind_verification(s, 12, c.verification);
    s.bind(13, secs(c.updated_at));
}

constexpr const char* commitment_columns =
    "SELECT id, challenge_id, title, objective, responsible, indicator, target, starts, ends, topics, milestones, "
    "started_at, verification, created_at, updated_at, "
    "(SELECT json_group_array(idea_id) FROM (SELECT idea_id FROM commitment_ideas WHERE commitment_id = "
    "commitments.id ORDER BY idea_id)) FROM commitments ";

commitment commitment_from(SQLite::Statement& s)
{
    commitment c;
    c.id = s.getColumn(0).getInt64();
    c.challenge_id = s.getColumn(1).getInt64();
    c.title = s.getColumn(2).getString();
    c.objective = s.getColumn(3).getString();
    c.responsible = s.getColumn(4).getString();
    c.indicator = s.getColumn(5).getString();
    c.target = s.getColumn(6).getString();
    c.starts = at_secs(s.getColumn(7).getInt64());
    c.ends = at_secs(s.getColumn(8).getInt64());
    c.topics = json::parse(s.getColumn(9).getString()).get<std::vector<std::string>>();
    c.milestones = milestones_from(s.getColumn(10).getString());
    c.started_at = optional_time(s.getColumn(11));
    c.verification = verification_from(s.getColumn(12));
    c.created_at = at_secs(s.getColumn(13).getInt64());
    c.updated_at = at_secs(s.getColumn(14).getInt64());
    c.ideas = json::parse(s.getColumn(15).getString()).get<std::vector<std::int64_t>>();
    return c;
}

} // namespace

void sqlite_repository::insert_commitment(commitment& c)
{
    auto& s = prepared("INSERT INTO commitments (challenge_id, title, objective, responsible, indicator, target, "
                       "starts, ends, topics, milestones, started_at, verification, updated_at, created_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, c.challenge_id);
    bind_fields(s, c);
    s.bind(14, secs(c.created_at));
    s.exec();
    c.id = db_.getLastInsertRowid();
    auto& idea = prepared("INSERT INTO commitment_ideas (challenge_id, idea_id, commitment_id) VALUES (?, ?, ?)");
    for (const auto id : c.ideas) {
        idea.reset();
        idea.bind(1, c.challenge_id);
        idea.bind(2, id);
        idea.bind(3, c.id);
        idea.exec();
    }
}

void sqlite_repository::update_commitment(const commitment& c)
{
    auto& s = prepared("UPDATE commitments SET challenge_id = ?, title = ?, objective = ?, responsible = ?, "
                       "indicator = ?, target = ?, starts = ?, ends = ?, topics = ?, milestones = ?, started_at = ?, "
                       "verification = ?, updated_at = ? WHERE id = ?");
    s.bind(1, c.challenge_id);
    bind_fields(s, c);
    s.bind(14, c.id);
    s.exec();
}

std::optional<commitment> sqlite_repository::find_commitment(std::int64_t challenge_id, std::int64_t id)
{
    static const std::string sql = std::string(commitment_columns) + "WHERE challenge_id = ? AND id = ?";
    auto& s = prepared(sql.c_str());
    s.bind(1, challenge_id);
    s.bind(2, id);
    if (!s.executeStep())
        return std::nullopt;
    return commitment_from(s);
}

std::vector<commitment> sqlite_repository::list_commitments(std::int64_t challenge_id)
{
    static const std::string sql = std::string(commitment_columns) + "WHERE challenge_id = ? ORDER BY id";
    auto& s = prepared(sql.c_str());
    s.bind(1, challenge_id);
    std::vector<commitment> out;
    while (s.executeStep())
        out.push_back(commitment_from(s));
    return out;
}

std::optional<std::int64_t> sqlite_repository::commitment_of_idea(std::int64_t challenge_id, idea_id idea)
{
    auto& s = prepared("SELECT commitment_id FROM commitment_ideas WHERE challenge_id = ? AND idea_id = ?");
    s.bind(1, challenge_id);
    s.bind(2, idea);
    if (!s.executeStep())
        return std::nullopt;
    return s.getColumn(0).getInt64();
}

void sqlite_repository::append_commitment_update(commitment_update& u)
{
    auto& s = prepared("INSERT INTO commitment_updates (commitment_id, at, by_role, action, milestone, note, "
                       "evidence_url, evidence_sha256, changes, status, progress, key_id) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, u.commitment_id);
    s.bind(2, secs(u.at));
    bind_text(s, 3, name_of(u.by));
    bind_text(s, 4, name_of(u.action));
    if (u.milestone)
        s.bind(5, *u.milestone);
    bind_text(s, 6, u.note);
    bind_text(s, 7, u.evidence.url);
    bind_text(s, 8, u.evidence.sha256);
    bind_text(s, 9, u.changes);
    bind_text(s, 10, name_of(u.status));
    s.bind(11, u.progress);
    if (u.key_id)
        s.bind(12, *u.key_id);
    s.exec();
    u.id = db_.getLastInsertRowid();
}

namespace {

constexpr const char* update_columns =
    "id, commitment_id, at, by_role, action, milestone, note, evidence_url, evidence_sha256, changes, status, progress";

commitment_update update_from(SQLite::Statement& s)
{
    commitment_update u;
    u.id = s.getColumn(0).getInt64();
    u.commitment_id = s.getColumn(1).getInt64();
    u.at = at_secs(s.getColumn(2).getInt64());
    u.by = role_named(s.getColumn(3).getString()).value_or(role::organiser);
    u.action = commitment_event_named(s.getColumn(4).getString()).value_or(commitment_event::note);
    if (!s.getColumn(5).isNull())
        u.milestone = s.getColumn(5).getInt();
    u.note = s.getColumn(6).getString();
    u.evidence = {s.getColumn(7).getString(), s.getColumn(8).getString()};
    u.changes = s.getColumn(9).getString();
    u.status = commitment_status_named(s.getColumn(10).getString()).value_or(commitment_status::not_started);
    u.progress = s.getColumn(11).getInt();
    return u;
}

} // namespace

std::vector<commitment_update> sqlite_repository::commitment_history(std::int64_t commitment_id, std::int64_t after,
                                                                     std::size_t limit)
{
    static const std::string sql = std::string("SELECT ") + update_columns +
                                   " FROM commitment_updates WHERE commitment_id = ? AND id > ? ORDER BY id LIMIT ?";
    auto& s = prepared(sql.c_str());
    s.bind(1, commitment_id);
    s.bind(2, after);
    s.bind(3, static_cast<std::int64_t>(limit));
    std::vector<commitment_update> out;
    while (s.executeStep())
        out.push_back(update_from(s));
    return out;
}

std::vector<commitment_update> sqlite_repository::latest_commitment_history(std::int64_t commitment_id,
                                                                            std::size_t limit)
{
    static const std::string sql = std::string("SELECT ") + update_columns +
                                   " FROM commitment_updates WHERE commitment_id = ? ORDER BY id DESC LIMIT ?";
    auto& s = prepared(sql.c_str());
    s.bind(1, commitment_id);
    s.bind(2, static_cast<std::int64_t>(limit));
    std::vector<commitment_update> out;
    while (s.executeStep())
        out.push_back(update_from(s));
    std::reverse(out.begin(), out.end());
    return out;
}

std::size_t sqlite_repository::commitment_history_size(std::int64_t commitment_id)
{
    auto& s = prepared("SELECT count(*) FROM commitment_updates WHERE commitment_id = ?");
    s.bind(1, commitment_id);
    s.executeStep();
    return static_cast<std::size_t>(s.getColumn(0).getInt64());
}

std::size_t sqlite_repository::commitment_notes_by_key(std::int64_t commitment_id, std::optional<std::int64_t> key_id)
{
    auto& s = prepared("SELECT count(*) FROM commitment_updates WHERE commitment_id = ? AND action = ? AND "
                       "key_id IS ?");
    s.bind(1, commitment_id);
    bind_text(s, 2, name_of(commitment_event::note));
    if (key_id)
        s.bind(3, *key_id);
    s.executeStep();
    return static_cast<std::size_t>(s.getColumn(0).getInt64());
}

std::size_t sqlite_repository::commitment_notes(std::int64_t commitment_id)
{
    auto& s = prepared("SELECT count(*) FROM commitment_updates WHERE commitment_id = ? AND action = ?");
    s.bind(1, commitment_id);
    bind_text(s, 2, name_of(commitment_event::note));
    s.executeStep();
    return static_cast<std::size_t>(s.getColumn(0).getInt64());
}

std::int64_t sqlite_repository::last_commitment_update_id()
{
    auto& s = prepared("SELECT coalesce(max(id), 0) FROM commitment_updates");
    s.executeStep();
    return s.getColumn(0).getInt64();
}

} // namespace cabildo::engine
