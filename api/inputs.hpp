#pragma once
// Request bodies of the v1 contract turned into the engine's inputs; each refusal names the field.

#include "api/json_body.hpp"
#include "engine/use_cases/service.hpp"

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace cabildo::api {

engine::result<engine::municipality_input> read_municipality(const json& body);
engine::result<engine::challenge_input> read_challenge(const json& body);
engine::result<engine::challenge_patch> read_challenge_patch(const json& body);
engine::result<engine::token_request> read_token_request(const json& body);
engine::result<engine::key_request> read_key_request(const json& body);
// The blinded message decoded from base64url; its length and range are the engine's to check.
engine::result<engine::blind_request> read_blind_request(const json& body);
engine::result<engine::revoke_request> read_revoke_request(const json& body);
engine::result<engine::idea_input> read_idea(const json& body);
engine::result<engine::ballot_input> read_ballot(const json& body);

engine::result<std::vector<engine::question>> read_survey(const json& body);
engine::result<engine::survey_answers> read_survey_answers(const json& body);
engine::result<engine::exercise_input> read_exercise(const json& body);
engine::result<engine::exercise_patch> read_exercise_patch(const json& body);
engine::result<engine::commitment_input> read_commitment(const json& body);
engine::result<engine::commitment_patch> read_commitment_patch(const json& body);
engine::result<engine::commitment_action> read_commitment_action(const json& body);

struct moderation_input {
    bool hide = false;
    std::string reason;
};
engine::result<moderation_input> read_moderation(const json& body);

// A survey text's moderation: {"action": "publish" | "hide", "reason"?}.
struct text_moderation_input {
    bool publish = false;
    std::string reason;
};
engine::result<text_moderation_input> read_text_moderation(const json& body);

// The formats a document is asked for in (?format=); each route takes some of them, listed in the
// order its refusal names them.
enum class document_format { json, csv, html };
inline constexpr std::array<std::pair<document_format, std::string_view>, 2> listing_formats{{
    {document_format::json, "json"},
    {document_format::csv, "csv"},
}};
inline constexpr std::array<std::pair<document_format, std::string_view>, 2> report_formats{{
    {document_format::html, "html"},
    {document_format::json, "json"},
}};
// ?format= among `formats`: nullopt when the query has none; any other word is refused, the field
// named.
engine::result<std::optional<document_format>> read_format(const std::map<std::string, std::string>& query,
                                                           engine::name_table<document_format> formats);

} // namespace cabildo::api
