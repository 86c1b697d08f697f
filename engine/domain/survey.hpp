#pragma once
// The consultation's survey: ordered questions that find the problems before the ideas come, and
// one response per participant token, the latest replacing the earlier (like ballots). Answers
// are checked against their question here, once, so counting never meets a malformed one.

#include "engine/domain/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cabildo::engine {

enum class question_kind { single, multiple, scale, ranking, text };
std::string_view name_of(question_kind k);
std::optional<question_kind> question_kind_named(std::string_view name);

struct question {
    std::string id; // [a-z0-9_-]{1,32}, unique in the survey: answers and exports name it
    question_kind kind = question_kind::single;
    std::string prompt;
    bool required = false;
    std::vector<std::string> options; // single, multiple, ranking
    int max = 0;                      // multiple: most options chosen; ranking: most ranked (0: all)
    int points = 5;                   // scale: 1..points
    std::string min_label, max_label; // scale: what its ends mean
    int max_length = 500;             // text
};

// One answer as a participant sends it: an option or a scale value (`value`), options in order
// (`choices`: a multiple choice, or a ranking best first), or free text.
struct answer {
    std::string question;
    std::optional<int> value;
    std::vector<int> choices; // 0-based option indices
    std::optional<std::string> text;
};

// A response that counts: the latest of a token, unless the token was revoked while the
// consultation was open (withdrawn at its close). Its text answers carry no text here: the text
// lives apart, in survey_text, with its moderation.
struct survey_response {
    std::int64_t id = 0;
    std::string receipt; // random, given to the resident: the export lists it beside the answers
    std::vector<answer> answers;
};

// A free-text answer's moderation: pending until an organiser publishes or hides it.
enum class text_status { pending, published, hidden };
std::string_view name_of(text_status s);
std::optional<text_status> text_status_named(std::string_view name);

// A free-text answer and its moderation. Its id is random (never the order answers arrived in).
struct survey_text {
    std::int64_t id = 0;
    std::int64_t response_id = 0;
    std::string question;
    std::string body;
    text_status status = text_status::pending;
    std::string reason; // why it was hidden
};

// 1 to max_questions questions with distinct ids, each well formed for its kind; fields are
// named "questions[i].options" and so on.
std::optional<failure> check_questions(const std::vector<question>& qs);
// The columns the export names beside the questions' (so no question may take their names): the
// response's number first, its receipt last.
inline constexpr std::string_view export_number_column = "response";
inline constexpr std::string_view export_receipt_column = "receipt";
// Every answer names a question of the survey, once, with a value of its kind and range; every
// required question is answered. Fields are named "answers.<question id>".
std::optional<failure> check_answers(const std::vector<question>& qs, const std::vector<answer>& as);

} // namespace cabildo::engine
