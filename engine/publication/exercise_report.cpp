#include "engine/publication/exercise_report.hpp"

#include "engine/domain/rfc3339.hpp"
#include "engine/domain/time_zone.hpp"
#include "engine/publication/commitment_documents.hpp"
#include "engine/publication/html.hpp"

namespace cabildo::engine {

using json = nlohmann::json;

namespace {

json link(std::string label, std::string href) { return {{"label", std::move(label)}, {"href", std::move(href)}}; }

// Steps 5, 9-10 and 11-12 point at what the challenges hold: the consultation, the ideas and
// their announcement, and the commitments.
json step_links(int n, const municipality& m, const std::vector<report_part>& parts)
{
    json out = json::array();
    for (const auto& p : parts) {
        const auto base = "/" + m.slug + "/" + p.ch->slug;
        if (n == 5 && !p.survey.is_null())
            out.push_back(link("Resultados de la consulta: " + p.ch->title, base + "/survey/results"));
        if (n == 9)
            out.push_back(link("Ideas: " + p.ch->title, base));
        if (n == 10 && p.ch->announced_at)
            out.push_back(link("Ganadoras: " + p.ch->title, base + "/results"));
        if ((n == 11 || n == 12) && !p.commitments.empty())
            out.push_back(link("Compromisos y avances: " + p.ch->title, base + "/progress"));
    }
    return out;
}

} // namespace

json to_document(const exercise_step& s, const municipality& m, const std::vector<report_part>& parts)
{
    const auto& def = local_strategy()[static_cast<std::size_t>(s.n - 1)];
    json out{{"n", s.n},
             {"key", def.key},
             {"name", def.name},
             {"plain", def.plain},
             {"status", s.status},
             {"note", s.note},
             {"links", step_links(s.n, m, parts)}};
    if (s.date)
        out["date"] = format_rfc3339(*s.date);
    if (!s.document.empty()) {
        out["document"] = json::object();
        if (!s.document.url.empty())
            out["document"]["url"] = s.document.url;
        if (!s.document.sha256.empty())
            out["document"]["sha256"] = s.document.sha256;
    }
    return out;
}

json report_document(std::string_view kind, const municipality& m, const exercise& e,
                     const std::vector<report_part>& parts, time_point at)
{
    json steps = json::array();
    for (const auto& s : e.steps)
        steps.push_back(to_document(s, m, parts));
    json challenges = json::array();
    std::vector<const commitment*> plan;
    for (const auto& p : parts) {
        json c{{"slug", p.ch->slug},       {"title", p.ch->title},         {"winners", p.winners},
               {"consultation", p.survey}, {"commitments", p.commitments}, {"summary", plan_summary(p.plan)}};
        if (p.ch->announced_at)
            c["announced_at"] = format_rfc3339(*p.ch->announced_at);
        challenges.push_back(std::move(c));
        plan.insert(plan.end(), p.plan.begin(), p.plan.end());
    }
    return {{"kind", kind},
            {"generated_at", format_rfc3339(at)},
            {"municipality", {{"slug", m.slug}, {"name", m.name}, {"state", m.state}, {"timezone", m.timezone}}},
            {"exercise", {{"slug", e.slug}, {"title", e.title}}},
            {"steps", std::move(steps)},
            {"challenges", std::move(challenges)},
            {"summary", plan_summary(plan)}};
}

json report_addendum(const json& issued, const json& now)
{
    const auto since = issued.at("generated_at").get<std::string>();
    json steps = json::array(), commitments = json::array();
    for (std::size_t i = 0; i < now.at("steps").size() && i < issued.at("steps").size(); ++i) {
        auto before = issued["steps"][i], after = now["steps"][i];
        before.erase("links");
        after.erase("links");
        if (before != after)
            steps.push_back(now["steps"][i]);
    }
    for (const auto& c : now.at("challenges"))
        for (const auto& k : c.at("commitments")) {
            json entries = json::array();
            for (const auto& h : k.at("history"))
                if (h.at("at").get<std::string>() > since)
                    entries.push_back(h);
            if (!entries.empty())
                commitments.push_back({{"id", k["id"]},
                                       {"title", k["title"]},
                                       {"status", k["status"]},
                                       {"progress", k["progress"]},
                                       {"entries", std::move(entries)}});
        }
    return {{"since", since},
            {"generated_at", now.at("generated_at")},
            {"steps", steps},
            {"commitments", commitments},
            {"summary", now.at("summary")}};
}

} // namespace cabildo::engine
