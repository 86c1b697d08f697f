#pragma once
// The action plan's commitments and their append-only public history.
// One of the area repositories storage/repository.hpp gathers; a backend implements each.

#include "engine/domain/commitment.hpp"
#include "engine/domain/model.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace cabildo::engine {

class commitments_repository {
public:
    virtual ~commitments_repository() = default;

    // Commitments of the action plan. Inserting one also records each of its ideas as taken: the
    // schema refuses an idea in two commitments.
    virtual void insert_commitment(commitment& c) = 0; // sets c.id
    virtual void update_commitment(const commitment& c) = 0;
    virtual std::optional<commitment> find_commitment(std::int64_t challenge_id, std::int64_t id) = 0;
    virtual std::vector<commitment> list_commitments(std::int64_t challenge_id) = 0;
    // The commitment that already carries out this idea, if any.
    virtual std::optional<std::int64_t> commitment_of_idea(std::int64_t challenge_id, idea_id idea) = 0;
    // The public history: appended, never changed (the schema refuses UPDATE and DELETE).
    virtual void append_commitment_update(commitment_update& u) = 0; // sets u.id
    // Oldest first: entries after the id `after`, at most `limit`.
    virtual std::vector<commitment_update> commitment_history(std::int64_t commitment_id, std::int64_t after,
                                                              std::size_t limit) = 0;
    // The newest `limit` entries, oldest first.
    virtual std::vector<commitment_update> latest_commitment_history(std::int64_t commitment_id, std::size_t limit) = 0;
    virtual std::size_t commitment_history_size(std::int64_t commitment_id) = 0;
    virtual std::size_t commitment_notes_by_key(std::int64_t commitment_id, std::optional<std::int64_t> key_id) = 0;
    virtual std::size_t commitment_notes(std::int64_t commitment_id) = 0; // from every key
    // The newest history entry of any commitment (0 for none): entries after it came later.
    virtual std::int64_t last_commitment_update_id() = 0;
};

} // namespace cabildo::engine
