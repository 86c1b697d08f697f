#pragma once
// Municipalities and their keys, and the store's own settings (meta).
// One of the area repositories storage/repository.hpp gathers; a backend implements each.

#include "engine/domain/model.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cabildo::engine {

class municipalities_repository {
public:
    virtual ~municipalities_repository() = default;

    virtual std::optional<std::string> meta(std::string_view key) = 0;
    virtual void set_meta(std::string_view key, std::string_view value) = 0;

    virtual void insert_municipality(municipality& m) = 0; // sets m.id
    virtual std::optional<municipality> find_municipality(std::string_view slug) = 0;
    virtual std::vector<municipality> list_municipalities() = 0;
    virtual void insert_key(access_key& k) = 0; // sets k.id
    // Keys not revoked: every municipality's (start-up loads them), or one municipality's.
    virtual std::vector<access_key> live_keys(std::optional<std::int64_t> municipality_id = std::nullopt) = 0;
    // Revokes a live key of that municipality; false if there is none with that id.
    virtual bool revoke_key(std::int64_t municipality_id, std::int64_t id, time_point at) = 0;
    virtual void set_key_last_used(std::int64_t id, time_point at) = 0;
};

} // namespace cabildo::engine
