#pragma once
// The interim and final reports of a local action plan: the 13 steps with their dates and
// documents, each challenge's consultation results, winners and commitments (status, progress,
// evidence, history), and the plan's overall progress. The JSON is the report; the HTML, printed
// from it, says the same in Spanish with print CSS.

#include "engine/domain/exercise.hpp"
#include "engine/domain/model.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cabildo::engine {

// What the report says of one challenge of the exercise.
struct report_part {
    const challenge* ch = nullptr;
    nlohmann::json winners;     // the announced winners {idea, title?, hidden?, score}, best first
    nlohmann::json survey;      // the consultation's results, or null
    nlohmann::json commitments; // commitment documents, each with its history
    std::vector<const commitment*> plan;
};

// The step as the report and the exercise document show it, with links to what exists.
nlohmann::json to_document(const exercise_step& s, const municipality& m, const std::vector<report_part>& parts);
nlohmann::json report_document(std::string_view kind, const municipality& m, const exercise& e,
                               const std::vector<report_part>& parts, time_point at);
// What changed after a final report was issued: steps that differ from it, and commitments' history
// entries dated after it.
nlohmann::json report_addendum(const nlohmann::json& issued, const nlohmann::json& now);
std::string report_html(const nlohmann::json& report, std::string_view timezone);

} // namespace cabildo::engine
