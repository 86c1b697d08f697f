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
    : candidates_(index_of(candidates)), shape_(info(ch.ballot.method).shape), kind_(ch.ballot.kind)
{}

void ballot_collector::add(ballot_content& content)
{
    keep(content);
    ++out_.channels.online;
    add_votes(out_.channels.online_votes, content, kind_);
}

void ballot_collector::add_paper(paper_mark& mark, const std::optional<std::string>& district)
{
    auto& ch = out_.channels;
    ch.tables = true;
    if (mark.kind == mark_kind::blank) {
        ++ch.blank;
        return;
    }
    if (mark.kind == mark_kind::null) {
        ++ch.null;
        return;
    }
    keep(mark.content);
    ++ch.in_person;
    add_votes(ch.in_person_votes, mark.content, kind_);
    if (district) {
        auto& d = ch.districts[*district];
        ++d.ballots;
        add_votes(d.votes, mark.content, kind_);
    }
}

void ballot_collector::keep(ballot_content& content)
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

challenge_ballots read_counted_ballots(ballots_repository& repo, tables_repository& tables, const challenge& ch,
                                       std::span<const idea> candidates)
{
    ballot_collector collect(ch, candidates);
    ballot_content content;
    repo.for_each_counted_ballot(ch.id, [&](std::string_view, std::string_view text) {
        decode_ballot(text, content);
        collect.add(content);
    });
    const auto in_person = tables.list_tables(ch.id);
    if (in_person.empty())
        return collect.take();
    std::unordered_map<std::int64_t, std::optional<std::string>> district;
    for (const auto& t : in_person)
        district[t.id] = t.district;
    tables.for_each_counted_paper_ballot(ch.id, [&](std::int64_t table, std::string_view text, auto) {
        if (auto mark = decode_mark(text))
            collect.add_paper(*mark, district[table]);
    });
    auto out = collect.take();
    out.channels.tables = true;
    return out;
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
    out.channels = cast.channels;
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

// The channels' figures (issue 22): each channel's ballots and share of the counted ones, votes per
// idea by channel, the in-person figures per district, and the tables the count went without.
void write_channels(json& doc, const challenge_count& count)
{
    const auto& c = count.channels;
    const auto counted = c.online + c.in_person;
    const auto share = [&](std::int64_t n) { return counted == 0 ? 0.0 : static_cast<double>(n) / counted; };
    doc["channels"] = {
        {"online", {{"ballots", c.online}, {"share", share(c.online)}}},
        {"in_person", {{"ballots", c.in_person}, {"share", share(c.in_person)}, {"blank", c.blank}, {"null", c.null}}}};
    json by_channel = json::array();
    for (const auto& i : count.candidates) {
        const auto votes = [&](const std::map<idea_id, std::int64_t>& m) {
            const auto it = m.find(i.id);
            return it == m.end() ? std::int64_t{0} : it->second;
        };
        by_channel.push_back(
            {{"idea", i.id}, {"online", votes(c.online_votes)}, {"in_person", votes(c.in_person_votes)}});
    }
    doc["by_channel"] = std::move(by_channel);
    json districts = json::array();
    for (const auto& [name, d] : c.districts) {
        json votes = json::array();
        for (const auto& [idea, n] : d.votes)
            votes.push_back({{"idea", idea}, {"votes", n}});
        districts.push_back({{"district", name}, {"ballots", d.ballots}, {"votes", std::move(votes)}});
    }
    doc["districts"] = std::move(districts);
    doc["missing_tables"] = count.missing_tables;
}

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
    if (count.channels.tables)
        write_channels(doc, count);
    return doc;
}

} // namespace cabildo::engine
