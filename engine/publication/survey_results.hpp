#pragma once
// The consultation's results from its counted responses (the latest of each live token): counts
// and percentages per option, the scale's distribution and mean, rankings by Borda points with
// ties ordered by the challenge's lottery, and the free text moderation has published. Pure
// functions of their inputs, so a researcher with the export gets the same numbers.

#include "engine/domain/survey.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cabildo::engine {

// `texts` are the text answers of `responses`. A ranking's ties are ordered by
// SHA-256(seed ‖ "/" ‖ question id ‖ option number from 1), the challenge's lottery.
nlohmann::json survey_results(const std::vector<question>& qs, const std::vector<survey_response>& responses,
                              const std::vector<survey_text>& texts, std::string_view seed);
// One row (CSV) or object (JSON) per response, numbered from 1 in receipt order (random), with its
// receipt so a resident finds their own, no token and no time; options by their text, rankings
// best first joined by " > ", free text only once published (null alike for pending, hidden and
// absent text in JSON, empty in CSV).
std::string survey_csv(const std::vector<question>& qs, const std::vector<survey_response>& responses,
                       const std::vector<survey_text>& texts);
nlohmann::json survey_export(const std::vector<question>& qs, const std::vector<survey_response>& responses,
                             const std::vector<survey_text>& texts);
// What organisers see while the consultation is open: how many responses arrived (withdrawn ones
// included, so a revocation changes nothing), the questions, and no count of any answer.
nlohmann::json survey_progress(const std::vector<question>& qs, std::size_t received);
// A page of published texts {"texts":[{id,text}],"next_after"}: at most `limit` texts; `texts` holds one more when
// another page follows (then `next_after` is the last one's id, null otherwise: a full last page is not followed by an
// empty one).
nlohmann::json survey_text_page(const std::vector<survey_text>& texts, std::size_t limit);
nlohmann::json to_document(const question& q);
nlohmann::json to_document(const survey_text& t);

} // namespace cabildo::engine
