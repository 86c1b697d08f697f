#pragma once
// One count: the ballots a method needs, in, and its outcome with the method's own detail, out.
// The same functions count a challenge's stored ballots and a recounted election file.

#include "ballots/ballot_set.hpp"
#include "ballots/budget.hpp"
#include "ballots/equal_shares.hpp"
#include "ballots/irv.hpp"
#include "ballots/outcome.hpp"
#include "ballots/ranking_set.hpp"
#include "ballots/schulze.hpp"
#include "ballots/scored_ballot_set.hpp"

#include <cstdint>
#include <optional>
#include <span>

namespace cabildo::engine {

// The ballots a method counts: approvals (sets of ideas), scores (points per idea; an approval
// scores 1) or rankings (best first).
enum class tally_shape { approvals, scores, rankings };

struct tally_input {
    std::span<const ballots::idea_id> candidates;
    std::span<const ballots::project> projects; // budgeted methods: the candidates with their costs
    const ballots::lottery& order;
    // The set of the method's shape; the others may stay empty.
    const ballots::ballot_set& approvals;
    const ballots::scored_ballot_set& scores;
    const ballots::ranking_set& rankings;
    std::size_t winners = 1;
    std::int64_t budget = 0;
    std::int64_t threshold = 0; // greedy: projects scoring below it are not eligible
    unsigned threads = 1;       // Equal Shares' add1 may run this many counts at once
};

// What a count found. `result` is the ranking every method has; at most one of the others is set,
// the method's detail (its own `result` member is left empty: read `result` above).
struct tally {
    ballots::outcome result;
    std::optional<ballots::schulze_outcome> schulze;
    std::optional<ballots::irv_outcome> irv;
    std::optional<ballots::budget_outcome> funded;             // greedy and Equal Shares
    std::optional<ballots::equal_shares_outcome> equal_shares; // with `funded` moved out
};

tally count_approval(const tally_input& in);
tally count_points(const tally_input& in);
tally count_schulze(const tally_input& in);
tally count_borda(const tally_input& in);
tally count_irv(const tally_input& in);
tally count_irv_split(const tally_input& in);
tally count_greedy(const tally_input& in);
tally count_greedy_no_skip(const tally_input& in);
tally count_equal_shares_plain(const tally_input& in);
tally count_equal_shares_plain_comparison(const tally_input& in);
tally count_equal_shares(const tally_input& in);
tally count_equal_shares_comparison(const tally_input& in);
tally count_equal_shares_add1e(const tally_input& in);
tally count_equal_shares_add1e_comparison(const tally_input& in);

} // namespace cabildo::engine
