#include "engine/domain/relay.hpp"

#include <utility>

namespace cabildo::engine {

namespace {

constexpr std::pair<relay_state, std::string_view> names[] = {
    {relay_state::waiting, "waiting"},       {relay_state::signing, "signing"},
    {relay_state::signed_by_desk, "signed"}, {relay_state::delivered, "delivered"},
    {relay_state::collected, "collected"},   {relay_state::voided, "void"}};

} // namespace

std::string_view name_of(relay_state s)
{
    for (const auto& [state, name] : names)
        if (state == s)
            return name;
    return "waiting";
}

std::optional<relay_state> relay_state_named(std::string_view name)
{
    for (const auto& [state, n] : names)
        if (n == name)
            return state;
    return std::nullopt;
}

} // namespace cabildo::engine
