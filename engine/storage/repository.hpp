#pragma once
// The storage the use cases run against: one instance per connection, used by one thread, inside a
// transaction the store opened. It is the sum of the area repositories (storage/repositories/),
// each a narrow interface of its own; a use case needs only its area's. sql_repository
// (storage/sql/) implements them once in SQL over a session; a second database brings a driver of
// that session, its schema dialect, and a store (store.hpp).

#include "engine/storage/repositories/audit.hpp"
#include "engine/storage/repositories/ballots.hpp"
#include "engine/storage/repositories/board.hpp"
#include "engine/storage/repositories/challenges.hpp"
#include "engine/storage/repositories/commitments.hpp"
#include "engine/storage/repositories/consultation.hpp"
#include "engine/storage/repositories/exercises.hpp"
#include "engine/storage/repositories/ideas.hpp"
#include "engine/storage/repositories/municipalities.hpp"
#include "engine/storage/repositories/published.hpp"
#include "engine/storage/repositories/relay.hpp"
#include "engine/storage/repositories/tables.hpp"
#include "engine/storage/repositories/test_clock.hpp"
#include "engine/storage/repositories/tokens.hpp"

namespace cabildo::engine {

class repository : public municipalities_repository,
                   public challenges_repository,
                   public tokens_repository,
                   public relay_repository,
                   public ideas_repository,
                   public ballots_repository,
                   public board_repository,
                   public audit_repository,
                   public published_repository,
                   public commitments_repository,
                   public consultation_repository,
                   public exercises_repository,
                   public tables_repository,
                   public test_clock_repository {
public:
    ~repository() override = default;
};

} // namespace cabildo::engine
