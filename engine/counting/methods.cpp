#include "engine/counting/methods.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace cabildo::engine {

namespace {

using enum tally_shape;

constexpr std::array kinds{
    kind_info{ballot_kind::approval, "approval", "choices", "approval", ballot_limit::choices, 3,
              count_method::approval, "greedy"},
    kind_info{ballot_kind::single, "single", "choices", "approval", ballot_limit::choices, 1, count_method::approval,
              "greedy"},
    kind_info{ballot_kind::points, "points", "points", "cumulative", ballot_limit::points, 10, count_method::points,
              "greedy"},
    kind_info{ballot_kind::ranking, "ranking", "ranking", "ordinal", ballot_limit::ranks, 5, count_method::schulze, ""},
    kind_info{ballot_kind::budget, "budget", "choices", "approval", ballot_limit::choices, 1000, count_method::greedy,
              ""},
};

// The order is the one `cabildo count` lists its methods in, and error messages name a kind's.
const std::array methods{
    method_info{count_method::greedy, "greedy", "greedy", scores, true, true, count_greedy},
    method_info{count_method::greedy_threshold, "greedy-threshold", "greedy-threshold", scores, true, true,
                count_greedy},
    method_info{count_method::greedy_no_skip, "greedy-no-skip", "greedy-no-skip", scores, true, true,
                count_greedy_no_skip},
    method_info{count_method::equal_shares_plain, "", "equalshares", scores, true, false, count_equal_shares_plain},
    method_info{count_method::equal_shares_plain_comparison, "", "equalshares-comparison", scores, true, false,
                count_equal_shares_plain_comparison},
    method_info{count_method::equal_shares, "equal_shares", "equalshares/add1", scores, true, false,
                count_equal_shares},
    method_info{count_method::equal_shares_comparison, "equal_shares-comparison", "equalshares/add1-comparison", scores,
                true, false, count_equal_shares_comparison},
    method_info{count_method::equal_shares_add1e, "", "equalshares/add1e", scores, true, false,
                count_equal_shares_add1e},
    method_info{count_method::equal_shares_add1e_comparison, "", "equalshares/add1e-comparison", scores, true, false,
                count_equal_shares_add1e_comparison},
    method_info{count_method::approval, "approval", "approval", approvals, false, false, count_approval},
    method_info{count_method::points, "points", "points", scores, false, false, count_points},
    method_info{count_method::schulze, "schulze", "schulze", rankings, false, false, count_schulze},
    method_info{count_method::borda, "borda", "borda", rankings, false, false, count_borda},
    method_info{count_method::irv, "irv", "irv", rankings, false, false, count_irv},
    method_info{count_method::irv_split, "", "irv-split", rankings, false, false, count_irv_split},
};

// The ballots a challenge of each kind casts.
tally_shape shape_of(ballot_kind k)
{
    switch (k) {
    case ballot_kind::approval:
    case ballot_kind::single: return approvals;
    case ballot_kind::points:
    case ballot_kind::budget: return scores;
    case ballot_kind::ranking: return rankings;
    }
    return approvals;
}

std::string quoted_list(const std::vector<std::string_view>& names)
{
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0)
            out += i + 1 == names.size() ? " or " : ", ";
        out.append("'").append(names[i]).append("'");
    }
    return out;
}

constexpr std::array<std::string_view, 3> approximated_rules{"", "greedy-custom", "greedy-exclusive"};

} // namespace

bool counted_as_greedy(std::string_view file_rule)
{
    return std::find(approximated_rules.begin(), approximated_rules.end(), file_rule) != approximated_rules.end();
}

std::span<const kind_info> all_kinds() { return kinds; }
std::span<const method_info> all_methods() { return methods; }

const kind_info& info(ballot_kind k)
{
    for (const auto& i : kinds)
        if (i.kind == k)
            return i;
    return kinds.front();
}

const method_info& info(count_method m)
{
    for (const auto& i : methods)
        if (i.method == m)
            return i;
    return methods.front();
}

std::optional<ballot_kind> kind_named(std::string_view name)
{
    for (const auto& i : kinds)
        if (i.name == name)
            return i.kind;
    return std::nullopt;
}

std::optional<count_method> method_named(std::string_view name)
{
    for (const auto& i : methods)
        if (!i.api_name.empty() && (i.api_name == name || i.file_name == name))
            return i.method;
    return std::nullopt;
}

std::optional<count_method> method_from_file_name(std::string_view name)
{
    for (const auto& i : methods)
        if (i.file_name == name)
            return i.method;
    return std::nullopt;
}

bool counts_kind(count_method m, ballot_kind k)
{
    const auto& i = info(m);
    return !i.api_name.empty() && i.shape == shape_of(k) && i.budgeted == (k == ballot_kind::budget);
}

std::string method_names_for(ballot_kind k)
{
    std::vector<std::string_view> names;
    for (const auto& i : methods)
        if (counts_kind(i.method, k))
            names.push_back(i.api_name);
    return quoted_list(names);
}

std::string kind_names()
{
    std::vector<std::string_view> names;
    for (const auto& i : kinds)
        names.push_back(i.name);
    return quoted_list(names);
}

} // namespace cabildo::engine
