#pragma once
// The writing side of the bulletin boards (issue 21; publication/board.hpp says what an entry
// holds): board_log appends the entries as the other areas' writes happen, inside their
// transactions, and signs one tree head per batch of writes that grew a board (the store's
// before-commit step), so a ballot's receipt names the head it landed in and a busy minute costs
// one signature a batch, not one a ballot. The runner holds one for every area.

#include "engine/domain/model.hpp"
#include "engine/identity/crypto.hpp"
#include "engine/identity/key_vault.hpp"
#include "engine/publication/board.hpp"
#include "engine/publication/documents.hpp"
#include "engine/storage/repository.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace cabildo::engine {

// The head a batch's entries landed in, filled when the batch reaches its commit.
struct pending_head {
    std::optional<stored_head> head;
};

class board_log {
public:
    board_log(const key_vault& vault, const engine::clock& clock);

    // A new challenge's board: its key made and sealed, and its setup entry.
    void open(repository& repo, const challenge& ch, const verification_keys& keys);
    struct appended {
        std::uint64_t seq = 0;
        std::string entry; // its canonical bytes
        std::shared_ptr<const pending_head> head;
    };
    // Appends an entry to the challenge's board at `now` (its `at` to the hour in a blind
    // challenge), the close entry first if voting closed by then and it is not there yet. None for a
    // challenge made before boards.
    std::optional<appended> append(repository& repo, const challenge& ch, board_entry_type type, nlohmann::json body,
                                   time_point now);
    // The same in two steps, for a write that must know the entry's leaf before it builds it (a
    // ballot stores its leaf and learns the leaf it supersedes in one statement): the board as it
    // stands at `now` (closed first if due; none without a board), then the append to it.
    std::optional<stored_board> board_at(repository& repo, const challenge& ch, time_point now);
    appended append_to(repository& repo, const challenge& ch, stored_board& b, board_entry_type type,
                       nlohmann::json body, time_point now);
    // The close entry, if voting has closed by `now` and the board has none yet.
    void close_if_due(repository& repo, const challenge& ch, time_point now);
    // The store's before-commit step: a signed head for each board the batch grew.
    void sign_heads(repository& repo);

private:
    std::optional<ed25519_key> key_of(std::int64_t challenge_id, const stored_board& b);

    const key_vault& vault_;
    const engine::clock& clock_;
    struct grown {
        challenge_ref ref;
        std::shared_ptr<pending_head> head;
    };
    // Touched by the writer's thread only (appends run in writes, sign_heads before their commit).
    std::unordered_map<std::int64_t, grown> grown_;
    std::mutex keys_mutex_;
    std::unordered_map<std::int64_t, ed25519_key> keys_;
};

// A complete subtree source over a challenge's stored board (merkle::subtree_source).
std::function<std::string(unsigned, std::uint64_t)> stored_subtrees(board_repository& repo, std::int64_t challenge_id);

} // namespace cabildo::engine
