#include "engine/counting.hpp"

#include "ballots/approval.hpp"
#include "ballots/borda.hpp"
#include "ballots/equal_shares.hpp"
#include "ballots/greedy.hpp"
#include "ballots/irv.hpp"
#include "ballots/points.hpp"
#include "ballots/schulze.hpp"
#include "engine/ballot_rules.hpp"
#include "engine/lottery.hpp"

#include <unordered_map>

namespace cabildo::engine {

using json = nlohmann::json;

namespace {

json ranking_document(const ballots::outcome& out, const std::unordered_map<idea_id, const idea*>& by_id)
{
    json ranking = json::array();
    for (const auto& r : out.ranking) {
        json entry{{"rank", r.rank}, {"idea", r.idea}, {"score", r.score}, {"winner", r.winner}};
        if (const auto it = by_id.find(r.idea); it != by_id.end()) {
            set_ranking_text(entry, *it->second);
            if (it->second->cost)
                entry["cost"] = *it->second->cost;
        }
        ranking.push_back(std::move(entry));
    }
    return ranking;
}

json ties_document(const ballots::outcome& out, const std::string& seed)
{
    json ties = json::array();
    for (const auto& t : out.ties) {
        json lottery = json::array();
        for (const auto id : t.order)
            lottery.push_back({{"idea", id}, {"key", lottery_key(seed, id)}});
        json entry{{"score", t.score}, {"ideas", t.order}, {"lottery", lottery}};
        if (t.step)
            entry["step"] = t.step;
        ties.push_back(std::move(entry));
    }
    return ties;
}

json matrix_document(const ballots::pairwise_matrix& m)
{
    json rows = json::array();
    for (std::size_t i = 0; i < m.size(); ++i) {
        json row = json::array();
        for (std::size_t j = 0; j < m.size(); ++j)
            row.push_back(m(i, j));
        rows.push_back(std::move(row));
    }
    return rows;
}

void keep_candidates(ballot_content& b, const std::unordered_map<idea_id, const idea*>& candidates)
{
    std::size_t kept = 0;
    for (std::size_t k = 0; k < b.ideas.size(); ++k) {
        if (!candidates.count(b.ideas[k]))
            continue;
        b.ideas[kept] = b.ideas[k];
        if (!b.points.empty())
            b.points[kept] = b.points[k];
        ++kept;
    }
    b.ideas.resize(kept);
    if (!b.points.empty())
        b.points.resize(kept);
}

// The matrices grow with the square of the ideas; past this many they stay out of the document.
constexpr std::size_t max_published_matrix = 200;

void budget_detail(json& doc, const ballots::budget_outcome& b)
{
    doc["budget"] = b.budget;
    doc["spent"] = b.spent;
    doc["left"] = b.left;
    doc["selected"] = b.selected;
}

} // namespace

void set_ranking_text(json& entry, const idea& i)
{
    if (i.hidden) {
        entry.erase("title");
        entry["hidden"] = true;
    } else {
        entry.erase("hidden");
        entry["title"] = i.title;
    }
}

json count_challenge(repository& repo, const challenge& ch)
{
    const auto ideas = repo.counted_ideas(ch.id);
    std::vector<idea_id> candidates;
    std::unordered_map<idea_id, const idea*> by_id;
    std::vector<ballots::project> projects;
    for (const auto& i : ideas) {
        candidates.push_back(i.id);
        by_id.emplace(i.id, &i);
        projects.push_back({i.id, i.cost.value_or(0)});
    }
    const auto order = draw_lottery(ch.tie_break_seed, candidates);
    const auto& rules = ch.ballot;

    // Read every counted ballot into the set its kind needs.
    ballots::ballot_set approvals;
    ballots::scored_ballot_set scored;
    ballots::ranking_set rankings;
    ballot_content content;
    // Ideas hidden after a ballot was cast are removed from it before counting, so every method
    // (Borda's positions too) counts exactly what the exported election files hold.
    repo.for_each_counted_ballot(ch.id, [&](std::string_view, std::string_view text) {
        decode_ballot(text, content);
        keep_candidates(content, by_id);
        if (rules.kind == "points")
            scored.add(content.ideas, content.points);
        else if (rules.kind == "ranking")
            rankings.add(content.ideas);
        else if (rules.kind == "budget")
            scored.add_approval(content.ideas);
        else
            approvals.add(content.ideas);
    });

    json doc;
    ballots::outcome out;
    if (rules.kind == "points") {
        out = ballots::count_points(candidates, scored, ch.winners, order);
    } else if (rules.kind == "ranking" && rules.method == "schulze") {
        auto s = ballots::count_schulze(candidates, rankings, ch.winners, order);
        if (candidates.size() <= max_published_matrix)
            doc["pairwise"] = {{"ideas", candidates}, {"d", matrix_document(s.pairwise)}, {"p", matrix_document(s.paths)}};
        out = std::move(s.result);
    } else if (rules.kind == "ranking" && rules.method == "borda") {
        out = ballots::count_borda(candidates, rankings, ch.winners, order);
    } else if (rules.kind == "ranking") {
        auto irv = ballots::count_irv(candidates, rankings, ch.winners, order);
        json rounds = json::array();
        for (const auto& r : irv.rounds) {
            json counts = json::object();
            for (const auto& [id, n] : r.counts)
                counts[std::to_string(id)] = n;
            rounds.push_back({{"counts", counts},
                              {"eliminated", r.eliminated ? json(r.eliminated) : json(nullptr)},
                              {"exhausted", r.exhausted},
                              {"overvotes", r.overvotes}});
        }
        doc["rounds"] = rounds;
        doc["denominator"] = irv.denominator;
        if (!irv.error.empty())
            doc["error"] = irv.error;
        out = std::move(irv.result);
    } else if (rules.kind == "budget" && rules.method.rfind("equal_shares", 0) == 0) {
        ballots::equal_shares_options options;
        options.compare_with_greedy = rules.method == "equal_shares-comparison";
        auto mes = ballots::count_equal_shares(projects, scored, ch.budget.value_or(0), order, options);
        budget_detail(doc, mes.funded);
        doc["voter_budget"] = {{"numerator", mes.voter_budget_numerator}, {"denominator", mes.voter_budget_denominator}};
        if (mes.comparison)
            doc["comparison"] = {{"prefer_equal_shares", mes.comparison->prefer_equal_shares},
                                 {"prefer_greedy", mes.comparison->prefer_greedy},
                                 {"greedy_used", mes.comparison->greedy_used},
                                 {"greedy_selected", mes.comparison->greedy_selected}};
        out = std::move(mes.funded.result);
    } else if (rules.kind == "budget") {
        ballots::greedy_options options;
        options.skip = rules.method != "greedy-no-skip";
        options.threshold = rules.method == "greedy-threshold" ? rules.threshold : 0;
        auto g = ballots::count_greedy(projects, scored, ch.budget.value_or(0), order, options);
        budget_detail(doc, g);
        out = std::move(g.result);
    } else {
        out = ballots::count_approval(candidates, approvals, ch.winners, order);
    }

    doc["challenge"] = ch.slug;
    doc["municipality"] = ch.municipality_slug;
    doc["kind"] = rules.kind;
    doc["method"] = rules.method;
    doc["ballots"] = out.ballots;
    if (rules.kind != "budget")
        doc["winners"] = ch.winners;
    doc["tie_break_seed"] = ch.tie_break_seed;
    doc["tie_break_rule"] = "tied ideas ordered by SHA-256(seed || decimal idea id), smaller digest first";
    doc["counted_ideas"] = "the ideas visible when voting closed; moderation after the close hides an idea's text "
                           "(marked hidden) but does not change the count";
    doc["ranking"] = ranking_document(out, by_id);
    doc["ties"] = ties_document(out, ch.tie_break_seed);
    return doc;
}

} // namespace cabildo::engine
