#include "ballots/equal_shares.hpp"

#include "ballots/candidate_index.hpp"
#include "ballots/equal_shares_add1.hpp"
#include "ballots/equal_shares_instance.hpp"
#include "ballots/equal_shares_run.hpp"
#include "ballots/greedy.hpp"
#include "ballots/points.hpp"

#include <algorithm>
#include <string>
#include <utility>

namespace cabildo::ballots {

namespace {

using mes_detail::instance;
using mes_detail::run_result;

// The funded ideas in funding order: the free projects, then the run's selection.
std::vector<idea_id> funded_ideas(std::span<const project> projects, const instance& in, const run_result& run)
{
    std::vector<idea_id> out;
    for (const std::size_t p : in.free)
        out.push_back(projects[p].idea);
    for (const std::size_t p : run.selected)
        out.push_back(projects[p].idea);
    return out;
}

// The run's ties between equal rho, each in lottery order, with its funding step.
std::vector<tie> step_ties(std::span<const project> projects, const run_result& run, const lottery& order)
{
    std::vector<tie> out;
    for (const auto& [step, tied] : run.ties) {
        tie t;
        t.step = step;
        for (const std::size_t p : tied)
            t.order.push_back(projects[p].idea);
        std::sort(t.order.begin(), t.order.end(), [&](idea_id a, idea_id b) { return lottery_before(order, a, b); });
        out.push_back(std::move(t));
    }
    return out;
}

std::string method_name(const equal_shares_options& options)
{
    std::string method = options.completion == mes_completion::add1    ? "equalshares/add1"
                         : options.completion == mes_completion::add1e ? "equalshares/add1e"
                                                                       : "equalshares";
    if (options.compare_with_greedy)
        method += "-comparison";
    return method;
}

// The comparison step: greedy's outcome, and how many voters prefer each. A voter prefers the
// outcome that funds more of the projects they voted for.
equal_shares_comparison compare_with_greedy(std::span<const project> projects, std::span<const idea_id> ideas,
                                            std::span<const std::int64_t> scores, const instance& in,
                                            const std::vector<idea_id>& selected, std::int64_t budget,
                                            const lottery& order)
{
    equal_shares_comparison cmp;
    const auto greedy = count_greedy(projects, scores, budget, order);
    cmp.greedy_selected = greedy.selected;
    const candidate_index slot(ideas);
    std::vector<std::int64_t> balance(in.multiplicity.size(), 0); // MES-funded minus greedy-funded
    const auto tally = [&](const std::vector<idea_id>& funded, std::int64_t sign) {
        for (const idea_id id : funded) {
            const std::size_t p = slot.find(id);
            for (std::size_t k = in.begin[p]; k < in.begin[p + 1]; ++k)
                balance[in.type[k]] += sign;
        }
    };
    tally(selected, 1);
    tally(greedy.selected, -1);
    for (std::size_t t = 0; t < balance.size(); ++t) {
        const auto n = static_cast<std::size_t>(in.multiplicity[t]);
        cmp.prefer_equal_shares += balance[t] > 0 ? n : 0;
        cmp.prefer_greedy += balance[t] < 0 ? n : 0;
    }
    cmp.greedy_used = cmp.prefer_greedy > cmp.prefer_equal_shares;
    return cmp;
}

} // namespace

std::vector<idea_id> equal_shares_run(std::span<const project> projects, const scored_ballot_set& ballots,
                                      std::int64_t voter_budget_numerator, std::int64_t voter_budget_denominator,
                                      const lottery& order, mes_utility utility, bool exact_only)
{
    const instance in = mes_detail::make_instance(projects, ballots, order, utility);
    std::size_t exact_runs = 0;
    const auto run = mes_detail::run_mes(in, voter_budget_numerator, voter_budget_denominator, exact_only, exact_runs);
    return funded_ideas(projects, in, run);
}

equal_shares_outcome count_equal_shares(std::span<const project> projects, const scored_ballot_set& ballots,
                                        std::int64_t budget, const lottery& order, const equal_shares_options& options)
{
    const instance in = mes_detail::make_instance(projects, ballots, order, options.utility);
    equal_shares_outcome out;
    const auto voters = static_cast<std::int64_t>(std::max<std::size_t>(in.voters, 1));
    out.runs = 1;
    out.computed_runs = 1;
    out.voter_budget_numerator = budget;
    out.voter_budget_denominator = voters;
    const run_result chosen = options.completion == mes_completion::none
                                  ? mes_detail::run_mes(in, budget, voters, options.exact_only, out.exact_runs)
                                  : mes_detail::complete_add1(in, budget, voters, options, out);

    std::vector<idea_id> selected = funded_ideas(projects, in, chosen);
    std::vector<idea_id> ideas;
    for (const auto& p : projects)
        ideas.push_back(p.idea);
    const auto scores = sum_weights(ideas, ballots);
    std::vector<tie> ties = step_ties(projects, chosen, order);
    if (options.compare_with_greedy) {
        out.comparison = compare_with_greedy(projects, ideas, scores, in, selected, budget, order);
        if (out.comparison->greedy_used) {
            selected = out.comparison->greedy_selected;
            ties.clear();
        }
    }
    out.funded =
        describe_funding(method_name(options), ballots.size(), projects, scores, std::move(selected), budget, order);
    out.funded.result.ties.insert(out.funded.result.ties.end(), ties.begin(), ties.end());
    return out;
}

} // namespace cabildo::ballots
