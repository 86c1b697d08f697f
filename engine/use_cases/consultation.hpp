#pragma once
// The consultation (service_survey.cpp): a survey editable until the consultation opens, answered
// once per token inside it (the latest response counts), results public once it closes (organisers'
// from its opening), free text published only after moderation.

#include "engine/domain/survey.hpp"
#include "engine/use_cases/ballots.hpp"
#include "engine/use_cases/challenges.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cabildo::engine {

struct survey_view {
    std::vector<question> questions; // empty when the challenge has no survey
    std::optional<window> consultation;
    time_point now;
};

// The consultation's results as they may be read now: while it is open, to its organisers, how many
// responses arrived to which questions (`progress`); once it closed, the frozen results document,
// as stored when it was built (JSON text, served as it is).
struct survey_results_view {
    struct progress_view {
        std::vector<question> questions;
        std::size_t responses = 0;
    };
    std::optional<progress_view> progress;
    std::string frozen;
};

struct survey_answers {
    std::string token;
    std::vector<answer> answers;
};

class consultation_use_cases {
public:
    // Seeding categories edits the challenge through `challenges`, under the same rules.
    consultation_use_cases(use_case_runner& runner, challenge_use_cases& challenges);

    void get_survey(challenge_ref which, callback<survey_view> cb);
    void put_survey(const caller& who, challenge_ref which, std::vector<question> qs, callback<survey_view> cb);
    void answer_survey(challenge_ref which, survey_answers in, callback<ballot_receipt> cb);
    // The same for a survey response, final once the consultation closed (revoked: withdrawn).
    void find_survey_receipt(challenge_ref which, std::string receipt, callback<receipt_status> cb);
    // Once it closed, the frozen results (everyone alike); while it is open, to its organisers, only
    // how many responses arrived.
    void survey_results(const caller& who, challenge_ref which, callback<survey_results_view> cb);
    // One row per counted response, no token: CSV, or JSON when `csv` is false; once it closed.
    void survey_export(const caller& who, challenge_ref which, bool csv, callback<std::string> cb);
    // Published free text of a text question after the text id `after`, oldest first: at most
    // `limit` + 1 texts, the last one telling that there is a next page; once it closed.
    void published_survey_texts(challenge_ref which, std::string question, std::int64_t after, std::size_t limit,
                                callback<std::vector<survey_text>> cb);
    // The free text to moderate; once it closed.
    void survey_texts(const caller& who, challenge_ref which, std::optional<text_status> status,
                      callback<std::vector<survey_text>> cb);
    void moderate_survey_text(const caller& who, challenge_ref which, std::int64_t id, bool publish, std::string reason,
                              callback<survey_text> cb);
    // Adds the `count` most-chosen options of a single or multiple question to the challenge's
    // categories, through the same rules as an edit.
    void seed_categories(const caller& who, challenge_ref which, std::string question, std::size_t count,
                         callback<challenge_view> cb);
    // Freezes the count of every consultation that closed (and builds its results document); the
    // publication timer calls it too.
    void freeze_due_surveys(std::function<void(std::size_t)> done = {});

private:
    // A closed consultation's results document or export (`file`), built once and kept.
    void closed_survey_file(const caller& who, challenge_ref which, std::string_view file, callback<std::string> cb);
    // Runs `run` on a reader whose snapshot has the challenge's consultation frozen if it has closed:
    // a reader that finds it closed and not frozen yet has one write freeze it, then reads again.
    template <class T>
    void read_frozen_survey(challenge_ref which, std::function<result<T>(repository&)> run, callback<T> cb);

    use_case_runner& runner_;
    const engine::clock& clock_;
    challenge_use_cases& challenges_;
};

} // namespace cabildo::engine
