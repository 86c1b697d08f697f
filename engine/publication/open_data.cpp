#include "engine/publication/open_data.hpp"

#include "engine/identity/lottery.hpp"
#include "engine/publication/documents.hpp"

#include <algorithm>
#include <map>
#include <unordered_set>

namespace cabildo::engine {

using json = nlohmann::json;

std::string csv_field(std::string_view s)
{
    std::string out = "\"";
    // OWASP's CSV injection advice: a cell a spreadsheet would read as a formula (=, +, -, @, or a
    // tab or carriage return first) starts with a ' instead, which the spreadsheet shows as text.
    if (!s.empty() && std::string_view("=+-@\t\r").find(s.front()) != std::string_view::npos)
        out += '\'';
    for (const char c : s) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

namespace {

// Election files are line- and field-based: no separators, quotes (pabulib reads a leading quote
// as a quoted field) or line breaks inside a name.
std::string plain(std::string_view s)
{
    std::string out(s);
    for (auto& c : out)
        if (c == ';' || c == '\n' || c == '\r' || c == ',')
            c = ' ';
        else if (c == '"')
            c = '\'';
    return out;
}

// A counted ballot: an online one by its receipt, or a valid paper ballot by its table (issue 22).
struct counted_ballot {
    std::string receipt;
    ballot_content content;
    std::optional<std::int64_t> table = std::nullopt;
};

// Every counted ballot, online first, then each table's valid paper ballots (blank and null ones
// count in no result and are in the acts and the results' channels instead).
std::vector<counted_ballot> counted_ballots(repository& repo, std::int64_t challenge_id)
{
    std::vector<counted_ballot> out;
    repo.for_each_counted_ballot(challenge_id, [&](std::string_view receipt, std::string_view text) {
        counted_ballot b{std::string(receipt), {}};
        decode_ballot(text, b.content);
        out.push_back(std::move(b));
    });
    repo.for_each_counted_paper_ballot(challenge_id, [&](std::int64_t table, std::string_view text, auto) {
        if (auto m = decode_mark(text); m && m->kind == mark_kind::valid)
            out.push_back({{}, std::move(m->content), table});
    });
    return out;
}

// The exports of a challenge with in-person tables carry each ballot's channel; others stay as
// they always were.
constexpr std::string_view online_channel = "online";
constexpr std::string_view in_person_channel = "in_person";
std::string_view channel_of(const counted_ballot& b) { return b.table ? in_person_channel : online_channel; }

// A project of an election file: the candidates of the results document, so the files hold
// exactly the ideas that were counted (a later moderation changes neither).
struct candidate {
    idea_id id = 0;
    std::string title;
    std::int64_t cost = 0;
};

// The counted ideas in lottery order: the order the election files list them in.
std::vector<candidate> in_lottery_order(const challenge& ch, const json& results)
{
    std::vector<candidate> out;
    for (const auto& r : results.at("ranking"))
        out.push_back({r.at("idea").get<idea_id>(), r.value("title", ""), r.value("cost", std::int64_t{0})});
    std::vector<idea_id> ids;
    for (const auto& c : out)
        ids.push_back(c.id);
    const auto order = draw_lottery(ch.tie_break_seed, ids);
    std::sort(out.begin(), out.end(),
              [&](const candidate& a, const candidate& b) { return order.at(a.id) < order.at(b.id); });
    return out;
}

// pabulib's name for our method.
std::string_view pabulib_rule(const ballot_rules& rules)
{
    const auto kind_rule = info(rules.kind).pabulib_rule;
    return kind_rule.empty() ? info(rules.method).file_name : kind_rule;
}

std::string pabulib(repository& repo, const challenge& ch, const municipality& muni,
                    const std::vector<candidate>& ideas)
{
    const auto ballots = counted_ballots(repo, ch.id);
    const bool budget = ch.ballot.kind == ballot_kind::budget;
    const bool points = ch.ballot.kind == ballot_kind::points;
    const std::string_view vote_type = info(ch.ballot.kind).vote_type;
    std::unordered_set<idea_id> candidates;
    for (const auto& i : ideas)
        candidates.insert(i.id);

    std::map<idea_id, std::int64_t> votes;
    for (const auto& b : ballots)
        for (std::size_t k = 0; k < b.content.ideas.size(); ++k)
            votes[b.content.ideas[k]] += points ? b.content.points[k] : 1;

    std::string out = "META\nkey;value\n";
    out += "description;" + plain(ch.title) + "\n";
    out += "country;Mexico\n";
    out += "unit;" + plain(muni.name) + "\n";
    out += "instance;" + ch.slug + "\n";
    out += "num_projects;" + std::to_string(ideas.size()) + "\n";
    out += "num_votes;" + std::to_string(ballots.size()) + "\n";
    out += "budget;" + std::to_string(budget ? ch.budget.value_or(0) : static_cast<std::int64_t>(ch.winners)) + "\n";
    out.append("vote_type;").append(vote_type).append("\n");
    out.append("rule;").append(pabulib_rule(ch.ballot)).append("\n");
    if (ch.ballot.method == count_method::greedy_threshold)
        out += "min_project_score_threshold;" + std::to_string(ch.ballot.threshold) + "\n";
    if (points) {
        out += "max_sum_points;" + std::to_string(ch.ballot.points_total) + "\n";
        out += "max_points;" + std::to_string(ch.ballot.max_per_idea) + "\n";
    } else {
        out += "max_length;" +
               std::to_string(ch.ballot.kind == ballot_kind::ranking ? ch.ballot.max_ranks : ch.ballot.max_choices) +
               "\n";
    }
    out += "tie_break_seed;" + plain(ch.tie_break_seed) + "\n";
    out += "comment;Cabildo export: projects are listed in the challenge's tie-break lottery order\n";

    out += "PROJECTS\nproject_id;cost;votes;name\n";
    for (const auto& i : ideas)
        out += std::to_string(i.id) + ";" + std::to_string(budget ? i.cost : 1) + ";" + std::to_string(votes[i.id]) +
               ";" + plain(i.title) + "\n";

    const bool channels = repo.count_tables(ch.id) > 0;
    out += points ? "VOTES\nvoter_id;vote;points" : "VOTES\nvoter_id;vote";
    out += channels ? ";channel\n" : "\n";
    std::size_t voter = 0;
    for (const auto& b : ballots) {
        std::string ids, given;
        for (std::size_t k = 0; k < b.content.ideas.size(); ++k) {
            if (!candidates.count(b.content.ideas[k]))
                continue; // an idea hidden after the ballot was cast is not a project
            if (!ids.empty()) {
                ids += ',';
                given += ',';
            }
            ids += std::to_string(b.content.ideas[k]);
            if (points)
                given += std::to_string(b.content.points[k]);
        }
        out += std::to_string(++voter) + ";" + ids + (points ? ";" + given : "");
        if (channels)
            out.append(";").append(channel_of(b));
        out += "\n";
    }
    return out;
}

std::string preflib(repository& repo, const challenge& ch, const std::vector<candidate>& ideas)
{
    std::map<idea_id, std::size_t> number; // PrefLib numbers alternatives from 1
    for (std::size_t k = 0; k < ideas.size(); ++k)
        number.emplace(ideas[k].id, k + 1);
    std::map<std::string, std::size_t> orders;
    std::size_t voters = 0;
    for (const auto& b : counted_ballots(repo, ch.id)) {
        std::string order;
        for (const auto id : b.content.ideas) {
            const auto it = number.find(id);
            if (it == number.end())
                continue;
            if (!order.empty())
                order += ',';
            order += std::to_string(it->second);
        }
        if (order.empty())
            continue; // PrefLib has no empty orders; a ballot ranking nothing changes no count
        ++orders[order];
        ++voters;
    }
    std::string out = "# FILE NAME: " + ch.slug + ".soi\n";
    out += "# TITLE: " + plain(ch.title) + "\n";
    out += "# DESCRIPTION: Cabildo export; alternatives are numbered in the challenge's tie-break lottery order\n";
    out += "# DATA TYPE: soi\n# MODIFICATION TYPE: original\n";
    out += "# NUMBER ALTERNATIVES: " + std::to_string(ideas.size()) + "\n";
    out += "# NUMBER VOTERS: " + std::to_string(voters) + "\n";
    out += "# NUMBER UNIQUE ORDERS: " + std::to_string(orders.size()) + "\n";
    for (std::size_t k = 0; k < ideas.size(); ++k)
        out += "# ALTERNATIVE NAME " + std::to_string(k + 1) + ": " + plain(ideas[k].title) + " (idea " +
               std::to_string(ideas[k].id) + ")\n";
    // Most frequent orders first, as PrefLib files list them.
    std::vector<std::pair<std::string, std::size_t>> sorted(orders.begin(), orders.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [order, count] : sorted)
        out += std::to_string(count) + ": " + order + "\n";
    return out;
}

json ballot_document(const counted_ballot& b, const ballot_rules& rules, bool channels)
{
    json j = json::object();
    if (b.table) {
        j["channel"] = in_person_channel;
        j["table"] = *b.table;
    } else {
        j["receipt"] = b.receipt;
        if (channels)
            j["channel"] = online_channel;
    }
    if (rules.kind == ballot_kind::points) {
        json points = json::object();
        for (std::size_t k = 0; k < b.content.ideas.size(); ++k)
            points[std::to_string(b.content.ideas[k])] = b.content.points[k];
        j["points"] = points;
    } else {
        j[std::string(ballot_field(rules))] = b.content.ideas;
    }
    return j;
}

} // namespace

result<export_document> build_export(repository& repo, const challenge& ch, const municipality& muni,
                                     export_format format, const json& results)
{
    switch (format) {
    case export_format::pabulib:
    case export_format::preflib: {
        if (format == export_format::preflib && ch.ballot.kind != ballot_kind::ranking)
            return fail(errc::invalid_field, "format",
                        std::string("PrefLib files hold rankings; this challenge takes ")
                            .append(name_of(ch.ballot.kind))
                            .append(" ballots (use format=pabulib)"));
        const auto ideas = in_lottery_order(ch, results);
        if (ideas.empty())
            return fail(errc::invalid_field, "format",
                        "no idea was counted: an election file needs at least one project");
        return export_document{format, format == export_format::pabulib ? pabulib(repo, ch, muni, ideas)
                                                                        : preflib(repo, ch, ideas)};
    }
    case export_format::csv: {
        const bool channels = repo.count_tables(ch.id) > 0;
        std::string body = channels ? "receipt,choices,channel,table\n" : "receipt,choices\n";
        for (const auto& b : counted_ballots(repo, ch.id)) {
            std::string items;
            for (std::size_t k = 0; k < b.content.ideas.size(); ++k) {
                if (k)
                    items += ' ';
                items += std::to_string(b.content.ideas[k]);
                if (!b.content.points.empty())
                    items.append(":").append(
                        std::to_string(b.content.points[k])); // not ":" + string&&: GCC 12 -O3 -Wrestrict
            }
            body += csv_field(b.receipt) + "," + csv_field(items);
            if (channels)
                body.append(",").append(channel_of(b)).append(",").append(b.table ? std::to_string(*b.table) : "");
            body += "\n";
        }
        return export_document{format, std::move(body)};
    }
    case export_format::json: break;
    }
    json ballots = json::array();
    const bool channels = repo.count_tables(ch.id) > 0;
    for (const auto& b : counted_ballots(repo, ch.id))
        ballots.push_back(ballot_document(b, ch.ballot, channels));
    json ideas = json::array();
    for (idea_id after = 0;;) {
        auto page = repo.list_ideas(ch.id, true, after, 1000);
        for (const auto& i : page)
            ideas.push_back(to_document(i, false));
        if (page.size() < 1000)
            break;
        after = page.back().id;
    }
    // How many ballots were cast and replaced, not who cast them: replaced ballots past the newest
    // few of each token are deleted and only counted.
    const auto log = repo.ballot_log_summary(ch.id);
    const json ballot_log{{"cast", log.cast},
                          {"counted", ballots.size()},
                          {"replaced_kept", log.replaced_kept},
                          {"replaced_pruned", log.replaced_pruned}};
    json doc{{"challenge", to_document(ch)},
             {"ideas", ideas},
             {"ballots", ballots},
             {"ballot_log", ballot_log},
             {"results", results}};
    return export_document{format, doc.dump()};
}

std::string_view format_name(export_format f) { return name_in<export_format>(export_format_names, f); }

std::optional<export_format> export_format_named(std::string_view name)
{
    return value_in<export_format>(export_format_names, name);
}

} // namespace cabildo::engine
