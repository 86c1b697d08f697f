#pragma once
// The one registry of ballot kinds and counting methods. Everything that needs a kind's or a
// method's name, its ballots, its limits or its counting function reads it from here: the
// challenge rules (engine/domain), the results and the election files (engine/publication) and
// `cabildo count` (app/). A name is a string only at the edges (a request, the database, a file),
// and turns into an enum through `kind_named` / `method_named`.
//
// Adding a method: a row in `methods` (methods.cpp), its counting function in tally.cpp, and, if
// it publishes more than a ranking, its detail in detail.cpp.

#include "engine/counting/tally.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace cabildo::engine {

enum class ballot_kind { approval, single, points, ranking, budget };

enum class count_method {
    greedy,
    greedy_threshold,
    greedy_no_skip,
    equal_shares_plain,            // no completion (recounts only)
    equal_shares_plain_comparison, // recounts only
    equal_shares,                  // Equal Shares completed with add1, as cities count it
    equal_shares_comparison,
    equal_shares_add1e, // add1 stopping at the first exhaustive outcome (recounts only)
    equal_shares_add1e_comparison,
    approval,
    points,
    schulze,
    borda,
    irv,
    irv_split, // ties at a ballot's top split its weight (recounts only)
};

// Which limit a kind's ballots keep, beside "no idea twice".
enum class ballot_limit { choices, points, ranks };

struct kind_info {
    ballot_kind kind;
    std::string_view name;         // the API's and the database's
    std::string_view ballot_field; // the request field that carries a ballot: choices, ranking or points
    std::string_view vote_type;    // pabulib's vote_type of its ballots
    ballot_limit limit;
    std::size_t default_limit; // max_choices or max_ranks when a request sends 0; points_total for points
    count_method default_method;
    // The rule named in an exported pabulib file when it is not the method's own: approval and
    // points challenges are exported as unit-cost budgets of `winners`, counted greedily.
    std::string_view pabulib_rule;
};

struct method_info {
    count_method method;
    std::string_view api_name;  // in challenges' ballot rules; empty: not offered to challenges
    std::string_view file_name; // pabulib's rule name and `cabildo count --method`
    tally_shape shape;          // the ballots it counts
    bool budgeted;              // needs a budget and project costs
    bool thresholded;           // an election file's min_project_score_threshold applies to it
    tally (*count)(const tally_input&);
};

std::span<const kind_info> all_kinds();
std::span<const method_info> all_methods();

const kind_info& info(ballot_kind k);
const method_info& info(count_method m);

std::optional<ballot_kind> kind_named(std::string_view name);
// By API name, or by file name for a method challenges offer (pabulib's `equalshares/add1` is our
// `equal_shares`).
std::optional<count_method> method_named(std::string_view name);
// By file name: pabulib's rule or `cabildo count --method`.
std::optional<count_method> method_from_file_name(std::string_view name);

// A pabulib rule that names a city's own additions no file encodes (quotas per category, mutually
// exclusive projects, ...), or no rule at all: a recount uses the plain rule underneath, greedy.
bool counted_as_greedy(std::string_view file_rule);

// Whether challenges of kind `k` may be counted with `m`.
bool counts_kind(count_method m, ballot_kind k);
// "'a', 'b' or 'c'", the kind's methods' API names, for error messages.
std::string method_names_for(ballot_kind k);
// "'a', 'b', ... or 'e'", every kind's name.
std::string kind_names();

inline std::string_view name_of(ballot_kind k) { return info(k).name; }
inline std::string_view name_of(count_method m) { return info(m).api_name; }

} // namespace cabildo::engine
