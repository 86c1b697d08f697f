// The consultation part of sqlite_repository: the survey, its responses and their free text.
#include "engine/storage/sqlite_columns.hpp"
#include "engine/storage/sqlite_repository.hpp"
#include "engine/storage/sqlite_rows.hpp"

#include <nlohmann/json.hpp>

#include <random>
#include <stdexcept>

namespace cabildo::engine {

namespace {

using json = nlohmann::json;
using namespace sqlite_columns;
using sqlite_rows::challenge_refs_from;

std::string questions_text(const std::vector<question>& qs)
{
    json out = json::array();
    for (const auto& q : qs)
        out.push_back({{"id", q.id},
                       {"kind", name_of(q.kind)},
                       {"prompt", q.prompt},
                       {"required", q.required},
                       {"options", q.options},
                       {"max", q.max},
                       {"points", q.points},
                       {"min_label", q.min_label},
                       {"max_label", q.max_label},
                       {"max_length", q.max_length}});
    return out.dump();
}

std::vector<question> questions_from(std::string_view text)
{
    std::vector<question> out;
    for (const auto& j : json::parse(text)) {
        const auto kind = question_kind_named(j.at("kind").get<std::string>());
        if (!kind)
            throw std::runtime_error("a stored survey names an unknown question kind");
        out.push_back({j.at("id").get<std::string>(), *kind, j.at("prompt").get<std::string>(),
                       j.at("required").get<bool>(), j.at("options").get<std::vector<std::string>>(),
                       j.at("max").get<int>(), j.at("points").get<int>(), j.at("min_label").get<std::string>(),
                       j.at("max_label").get<std::string>(), j.at("max_length").get<int>()});
    }
    return out;
}

// Answers as stored: {"question": {"v": n} | {"c": [..]} | {"t": true}}; texts live in survey_texts.
std::string answers_text(const std::vector<answer>& as)
{
    json out = json::object();
    for (const auto& a : as) {
        if (a.text)
            out[a.question] = {{"t", true}};
        else if (a.value)
            out[a.question] = {{"v", *a.value}};
        else
            out[a.question] = {{"c", a.choices}};
    }
    return out.dump();
}

std::vector<answer> answers_from(std::string_view text)
{
    std::vector<answer> out;
    const auto doc = json::parse(text);
    for (const auto& [q, j] : doc.items()) {
        answer a{q, std::nullopt, {}, std::nullopt};
        if (j.contains("v"))
            a.value = j["v"].get<int>();
        else if (j.contains("c"))
            a.choices = j["c"].get<std::vector<int>>();
        else
            a.text = std::string();
        out.push_back(std::move(a));
    }
    return out;
}

survey_text text_from(SQLite::Statement& s)
{
    const auto status = text_status_named(s.getColumn(4).getString());
    if (!status)
        throw std::runtime_error("a stored survey text has an unknown status");
    return {s.getColumn(0).getInt64(),
            s.getColumn(1).getInt64(),
            s.getColumn(2).getString(),
            s.getColumn(3).getString(),
            *status,
            s.getColumn(5).getString()};
}

// A text's id: random below 2^53 (a JSON number every client reads exactly), so neither its value
// nor the order of ids says which answer came first.
std::int64_t random_text_id()
{
    static thread_local std::random_device device; // the kernel's generator
    std::uniform_int_distribution<std::int64_t> draw(1, (std::int64_t{1} << 53) - 1);
    return draw(device);
}

constexpr const char* text_columns = "x.id, x.response_id, x.question, x.body, x.status, x.reason";

} // namespace

std::optional<std::vector<question>> sqlite_repository::find_survey(std::int64_t challenge_id)
{
    auto& s = prepared("SELECT questions FROM surveys WHERE challenge_id = ?");
    s.bind(1, challenge_id);
    if (!s.executeStep())
        return std::nullopt;
    return questions_from(s.getColumn(0).getString());
}

void sqlite_repository::store_survey(std::int64_t challenge_id, const std::vector<question>& qs, time_point at)
{
    auto& s = prepared("INSERT INTO surveys (challenge_id, questions, updated_at) VALUES (?, ?, ?) "
                       "ON CONFLICT (challenge_id) DO UPDATE SET questions = excluded.questions, "
                       "updated_at = excluded.updated_at");
    s.bind(1, challenge_id);
    s.bind(2, questions_text(qs));
    s.bind(3, secs(at));
    s.exec();
}

std::int64_t sqlite_repository::survey_responses_sent(std::int64_t challenge_id, std::string_view jti)
{
    auto& s = prepared("SELECT submissions FROM survey_responses WHERE challenge_id = ? AND jti = ?");
    s.bind(1, challenge_id);
    bind_text(s, 2, jti);
    return s.executeStep() ? s.getColumn(0).getInt64() : 0;
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the interface names them
bool sqlite_repository::replace_survey_response(std::int64_t challenge_id, std::string_view jti,
                                                std::string_view receipt, const std::vector<answer>& answers,
                                                time_point at)
{
    auto& old = prepared("SELECT id, submissions FROM survey_responses WHERE challenge_id = ? AND jti = ?");
    old.bind(1, challenge_id);
    bind_text(old, 2, jti);
    const bool replaced = old.executeStep();
    std::int64_t submissions = 1;
    if (replaced) {
        const auto id = old.getColumn(0).getInt64();
        submissions += old.getColumn(1).getInt64();
        old.reset();
        auto& texts = prepared("DELETE FROM survey_texts WHERE response_id = ?");
        texts.bind(1, id);
        texts.exec();
        auto& response = prepared("DELETE FROM survey_responses WHERE id = ?");
        response.bind(1, id);
        response.exec();
    }
    auto& insert = prepared("INSERT INTO survey_responses (challenge_id, jti, receipt, answers, submitted_at, "
                            "submissions) VALUES (?, ?, ?, ?, ?, ?)");
    insert.bind(1, challenge_id);
    bind_text(insert, 2, jti);
    bind_text(insert, 3, receipt);
    insert.bind(4, answers_text(answers));
    insert.bind(5, secs(at));
    insert.bind(6, submissions);
    insert.exec();
    const auto response_id = db_.getLastInsertRowid();
    auto& text = prepared("INSERT OR IGNORE INTO survey_texts (id, challenge_id, response_id, question, body) "
                          "VALUES (?, ?, ?, ?, ?)");
    for (const auto& a : answers) {
        if (!a.text)
            continue;
        // A drawn id already taken (one chance in 2^53 per text held) is drawn again.
        for (int stored = 0; stored == 0;) {
            text.reset();
            text.bind(1, random_text_id());
            text.bind(2, challenge_id);
            text.bind(3, response_id);
            bind_text(text, 4, a.question);
            bind_text(text, 5, *a.text);
            stored = text.exec();
        }
    }
    return replaced;
}

void sqlite_repository::withdraw_survey_response(std::int64_t challenge_id, std::string_view jti)
{
    auto& s = prepared("UPDATE survey_responses SET withdrawn = 1 WHERE challenge_id = ? AND jti = ?");
    s.bind(1, challenge_id);
    bind_text(s, 2, jti);
    s.exec();
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the interface names them
void sqlite_repository::move_survey_response(std::int64_t challenge_id, std::string_view from_jti,
                                             std::string_view to_jti)
{
    auto& s = prepared("UPDATE survey_responses SET jti = ? WHERE challenge_id = ? AND jti = ?");
    bind_text(s, 1, to_jti);
    s.bind(2, challenge_id);
    bind_text(s, 3, from_jti);
    s.exec();
}

std::optional<bool> sqlite_repository::survey_response_counts(std::int64_t challenge_id, std::string_view receipt)
{
    auto& s = prepared("SELECT withdrawn FROM survey_responses WHERE challenge_id = ? AND receipt = ?");
    s.bind(1, challenge_id);
    bind_text(s, 2, receipt);
    if (!s.executeStep())
        return std::nullopt;
    return s.getColumn(0).getInt() == 0;
}

std::size_t sqlite_repository::survey_responses_received(std::int64_t challenge_id)
{
    auto& s = prepared("SELECT count(*) FROM survey_responses WHERE challenge_id = ?");
    s.bind(1, challenge_id);
    s.executeStep();
    return static_cast<std::size_t>(s.getColumn(0).getInt64());
}

std::vector<survey_response> sqlite_repository::counted_survey_responses(std::int64_t challenge_id)
{
    auto& s = prepared("SELECT id, receipt, answers FROM survey_responses WHERE challenge_id = ? AND withdrawn = 0 "
                       "ORDER BY receipt");
    s.bind(1, challenge_id);
    std::vector<survey_response> out;
    while (s.executeStep())
        out.push_back(
            {s.getColumn(0).getInt64(), s.getColumn(1).getString(), answers_from(s.getColumn(2).getString())});
    return out;
}

std::vector<survey_text> sqlite_repository::survey_texts(std::int64_t challenge_id, std::optional<text_status> status)
{
    static const std::string sql = std::string("SELECT ") + text_columns +
                                   " FROM survey_texts x JOIN survey_responses r ON r.id = x.response_id "
                                   "WHERE x.challenge_id = ?1 AND r.withdrawn = 0 AND (?2 IS NULL OR x.status = ?2) "
                                   "ORDER BY x.id";
    auto& s = prepared(sql.c_str());
    s.bind(1, challenge_id);
    if (status)
        bind_text(s, 2, name_of(*status));
    std::vector<survey_text> out;
    while (s.executeStep())
        out.push_back(text_from(s));
    return out;
}

std::vector<survey_text> sqlite_repository::published_survey_texts(std::int64_t challenge_id, std::string_view question,
                                                                   std::int64_t after, std::size_t limit)
{
    static const std::string sql = std::string("SELECT ") + text_columns +
                                   " FROM survey_texts x JOIN survey_responses r ON r.id = x.response_id "
                                   "WHERE x.challenge_id = ? AND x.question = ? AND x.status = 'published' AND "
                                   "r.withdrawn = 0 AND x.id > ? ORDER BY x.id LIMIT ?";
    auto& s = prepared(sql.c_str());
    s.bind(1, challenge_id);
    bind_text(s, 2, question);
    s.bind(3, after);
    s.bind(4, static_cast<std::int64_t>(limit));
    std::vector<survey_text> out;
    while (s.executeStep())
        out.push_back(text_from(s));
    return out;
}

std::optional<survey_text> sqlite_repository::find_survey_text(std::int64_t challenge_id, std::int64_t id)
{
    static const std::string sql = std::string("SELECT ") + text_columns +
                                   " FROM survey_texts x JOIN survey_responses r ON r.id = x.response_id "
                                   "WHERE x.challenge_id = ? AND x.id = ? AND r.withdrawn = 0";
    auto& s = prepared(sql.c_str());
    s.bind(1, challenge_id);
    s.bind(2, id);
    if (!s.executeStep())
        return std::nullopt;
    return text_from(s);
}

void sqlite_repository::set_survey_text_status(std::int64_t id, text_status status, std::string_view reason)
{
    auto& s = prepared("UPDATE survey_texts SET status = ?, reason = ? WHERE id = ?");
    bind_text(s, 1, name_of(status));
    bind_text(s, 2, reason);
    s.bind(3, id);
    s.exec();
}

bool sqlite_repository::survey_frozen(std::int64_t challenge_id)
{
    auto& s = prepared("SELECT 1 FROM survey_freezes WHERE challenge_id = ?");
    s.bind(1, challenge_id);
    return s.executeStep();
}

void sqlite_repository::freeze_survey(std::int64_t challenge_id, time_point at, std::size_t responses)
{
    auto& s = prepared("INSERT OR IGNORE INTO survey_freezes (challenge_id, frozen_at, responses) VALUES (?, ?, ?)");
    s.bind(1, challenge_id);
    s.bind(2, secs(at));
    s.bind(3, static_cast<std::int64_t>(responses));
    s.exec();
}

std::vector<challenge_ref> sqlite_repository::surveys_due_for_freeze(time_point now)
{
    auto& s = prepared("SELECT m.slug, c.slug FROM surveys v JOIN challenges c ON c.id = v.challenge_id "
                       "JOIN municipalities m ON m.id = c.municipality_id "
                       "WHERE json_extract(c.timeline, '$.consultation.closes') <= ? AND "
                       "NOT EXISTS (SELECT 1 FROM survey_freezes f WHERE f.challenge_id = v.challenge_id) "
                       "ORDER BY c.id");
    s.bind(1, secs(now));
    return challenge_refs_from(s);
}

} // namespace cabildo::engine
