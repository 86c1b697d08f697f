#pragma once
// Ballots that give each chosen idea a positive weight: points in cumulative voting, 1 in approval
// voting, a position score in ordinal pabulib files. Stored flat like ballot_set (one vector of
// ideas, a parallel vector of weights, the end offset of each ballot); the order of a ballot's
// ideas is kept, so ordinal ballots keep their ranking.

#include "ballots/ballot_set.hpp"

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace cabildo::ballots {

class scored_ballot_set {
public:
    // NOLINTNEXTLINE(bugprone-easily-swappable-parameters): capacity only, either way round is safe
    void reserve(std::size_t ballots, std::size_t items)
    {
        ends_.reserve(ballots);
        ideas_.reserve(items);
        weights_.reserve(items);
    }

    // `weights[k]` belongs to `ideas[k]`; both spans have the same length.
    void add(std::span<const idea_id> ideas, std::span<const std::int64_t> weights)
    {
        assert(ideas.size() == weights.size());
        ideas_.insert(ideas_.end(), ideas.begin(), ideas.end());
        weights_.insert(weights_.end(), weights.begin(), weights.end());
        ends_.push_back(ideas_.size());
    }

    // An approval ballot: every idea weighs 1.
    void add_approval(std::span<const idea_id> ideas)
    {
        ideas_.insert(ideas_.end(), ideas.begin(), ideas.end());
        weights_.insert(weights_.end(), ideas.size(), 1);
        ends_.push_back(ideas_.size());
    }

    std::size_t size() const { return ends_.size(); }
    std::size_t items() const { return ideas_.size(); }

    std::span<const idea_id> ideas(std::size_t i) const { return {ideas_.data() + begin(i), ends_[i] - begin(i)}; }
    std::span<const std::int64_t> weights(std::size_t i) const
    {
        return {weights_.data() + begin(i), ends_[i] - begin(i)};
    }

private:
    std::size_t begin(std::size_t i) const { return i == 0 ? 0 : ends_[i - 1]; }

    std::vector<idea_id> ideas_;
    std::vector<std::int64_t> weights_;
    std::vector<std::size_t> ends_;
};

// Every approval ballot as a scored ballot of weight 1 per idea.
inline scored_ballot_set to_scored(const ballot_set& approvals)
{
    scored_ballot_set out;
    for (std::size_t i = 0; i < approvals.size(); ++i)
        out.add_approval(approvals[i]);
    return out;
}

} // namespace cabildo::ballots
