#pragma once
// How residents vote in a challenge: the ballot kind, its limits and the counting method, and what
// one ballot holds. DESIGN.md, "Counting".
//
//   kind      ballot body                  limits                          methods
//   approval  choices: [ids]               max_choices (default 3)         approval
//   single    choices: [id]                max_choices = 1                 approval
//   points    points: {"id": n}            points_total (10), max_per_idea greedy by points: points
//   ranking   ranking: [ids], best first   max_ranks (5)                   schulze (default), borda, irv
//   budget    choices: [ids] within budget max_choices (1000)              greedy (default), greedy-threshold,
//                                                                          greedy-no-skip, equal_shares,
//                                                                          equal_shares-comparison
//
// A limit of 0 in a request means "the kind's default".

#include "ballots/ballot_set.hpp"
#include "engine/result.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cabildo::engine {

using ballots::idea_id;

struct ballot_rules {
    std::string kind = "approval";
    std::size_t max_choices = 0;
    std::int64_t points_total = 0;
    std::int64_t max_per_idea = 0;
    std::size_t max_ranks = 0;
    std::int64_t threshold = 0; // greedy-threshold: projects scoring below it are not funded
    std::string method;
    bool operator==(const ballot_rules&) const = default;
};

// The fields of ballot rules a request names; the others keep their value (or, when the kind
// changes, the new kind's defaults).
struct ballot_patch {
    std::optional<std::string> kind, method;
    std::optional<std::size_t> max_choices, max_ranks;
    std::optional<std::int64_t> points_total, max_per_idea, threshold;
};
ballot_rules apply(const ballot_rules& current, const ballot_patch& patch);

// Fills the kind's defaults and checks kind, method and limits; `budget` is the challenge's.
std::optional<failure> normalise(ballot_rules& rules, std::optional<std::int64_t> budget);

// One ballot's content: ideas (choices, or a ranking best first), and for points ballots the
// points of each idea, parallel to `ideas`.
struct ballot_content {
    std::vector<idea_id> ideas;
    std::vector<std::int64_t> points;
};

// The field of the request body that carries a ballot of this kind.
std::string_view ballot_field(const ballot_rules& rules);

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
