#pragma once
// The tie-break lottery anyone can recompute: ideas ordered by SHA-256(seed ‖ id), where seed is
// the challenge's tie_break_seed as UTF-8 and id the idea id in decimal ASCII; the smaller digest
// (compared as bytes) comes first.

#include "ballots/outcome.hpp"

#include <span>
#include <string>
#include <string_view>

namespace cabildo::engine {

std::string lottery_key(std::string_view seed, ballots::idea_id id); // hex digest
ballots::lottery draw_lottery(std::string_view seed, std::span<const ballots::idea_id> ideas);

} // namespace cabildo::engine
