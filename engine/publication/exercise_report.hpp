#pragma once
// The interim and final reports of a local action plan: the 13 steps with their dates and
// documents, each challenge's consultation results, winners and commitments (status, progress,
// evidence, history), and the plan's overall progress. The JSON is the report; the HTML, printed
// from it, says the same in Spanish with print CSS.

#include "engine/domain/exercise.hpp"
#include "engine/domain/model.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cabildo::engine {

// What the report says of one challenge of the exercise. The exercise's own document needs only
// the flags and the plan; a report fills in the rest.
struct report_part {
    const challenge* ch = nullptr;
    bool survey_public = false; // it has a survey whose consultation has closed: its results are public
    bool ideas_open = false;    // idea submission has opened: there is an ideas page to link to
    nlohmann::json winners;     // the announced winners {idea, title?, hidden?, score}, best first
    nlohmann::json survey;      // the consultation's results, or null
    nlohmann::json commitments; // commitment documents, each with its newest history entries
    std::vector<const commitment*> plan;
};

// What moderation has withdrawn since a report was issued, by challenge slug: hidden free-text
// answers of its consultation and hidden ideas (a winner's or a commitment's idea title).
struct withdrawn_content {
    struct of_challenge {
        std::vector<std::int64_t> texts;
        std::vector<std::int64_t> ideas;
    };
    std::map<std::string, of_challenge> by_challenge;
};

// The step as the report and the exercise document show it, with links to what exists.
nlohmann::json to_document(const exercise_step& s, const municipality& m, const std::vector<report_part>& parts);
nlohmann::json report_document(std::string_view kind, const municipality& m, const exercise& e,
                               const std::vector<report_part>& parts, time_point at);
// What changed after a final report was issued: steps that differ from it, and commitments' history
// entries newer than the newest it saw (`last_history_id`; times have only seconds).
nlohmann::json report_addendum(const nlohmann::json& issued, const nlohmann::json& now, std::int64_t last_history_id);

// An issued report's texts that moderation withdrew since stop being served: each becomes
// {"withdrawn": true, "sha256": <hex of the text>} in place (a free-text answer's `text`, a
// winner's or a commitment idea's `title`). Returns how many.
std::size_t withdraw(nlohmann::json& report, const withdrawn_content& w);
// The report's digest, SHA-256 (hex) of its sealed form: the report without `digest`, `withdrawn`
// and `addendum`, every withdrawable text (those `withdraw` names) replaced by {"sha256": <hex of the
// text>} and every withdrawn one by its {"sha256"}, serialised as nlohmann::json dumps it (keys
// sorted, no spaces). Withdrawing text does not change it, so anyone checks that a served report
// is the one issued.
std::string report_digest(const nlohmann::json& report);
std::string report_html(const nlohmann::json& report, std::string_view timezone);

} // namespace cabildo::engine
