#include "engine/domain/ballot_rules.hpp"

#include <algorithm>
#include <charconv>
#include <unordered_set>

namespace cabildo::engine {

namespace {

failure rule_error(const std::string& field, std::string message)
{
    return fail(errc::invalid_field, field, std::move(message));
}

std::string choice_field(const ballot_rules& rules, std::size_t i, idea_id id)
{
    if (rules.kind == ballot_kind::points)
        return "points." + std::to_string(id);
    return std::string(ballot_field(rules)) + "[" + std::to_string(i) + "]";
}

// What `resolve` has read from a request before it checks it.
struct requested {
    ballot_rules rules;
    bool unknown_method = false; // a method name the registry does not offer challenges
};

result<requested> apply(const ballot_rules& current, const ballot_patch& p)
{
    requested out{current};
    ballot_rules& r = out.rules;
    if (p.kind) {
        const auto kind = kind_named(*p.kind);
        if (!kind)
            return rule_error("ballot.kind", std::string("ballot.kind must be ").append(kind_names()));
        if (*kind != current.kind) {
            r = ballot_rules{};
            r.kind = *kind;
            r.method = info(*kind).default_method;
        }
    }
    if (p.method && p.method->empty()) {
        r.method = info(r.kind).default_method; // as if it were not sent
    } else if (p.method) {
        const auto method = method_named(*p.method);
        out.unknown_method = !method;
        if (method)
            r.method = *method;
    }
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
    return out;
}

std::optional<failure> check_method(const requested& in)
{
    const auto& r = in.rules;
    if (!in.unknown_method && counts_kind(r.method, r.kind))
        return std::nullopt;
    std::size_t offered = 0;
    for (const auto& m : all_methods())
        offered += counts_kind(m.method, r.kind) ? 1 : 0;
    return rule_error("ballot.method", std::string(name_of(r.kind)) + " ballots are counted with " +
                                           (offered == 1 ? "method " : "") + method_names_for(r.kind));
}

// Each kind's limit gets its default, then is checked; the method after it, as the limit's
// failure is the one to report first.
std::optional<failure> check_limits(requested& in, std::optional<std::int64_t> budget)
{
    ballot_rules& r = in.rules;
    const kind_info& kind = info(r.kind);
    switch (kind.limit) {
    case ballot_limit::choices:
        if (r.kind == ballot_kind::single || r.max_choices == 0)
            r.max_choices = kind.default_limit;
        if (auto f = check_method(in))
            return f;
        break;
    case ballot_limit::points:
        if (r.points_total == 0)
            r.points_total = static_cast<std::int64_t>(kind.default_limit);
        if (r.max_per_idea == 0)
            r.max_per_idea = r.points_total;
        if (r.points_total < 1 || r.points_total > max_points_total)
            return rule_error(
                "ballot.points_total",
                std::string("ballot.points_total must be from 1 to ").append(std::to_string(max_points_total)));
        if (r.max_per_idea < 1 || r.max_per_idea > r.points_total)
            return rule_error("ballot.max_per_idea", "ballot.max_per_idea must be from 1 to points_total");
        if (auto f = check_method(in))
            return f;
        r.max_choices = 0;
        break;
    case ballot_limit::ranks:
        if (r.max_ranks == 0)
            r.max_ranks = kind.default_limit;
        if (r.max_ranks > max_ballot_ideas)
            return rule_error(
                "ballot.max_ranks",
                std::string("ballot.max_ranks must be from 1 to ").append(std::to_string(max_ballot_ideas)));
        if (auto f = check_method(in))
            return f;
        r.max_choices = 0;
        break;
    }
    if (r.kind == ballot_kind::budget) {
        if (!budget)
            return rule_error("budget", "a budget ballot needs the challenge's budget");
        if (r.threshold < 0)
            return rule_error("ballot.threshold", "ballot.threshold must not be negative");
    }
    return std::nullopt;
}

} // namespace

result<ballot_rules> resolve(const ballot_rules& current, const ballot_patch& patch, std::optional<std::int64_t> budget)
{
    auto in = apply(current, patch);
    if (!in)
        return in.error();
    if (auto f = check_limits(*in, budget))
        return *f;
    ballot_rules& r = in->rules;
    if (r.kind != ballot_kind::points)
        r.points_total = r.max_per_idea = 0;
    if (r.kind != ballot_kind::ranking)
        r.max_ranks = 0;
    if (r.method != count_method::greedy_threshold)
        r.threshold = 0;
    if (r.max_choices > max_ballot_ideas)
        return rule_error(
            "ballot.max_choices",
            std::string("ballot.max_choices must be from 1 to ").append(std::to_string(max_ballot_ideas)));
    return r;
}

std::optional<failure> check_ballot(const ballot_rules& rules, const ballot_content& ballot,
                                    std::optional<std::int64_t> budget, const idea_lookup& lookup)
{
    std::unordered_set<idea_id> seen;
    std::int64_t points = 0, cost = 0;
    for (std::size_t i = 0; i < ballot.ideas.size(); ++i) {
        const auto id = ballot.ideas[i];
        if (!seen.insert(id).second)
            return fail(errc::invalid_field, choice_field(rules, i, id),
                        "idea " + std::to_string(id) + " appears twice");
        if (rules.kind == ballot_kind::points) {
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
    const bool ranked = rules.kind == ballot_kind::ranking;
    const std::size_t limit = ranked ? rules.max_ranks : rules.max_choices;
    if (limit && ballot.ideas.size() > limit)
        return fail(errc::invalid_field, std::string(ballot_field(rules)),
                    "at most " + std::to_string(limit) + (ranked ? " ideas may be ranked" : " choices are allowed"));
    if (rules.kind == ballot_kind::budget && budget && cost > *budget)
        return fail(errc::invalid_field, "choices",
                    "the chosen ideas cost " + std::to_string(cost) + ", more than the budget of " +
                        std::to_string(*budget));
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
