#include "engine/domain/relay.hpp"

#include "engine/domain/names.hpp"

#include <utility>

namespace cabildo::engine {

namespace {

constexpr std::pair<relay_state, std::string_view> names[] = {
    {relay_state::waiting, "waiting"},       {relay_state::signing, "signing"},
    {relay_state::signed_by_desk, "signed"}, {relay_state::delivered, "delivered"},
    {relay_state::collected, "collected"},   {relay_state::voided, "void"}};

} // namespace

std::string_view name_of(relay_state s) { return name_in<relay_state>(names, s); }

std::optional<relay_state> relay_state_named(std::string_view name) { return value_in<relay_state>(names, name); }

} // namespace cabildo::engine
