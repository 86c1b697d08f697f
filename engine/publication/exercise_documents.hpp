#pragma once
// A local action plan exercise as the public reads it: its page (the 13 steps with their links,
// its challenges and the plan's summary), a page of the municipality's exercises, and a page of
// its public history. Pure functions of what the use cases read; the reports are in
// exercise_report.hpp.

#include "engine/domain/exercise.hpp"
#include "engine/domain/model.hpp"
#include "engine/publication/exercise_report.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace cabildo::engine {

// An exercise as its page shows it.
struct exercise_view {
    engine::municipality municipality; // its slug makes the steps' links
    engine::exercise exercise;
    std::vector<report_part> challenges;           // its challenges: flags and commitments, no report detail
    std::optional<time_point> final_report_issued; // when its final report was issued, if it was
};

// A page of a municipality's exercises, and the cursor of the next page if there is one.
struct exercise_list {
    std::vector<exercise_view> exercises;
    std::optional<std::int64_t> next_after;
};

// A page of an exercise's public history, oldest first, and the cursor of the next page.
struct exercise_history_page {
    std::vector<exercise_update> entries;
    std::optional<std::int64_t> next_after;
};

// {slug, title, challenges: [{slug, title}], steps, summary, created_at, updated_at,
//  final_report: null | {issued_at}}
nlohmann::json to_document(const exercise_view& v);
// {exercises, next_after}
nlohmann::json to_document(const exercise_list& l);
// {entries, next_after}
nlohmann::json to_document(const exercise_history_page& p);

} // namespace cabildo::engine
