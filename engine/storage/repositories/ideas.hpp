#pragma once
// Ideas and their moderation.
// One of the area repositories storage/repository.hpp gathers; a backend implements each.

#include "engine/domain/model.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cabildo::engine {

class ideas_repository {
public:
    virtual ~ideas_repository() = default;

    virtual void insert_idea(idea& i) = 0; // sets i.id
    virtual std::optional<idea> find_idea(std::int64_t challenge_id, idea_id id) = 0;
    virtual std::vector<idea> list_ideas(std::int64_t challenge_id, bool include_hidden, idea_id after,
                                         std::size_t limit) = 0;
    virtual std::size_t count_ideas_by_author(std::int64_t challenge_id, std::string_view jti) = 0;
    virtual std::size_t count_ideas(std::int64_t challenge_id) = 0; // hidden ones included
    virtual void set_idea_moderation(idea_id id, bool hidden, std::string_view reason, bool counted) = 0;
    // The ideas the count takes (idea::counted), by id.
    virtual std::vector<idea> counted_ideas(std::int64_t challenge_id) = 0;
    // The ids of the ideas hidden now.
    virtual std::vector<idea_id> hidden_ideas(std::int64_t challenge_id) = 0;
};

} // namespace cabildo::engine
