#pragma once
// A set of ballots stored flat: one vector of idea ids and the end offset of each ballot, so a
// million ballots cost two allocations instead of a million.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace cabildo::ballots {

using idea_id = std::int64_t;

class ballot_set {
public:
    // NOLINTNEXTLINE(bugprone-easily-swappable-parameters): capacity only, either way round is safe
    void reserve(std::size_t ballots, std::size_t items)
    {
        ends_.reserve(ballots);
        items_.reserve(items);
    }

    void add(std::span<const idea_id> choices)
    {
        items_.insert(items_.end(), choices.begin(), choices.end());
        ends_.push_back(items_.size());
    }

    std::size_t size() const { return ends_.size(); }

    std::span<const idea_id> operator[](std::size_t i) const
    {
        const std::size_t begin = i == 0 ? 0 : ends_[i - 1];
        return {items_.data() + begin, ends_[i] - begin};
    }

private:
    std::vector<idea_id> items_;
    std::vector<std::size_t> ends_;
};

} // namespace cabildo::ballots
