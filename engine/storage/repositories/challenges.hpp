#pragma once
// Challenges: their rules and timelines, their signing keys, and which are due for publication.
// One of the area repositories storage/repository.hpp gathers; a backend implements each.

#include "engine/domain/model.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cabildo::engine {

class challenges_repository {
public:
    virtual ~challenges_repository() = default;

    virtual void insert_challenge(challenge& c) = 0; // sets c.id
    virtual std::optional<challenge> find_challenge(std::int64_t municipality_id, std::string_view slug) = 0;
    // The same by the two slugs of its address, in one query (every challenge's request starts here).
    virtual std::optional<challenge> find_challenge_at(std::string_view municipality_slug, std::string_view slug) = 0;
    virtual std::vector<challenge> list_challenges(std::int64_t municipality_id) = 0;
    virtual void update_challenge(const challenge& c) = 0;
    // Every challenge's id, sealed key and public key; for start-up, which seals keys stored
    // in clear by an older version.
    struct issuer_key_row {
        std::int64_t challenge_id = 0;
        std::string sealed;
        std::string public_key;
    };
    virtual std::vector<issuer_key_row> issuer_keys() = 0;
    virtual void set_issuer_key_sealed(std::int64_t challenge_id, std::string_view sealed) = 0;
    // Challenges whose announcement instant is at or before `now` and that nobody published yet,
    // as (municipality slug, challenge slug).
    virtual std::vector<challenge_ref> due_for_publication(time_point now) = 0;
};

} // namespace cabildo::engine
