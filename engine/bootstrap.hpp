#pragma once
// What a server needs from its database before it takes requests: the HMAC secret for identity
// references, the admin key (hashed), and the organiser keys (hashed).

#include "engine/sqlite_store.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cabildo::engine {

struct server_secrets {
    std::string hmac_secret;
    std::string admin_key_hash;
    std::optional<std::string> generated_admin_key; // set only on the start that created it
    std::vector<std::pair<std::string, std::int64_t>> organiser_keys;
};

// `admin_key` from CABILDO_ADMIN_KEY wins; otherwise the key generated on the first start is kept
// (as its hash) and never shown again.
server_secrets load_secrets(sqlite_store& storage, const std::optional<std::string>& admin_key);

} // namespace cabildo::engine
