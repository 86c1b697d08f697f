#pragma once
// Maps idea ids to positions 0..n-1 in a candidate list, the inner loop of every count. Ideas are
// usually numbered densely, so a plain vector over the id range answers in one load; sparse or
// huge ids fall back to a hash map.

#include "ballots/ballot_set.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

namespace cabildo::ballots {

class candidate_index {
public:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    explicit candidate_index(std::span<const idea_id> candidates)
    {
        if (candidates.empty())
            return;
        idea_id lo = candidates[0];
        idea_id hi = candidates[0];
        for (const idea_id id : candidates) {
            lo = id < lo ? id : lo;
            hi = id > hi ? id : hi;
        }
        // Unsigned difference: ids may span the whole int64 range without overflowing.
        const auto range = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
        if (range < 4 * static_cast<std::uint64_t>(candidates.size()) + 1024) {
            lo_ = lo;
            dense_.assign(static_cast<std::size_t>(range) + 1, npos);
            for (std::size_t i = 0; i < candidates.size(); ++i)
                if (dense_[offset(candidates[i])] == npos)
                    dense_[offset(candidates[i])] = i;
        } else {
            sparse_.reserve(candidates.size());
            for (std::size_t i = 0; i < candidates.size(); ++i)
                sparse_.emplace(candidates[i], i);
        }
    }

    // The position of `id` among the candidates, or npos when it is not a candidate.
    std::size_t find(idea_id id) const
    {
        if (!dense_.empty()) {
            if (id < lo_)
                return npos;
            const auto off = static_cast<std::uint64_t>(id) - static_cast<std::uint64_t>(lo_);
            return off < dense_.size() ? dense_[static_cast<std::size_t>(off)] : npos;
        }
        const auto it = sparse_.find(id);
        return it == sparse_.end() ? npos : it->second;
    }

private:
    std::size_t offset(idea_id id) const
    {
        return static_cast<std::size_t>(static_cast<std::uint64_t>(id) - static_cast<std::uint64_t>(lo_));
    }

    idea_id lo_ = 0;
    std::vector<std::size_t> dense_;
    std::unordered_map<idea_id, std::size_t> sparse_;
};

} // namespace cabildo::ballots
