#pragma once
// The demo: the Multi City Challenge México, five municipalities with one challenge each, windows
// placed around the clock's now so upload and voting are open, and a handful of ideas and
// ballots. Seeded through the same use cases residents and organisers call.

#include "engine/use_cases/service.hpp"

namespace cabildo::app {

// Seeds once: returns false, changing nothing, if the demo's first municipality already exists.
// Throws std::runtime_error naming the step that failed. With `storage` and the server's
// `hmac_secret`, San Nicolás also gets last year's edition and its action plan (demo_past_edition).
bool seed_demo(engine::service& svc, engine::store* storage = nullptr, const std::string& hmac_secret = {});

} // namespace cabildo::app
