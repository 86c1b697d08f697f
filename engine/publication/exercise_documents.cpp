#include "engine/publication/exercise_documents.hpp"

#include "engine/domain/rfc3339.hpp"
#include "engine/publication/commitment_documents.hpp"

namespace cabildo::engine {

using json = nlohmann::json;

namespace {

json cursor(const std::optional<std::int64_t>& next) { return next ? json(*next) : json(); }

} // namespace

json to_document(const exercise_view& v)
{
    const auto& e = v.exercise;
    json challenges = json::array(), steps = json::array();
    for (const auto& p : v.challenges)
        challenges.push_back({{"slug", p.challenge.slug}, {"title", p.challenge.title}});
    for (const auto& s : e.steps)
        steps.push_back(to_document(s, v.municipality, v.challenges));
    std::vector<const commitment*> plan;
    for (const auto& p : v.challenges)
        for (const auto& k : p.plan)
            plan.push_back(&k.commitment);
    json out{{"slug", e.slug},
             {"title", e.title},
             {"challenges", challenges},
             {"steps", steps},
             {"summary", plan_summary(plan)},
             {"created_at", format_rfc3339(e.created_at)},
             {"updated_at", format_rfc3339(e.updated_at)},
             {"final_report", nullptr}};
    if (v.final_report_issued)
        out["final_report"] = {{"issued_at", format_rfc3339(*v.final_report_issued)}};
    return out;
}

json to_document(const exercise_list& l)
{
    json out = json::array();
    for (const auto& v : l.exercises)
        out.push_back(to_document(v));
    return {{"exercises", out}, {"next_after", cursor(l.next_after)}};
}

json to_document(const exercise_history_page& p)
{
    json entries = json::array();
    for (const auto& u : p.entries)
        entries.push_back(to_document(u));
    return {{"entries", entries}, {"next_after", cursor(p.next_after)}};
}

} // namespace cabildo::engine
