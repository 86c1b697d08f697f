#pragma once
// How residents vote in a challenge: the ballot kind, its limits and the counting method, and what
// one ballot holds. DESIGN.md, "Counting"; the kinds and methods themselves are in
// engine/counting/methods.hpp.
//
// A limit of 0 in a request means "the kind's default".

#include "ballots/ballot_set.hpp"
#include "engine/counting/methods.hpp"
#include "engine/domain/limits.hpp"
#include "engine/domain/result.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cabildo::engine {

using ballots::idea_id;

struct ballot_rules {
    ballot_kind kind = ballot_kind::approval;
    std::size_t max_choices = 0;
    std::int64_t points_total = 0;
    std::int64_t max_per_idea = 0;
    std::size_t max_ranks = 0;
    std::int64_t threshold = 0; // greedy-threshold: projects scoring below it are not funded
    count_method method = count_method::approval;
    bool operator==(const ballot_rules&) const = default;
};

// The fields of ballot rules a request names; the others keep their value (or, when the kind
// changes, the new kind's defaults). Kind and method are the names the request sent.
struct ballot_patch {
    std::optional<std::string> kind, method;
    std::optional<std::size_t> max_choices, max_ranks;
    std::optional<std::int64_t> points_total, max_per_idea, threshold;
};
// The rules a request asks for: `current` changed by `patch`, the kind's defaults filled in, the
// kind, the method and every limit checked; `budget` is the challenge's.
result<ballot_rules> resolve(const ballot_rules& current, const ballot_patch& patch,
                             std::optional<std::int64_t> budget);

// One ballot's content: ideas (choices, or a ranking best first), and for points ballots the
// points of each idea, parallel to `ideas`.
struct ballot_content {
    std::vector<idea_id> ideas;
    std::vector<std::int64_t> points;
};

// The field of the request body that carries a ballot of this kind.
inline std::string_view ballot_field(const ballot_rules& rules) { return info(rules.kind).ballot_field; }

// What the ballot check needs to know of an idea: nothing if it is not a visible idea of the
// challenge, else its cost (0 when it has none).
using idea_lookup = std::function<std::optional<std::int64_t>(idea_id)>;

// The rules a ballot must keep: no duplicates, within the limits, only visible ideas, points and
// baskets within their totals. Failures name the field (e.g. "choices[2]", "points.17").
std::optional<failure> check_ballot(const ballot_rules& rules, const ballot_content& ballot,
                                    std::optional<std::int64_t> budget, const idea_lookup& lookup);

// The stored form: "3,1,2" (ids in ballot order) or "3:5,1:2" (id:points).
std::string encode_ballot(const ballot_content& ballot);
void decode_ballot(std::string_view text, ballot_content& out);

} // namespace cabildo::engine
