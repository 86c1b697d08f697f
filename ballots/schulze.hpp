#pragma once
// The Schulze method: M. Schulze, "A new monotonic, clone-independent, reversal symmetric, and
// Condorcet-consistent single-winner election method", Social Choice and Welfare 36 (2011)
// 267-303, with link strength measured in winning votes (section 2.2) and the strongest paths
// computed Floyd-Warshall style (section 2.3).
//
// The full ranking: score = how many other candidates an idea beats by strongest path
// (p[i][j] > p[j][i]). Schulze proves that relation transitive, so if a beats b then a beats
// strictly more candidates than b: ordering by that score is a linear extension of Schulze's
// order, its first idea is always a Schulze winner, and ideas with equal scores are exactly the
// ones the strongest paths cannot separate. The lottery orders those.

#include "ballots/outcome.hpp"
#include "ballots/ranking_set.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace cabildo::ballots {

// A square matrix over candidate positions, row-major.
class pairwise_matrix {
public:
    pairwise_matrix() = default;
    explicit pairwise_matrix(std::size_t n) : n_(n), cells_(n * n, 0) {}

    std::size_t size() const { return n_; }
    std::int64_t operator()(std::size_t i, std::size_t j) const { return cells_[i * n_ + j]; }
    std::int64_t& at(std::size_t i, std::size_t j) { return cells_[i * n_ + j]; }

private:
    std::size_t n_ = 0;
    std::vector<std::int64_t> cells_;
};

// d(i, j): the number of voters (ballot weights) ranking candidates[i] strictly above
// candidates[j]; a ranked idea is above every idea its ballot leaves unranked. Costs
// O(sum of L^2) over the ballots plus O(n^2).
pairwise_matrix count_pairwise(std::span<const idea_id> candidates, const ranking_set& ballots);

// p(i, j): the strength of the strongest path from i to j, O(n^3).
pairwise_matrix strongest_paths(const pairwise_matrix& d);

struct schulze_outcome {
    outcome result;           // method "schulze"; score = candidates beaten by strongest path
    pairwise_matrix pairwise; // d, over positions in the candidate list
    pairwise_matrix paths;    // p
};

schulze_outcome count_schulze(std::span<const idea_id> candidates, const ranking_set& ballots, std::size_t winners,
                              const lottery& order);

} // namespace cabildo::ballots
