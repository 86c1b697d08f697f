#include "app/count_command.hpp"

#include "ballots/approval.hpp"
#include "ballots/borda.hpp"
#include "ballots/equal_shares.hpp"
#include "ballots/greedy.hpp"
#include "ballots/irv.hpp"
#include "ballots/pabulib.hpp"
#include "ballots/points.hpp"
#include "ballots/preflib.hpp"
#include "ballots/schulze.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <ostream>
#include <set>
#include <string_view>
#include <thread>

namespace cabildo::app {

namespace {

using json = nlohmann::ordered_json;
namespace b = cabildo::ballots;

constexpr int bad_input = 2;

constexpr std::array budget_methods{"greedy",           "greedy-threshold",           "greedy-no-skip",
                                    "equalshares",      "equalshares-comparison",     "equalshares/add1",
                                    "equalshares/add1-comparison", "equalshares/add1e", "equalshares/add1e-comparison"};
constexpr std::array ranking_methods{"approval", "points", "schulze", "borda", "irv", "irv-split"};

// Rules that name a city's own additions no file encodes (quotas per category, mutually
// exclusive projects, ...), and files that name no rule: counted by the plain rule underneath,
// greedy, with the difference to the file's `selected` column shown beside the outcome.
bool counted_as_greedy(std::string_view rule)
{
    return rule.empty() || rule == "greedy-custom" || rule == "greedy-exclusive";
}

bool is_budget_method(std::string_view m)
{
    return std::find(budget_methods.begin(), budget_methods.end(), m) != budget_methods.end();
}

bool is_ranking_method(std::string_view m)
{
    return std::find(ranking_methods.begin(), ranking_methods.end(), m) != ranking_methods.end();
}

std::string all_methods()
{
    std::string s;
    for (const char* m : budget_methods)
        s.append(s.empty() ? "" : ", ").append(m);
    for (const char* m : ranking_methods)
        s.append(", ").append(m);
    return s;
}

// Reads the whole file in one go: a 3 MB pabulib file should cost a copy, not a character loop.
bool read_file(const std::string& path, std::string& text)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return false;
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size < 0)
        return false;
    in.seekg(0, std::ios::beg);
    text.resize(static_cast<std::size_t>(size));
    in.read(text.data(), size);
    return static_cast<bool>(in) || in.gcount() == size;
}

// Money in the file's units: an integer when the file has no decimals.
json money(std::int64_t units, int decimals)
{
    if (decimals == 0)
        return units;
    double scale = 1;
    for (int i = 0; i < decimals; ++i)
        scale *= 10;
    return static_cast<double>(units) / scale;
}

json ties_json(const std::vector<b::tie>& ties, const std::function<json(b::idea_id)>& name)
{
    json out = json::array();
    for (const auto& t : ties) {
        json order = json::array();
        for (const b::idea_id id : t.order)
            order.push_back(name(id));
        json entry = {{"score", t.score}, {"order", std::move(order)}};
        if (t.step > 0)
            entry["step"] = t.step;
        out.push_back(std::move(entry));
    }
    return out;
}

json matrix_json(const b::pairwise_matrix& m)
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

// A count of 1/denominator votes as a JSON number: whole votes as integers.
json votes(std::int64_t count, std::int64_t denominator)
{
    if (denominator == 1 || count % denominator == 0)
        return count / denominator;
    return static_cast<double>(count) / static_cast<double>(denominator);
}

// The parts of a ranked count that do not depend on the file format.
struct ranked_count {
    b::outcome result;
    std::optional<b::schulze_outcome> schulze;
    std::optional<b::irv_outcome> irv;
};

// approval, borda, schulze or irv over ranked ballots (approval: every ranked idea approved).
std::optional<ranked_count> count_ranked(const std::string& method, const std::vector<b::idea_id>& candidates,
                                         const b::ranking_set& rankings, const b::lottery& order, std::string& error)
{
    ranked_count c;
    if (method == "schulze") {
        c.schulze = b::count_schulze(candidates, rankings, 1, order);
        c.result = c.schulze->result;
    } else if (method == "borda") {
        c.result = b::count_borda(candidates, rankings, 1, order);
    } else if (method == "irv" || method == "irv-split") {
        const b::irv_options options{method == "irv" ? b::irv_ties::overvote : b::irv_ties::split};
        c.irv = b::count_irv(candidates, rankings, 1, order, options);
        if (!c.irv->error.empty()) {
            error = c.irv->error;
            return std::nullopt;
        }
        c.result = c.irv->result;
    } else if (method == "approval") {
        b::ballot_set approvals;
        for (std::size_t i = 0; i < rankings.size(); ++i)
            for (std::int64_t k = 0; k < rankings[i].weight; ++k)
                approvals.add(rankings[i].ideas);
        c.result = b::count_approval(candidates, approvals, 1, order);
    } else {
        error = "method " + method + " does not apply to ranked ballots (schulze, borda, irv, irv-split, approval)";
        return std::nullopt;
    }
    return c;
}

void describe_ranked(json& doc, const ranked_count& c, const std::function<json(b::idea_id)>& name,
                     const std::function<void(json&, b::idea_id)>& label)
{
    doc["ballots"] = c.result.ballots;
    json ranking = json::array();
    for (const auto& r : c.result.ranking) {
        json entry = {{"rank", r.rank}};
        label(entry, r.idea);
        entry["score"] = r.score;
        entry["winner"] = r.winner;
        ranking.push_back(std::move(entry));
    }
    if (!c.result.ranking.empty())
        doc["winner"] = name(c.result.ranking.front().idea);
    doc["ranking"] = std::move(ranking);
    doc["ties"] = ties_json(c.result.ties, name);
    if (c.irv) {
        json rounds = json::array();
        for (std::size_t i = 0; i < c.irv->rounds.size(); ++i) {
            const auto& r = c.irv->rounds[i];
            json counts = json::object();
            for (const auto& [id, n] : r.counts) {
                const json key = name(id);
                counts[key.is_string() ? key.get<std::string>() : key.dump()] = votes(n, c.irv->denominator);
            }
            rounds.push_back({{"round", i + 1},
                              {"counts", std::move(counts)},
                              {"eliminated", r.eliminated == 0 ? json(nullptr) : name(r.eliminated)},
                              {"exhausted", votes(r.exhausted, c.irv->denominator)},
                              {"overvotes", votes(r.overvotes, c.irv->denominator)}});
        }
        doc["rounds"] = std::move(rounds);
    }
    if (c.schulze) {
        doc["pairwise"] = matrix_json(c.schulze->pairwise);
        doc["strongest_paths"] = matrix_json(c.schulze->paths);
    }
}

class counter {
public:
    counter(const count_options& opts, std::ostream& out, std::ostream& err) : opts_(opts), out_(out), err_(err) {}

    int run()
    {
        const std::string extension = std::filesystem::path(opts_.file).extension().string();
        std::string text;
        const bool pabulib = extension == ".pb" || extension == ".PB";
        const auto kind = b::preflib_kind_from_extension(extension);
        if (!pabulib && !kind)
            return fail(0, "unknown file type '" + extension + "' (expected .pb, .soc, .soi, .toc or .toi)");
        if (!read_file(opts_.file, text))
            return fail(0, "cannot read the file");
        return pabulib ? count_pabulib(text) : count_preflib(text, *kind);
    }

private:
    int fail(std::size_t line, const std::string& message)
    {
        err_ << opts_.file;
        if (line > 0)
            err_ << ':' << line;
        err_ << ": " << message << '\n';
        return bad_input;
    }

    int count_pabulib(std::string_view text)
    {
        auto parsed = b::parse_pabulib(text);
        if (!parsed)
            return fail(parsed.error().line, parsed.error().message);
        const b::pabulib_file& file = parsed.value();
        if (file.repeated_votes > 0)
            err_ << opts_.file << ':' << file.first_repeated_vote_line << ": " << file.repeated_votes
                 << (file.repeated_votes == 1 ? " vote names" : " votes name")
                 << " a project more than once (the first on this line); each project counts once per vote\n";
        const bool approximated = !opts_.method && counted_as_greedy(file.rule);
        const std::string method = opts_.method ? *opts_.method : approximated ? "greedy" : file.rule;
        if (!is_budget_method(method) && !is_ranking_method(method)) {
            if (opts_.method)
                return fail(0, "unknown method '" + method + "' (" + all_methods() + ")");
            return fail(0, "the file's rule '" + method + "' is not one cabildo counts; choose one with --method (" +
                               all_methods() + ")");
        }
        const auto name = [&](b::idea_id id) -> json { return file.projects[static_cast<std::size_t>(id - 1)].id; };

        json doc;
        doc["file"] = opts_.file;
        doc["format"] = "pabulib";
        doc["vote_type"] = file.vote_type;
        doc["rule"] = file.rule;
        doc["method"] = method;
        if (approximated) {
            const std::string note =
                (file.rule.empty() ? std::string("the file names no rule") : "the file's rule '" + file.rule + "'") +
                " is not machine-readable: the city's rule has parts the file does not encode (its META comment "
                "usually says which); counted by the plain rule underneath, greedy";
            doc["rule_note"] = note;
            if (const std::string* comment = file.find_meta("comment"))
                doc["rule_comment"] = *comment;
            err_ << opts_.file << ": " << note << '\n';
        }
        if (file.repeated_votes > 0)
            doc["votes_with_repeats"] = file.repeated_votes;

        if (is_ranking_method(method)) {
            if (opts_.budget)
                return fail(0, "--budget applies to budget methods, not to " + method);
            const auto ideas = file.ideas();
            const auto order = file.file_order();
            ranked_count c;
            if (method == "approval" || method == "points") {
                if (method == "points") {
                    c.result = b::count_points(ideas, file.votes, 1, order);
                } else {
                    b::ballot_set approvals;
                    std::vector<b::idea_id> chosen;
                    for (std::size_t v = 0; v < file.votes.size(); ++v) {
                        chosen.clear();
                        for (std::size_t k = 0; k < file.votes.ideas(v).size(); ++k)
                            if (file.votes.weights(v)[k] > 0)
                                chosen.push_back(file.votes.ideas(v)[k]);
                        approvals.add(chosen);
                    }
                    c.result = b::count_approval(ideas, approvals, 1, order);
                }
            } else {
                if (file.vote_type != "ordinal")
                    return fail(0, "method " + method + " needs ranked ballots (vote_type ordinal), the file has " +
                                       file.vote_type);
                std::string error;
                auto ranked = count_ranked(method, ideas, file.rankings(), order, error);
                if (!ranked)
                    return fail(0, error);
                c = std::move(*ranked);
            }
            describe_ranked(doc, c, name, [&](json& entry, b::idea_id id) {
                const auto& p = file.projects[static_cast<std::size_t>(id - 1)];
                entry["project"] = p.id;
                entry["name"] = p.name;
            });
            out_ << doc.dump(2) << '\n';
            return 0;
        }

        std::int64_t budget = file.budget;
        if (opts_.budget) {
            if (*opts_.budget < 0)
                return fail(0, "--budget must not be negative");
            std::int64_t scale = 1;
            for (int i = 0; i < file.money_decimals; ++i)
                scale *= 10;
            if (*opts_.budget > std::numeric_limits<std::int64_t>::max() / 4 / scale)
                return fail(0, "--budget is too large");
            budget = *opts_.budget * scale;
        }
        const auto projects = file.budget_projects();
        const auto order = file.file_order();
        b::budget_outcome funded;
        if (method.starts_with("greedy")) {
            b::greedy_options g;
            g.skip = method != "greedy-no-skip";
            if (method == "greedy-threshold" && !file.score_threshold)
                return fail(0, "greedy-threshold needs META min_project_score_threshold");
            // The file's threshold makes low scores ineligible under every greedy rule.
            if (file.score_threshold) {
                g.threshold = *file.score_threshold;
                doc["threshold"] = g.threshold;
            }
            funded = b::count_greedy(projects, file.votes, budget, order, g);
        } else {
            b::equal_shares_options e;
            e.completion = method.starts_with("equalshares/add1e") ? b::mes_completion::add1e
                           : method.starts_with("equalshares/add1") ? b::mes_completion::add1
                                                                     : b::mes_completion::none;
            e.compare_with_greedy = method.ends_with("-comparison");
            e.threads = std::max(1U, std::thread::hardware_concurrency()); // a recount may use the machine
            const auto mes = b::count_equal_shares(projects, file.votes, budget, order, e);
            funded = mes.funded;
            doc["utility"] = "cost";
            if (mes.voter_budget_denominator == 1)
                doc["voter_budget"] = money(mes.voter_budget_numerator, file.money_decimals);
            else
                doc["voter_budget"] = std::to_string(mes.voter_budget_numerator) + "/" +
                                      std::to_string(mes.voter_budget_denominator);
            doc["runs"] = mes.runs;
            if (mes.comparison) {
                json greedy_ids = json::array();
                for (const b::idea_id id : mes.comparison->greedy_selected)
                    greedy_ids.push_back(name(id));
                doc["comparison"] = {{"prefer_equal_shares", mes.comparison->prefer_equal_shares},
                                     {"prefer_greedy", mes.comparison->prefer_greedy},
                                     {"greedy_used", mes.comparison->greedy_used},
                                     {"greedy_selected", std::move(greedy_ids)}};
            }
        }
        doc["ballots"] = file.votes.size();
        doc["budget"] = money(funded.budget, file.money_decimals);
        doc["spent"] = money(funded.spent, file.money_decimals);
        doc["left"] = money(funded.left, file.money_decimals);
        json selected = json::array();
        for (const b::idea_id id : funded.selected)
            selected.push_back(name(id));
        doc["selected"] = std::move(selected);
        if (!file.projects.empty() && file.projects.front().selected >= 0) {
            std::set<b::idea_id> ours(funded.selected.begin(), funded.selected.end());
            std::set<b::idea_id> theirs;
            for (std::size_t i = 0; i < file.projects.size(); ++i)
                if (file.projects[i].selected == 1)
                    theirs.insert(static_cast<b::idea_id>(i + 1));
            doc["matches_file_selected"] = ours == theirs;
            // Where the city departed from its rule (or from the part of it the file encodes).
            json count_only = json::array();
            json city_only = json::array();
            for (const b::idea_id id : ours)
                if (!theirs.contains(id))
                    count_only.push_back(name(id));
            for (const b::idea_id id : theirs)
                if (!ours.contains(id))
                    city_only.push_back(name(id));
            doc["funded_by_count_only"] = std::move(count_only);
            doc["funded_by_city_only"] = std::move(city_only);
        }
        json ranking = json::array();
        for (const auto& r : funded.result.ranking) {
            const auto& p = file.projects[static_cast<std::size_t>(r.idea - 1)];
            ranking.push_back({{"rank", r.rank},
                               {"project", p.id},
                               {"name", p.name},
                               {"cost", money(p.cost, file.money_decimals)},
                               {"score", r.score},
                               {"selected", r.winner}});
        }
        doc["ranking"] = std::move(ranking);
        doc["ties"] = ties_json(funded.result.ties, name);
        out_ << doc.dump(2) << '\n';
        return 0;
    }

    int count_preflib(std::string_view text, b::preflib_kind kind)
    {
        auto parsed = b::parse_preflib(text, kind);
        if (!parsed)
            return fail(parsed.error().line, parsed.error().message);
        const b::preflib_file& file = parsed.value();
        const std::string method = opts_.method ? *opts_.method : "schulze";
        if (is_budget_method(method))
            return fail(0, "method " + method + " needs a participatory budget (a .pb file)");
        if (method == "points")
            return fail(0, "method points needs scored ballots (a .pb file)");
        if (!is_ranking_method(method))
            return fail(0, "unknown method '" + method + "' (schulze, borda, irv, irv-split, approval)");
        if (opts_.budget)
            return fail(0, "--budget applies to pabulib files");
        std::string error;
        const auto c = count_ranked(method, file.candidates(), file.ballots, file.number_order(), error);
        if (!c)
            return fail(0, error);
        json doc;
        doc["file"] = opts_.file;
        doc["format"] = "preflib";
        doc["kind"] = std::filesystem::path(opts_.file).extension().string().substr(1);
        doc["title"] = file.title;
        doc["method"] = method;
        if (method == "borda")
            doc["borda"] = "a ballot ranking L alternatives gives L - position (from 0), tied alternatives the "
                           "points of their group's best position, unranked ones 0";
        doc["alternatives"] = file.alternatives;
        const auto name = [](b::idea_id id) -> json { return id; };
        describe_ranked(doc, *c, name, [&](json& entry, b::idea_id id) {
            entry["alternative"] = id;
            entry["name"] = file.names[static_cast<std::size_t>(id - 1)];
        });
        if (!c->result.ranking.empty())
            doc["winner_name"] = file.names[static_cast<std::size_t>(c->result.ranking.front().idea - 1)];
        out_ << doc.dump(2) << '\n';
        return 0;
    }

    const count_options& opts_;
    std::ostream& out_;
    std::ostream& err_;
};

} // namespace

int run_count(const count_options& opts, std::ostream& out, std::ostream& err)
{
    return counter(opts, out, err).run();
}

} // namespace cabildo::app
