#include "engine/identity/lottery.hpp"

#include "engine/identity/crypto.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace cabildo::engine {

std::string lottery_key(std::string_view seed, ballots::idea_id id)
{
    return to_hex(sha256(std::string(seed) + std::to_string(id)));
}

ballots::lottery draw_lottery(std::string_view seed, std::span<const ballots::idea_id> ideas)
{
    std::vector<std::pair<std::string, ballots::idea_id>> keyed;
    keyed.reserve(ideas.size());
    for (const auto id : ideas)
        keyed.emplace_back(sha256(std::string(seed) + std::to_string(id)), id);
    std::sort(keyed.begin(), keyed.end());
    ballots::lottery order;
    order.reserve(keyed.size());
    for (std::size_t i = 0; i < keyed.size(); ++i)
        order.emplace(keyed[i].second, i);
    return order;
}

} // namespace cabildo::engine
