#pragma once
// The demo's past edition: San Nicolás de los Garza ran "Movilidad urbana" last year on the Multi
// City Challenge's calendar (upload 1–21 Oct, voting 1–25 Oct, winners 1 Nov, development 9 Nov –
// 4 Dec), and its four winners are commitments at every status, one verified with evidence. It is
// seeded through the same use cases, by a service whose clock walks through that calendar, so
// every entry of its history carries the date it would have had.

#include "engine/storage/store.hpp"

#include <string>

namespace cabildo::app {

// Throws std::runtime_error naming the step that failed. `now` decides which year was last year.
void seed_past_edition(engine::store& storage, const std::string& hmac_secret, engine::time_point now);

} // namespace cabildo::app
