#pragma once
// The public audit log of organisers' acts.
// One of the area repositories storage/repository.hpp gathers; a backend implements each.

#include "engine/domain/model.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace cabildo::engine {

class audit_repository {
public:
    virtual ~audit_repository() = default;

    virtual void append_audit(const audit_entry& e) = 0;
    // A page of a challenge's entries after the entry id `after`, or of the server's own
    // (challenge_id unset: municipalities, keys, test clock moves).
    virtual std::vector<audit_entry> audit_log(std::optional<std::int64_t> challenge_id, std::int64_t after,
                                               std::size_t limit) = 0;
    // The id of the challenge's newest audit entry (0 for none): every change to what a file
    // shows is audited, so an unchanged id means a file built earlier is still right.
    virtual std::int64_t last_audit_id(std::int64_t challenge_id) = 0;
};

} // namespace cabildo::engine
