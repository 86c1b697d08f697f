#pragma once
// The use cases of a challenge, from launch to announced winners and the plan that carries them
// out, one class per area (the headers beside this one) sharing one runner (runner.hpp). Every use
// case answers through its callback exactly once, on a storage or io thread; callers post the
// answer where they need it. Writes are acknowledged only after their transaction is durable.

#include "engine/use_cases/action_plan.hpp"
#include "engine/use_cases/admin.hpp"
#include "engine/use_cases/ballots.hpp"
#include "engine/use_cases/board.hpp"
#include "engine/use_cases/challenges.hpp"
#include "engine/use_cases/consultation.hpp"
#include "engine/use_cases/participants.hpp"
#include "engine/use_cases/runner.hpp"
#include "engine/use_cases/tables.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace cabildo::engine {

// Every area's use cases over one store, one clock and the server's secrets.
class service {
public:
    // `admin_key_hash` is SHA-256 of the admin key; keys are only ever kept hashed.
    service(store& storage, const engine::clock& clock, std::string hmac_secret, std::string admin_key_hash,
            std::vector<access_key> keys);

    const engine::clock& clock() const { return runner_.clock(); }
    store_load storage_load() const { return runner_.storage().load(); }
    caller authenticate(std::string_view bearer_key) const { return admin_.authenticate(bearer_key); }

    admin_use_cases& admin() { return admin_; }
    challenge_use_cases& challenges() { return challenges_; }
    participant_use_cases& participants() { return participants_; }
    ballot_use_cases& ballots() { return ballots_; }
    board_use_cases& board() { return board_; }
    consultation_use_cases& consultation() { return consultation_; }
    action_plan_use_cases& action_plan() { return action_plan_; }
    table_use_cases& tables() { return tables_; }

private:
    use_case_runner runner_;
    admin_use_cases admin_;
    challenge_use_cases challenges_;
    participant_use_cases participants_;
    ballot_use_cases ballots_;
    board_use_cases board_;
    consultation_use_cases consultation_;
    action_plan_use_cases action_plan_;
    table_use_cases tables_;
};

} // namespace cabildo::engine
