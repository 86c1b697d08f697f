#pragma once
// The blind-token relay between a resident's page and the desk (domain/relay.hpp).
// One of the area repositories storage/repository.hpp gathers; a backend implements each.

#include "engine/domain/relay.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cabildo::engine {

class relay_repository {
public:
    virtual ~relay_repository() = default;

    // The blind-token relay (domain/relay.hpp): requests by code, the newest of a person's.
    virtual void purge_relay_requests(time_point expired_before) = 0;
    virtual std::size_t open_relay_requests(std::int64_t challenge_id, time_point now) = 0;
    virtual bool insert_relay_request(const relay_request& r) = 0; // false: the code is taken
    virtual std::optional<relay_request> find_relay_request(std::int64_t challenge_id, std::string_view code) = 0;
    virtual std::optional<relay_request> relay_request_of(std::int64_t challenge_id, std::string_view ref_hmac) = 0;
    virtual void update_relay_request(const relay_request& r) = 0;
};

} // namespace cabildo::engine
