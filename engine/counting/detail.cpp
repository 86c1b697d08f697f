#include "engine/counting/detail.hpp"

namespace cabildo::engine {

namespace b = cabildo::ballots;

namespace {

// A count of 1/denominator votes as a JSON number: whole votes as integers.
template <class Json>
Json votes(std::int64_t count, std::int64_t denominator)
{
    if (denominator == 1 || count % denominator == 0)
        return count / denominator;
    return static_cast<double>(count) / static_cast<double>(denominator);
}

template <class Json>
Json matrix(const b::pairwise_matrix& m)
{
    Json rows = Json::array();
    for (std::size_t i = 0; i < m.size(); ++i) {
        Json row = Json::array();
        for (std::size_t j = 0; j < m.size(); ++j)
            row.push_back(m(i, j));
        rows.push_back(std::move(row));
    }
    return rows;
}

// A JSON object key for an idea: its name when that is text, else the number written out.
template <class Json>
std::string key_of(const Json& name)
{
    return name.is_string() ? name.template get<std::string>() : name.dump();
}

template <class Json>
void write_schulze(Json& doc, const b::schulze_outcome& s, std::span<const b::idea_id> candidates,
                   const detail_style<Json>& style)
{
    if (candidates.size() > style.max_matrix_ideas)
        return;
    if (style.layout == detail_layout::recount) {
        doc["pairwise"] = matrix<Json>(s.pairwise);
        doc["strongest_paths"] = matrix<Json>(s.paths);
        return;
    }
    Json ideas = Json::array();
    for (const auto id : candidates)
        ideas.push_back(style.name(id));
    doc["pairwise"] = {{"ideas", std::move(ideas)}, {"d", matrix<Json>(s.pairwise)}, {"p", matrix<Json>(s.paths)}};
}

template <class Json>
void write_rounds(Json& doc, const b::irv_outcome& irv, const detail_style<Json>& style)
{
    Json rounds = Json::array();
    for (std::size_t i = 0; i < irv.rounds.size(); ++i) {
        const auto& r = irv.rounds[i];
        Json counts = Json::object();
        for (const auto& [id, n] : r.counts)
            counts[key_of(style.name(id))] = votes<Json>(n, irv.denominator);
        rounds.push_back({{"round", i + 1},
                          {"counts", std::move(counts)},
                          {"eliminated", r.eliminated == 0 ? Json(nullptr) : style.name(r.eliminated)},
                          {"exhausted", votes<Json>(r.exhausted, irv.denominator)},
                          {"overvotes", votes<Json>(r.overvotes, irv.denominator)}});
    }
    doc["rounds"] = std::move(rounds);
    doc["denominator"] = irv.denominator;
    if (!irv.error.empty())
        doc["error"] = irv.error;
}

template <class Json>
Json names(const std::vector<b::idea_id>& ids, const detail_style<Json>& style)
{
    Json out = Json::array();
    for (const auto id : ids)
        out.push_back(style.name(id));
    return out;
}

template <class Json>
void write_equal_shares(Json& doc, const b::equal_shares_outcome& mes, const detail_style<Json>& style)
{
    doc["utility"] = "cost";
    if (style.layout == detail_layout::results)
        doc["voter_budget"] = {{"numerator", mes.voter_budget_numerator},
                               {"denominator", mes.voter_budget_denominator}};
    else if (mes.voter_budget_denominator == 1)
        doc["voter_budget"] = style.money(mes.voter_budget_numerator);
    else
        doc["voter_budget"] =
            std::to_string(mes.voter_budget_numerator) + "/" + std::to_string(mes.voter_budget_denominator);
    doc["runs"] = mes.runs;
    if (mes.comparison)
        doc["comparison"] = {{"prefer_equal_shares", mes.comparison->prefer_equal_shares},
                             {"prefer_greedy", mes.comparison->prefer_greedy},
                             {"greedy_used", mes.comparison->greedy_used},
                             {"greedy_selected", names(mes.comparison->greedy_selected, style)}};
}

template <class Json>
void write_funded(Json& doc, const b::budget_outcome& funded, const detail_style<Json>& style)
{
    doc["budget"] = style.money(funded.budget);
    doc["spent"] = style.money(funded.spent);
    doc["left"] = style.money(funded.left);
    doc["selected"] = names(funded.selected, style);
}

} // namespace

template <class Json>
Json ties_detail(const std::vector<b::tie>& ties, const detail_style<Json>& style)
{
    Json out = Json::array();
    for (const auto& t : ties) {
        Json entry = {{"score", t.score}, {"ideas", names(t.order, style)}};
        if (style.layout == detail_layout::recount)
            entry["order"] = entry["ideas"];
        if (style.lottery_key) {
            Json lottery = Json::array();
            for (const auto id : t.order)
                lottery.push_back({{"idea", style.name(id)}, {"key", style.lottery_key(id)}});
            entry["lottery"] = std::move(lottery);
        }
        if (t.step > 0)
            entry["step"] = t.step;
        out.push_back(std::move(entry));
    }
    return out;
}

template <class Json>
void write_method_detail(Json& doc, const tally& t, std::span<const b::idea_id> candidates,
                         const detail_style<Json>& style)
{
    if (t.schulze)
        write_schulze(doc, *t.schulze, candidates, style);
    if (t.irv)
        write_rounds(doc, *t.irv, style);
    if (t.equal_shares)
        write_equal_shares(doc, *t.equal_shares, style);
    if (t.funded)
        write_funded(doc, *t.funded, style);
}

template nlohmann::json ties_detail(const std::vector<b::tie>&, const detail_style<nlohmann::json>&);
template nlohmann::ordered_json ties_detail(const std::vector<b::tie>&, const detail_style<nlohmann::ordered_json>&);
template void write_method_detail(nlohmann::json&, const tally&, std::span<const b::idea_id>,
                                  const detail_style<nlohmann::json>&);
template void write_method_detail(nlohmann::ordered_json&, const tally&, std::span<const b::idea_id>,
                                  const detail_style<nlohmann::ordered_json>&);

} // namespace cabildo::engine
