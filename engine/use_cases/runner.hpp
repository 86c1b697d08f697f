#pragma once
// What every area's use cases share: how a use case runs (a read on a snapshot, a write in the
// group-commit writer, work offloaded from the io threads, an act of a participant's token) and
// the server's secrets with the per-challenge keys opened from them. The areas (admin.hpp,
// challenges.hpp, participants.hpp, ballots.hpp, consultation.hpp, action_plan.hpp) hold one
// runner between them; none holds another area's state (the consultation edits a challenge's
// categories through the challenges' own use case, never their storage).

#include "engine/domain/access.hpp"
#include "engine/domain/model.hpp"
#include "engine/domain/result.hpp"
#include "engine/domain/timeline.hpp"
#include "engine/identity/blind_rsa.hpp"
#include "engine/identity/crypto.hpp"
#include "engine/identity/key_vault.hpp"
#include "engine/storage/store.hpp"
#include "engine/use_cases/board_log.hpp"

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace cabildo::engine {

template <class T>
using callback = std::function<void(result<T>)>;

// Who is asking, as established from the bearer key.
struct caller {
    engine::role kind = role::anonymous; // domain/access.hpp
    std::int64_t municipality_id = 0;    // for organisers, issuers and verifiers
    std::int64_t key_id = 0;             // for organisers and issuers: the key's id, named in the audit log
    std::int64_t challenge_id = 0;       // for table officers: the challenge and table their key is for
    std::int64_t table_id = 0;
};

class use_case_runner {
public:
    // What verifies a challenge's participant tokens: its Ed25519 public key, and in a blind
    // challenge its RSA public key.
    struct issuer {
        std::int64_t challenge_id = 0;
        std::int64_t municipality_id = 0;
        ed25519_key key;
        std::shared_ptr<const blind_rsa::public_key> blind; // blind challenges only
    };

    use_case_runner(store& storage, const engine::clock& clock, std::string hmac_secret);
    // Takes its closing step (the boards' heads) off the store: a batch committed after it is gone
    // never runs it.
    ~use_case_runner();
    use_case_runner(const use_case_runner&) = delete;
    use_case_runner& operator=(const use_case_runner&) = delete;

    store& storage() const { return store_; }
    const engine::clock& clock() const { return clock_; }
    // Seals and opens the challenges' signing keys.
    const key_vault& vault() const { return vault_; }
    // The challenges' bulletin boards, appended to inside writes (board_log.hpp).
    board_log& board() { return board_; }

    // `run` on a reader's snapshot; its answer, or the database's failure.
    template <class T>
    void read(std::function<result<T>(repository&)> run, callback<T> cb);
    // `run` in one transaction of the group-commit writer; answered only once it is durable, and
    // rolled back when it refuses.
    template <class T>
    void write(std::function<result<T>(repository&)> run, callback<T> cb);
    // `run` on a storage thread, off the io threads (signatures, documents), with no repository.
    template <class T>
    void offload(std::function<result<T>()> run, callback<T> cb);

    // What a participant does with a token (the window an act belongs to checked by `phase`): the
    // token verified off the writer, then in one write the challenge loaded, its window open and the
    // token live, then `act`.
    template <class T>
    using participant_act = std::function<result<T>(repository&, const challenge*, const std::string& jti, time_point)>;
    using phase_check = std::function<std::optional<failure>(const timeline&, time_point)>;
    template <class T>
    void as_participant(challenge_ref which, std::string token, phase_check phase, participant_act<T> act,
                        callback<T> cb);

    // What the timer sweeps: runs `each` for every challenge `due` finds on a reader now, and gives
    // `done` how many; a failed look is logged as "cannot look for <what>".
    void for_each_due(std::function<std::vector<challenge_ref>(repository&)> due, std::string_view what,
                      std::function<void(const challenge_ref&)> each, std::function<void(std::size_t)> done);

    // The challenge's issuer, kept once read (remember_issuer refreshes it when a challenge is made).
    void with_issuer(const challenge_ref& at, std::function<void(result<issuer>)> next);
    void remember_issuer(const challenge& ch);
    // The key a participant's token gives ballots and ideas, once the token verifies: a JWS's jti,
    // or in a blind challenge the digest of an anonymous token's message.
    result<std::string> participant_jti(const issuer& iss, const std::string& token, const challenge_ref& at) const;
    // A challenge's Ed25519 signing key, opened from its sealed form (raw, 32 bytes).
    result<std::string> signing_key(const challenge& ch) const;
    // A blind challenge's RSA key, opened from its sealed form once and kept.
    result<std::shared_ptr<const blind_rsa::private_key>> blind_key(const challenge& ch);

    // Keyed per challenge, so the same person is unlinkable across challenges.
    std::string reference_hmac(std::int64_t challenge_id, std::string_view canonical_ref) const;
    // A card's short code (canonical, identity/short_code.hpp), derived from its token's jti under
    // the server secret so a sheet printed again shows the same code; and the HMAC the token is
    // found by when someone types it.
    std::string card_code(std::int64_t challenge_id, std::string_view jti) const;
    std::string card_code_hmac(std::int64_t challenge_id, std::string_view canonical_code) const;

private:
    store& store_;
    const engine::clock& clock_;
    std::string hmac_secret_;
    key_vault vault_;
    board_log board_;
    std::uint64_t before_commit_ = 0; // the store's id of board_.sign_heads

    std::shared_mutex issuers_mutex_;
    std::unordered_map<std::string, std::shared_ptr<const issuer>> issuers_; // challenge_ref::key() -> issuer
    std::mutex blind_keys_mutex_;
    std::unordered_map<std::int64_t, std::shared_ptr<const blind_rsa::private_key>> blind_keys_; // challenge id
};

} // namespace cabildo::engine
