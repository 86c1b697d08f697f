#include "app/count_command.hpp"

#include "ballots/pabulib.hpp"
#include "ballots/preflib.hpp"
#include "engine/counting/detail.hpp"
#include "engine/counting/methods.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
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
using engine::count_method;
using engine::info;

constexpr int bad_input = 2;

std::string method_list(bool (*keep)(const engine::method_info&))
{
    std::string s;
    for (const auto& m : engine::all_methods())
        if (keep(m))
            s.append(s.empty() ? "" : ", ").append(m.file_name);
    return s;
}

std::string every_method()
{
    return method_list([](const engine::method_info&) { return true; });
}

// PrefLib files hold rankings: the methods that count rankings, and approval of every ranked one.
bool counts_rankings(const engine::method_info& m)
{
    return m.shape == engine::tally_shape::rankings || m.shape == engine::tally_shape::approvals;
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

// The ballots of a file in the shape a method counts (the others stay empty). Scores are the
// parsed file's own, not a copy: a large city's votes are the bulk of a recount's memory.
struct file_ballots {
    b::ballot_set approvals;
    const b::scored_ballot_set* scores = nullptr;
    const b::ranking_set* rankings = nullptr;
    b::ranking_set read_rankings; // when the file's votes are read as rankings
};

engine::tally count_file(count_method method, const file_ballots& cast, std::span<const b::idea_id> candidates,
                         std::span<const b::project> projects, const b::lottery& order, std::int64_t budget = 0,
                         std::int64_t threshold = 0)
{
    static const b::scored_ballot_set no_scores{};
    static const b::ranking_set no_rankings{};
    return info(method).count({.candidates = candidates,
                               .projects = projects,
                               .order = order,
                               .approvals = cast.approvals,
                               .scores = cast.scores ? *cast.scores : no_scores,
                               .rankings = cast.rankings ? *cast.rankings : no_rankings,
                               .winners = 1,
                               .budget = budget,
                               .threshold = threshold,
                               // a recount may use the machine
                               .threads = std::max(1U, std::thread::hardware_concurrency())});
}

// The ranking, the winner, the ties and the method's detail of a count without a budget.
void describe_ranked(json& doc, const engine::tally& t, std::span<const b::idea_id> candidates,
                     const engine::detail_style<json>& style, const std::function<void(json&, b::idea_id)>& label)
{
    doc["ballots"] = t.result.ballots;
    json ranking = json::array();
    for (const auto& r : t.result.ranking) {
        json entry = {{"rank", r.rank}};
        label(entry, r.idea);
        entry["score"] = r.score;
        entry["winner"] = r.winner;
        ranking.push_back(std::move(entry));
    }
    if (!t.result.ranking.empty())
        doc["winner"] = style.name(t.result.ranking.front().idea);
    doc["ranking"] = std::move(ranking);
    doc["ties"] = engine::ties_detail(t.result.ties, style);
    engine::write_method_detail(doc, t, candidates, style);
}

class counter {
public:
    // NOLINTNEXTLINE(bugprone-easily-swappable-parameters): standard output, then standard error, as main has them
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

    int print(const json& doc)
    {
        out_ << doc.dump(2) << '\n';
        return 0;
    }

    void report_repeats(const b::pabulib_file& file)
    {
        if (file.repeated_votes == 0)
            return;
        err_ << opts_.file << ':' << file.first_repeated_vote_line << ": " << file.repeated_votes
             << (file.repeated_votes == 1 ? " vote names" : " votes name")
             << " a project more than once (the first on this line); each project counts once per vote\n";
    }

    // --method, else the file's rule (rules no file encodes counted as greedy, with a note).
    std::optional<count_method> pabulib_method(const b::pabulib_file& file, json& doc)
    {
        const bool approximated = !opts_.method && engine::counted_as_greedy(file.rule);
        const std::string name = opts_.method ? *opts_.method : approximated ? "greedy" : file.rule;
        const auto method = engine::method_from_file_name(name);
        if (!method) {
            if (opts_.method)
                fail(0, "unknown method '" + name + "' (" + every_method() + ")");
            else
                fail(0, "the file's rule '" + name + "' is not one cabildo counts; choose one with --method (" +
                            every_method() + ")");
            return std::nullopt;
        }
        doc["file"] = opts_.file;
        doc["format"] = "pabulib";
        doc["vote_type"] = file.vote_type;
        doc["rule"] = file.rule;
        doc["method"] = name;
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
        return method;
    }

    engine::detail_style<json> pabulib_style(const b::pabulib_file& file) const
    {
        return {.layout = engine::detail_layout::recount,
                .name = [&file](b::idea_id id) -> json { return file.projects[static_cast<std::size_t>(id - 1)].id; },
                .money = [&file](std::int64_t units) { return money(units, file.money_decimals); }};
    }

    int count_pabulib(std::string_view text)
    {
        auto parsed = b::parse_pabulib(text);
        if (!parsed)
            return fail(parsed.error().line, parsed.error().message);
        const b::pabulib_file& file = parsed.value();
        report_repeats(file);
        json doc;
        const auto method = pabulib_method(file, doc);
        if (!method)
            return bad_input;
        return info(*method).budgeted ? count_pabulib_budget(file, *method, doc)
                                      : count_pabulib_ranked(file, *method, doc);
    }

    // approval and points rank projects by votes or summed weights; the rest need ordinal votes.
    int count_pabulib_ranked(const b::pabulib_file& file, count_method method, json& doc)
    {
        const std::string_view name = info(method).file_name;
        if (opts_.budget)
            return fail(0, std::string("--budget applies to budget methods, not to ").append(name));
        file_ballots cast;
        switch (info(method).shape) {
        case engine::tally_shape::approvals: {
            std::vector<b::idea_id> chosen;
            for (std::size_t v = 0; v < file.votes.size(); ++v) {
                chosen.clear();
                for (std::size_t k = 0; k < file.votes.ideas(v).size(); ++k)
                    if (file.votes.weights(v)[k] > 0)
                        chosen.push_back(file.votes.ideas(v)[k]);
                cast.approvals.add(chosen);
            }
            break;
        }
        case engine::tally_shape::scores: cast.scores = &file.votes; break;
        case engine::tally_shape::rankings:
            if (file.vote_type != "ordinal")
                return fail(0, std::string("method ").append(name).append(
                                   " needs ranked ballots (vote_type ordinal), the file has ") +
                                   file.vote_type);
            cast.read_rankings = file.rankings();
            cast.rankings = &cast.read_rankings;
            break;
        }
        const auto ideas = file.ideas();
        const auto t = count_file(method, cast, ideas, {}, file.file_order());
        if (t.irv && !t.irv->error.empty())
            return fail(0, t.irv->error);
        describe_ranked(doc, t, ideas, pabulib_style(file), [&](json& entry, b::idea_id id) {
            const auto& p = file.projects[static_cast<std::size_t>(id - 1)];
            entry["project"] = p.id;
            entry["name"] = p.name;
        });
        return print(doc);
    }

    // --budget in whole currency units, in the file's money units.
    std::optional<std::int64_t> budget_of(const b::pabulib_file& file)
    {
        if (!opts_.budget)
            return file.budget;
        if (*opts_.budget < 0) {
            fail(0, "--budget must not be negative");
            return std::nullopt;
        }
        std::int64_t scale = 1;
        for (int i = 0; i < file.money_decimals; ++i)
            scale *= 10;
        if (*opts_.budget > std::numeric_limits<std::int64_t>::max() / 4 / scale) {
            fail(0, "--budget is too large");
            return std::nullopt;
        }
        return *opts_.budget * scale;
    }

    int count_pabulib_budget(const b::pabulib_file& file, count_method method, json& doc)
    {
        const auto budget = budget_of(file);
        if (!budget)
            return bad_input;
        std::int64_t threshold = 0;
        if (info(method).thresholded) {
            if (method == count_method::greedy_threshold && !file.score_threshold)
                return fail(0, "greedy-threshold needs META min_project_score_threshold");
            // The file's threshold makes low scores ineligible under every greedy rule.
            if (file.score_threshold) {
                threshold = *file.score_threshold;
                doc["threshold"] = threshold;
            }
        }
        file_ballots cast;
        cast.scores = &file.votes;
        const auto projects = file.budget_projects();
        const auto ideas = file.ideas();
        const auto t = count_file(method, cast, ideas, projects, file.file_order(), *budget, threshold);
        const auto style = pabulib_style(file);
        doc["ballots"] = file.votes.size();
        engine::write_method_detail(doc, t, ideas, style);
        compare_with_file(doc, file, t.funded->selected, style);
        json ranking = json::array();
        for (const auto& r : t.result.ranking) {
            const auto& p = file.projects[static_cast<std::size_t>(r.idea - 1)];
            ranking.push_back({{"rank", r.rank},
                               {"project", p.id},
                               {"name", p.name},
                               {"cost", money(p.cost, file.money_decimals)},
                               {"score", r.score},
                               {"selected", r.winner}});
        }
        doc["ranking"] = std::move(ranking);
        doc["ties"] = engine::ties_detail(t.result.ties, style);
        return print(doc);
    }

    // Where the city departed from its rule (or from the part of it the file encodes).
    static void compare_with_file(json& doc, const b::pabulib_file& file, const std::vector<b::idea_id>& selected,
                                  const engine::detail_style<json>& style)
    {
        if (file.projects.empty() || file.projects.front().selected < 0)
            return;
        std::set<b::idea_id> ours(selected.begin(), selected.end());
        std::set<b::idea_id> theirs;
        for (std::size_t i = 0; i < file.projects.size(); ++i)
            if (file.projects[i].selected == 1)
                theirs.insert(static_cast<b::idea_id>(i + 1));
        doc["matches_file_selected"] = ours == theirs;
        json count_only = json::array();
        json city_only = json::array();
        for (const b::idea_id id : ours)
            if (!theirs.contains(id))
                count_only.push_back(style.name(id));
        for (const b::idea_id id : theirs)
            if (!ours.contains(id))
                city_only.push_back(style.name(id));
        doc["funded_by_count_only"] = std::move(count_only);
        doc["funded_by_city_only"] = std::move(city_only);
    }

    std::optional<count_method> preflib_method()
    {
        const std::string name = opts_.method ? *opts_.method : "schulze";
        const auto method = engine::method_from_file_name(name);
        if (method && info(*method).budgeted)
            fail(0, "method " + name + " needs a participatory budget (a .pb file)");
        else if (method && !counts_rankings(info(*method)))
            fail(0, "method " + name + " needs scored ballots (a .pb file)");
        else if (!method)
            fail(0, "unknown method '" + name + "' (" + method_list(counts_rankings) + ")");
        else if (opts_.budget)
            fail(0, "--budget applies to pabulib files");
        else
            return method;
        return std::nullopt;
    }

    int count_preflib(std::string_view text, b::preflib_kind kind)
    {
        auto parsed = b::parse_preflib(text, kind);
        if (!parsed)
            return fail(parsed.error().line, parsed.error().message);
        const b::preflib_file& file = parsed.value();
        const auto method = preflib_method();
        if (!method)
            return bad_input;
        file_ballots cast;
        if (info(*method).shape == engine::tally_shape::approvals) {
            for (std::size_t i = 0; i < file.ballots.size(); ++i)
                for (std::int64_t k = 0; k < file.ballots[i].weight; ++k)
                    cast.approvals.add(file.ballots[i].ideas);
        } else {
            cast.rankings = &file.ballots;
        }
        const auto candidates = file.candidates();
        const auto t = count_file(*method, cast, candidates, {}, file.number_order());
        if (t.irv && !t.irv->error.empty())
            return fail(0, t.irv->error);
        json doc;
        doc["file"] = opts_.file;
        doc["format"] = "preflib";
        doc["kind"] = std::filesystem::path(opts_.file).extension().string().substr(1);
        doc["title"] = file.title;
        doc["method"] = info(*method).file_name;
        if (*method == count_method::borda)
            doc["borda"] = "a ballot ranking L alternatives gives L - position (from 0), tied alternatives the "
                           "points of their group's best position, unranked ones 0";
        doc["alternatives"] = file.alternatives;
        const engine::detail_style<json> style{.layout = engine::detail_layout::recount,
                                               .name = [](b::idea_id id) -> json { return id; },
                                               .money = [](std::int64_t units) -> json { return units; }};
        describe_ranked(doc, t, candidates, style, [&](json& entry, b::idea_id id) {
            entry["alternative"] = id;
            entry["name"] = file.name(id);
        });
        if (!t.result.ranking.empty())
            doc["winner_name"] = file.name(t.result.ranking.front().idea);
        return print(doc);
    }

    const count_options& opts_;
    std::ostream& out_;
    std::ostream& err_;
};

} // namespace

int run_count(const count_options& opts, std::ostream& out, std::ostream& err) { return counter(opts, out, err).run(); }

} // namespace cabildo::app
