#include "engine/domain/survey.hpp"

#include "engine/domain/limits.hpp"
#include "engine/domain/names.hpp"
#include "engine/domain/validation.hpp"

#include <algorithm>
#include <set>
#include <utility>

namespace cabildo::engine {

namespace {

constexpr std::pair<text_status, std::string_view> text_status_names[] = {
    {text_status::pending, "pending"}, {text_status::published, "published"}, {text_status::hidden, "hidden"}};

constexpr std::pair<question_kind, std::string_view> question_kind_names[] = {{question_kind::single, "single"},
                                                                              {question_kind::multiple, "multiple"},
                                                                              {question_kind::scale, "scale"},
                                                                              {question_kind::ranking, "ranking"},
                                                                              {question_kind::text, "text"}};

bool with_options(question_kind k)
{
    return k == question_kind::single || k == question_kind::multiple || k == question_kind::ranking;
}

bool plain_id(std::string_view id)
{
    return !id.empty() && id.size() <= 32 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

std::optional<failure> check_options(const question& q, const std::string& field)
{
    if (!with_options(q.kind)) {
        if (!q.options.empty())
            return fail(errc::invalid_field, field + ".options",
                        "a " + std::string(name_of(q.kind)) + " question has no options");
        return std::nullopt;
    }
    if (q.options.size() < 2 || q.options.size() > max_question_options)
        return fail(errc::invalid_field, field + ".options",
                    field + ".options must list from 2 to " + std::to_string(max_question_options) + " options");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < q.options.size(); ++i) {
        const auto name = std::string(field).append(".options[").append(std::to_string(i)).append("]");
        if (auto f = check_text(q.options[i], name, question_option_limit))
            return f;
        if (!seen.insert(q.options[i]).second)
            return fail(errc::invalid_field, name, "the option '" + q.options[i] + "' is listed twice");
    }
    if (q.max < 0 || q.max > static_cast<int>(q.options.size()))
        return fail(errc::invalid_field, field + ".max",
                    field + ".max must be from 1 to the number of options (0 or absent: all)");
    return std::nullopt;
}

std::optional<failure> check_question(const question& q, const std::string& field)
{
    if (!plain_id(q.id))
        return fail(errc::invalid_field, field + ".id",
                    field + ".id must be 1 to 32 lowercase letters, digits, '-' or '_'");
    if (auto f = check_text(q.prompt, field + ".prompt", question_prompt_limit, true))
        return f;
    if (auto f = check_options(q, field))
        return f;
    if (q.kind == question_kind::scale) {
        if (q.points < 2 || q.points > max_scale_points)
            return fail(errc::invalid_field, field + ".points",
                        field + ".points must be from 2 to " + std::to_string(max_scale_points));
        if (auto f = check_text(q.min_label, field + ".min_label", scale_label_limit))
            return f;
        if (auto f = check_text(q.max_label, field + ".max_label", scale_label_limit))
            return f;
    }
    if (q.kind == question_kind::text && (q.max_length < 1 || q.max_length > max_text_answer))
        return fail(errc::invalid_field, field + ".max_length",
                    field + ".max_length must be from 1 to " + std::to_string(max_text_answer));
    return std::nullopt;
}

// The options an answer lists: each once, each an option of the question.
std::optional<failure> check_choices(const question& q, const answer& a, const std::string& field, std::size_t most)
{
    if (a.choices.empty() || a.choices.size() > most)
        return fail(errc::invalid_field, field,
                    field + " must list from 1 to " + std::to_string(most) + " options (by number, from 0)");
    std::set<int> seen;
    for (const int c : a.choices) {
        if (c < 0 || c >= static_cast<int>(q.options.size()))
            return fail(errc::invalid_field, field,
                        field + " names option " + std::to_string(c) + ", which is not one");
        if (!seen.insert(c).second)
            return fail(errc::invalid_field, field, field + " lists option " + std::to_string(c) + " twice");
    }
    return std::nullopt;
}

std::optional<failure> check_answer(const question& q, const answer& a)
{
    const auto field = "answers." + q.id;
    const auto most = static_cast<std::size_t>(q.max > 0 ? q.max : static_cast<int>(q.options.size()));
    switch (q.kind) {
    case question_kind::single:
        if (!a.value || *a.value < 0 || *a.value >= static_cast<int>(q.options.size()))
            return fail(errc::invalid_field, field, field + " must be the number of one option, from 0");
        return std::nullopt;
    case question_kind::scale:
        if (!a.value || *a.value < 1 || *a.value > q.points)
            return fail(errc::invalid_field, field,
                        field + " must be a whole number from 1 to " + std::to_string(q.points));
        return std::nullopt;
    case question_kind::multiple:
    case question_kind::ranking:
        if (a.value || a.text)
            return fail(errc::invalid_field, field, field + " must be a list of option numbers");
        return check_choices(q, a, field, most);
    case question_kind::text:
        if (!a.text)
            return fail(errc::invalid_field, field, field + " must be text");
        return check_text(*a.text, field, 1, static_cast<std::size_t>(q.max_length), true);
    }
    return std::nullopt;
}

} // namespace

std::string_view name_of(question_kind k) { return name_in<question_kind>(question_kind_names, k); }

std::optional<question_kind> question_kind_named(std::string_view name)
{
    return value_in<question_kind>(question_kind_names, name);
}

std::optional<failure> check_questions(const std::vector<question>& qs)
{
    if (qs.empty() || qs.size() > max_questions)
        return fail(errc::invalid_field, "questions",
                    "questions must list from 1 to " + std::to_string(max_questions) + " questions");
    std::set<std::string> ids;
    for (std::size_t i = 0; i < qs.size(); ++i) {
        const auto field = std::string("questions[").append(std::to_string(i)).append("]");
        if (auto f = check_question(qs[i], field))
            return f;
        if (!ids.insert(qs[i].id).second)
            return fail(errc::invalid_field, field + ".id", "the question id '" + qs[i].id + "' is used twice");
        // The CSV export's header names its own columns beside the questions'.
        if (qs[i].id == export_number_column || qs[i].id == export_receipt_column)
            return fail(errc::invalid_field, field + ".id",
                        "the question id '" + qs[i].id + "' names a column of the export; choose another");
    }
    return std::nullopt;
}

std::optional<failure> check_answers(const std::vector<question>& qs, const std::vector<answer>& as)
{
    std::set<std::string> answered;
    for (const auto& a : as) {
        const auto q = std::find_if(qs.begin(), qs.end(), [&](const auto& q) { return q.id == a.question; });
        if (q == qs.end())
            return fail(errc::invalid_field, "answers." + a.question,
                        "the survey has no question '" + a.question + "'");
        if (!answered.insert(a.question).second)
            return fail(errc::invalid_field, "answers." + a.question,
                        "question '" + a.question + "' is answered twice");
        if (auto f = check_answer(*q, a))
            return f;
    }
    for (const auto& q : qs)
        if (q.required && !answered.count(q.id))
            return fail(errc::invalid_field, "answers." + q.id, "question '" + q.id + "' must be answered");
    return std::nullopt;
}

std::string_view name_of(text_status s) { return name_in<text_status>(text_status_names, s); }

std::optional<text_status> text_status_named(std::string_view name)
{
    return value_in<text_status>(text_status_names, name);
}

} // namespace cabildo::engine
