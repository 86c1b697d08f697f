#pragma once
// An idea's line in an announced ranking: what the published results document says of it, with
// its text as moderation leaves it now. The action plan and the reports read these, never the
// document's JSON.

#include "engine/domain/model.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace cabildo::engine {

struct ranking_line {
    idea_id idea = 0;
    std::int64_t rank = 0; // 1-based; 0 for an idea the ranking does not hold
    std::int64_t score = 0;
    bool winner = false;
    std::optional<std::int64_t> cost; // in budgeted challenges
    std::optional<std::string> title; // absent while moderation hides it
    bool hidden = false;
};

} // namespace cabildo::engine
