#pragma once
// A count's detail as JSON, written once for the results document and for `cabildo count`: the
// ties and how the lottery ordered them, instant-runoff's rounds, Schulze's matrices, the money a
// budget method spent and what it funded, Equal Shares' per-voter budget and its comparison with
// greedy. The two documents name ideas their own way (an idea id; a file's project or
// alternative) and write money their own way (whole units; the file's decimals), so the style
// says how. Two keys kept the layout each document has had since v1 (`detail_layout`).

#include "engine/counting/tally.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <limits>
#include <string>

namespace cabildo::engine {

enum class detail_layout {
    // The results document: `pairwise` {ideas, d, p}; `voter_budget` {numerator, denominator}.
    results,
    // `cabildo count`: `pairwise` and `strongest_paths` as bare matrices; `voter_budget` in money,
    // or "n/d" when it is not whole; each tie's ideas also as `order`.
    recount,
};

template <class Json>
struct detail_style {
    detail_layout layout;
    std::function<Json(ballots::idea_id)> name;
    std::function<Json(std::int64_t)> money;
    // An idea's lottery key, published beside each tie; empty when the count had no seed (a file).
    std::function<std::string(ballots::idea_id)> lottery_key = {};
    // Schulze's matrices grow with the square of the ideas; past this many they stay out.
    std::size_t max_matrix_ideas = std::numeric_limits<std::size_t>::max();
};

// `ties`: [{score, ideas, lottery?, step?}].
template <class Json>
Json ties_detail(const std::vector<ballots::tie>& ties, const detail_style<Json>& style);

// The method's detail beside the ranking: whatever of rounds, pairwise, budget and Equal Shares the
// tally holds. `candidates` is the order Schulze's matrices are in.
template <class Json>
void write_method_detail(Json& doc, const tally& t, std::span<const ballots::idea_id> candidates,
                         const detail_style<Json>& style);

} // namespace cabildo::engine
