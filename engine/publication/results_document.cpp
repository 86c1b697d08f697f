#include "engine/publication/results_document.hpp"

#include "engine/counting/detail.hpp"
#include "engine/domain/ballot_rules.hpp"
#include "engine/domain/rfc3339.hpp"
#include "engine/identity/lottery.hpp"

#include <unordered_map>

namespace cabildo::engine {

using json = nlohmann::json;

namespace {

using ideas_by_id = std::unordered_map<idea_id, const idea*>;

ideas_by_id index_of(std::span<const idea> ideas)
{
    ideas_by_id out;
    for (const auto& i : ideas)
        out.emplace(i.id, &i);
    return out;
}

std::vector<idea_id> ids_of(std::span<const idea> ideas)
{
    std::vector<idea_id> out;
    for (const auto& i : ideas)
        out.push_back(i.id);
    return out;
}

json ranking_document(const ballots::outcome& out, const ideas_by_id& by_id)
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

void keep_candidates(ballot_content& b, const ideas_by_id& candidates)
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

std::vector<ranking_line> announced_ranking(const challenge& ch, std::span<const idea> ideas)
{
    std::vector<ranking_line> out;
    if (ch.announced_result.empty())
        return out;
    const auto by_id = index_of(ideas);
    // Every results document since v1 writes rank, idea, score and winner: one without them is
    // damaged, and reading it fails (a 500, logged) rather than guessing.
    const auto doc = json::parse(ch.announced_result);
    for (const auto& entry : doc.at("ranking")) {
        ranking_line r;
        r.idea = entry.at("idea").get<idea_id>();
        r.rank = entry.at("rank").get<std::int64_t>();
        r.score = entry.at("score").get<std::int64_t>();
        r.winner = entry.at("winner").get<bool>();
        if (const auto cost = entry.find("cost"); cost != entry.end())
            r.cost = cost->get<std::int64_t>();
        if (const auto it = by_id.find(r.idea); it != by_id.end()) {
            r.hidden = it->second->hidden;
            if (!r.hidden)
                r.title = it->second->title;
        } else {
            r.hidden = entry.value("hidden", false);
            if (const auto title = entry.find("title"); title != entry.end())
                r.title = title->get<std::string>();
        }
        out.push_back(std::move(r));
    }
    return out;
}

json to_document(const ranking_line& r)
{
    json entry{{"rank", r.rank}, {"idea", r.idea}, {"score", r.score}, {"winner", r.winner}};
    if (r.title)
        entry["title"] = *r.title;
    if (r.hidden)
        entry["hidden"] = true;
    if (r.cost)
        entry["cost"] = *r.cost;
    return entry;
}

json with_announcement(json doc, const challenge& ch, time_point now)
{
    doc["announced"] = ch.announced_at.has_value();
    if (ch.announced_at)
        doc["announced_at"] = format_rfc3339(*ch.announced_at);
    doc["counted_at"] = format_rfc3339(ch.announced_at ? *ch.announced_at : now);
    return doc;
}

json to_document(const challenge_results& r)
{
    if (r.count)
        return with_announcement(to_document(*r.count, r.challenge), r.challenge, r.now);
    // The published ranking with each idea's text as moderation leaves it now: an idea hidden
    // after the count keeps its place and votes and loses its title; one restored gets it back.
    json doc = json::parse(r.challenge.announced_result);
    const auto by_id = index_of(r.ideas);
    for (auto& entry : doc["ranking"])
        if (const auto it = by_id.find(entry.at("idea").get<idea_id>()); it != by_id.end())
            set_ranking_text(entry, *it->second);
    return with_announcement(std::move(doc), r.challenge, r.now);
}

ballot_collector::ballot_collector(const challenge& ch, std::span<const idea> candidates)
    : candidates_(index_of(candidates)), shape_(info(ch.ballot.method).shape)
{}

void ballot_collector::add(ballot_content& content)
{
    // Ideas hidden after a ballot was cast are removed from it before counting, so every method
    // (Borda's positions too) counts exactly what the exported election files hold.
    keep_candidates(content, candidates_);
    switch (shape_) {
    case tally_shape::approvals: out_.approvals.add(content.ideas); break;
    case tally_shape::rankings: out_.rankings.add(content.ideas); break;
    case tally_shape::scores:
        if (content.points.empty())
            out_.scores.add_approval(content.ideas);
        else
            out_.scores.add(content.ideas, content.points);
        break;
    }
}

challenge_ballots read_counted_ballots(ballots_repository& repo, const challenge& ch, std::span<const idea> candidates)
{
    ballot_collector collect(ch, candidates);
    ballot_content content;
    repo.for_each_counted_ballot(ch.id, [&](std::string_view, std::string_view text) {
        decode_ballot(text, content);
        collect.add(content);
    });
    return collect.take();
}

challenge_count count_challenge(const challenge& ch, std::vector<idea> candidates, const challenge_ballots& cast)
{
    challenge_count out;
    out.candidates = std::move(candidates);
    const auto ids = ids_of(out.candidates);
    std::vector<ballots::project> projects;
    for (const auto& i : out.candidates)
        projects.push_back({i.id, i.cost.value_or(0)});
    const auto order = draw_lottery(ch.tie_break_seed, ids);
    out.counted = info(ch.ballot.method)
                      .count({.candidates = ids,
                              .projects = projects,
                              .order = order,
                              .approvals = cast.approvals,
                              .scores = cast.scores,
                              .rankings = cast.rankings,
                              .winners = ch.winners,
                              .budget = ch.budget.value_or(0),
                              .threshold = ch.ballot.threshold});
    return out;
}

namespace {

// The matrices grow with the square of the ideas; past this many they stay out of the document.
constexpr std::size_t max_published_matrix = 200;

} // namespace

json to_document(const challenge_count& count, const challenge& ch)
{
    const auto ids = ids_of(count.candidates);
    const auto by_id = index_of(count.candidates);
    const auto& rules = ch.ballot;
    const auto& counted = count.counted;
    const detail_style<json> style{.layout = detail_layout::results,
                                   .name = [](idea_id id) { return json(id); },
                                   .money = [](std::int64_t units) { return json(units); },
                                   .lottery_key = [&](idea_id id) { return lottery_key(ch.tie_break_seed, id); },
                                   .max_matrix_ideas = max_published_matrix};
    json doc;
    write_method_detail(doc, counted, ids, style);
    doc["challenge"] = ch.slug;
    doc["municipality"] = ch.municipality_slug;
    doc["kind"] = name_of(rules.kind);
    doc["method"] = name_of(rules.method);
    doc["ballots"] = counted.result.ballots;
    if (!info(rules.method).budgeted)
        doc["winners"] = ch.winners;
    doc["tie_break_seed"] = ch.tie_break_seed;
    doc["tie_break_rule"] = "tied ideas ordered by SHA-256(seed || decimal idea id), smaller digest first";
    doc["counted_ideas"] = "the ideas visible when voting closed; moderation after the close hides an idea's text "
                           "(marked hidden) but does not change the count";
    doc["ranking"] = ranking_document(counted.result, by_id);
    doc["ties"] = ties_detail(counted.result.ties, style);
    return doc;
}

} // namespace cabildo::engine
