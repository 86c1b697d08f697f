#pragma once
// The action plan as public documents: each commitment with its progress and the sum behind it,
// its history, the plan's summary by status, and the CSV a researcher opens in a spreadsheet.

#include "engine/domain/commitment.hpp"
#include "engine/domain/ranking.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace cabildo::engine {

// A commitment as its documents show it.
struct commitment_view {
    engine::commitment commitment;
    // The ideas it carries out, as the announced ranking has them.
    std::vector<ranking_line> ideas;
    // Oldest first, filled in for a single commitment: a page of its history (after an entry id),
    // or in a report its newest entries.
    std::vector<commitment_update> history;
    std::size_t history_total = 0;                  // entries in all
    std::optional<std::int64_t> history_next_after; // the cursor of the next page, if any
};

// `ideas` is the announced ranking's line of each idea the commitment carries out, written as
// {id, rank, score, winner, cost?, title|hidden} ({id} alone for an idea the ranking lacks).
nlohmann::json to_document(const commitment& c, std::span<const ranking_line> ideas);
nlohmann::json to_document(const commitment_update& u);
// Counts per status, the total and the plan's progress: the mean of its commitments' (rounded).
nlohmann::json plan_summary(const std::vector<const commitment*>& plan);
// One row per commitment; ideas and evidence as plain text.
std::string commitments_csv(const std::vector<const commitment*>& plan);

} // namespace cabildo::engine
