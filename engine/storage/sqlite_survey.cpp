// The consultation part of sqlite_repository: the survey, its responses and their free text.
#include "engine/storage/sqlite_columns.hpp"
#include "engine/storage/sqlite_repository.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace cabildo::engine {

namespace {

using json = nlohmann::json;
using namespace sqlite_columns;

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
    return {s.getColumn(0).getInt64(),  s.getColumn(1).getInt64(),  s.getColumn(2).getString(),
            s.getColumn(3).getString(), s.getColumn(4).getString(), s.getColumn(5).getString()};
}

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

bool sqlite_repository::replace_survey_response(std::int64_t challenge_id, std::string_view jti,
                                                std::string_view receipt, const std::vector<answer>& answers,
                                                time_point at)
{
    auto& old = prepared("SELECT id FROM survey_responses WHERE challenge_id = ? AND jti = ?");
    old.bind(1, challenge_id);
    bind_text(old, 2, jti);
    const bool replaced = old.executeStep();
    if (replaced) {
        const auto id = old.getColumn(0).getInt64();
        auto& texts = prepared("DELETE FROM survey_texts WHERE response_id = ?");
        texts.bind(1, id);
        texts.exec();
        auto& response = prepared("DELETE FROM survey_responses WHERE id = ?");
        response.bind(1, id);
        response.exec();
    }
    auto& insert = prepared("INSERT INTO survey_responses (challenge_id, jti, receipt, answers, submitted_at) "
                            "VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, challenge_id);
    bind_text(insert, 2, jti);
    bind_text(insert, 3, receipt);
    insert.bind(4, answers_text(answers));
    insert.bind(5, secs(at));
    insert.exec();
    const auto response_id = db_.getLastInsertRowid();
    auto& text = prepared("INSERT INTO survey_texts (challenge_id, response_id, question, body) VALUES (?, ?, ?, ?)");
    for (const auto& a : answers) {
        if (!a.text)
            continue;
        text.reset();
        text.bind(1, challenge_id);
        text.bind(2, response_id);
        bind_text(text, 3, a.question);
        bind_text(text, 4, *a.text);
        text.exec();
    }
    return replaced;
}

std::vector<survey_response> sqlite_repository::counted_survey_responses(std::int64_t challenge_id)
{
    auto& s = prepared("SELECT r.id, r.answers FROM survey_responses r JOIN tokens t ON t.challenge_id = "
                       "r.challenge_id AND t.jti = r.jti WHERE r.challenge_id = ? AND t.revoked_at IS NULL "
                       "ORDER BY r.receipt");
    s.bind(1, challenge_id);
    std::vector<survey_response> out;
    while (s.executeStep())
        out.push_back({s.getColumn(0).getInt64(), answers_from(s.getColumn(1).getString())});
    return out;
}

std::vector<survey_text> sqlite_repository::survey_texts(std::int64_t challenge_id, std::optional<std::string> status)
{
    auto& s = prepared("SELECT x.id, x.response_id, x.question, x.body, x.status, x.reason FROM survey_texts x "
                       "JOIN survey_responses r ON r.id = x.response_id JOIN tokens t ON t.challenge_id = "
                       "r.challenge_id AND t.jti = r.jti WHERE x.challenge_id = ?1 AND t.revoked_at IS NULL "
                       "AND (?2 IS NULL OR x.status = ?2) ORDER BY x.id");
    s.bind(1, challenge_id);
    if (status)
        bind_text(s, 2, *status);
    std::vector<survey_text> out;
    while (s.executeStep())
        out.push_back(text_from(s));
    return out;
}

std::optional<survey_text> sqlite_repository::find_survey_text(std::int64_t challenge_id, std::int64_t id)
{
    auto& s = prepared("SELECT id, response_id, question, body, status, reason FROM survey_texts WHERE "
                       "challenge_id = ? AND id = ?");
    s.bind(1, challenge_id);
    s.bind(2, id);
    if (!s.executeStep())
        return std::nullopt;
    return text_from(s);
}

void sqlite_repository::set_survey_text_status(std::int64_t id, std::string_view status, std::string_view reason)
{
    auto& s = prepared("UPDATE survey_texts SET status = ?, reason = ? WHERE id = ?");
    bind_text(s, 1, status);
    bind_text(s, 2, reason);
    s.bind(3, id);
    s.exec();
}

} // namespace cabildo::engine
