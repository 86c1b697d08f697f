#pragma once
// The bulletin board of each challenge (issue 21): its entries in order, the complete subtrees of
// its Merkle tree as they fill (so an append writes one node more than the leaf on average and a
// proof reads O(log n) of them), its signed tree heads, and its Ed25519 key, sealed.
// One of the area repositories storage/repository.hpp gathers; a backend implements each.

#include "engine/domain/clock.hpp"
#include "engine/domain/model.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cabildo::engine {

struct stored_board {
    std::string key_sealed;
    std::string key_public;              // raw Ed25519, 32 bytes
    std::optional<std::uint64_t> closed; // the close entry's leaf, once voting closed
    std::uint64_t size = 0;              // entries appended
};

struct stored_head {
    std::uint64_t size = 0;
    std::int64_t timestamp = 0; // milliseconds since 1970
    std::string root;
    std::string signature;
};

class board_repository {
public:
    virtual ~board_repository() = default;

    virtual void insert_board(std::int64_t challenge_id, std::string_view key_sealed, std::string_view key_public) = 0;
    // None for a challenge made before boards existed.
    virtual std::optional<stored_board> find_board(std::int64_t challenge_id) = 0;
    // Entry `seq` (the board's size until now) with the subtrees it completes (level, index, hash),
    // level 0 being its leaf hash.
    struct node {
        unsigned level = 0;
        std::uint64_t index = 0;
        std::string_view hash;
    };
    virtual void append_board_entry(std::int64_t challenge_id, std::uint64_t seq, std::string_view body,
                                    const std::vector<node>& nodes) = 0;
    virtual void set_board_closed(std::int64_t challenge_id, std::uint64_t close_leaf) = 0;
    // A complete subtree's root; empty if it was never stored.
    virtual std::string board_node(std::int64_t challenge_id, unsigned level, std::uint64_t index) = 0;
    // Entries (or with `bodies` false only their leaf hashes) from `from` on, at most `limit`.
    virtual void for_each_board_entry(std::int64_t challenge_id, std::uint64_t from, std::size_t limit,
                                      const std::function<void(std::uint64_t seq, std::string_view bytes)>& f,
                                      bool bodies) = 0;
    virtual void insert_board_head(std::int64_t challenge_id, const stored_head& h) = 0;
    virtual std::optional<stored_head> latest_board_head(std::int64_t challenge_id) = 0;
    // Heads from size `after` + 1 on, oldest first, at most `limit`.
    virtual std::vector<stored_head> board_heads(std::int64_t challenge_id, std::uint64_t after, std::size_t limit) = 0;
    // Boards still open whose voting window has closed by `now`.
    virtual std::vector<challenge_ref> boards_due_for_close(time_point now) = 0;
    // The leaves of the ballots that count (each live token's latest), ascending.
    virtual std::vector<std::uint64_t> counted_ballot_leaves(std::int64_t challenge_id) = 0;
    // The leaf a receipt's ballot landed at; none for a ballot cast before the board.
    virtual std::optional<std::uint64_t> ballot_leaf(std::int64_t challenge_id, std::string_view receipt) = 0;
};

} // namespace cabildo::engine
