#include "ballots/greedy.hpp"

#include "ballots/points.hpp"

#include <algorithm>
#include <numeric>
#include <unordered_set>

namespace cabildo::ballots {

namespace {

std::vector<idea_id> ideas_of(std::span<const project> projects)
{
    std::vector<idea_id> ideas;
    ideas.reserve(projects.size());
    for (const auto& p : projects)
        ideas.push_back(p.idea);
    return ideas;
}

} // namespace

budget_outcome describe_funding(std::string method, std::size_t ballot_count, std::span<const project> projects,
                                std::span<const std::int64_t> scores, std::vector<idea_id> selected,
                                std::int64_t budget, const lottery& order)
{
    const auto ideas = ideas_of(projects);
    budget_outcome out;
    out.result = rank_by_score(std::move(method), ballot_count, ideas, scores, 0, order);
    const std::unordered_set<idea_id> funded(selected.begin(), selected.end());
    for (auto& r : out.result.ranking)
        r.winner = funded.contains(r.idea);
    out.budget = budget;
    for (const auto& p : projects)
        if (funded.contains(p.idea))
            out.spent += p.cost;
    out.left = budget - out.spent;
    out.selected = std::move(selected);
    return out;
}

budget_outcome count_greedy(std::span<const project> projects, std::span<const std::int64_t> scores,
                            std::int64_t budget, const lottery& order, const greedy_options& options)
{
    std::vector<std::size_t> idx(projects.size());
    std::iota(idx.begin(), idx.end(), std::size_t{0});
    std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
        if (scores[a] != scores[b])
            return scores[a] > scores[b];
        return lottery_before(order, projects[a].idea, projects[b].idea);
    });
    std::vector<idea_id> selected;
    std::int64_t left = budget;
    for (const std::size_t i : idx) {
        if (scores[i] < options.threshold)
            break; // sorted by score: everything after scores less
        if (projects[i].cost > budget)
            continue; // could never be funded: not eligible, so not the misfit that stops no-skip
        if (projects[i].cost <= left) {
            selected.push_back(projects[i].idea);
            left -= projects[i].cost;
        } else if (!options.skip) {
            break;
        }
    }
    const char* method = !options.skip ? "greedy-no-skip" : options.threshold > 0 ? "greedy-threshold" : "greedy";
    return describe_funding(method, 0, projects, scores, std::move(selected), budget, order);
}

budget_outcome count_greedy(std::span<const project> projects, const scored_ballot_set& ballots, std::int64_t budget,
                            const lottery& order, const greedy_options& options)
{
    const auto scores = sum_weights(ideas_of(projects), ballots);
    auto out = count_greedy(projects, scores, budget, order, options);
    out.result.ballots = ballots.size();
    return out;
}

} // namespace cabildo::ballots
