#pragma once
// Ballots: the one that counts per token, the replaced ones kept, receipts and turnout.
// One of the area repositories storage/repository.hpp gathers; a backend implements each.

#include "engine/domain/model.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace cabildo::engine {

class ballots_repository {
public:
    virtual ~ballots_repository() = default;

    // Stores a ballot as the one that counts for `jti`, marking the earlier one replaced, and
    // deletes the token's oldest replaced ballots beyond `keep_replaced` (counted in the token's
    // replaced_pruned). `leaf` is its entry on the challenge's board (none without a board).
    struct replacement {
        bool replaced = false;                   // an earlier ballot was replaced
        std::optional<std::uint64_t> board_leaf; // and its leaf on the board, if it has one
    };
    virtual replacement replace_ballot(std::int64_t challenge_id, std::string_view jti, std::string_view receipt,
                                       std::string_view choices, time_point at, std::size_t keep_replaced,
                                       std::optional<std::uint64_t> leaf) = 0;
    // Every ballot `jti` cast: the one that counts, the replaced ones kept and those deleted.
    virtual std::int64_t ballots_cast(std::int64_t challenge_id, std::string_view jti) = 0;
    struct ballot_log {
        std::int64_t cast = 0;            // every ballot cast, replaced ones included
        std::int64_t replaced_kept = 0;   // replaced ballots still stored
        std::int64_t replaced_pruned = 0; // replaced ballots deleted, only counted
    };
    virtual ballot_log ballot_log_summary(std::int64_t challenge_id) = 0;
    virtual engine::turnout turnout(std::int64_t challenge_id) = 0;
    // The ballot a receipt names, if it is still stored (replaced ballots beyond the kept ones are not).
    virtual std::optional<ballot_state> ballot_by_receipt(std::int64_t challenge_id, std::string_view receipt) = 0;
    // The ballots that count: the latest of each token that is not revoked. `choices` is the
    // comma-separated idea ids as stored.
    virtual void
    for_each_counted_ballot(std::int64_t challenge_id,
                            const std::function<void(std::string_view receipt, std::string_view choices)>& f) = 0;
};

} // namespace cabildo::engine
