#pragma once
// Ranked ballots, possibly with ties inside a ballot (PrefLib's toc/toi `{2,3}` groups) and with
// a multiplicity (PrefLib's `count:`), stored flat. Each ranked idea carries its tier: 0 for the
// most preferred group, tiers never decrease along a ballot and ideas of one tier are tied.
// Ideas a ballot does not rank are below every ranked idea and tied among themselves.

#include "ballots/ballot_set.hpp"

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace cabildo::ballots {

struct ranked_ballot {
    std::span<const idea_id> ideas;       // most preferred first
    std::span<const std::uint32_t> tiers; // tiers[k] is the tier of ideas[k]
    std::int64_t weight = 1;              // how many voters cast this ballot
};

class ranking_set {
public:
    // A strict ranking: ideas[0] > ideas[1] > ...
    void add(std::span<const idea_id> ideas, std::int64_t weight = 1)
    {
        ideas_.insert(ideas_.end(), ideas.begin(), ideas.end());
        for (std::size_t k = 0; k < ideas.size(); ++k)
            tiers_.push_back(static_cast<std::uint32_t>(k));
        close(weight);
    }

    // A ranking with ties: `tiers` is non-decreasing and parallel to `ideas`.
    void add(std::span<const idea_id> ideas, std::span<const std::uint32_t> tiers, std::int64_t weight)
    {
        assert(ideas.size() == tiers.size());
        ideas_.insert(ideas_.end(), ideas.begin(), ideas.end());
        tiers_.insert(tiers_.end(), tiers.begin(), tiers.end());
        close(weight);
    }

    std::size_t size() const { return ends_.size(); }
    std::int64_t total_weight() const { return total_weight_; }
    bool has_ties() const { return has_ties_; }

    ranked_ballot operator[](std::size_t i) const
    {
        const std::size_t begin = i == 0 ? 0 : ends_[i - 1];
        const std::size_t length = ends_[i] - begin;
        return {{ideas_.data() + begin, length}, {tiers_.data() + begin, length}, weights_[i]};
    }

private:
    void close(std::int64_t weight)
    {
        const std::size_t begin = ends_.empty() ? 0 : ends_.back();
        for (std::size_t k = begin + 1; k < tiers_.size(); ++k)
            if (tiers_[k] == tiers_[k - 1])
                has_ties_ = true;
        ends_.push_back(ideas_.size());
        weights_.push_back(weight);
        total_weight_ += weight;
    }

    std::vector<idea_id> ideas_;
    std::vector<std::uint32_t> tiers_;
    std::vector<std::size_t> ends_;
    std::vector<std::int64_t> weights_;
    std::int64_t total_weight_ = 0;
    bool has_ties_ = false;
};

} // namespace cabildo::ballots
