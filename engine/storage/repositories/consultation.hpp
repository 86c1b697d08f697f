#pragma once
// The consultation: its survey, the responses (one per token), the free text and its moderation, and the freeze at its
// close. One of the area repositories storage/repository.hpp gathers; a backend implements each.

#include "engine/domain/clock.hpp"
#include "engine/domain/model.hpp"
#include "engine/domain/survey.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cabildo::engine {

class consultation_repository {
public:
    virtual ~consultation_repository() = default;

    // The consultation's survey, and the responses to it: one per token, a new one replacing the
    // old (its texts with it). Free-text answers are kept apart with their moderation.
    virtual std::optional<std::vector<question>> find_survey(std::int64_t challenge_id) = 0;
    virtual void store_survey(std::int64_t challenge_id, const std::vector<question>& qs, time_point at) = 0;
    // Every response the token sent, replaced ones included (the cap counts them).
    virtual std::int64_t survey_responses_sent(std::int64_t challenge_id, std::string_view jti) = 0;
    // Returns whether an earlier response of the token was replaced. Text answers get random ids.
    virtual bool replace_survey_response(std::int64_t challenge_id, std::string_view jti, std::string_view receipt,
                                         const std::vector<answer>& answers, time_point at) = 0;
    // A token revoked while the consultation is open: its response leaves the count (which nobody
    // sees before the close). A reissued card: the person's response moves to the new token.
    virtual void withdraw_survey_response(std::int64_t challenge_id, std::string_view jti) = 0;
    virtual void move_survey_response(std::int64_t challenge_id, std::string_view from_jti,
                                      std::string_view to_jti) = 0;
    // The response a receipt names: whether it counts (false: withdrawn), if it is the token's latest.
    virtual std::optional<bool> survey_response_counts(std::int64_t challenge_id, std::string_view receipt) = 0;
    // Responses received, withdrawn ones included: what organisers see while it is open.
    virtual std::size_t survey_responses_received(std::int64_t challenge_id) = 0;
    // The responses that count, in receipt order (random, so the order says nothing of arrival).
    virtual std::vector<survey_response> counted_survey_responses(std::int64_t challenge_id) = 0;
    // The text answers of counted responses, by id (random); of one status if given.
    virtual std::vector<survey_text> survey_texts(std::int64_t challenge_id, std::optional<text_status> status) = 0;
    // Published texts of counted responses to one question, by id after `after`, at most `limit`.
    virtual std::vector<survey_text> published_survey_texts(std::int64_t challenge_id, std::string_view question,
                                                            std::int64_t after, std::size_t limit) = 0;
    virtual std::optional<survey_text> find_survey_text(std::int64_t challenge_id, std::int64_t id) = 0;
    virtual void set_survey_text_status(std::int64_t id, text_status status, std::string_view reason) = 0;
    // A closed consultation's count is frozen by one write (service_survey.cpp); readers serve its
    // answers only once it is. The consultations closed by `now` and not frozen yet, as slugs.
    virtual bool survey_frozen(std::int64_t challenge_id) = 0;
    virtual void freeze_survey(std::int64_t challenge_id, time_point at, std::size_t responses) = 0;
    virtual std::vector<challenge_ref> surveys_due_for_freeze(time_point now) = 0;
};

} // namespace cabildo::engine
