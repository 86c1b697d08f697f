#include "engine/ballot_rules.hpp"

#include <algorithm>
#include <charconv>
#include <unordered_set>

namespace cabildo::engine {

namespace {

failure rule_error(const std::string& field, std::string message) { return fail(errc::invalid_field, field, std::move(message)); }

bool one_of(std::string_view value, std::initializer_list<std::string_view> options)
{
    return std::find(options.begin(), options.end(), value) != options.end();
}

std::string choice_field(const ballot_rules& rules, std::size_t i, idea_id id)
{
    if (rules.kind == "points")
        return "points." + std::to_string(id);
    return std::string(ballot_field(rules)) + "[" + std::to_string(i) + "]";
}

} // namespace

ballot_rules apply(const ballot_rules& current, const ballot_patch& p)
{
    ballot_rules r = current;
    if (p.kind && *p.kind != current.kind) {
        r = ballot_rules{};
        r.kind = *p.kind;
    }
    if (p.method)
        r.method = *p.method;
    if (p.max_choices)
        r.max_choices = *p.max_choices;
    if (p.max_ranks)
        r.max_ranks = *p.max_ranks;
    if (p.points_total) {
        // A per-idea limit that was the default (the whole total) follows the new total.
        if (!p.max_per_idea && current.max_per_idea == current.points_total)
            r.max_per_idea = 0;
        r.points_total = *p.points_total;
    }
    if (p.max_per_idea)
        r.max_per_idea = *p.max_per_idea;
    if (p.threshold)
        r.threshold = *p.threshold;
    return r;
}

std::optional<failure> normalise(ballot_rules& r, std::optional<std::int64_t> budget)
{
    // pabulib's names for the same rules are accepted and stored in our spelling.
    if (r.method == "equalshares/add1")
        r.method = "equal_shares";
    else if (r.method == "equalshares/add1-comparison")
        r.method = "equal_shares-comparison";

    if (r.kind == "approval" || r.kind == "single") {
        if (r.kind == "single")
            r.max_choices = 1;
        if (r.max_choices == 0)
            r.max_choices = 3;
        if (r.method.empty())
            r.method = "approval";
        if (r.method != "approval")
            return rule_error("ballot.method", r.kind + " ballots are counted with method 'approval'");
    } else if (r.kind == "points") {
        if (r.points_total == 0)
            r.points_total = 10;
        if (r.max_per_idea == 0)
            r.max_per_idea = r.points_total;
        if (r.method.empty())
            r.method = "points";
        if (r.points_total < 1 || r.points_total > 1000000)
            return rule_error("ballot.points_total", "ballot.points_total must be from 1 to 1000000");
        if (r.max_per_idea < 1 || r.max_per_idea > r.points_total)
            return rule_error("ballot.max_per_idea", "ballot.max_per_idea must be from 1 to points_total");
        if (r.method != "points")
            return rule_error("ballot.method", "points ballots are counted with method 'points'");
        r.max_choices = 0;
    } else if (r.kind == "ranking") {
        if (r.max_ranks == 0)
            r.max_ranks = 5;
        if (r.method.empty())
            r.method = "schulze";
        if (r.max_ranks > 1000)
            return rule_error("ballot.max_ranks", "ballot.max_ranks must be from 1 to 1000");
        if (!one_of(r.method, {"schulze", "borda", "irv"}))
            return rule_error("ballot.method", "ranking ballots are counted with 'schulze', 'borda' or 'irv'");
        r.max_choices = 0;
    } else if (r.kind == "budget") {
        if (r.max_choices == 0)
            r.max_choices = 1000;
        if (r.method.empty())
            r.method = "greedy";
        if (!one_of(r.method, {"greedy", "greedy-threshold", "greedy-no-skip", "equal_shares", "equal_shares-comparison"}))
            return rule_error("ballot.method", "budget ballots are counted with 'greedy', 'greedy-threshold', "
                                               "'greedy-no-skip', 'equal_shares' or 'equal_shares-comparison'");
        if (!budget)
            return rule_error("budget", "a budget ballot needs the challenge's budget");
        if (r.threshold < 0)
            return rule_error("ballot.threshold", "ballot.threshold must not be negative");
    } else {
        return rule_error("ballot.kind", "ballot.kind must be 'approval', 'single', 'points', 'ranking' or 'budget'");
    }
    if (r.kind != "points")
        r.points_total = r.max_per_idea = 0;
    if (r.kind != "ranking")
        r.max_ranks = 0;
    if (r.method != "greedy-threshold")
        r.threshold = 0;
    if (r.max_choices > 1000)
        return rule_error("ballot.max_choices", "ballot.max_choices must be from 1 to 1000");
    return std::nullopt;
}

std::string_view ballot_field(const ballot_rules& rules)
{
    if (rules.kind == "points")
        return "points";
    if (rules.kind == "ranking")
        return "ranking";
    return "choices";
}

std::optional<failure> check_ballot(const ballot_rules& rules, const ballot_content& ballot,
                                    std::optional<std::int64_t> budget, const idea_lookup& lookup)
{
    std::unordered_set<idea_id> seen;
    std::int64_t points = 0, cost = 0;
    for (std::size_t i = 0; i < ballot.ideas.size(); ++i) {
        const auto id = ballot.ideas[i];
        if (!seen.insert(id).second)
            return fail(errc::invalid_field, choice_field(rules, i, id), "idea " + std::to_string(id) + " appears twice");
        if (rules.kind == "points") {
            const auto p = ballot.points[i];
            if (p < 0 || p > rules.max_per_idea)
                return fail(errc::invalid_field, choice_field(rules, i, id),
                            "each idea may get from 0 to " + std::to_string(rules.max_per_idea) + " points");
            points += p;
            if (points > rules.points_total)
                return fail(errc::invalid_field, "points",
                            "the points add up to more than " + std::to_string(rules.points_total));
        }
        const auto idea_cost = lookup(id);
        if (!idea_cost)
            return fail(errc::unknown_idea, choice_field(rules, i, id),
                        "idea " + std::to_string(id) + " is not a visible idea of this challenge");
        cost += *idea_cost;
    }
    const std::size_t limit = rules.kind == "ranking" ? rules.max_ranks : rules.max_choices;
    if (limit && ballot.ideas.size() > limit)
        return fail(errc::invalid_field, std::string(ballot_field(rules)),
                    "at most " + std::to_string(limit) + (rules.kind == "ranking" ? " ideas may be ranked" : " choices are allowed"));
    if (rules.kind == "budget" && budget && cost > *budget)
        return fail(errc::invalid_field, "choices",
                    "the chosen ideas cost " + std::to_string(cost) + ", more than the budget of " + std::to_string(*budget));
    return std::nullopt;
}

std::string encode_ballot(const ballot_content& ballot)
{
    std::string out;
    for (std::size_t i = 0; i < ballot.ideas.size(); ++i) {
        if (i)
            out += ',';
        out += std::to_string(ballot.ideas[i]);
        if (!ballot.points.empty()) {
            out += ':';
            out += std::to_string(ballot.points[i]);
        }
    }
    return out;
}

void decode_ballot(std::string_view text, ballot_content& out)
{
    out.ideas.clear();
    out.points.clear();
    const char* p = text.data();
    const char* end = p + text.size();
    while (p < end) {
        idea_id id = 0;
        p = std::from_chars(p, end, id).ptr;
        out.ideas.push_back(id);
        if (p < end && *p == ':') {
            std::int64_t points = 0;
            p = std::from_chars(p + 1, end, points).ptr;
            out.points.push_back(points);
        }
        if (p < end)
            ++p; // the comma
    }
}

} // namespace cabildo::engine
