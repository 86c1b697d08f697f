// The consultation: the survey, its responses and their free text.

#include "engine/storage/sql/repository.hpp"
#include "engine/storage/sql/rows.hpp"

#include <nlohmann/json.hpp>

#include <random>
#include <stdexcept>

namespace cabildo::engine {

namespace {

using namespace rows;

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

survey_text text_from(sql::statement& s)
{
    sql::row r{s};
    survey_text t;
    t.id = r.int64();
    t.response_id = r.int64();
    t.question = r.text();
    t.body = r.text();
    const auto status = text_status_named(r.text());
    if (!status)
        throw std::runtime_error("a stored survey text has an unknown status");
    t.status = *status;
    t.reason = r.text();
    return t;
}

// A text's id: random below 2^53 (a JSON number every client reads exactly), so neither its value
// nor the order of ids says which answer came first.
std::int64_t random_text_id()
{
    static thread_local std::random_device device; // the kernel's generator
    std::uniform_int_distribution<std::int64_t> draw(1, (std::int64_t{1} << 53) - 1);
    return draw(device);
}

constexpr std::string_view text_columns = "x.id, x.response_id, x.question, x.body, x.status, x.reason";

const sql::query find_survey_sql{"SELECT questions FROM surveys WHERE challenge_id = ?"};
const sql::query store_survey_sql{"INSERT INTO surveys (challenge_id, questions, updated_at) VALUES (?, ?, ?) "
                                  "ON CONFLICT (challenge_id) DO UPDATE SET questions = excluded.questions, "
                                  "updated_at = excluded.updated_at"};
const sql::query submissions_sql{"SELECT submissions FROM survey_responses WHERE challenge_id = ? AND jti = ?"};
const sql::query old_response_sql{"SELECT id, submissions FROM survey_responses WHERE challenge_id = ? AND jti = ?"};
const sql::query drop_texts_sql{"DELETE FROM survey_texts WHERE response_id = ?"};
const sql::query drop_response_sql{"DELETE FROM survey_responses WHERE id = ?"};
const sql::query insert_response_sql{
    "INSERT INTO survey_responses (challenge_id, jti, receipt, answers, submitted_at, submissions) "
    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id"};
const sql::query insert_text_sql{"INSERT INTO survey_texts (id, challenge_id, response_id, question, body) "
                                 "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"};
const sql::query withdraw_response_sql{"UPDATE survey_responses SET withdrawn = 1 WHERE challenge_id = ? AND jti = ?"};
const sql::query move_response_sql{"UPDATE survey_responses SET jti = ? WHERE challenge_id = ? AND jti = ?"};
const sql::query response_withdrawn_sql{
    "SELECT withdrawn FROM survey_responses WHERE challenge_id = ? AND receipt = ?"};
const sql::query responses_received_sql{"SELECT count(*) FROM survey_responses WHERE challenge_id = ?"};
const sql::query counted_responses_sql{"SELECT id, receipt, answers FROM survey_responses WHERE challenge_id = ? AND "
                                       "withdrawn = 0 ORDER BY receipt"};
const sql::query survey_texts_sql{select(text_columns, "FROM survey_texts x JOIN survey_responses r ON "
                                                       "r.id = x.response_id WHERE x.challenge_id = ?1 AND "
                                                       "r.withdrawn = 0 AND (?2 IS NULL OR x.status = ?2) "
                                                       "ORDER BY x.id")};
const sql::query published_texts_sql{select(
    text_columns, "FROM survey_texts x JOIN survey_responses r ON r.id = x.response_id "
                  "WHERE x.challenge_id = ? AND x.question = ? AND x.status = ? AND r.withdrawn = 0 AND x.id > ? "
                  "ORDER BY x.id LIMIT ?")};
const sql::query find_text_sql{select(text_columns, "FROM survey_texts x JOIN survey_responses r ON "
                                                    "r.id = x.response_id WHERE x.challenge_id = ? AND x.id = ? AND "
                                                    "r.withdrawn = 0")};
const sql::query moderate_text_sql{"UPDATE survey_texts SET status = ?, reason = ? WHERE id = ?"};
const sql::query survey_frozen_sql{"SELECT 1 FROM survey_freezes WHERE challenge_id = ?"};
const sql::query freeze_survey_sql{"INSERT INTO survey_freezes (challenge_id, frozen_at, responses) VALUES (?, ?, ?) "
                                   "ON CONFLICT DO NOTHING"};
// consultation_closes: the timeline's consultation close, a column each dialect computes from the JSON.
const sql::query due_for_freeze_sql{
    "SELECT m.slug, c.slug FROM surveys v JOIN challenges c ON c.id = v.challenge_id "
    "JOIN municipalities m ON m.id = c.municipality_id WHERE c.consultation_closes <= ? AND "
    "NOT EXISTS (SELECT 1 FROM survey_freezes f WHERE f.challenge_id = v.challenge_id) ORDER BY c.id"};

} // namespace

std::optional<std::vector<question>> sql_repository::find_survey(std::int64_t challenge_id)
{
    return first_row(prepared(find_survey_sql).bind(challenge_id),
                     [](sql::statement& s) { return questions_from(s.text_at(0)); });
}

void sql_repository::store_survey(std::int64_t challenge_id, const std::vector<question>& qs, time_point at)
{
    prepared(store_survey_sql).bind(challenge_id, questions_text(qs), at).exec();
}

std::int64_t sql_repository::survey_responses_sent(std::int64_t challenge_id, std::string_view jti)
{
    return scalar(prepared(submissions_sql).bind(challenge_id, jti));
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the interface names them
bool sql_repository::replace_survey_response(std::int64_t challenge_id, std::string_view jti, std::string_view receipt,
                                             const std::vector<answer>& answers, time_point at)
{
    auto& old = prepared(old_response_sql).bind(challenge_id, jti);
    const bool replaced = old.step();
    std::int64_t submissions = 1;
    if (replaced) {
        const auto id = old.int_at(0);
        submissions += old.int_at(1);
        old.reset();
        prepared(drop_texts_sql).bind(id).exec();
        prepared(drop_response_sql).bind(id).exec();
    }
    auto& insert =
        prepared(insert_response_sql).bind(challenge_id, jti, receipt, answers_text(answers), at, submissions);
    insert.step();
    const auto response_id = insert.int_at(0);
    for (const auto& a : answers) {
        if (!a.text)
            continue;
        // A drawn id already taken (one chance in 2^53 per text held) is drawn again.
        while (
            prepared(insert_text_sql).bind(random_text_id(), challenge_id, response_id, a.question, *a.text).exec() ==
            0) {}
    }
    return replaced;
}

void sql_repository::withdraw_survey_response(std::int64_t challenge_id, std::string_view jti)
{
    prepared(withdraw_response_sql).bind(challenge_id, jti).exec();
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the interface names them
void sql_repository::move_survey_response(std::int64_t challenge_id, std::string_view from_jti, std::string_view to_jti)
{
    prepared(move_response_sql).bind(to_jti, challenge_id, from_jti).exec();
}

std::optional<bool> sql_repository::survey_response_counts(std::int64_t challenge_id, std::string_view receipt)
{
    return first_row(prepared(response_withdrawn_sql).bind(challenge_id, receipt),
                     [](sql::statement& s) { return s.int_at(0) == 0; });
}

std::size_t sql_repository::survey_responses_received(std::int64_t challenge_id)
{
    return static_cast<std::size_t>(scalar(prepared(responses_received_sql).bind(challenge_id)));
}

std::vector<survey_response> sql_repository::counted_survey_responses(std::int64_t challenge_id)
{
    return all_rows(prepared(counted_responses_sql).bind(challenge_id), [](sql::statement& s) {
        sql::row r{s};
        survey_response out;
        out.id = r.int64();
        out.receipt = r.text();
        out.answers = answers_from(r.text());
        return out;
    });
}

std::vector<survey_text> sql_repository::survey_texts(std::int64_t challenge_id, std::optional<text_status> status)
{
    std::optional<std::string_view> status_name;
    if (status)
        status_name = name_of(*status);
    return all_rows(prepared(survey_texts_sql).bind(challenge_id, status_name), text_from);
}

std::vector<survey_text> sql_repository::published_survey_texts(std::int64_t challenge_id, std::string_view question,
                                                                std::int64_t after, std::size_t limit)
{
    return all_rows(
        prepared(published_texts_sql).bind(challenge_id, question, name_of(text_status::published), after, limit),
        text_from);
}

std::optional<survey_text> sql_repository::find_survey_text(std::int64_t challenge_id, std::int64_t id)
{
    return first_row(prepared(find_text_sql).bind(challenge_id, id), text_from);
}

void sql_repository::set_survey_text_status(std::int64_t id, text_status status, std::string_view reason)
{
    prepared(moderate_text_sql).bind(name_of(status), reason, id).exec();
}

bool sql_repository::survey_frozen(std::int64_t challenge_id)
{
    return prepared(survey_frozen_sql).bind(challenge_id).step();
}

void sql_repository::freeze_survey(std::int64_t challenge_id, time_point at, std::size_t responses)
{
    prepared(freeze_survey_sql).bind(challenge_id, at, responses).exec();
}

std::vector<challenge_ref> sql_repository::surveys_due_for_freeze(time_point now)
{
    return challenge_refs_from(prepared(due_for_freeze_sql).bind(now));
}

} // namespace cabildo::engine
