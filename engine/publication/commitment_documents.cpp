#include "engine/publication/commitment_documents.hpp"

#include "engine/domain/rfc3339.hpp"
#include "engine/publication/open_data.hpp"
#include "engine/publication/results_document.hpp"

namespace cabildo::engine {

using json = nlohmann::json;

namespace {

json evidence_document(const evidence& e)
{
    json out = json::object();
    if (!e.url.empty())
        out["url"] = e.url;
    if (!e.sha256.empty())
        out["sha256"] = e.sha256;
    return out;
}

json milestones_document(const std::vector<milestone>& ms)
{
    json out = json::array();
    for (std::size_t i = 0; i < ms.size(); ++i) {
        json m{{"n", i + 1}, {"title", ms[i].title}, {"weight", ms[i].weight}};
        if (ms[i].due)
            m["due"] = format_rfc3339(*ms[i].due);
        if (ms[i].completed_at)
            m["completed_at"] = format_rfc3339(*ms[i].completed_at);
        out.push_back(std::move(m));
    }
    return out;
}

} // namespace

json to_document(const commitment& c, std::span<const ranking_line> ranked)
{
    json ideas = json::array();
    for (const auto& r : ranked) {
        json entry{{"id", r.idea}};
        if (r.rank != 0) {
            entry = to_document(r);
            entry.erase("idea");
            entry["id"] = r.idea;
        }
        ideas.push_back(std::move(entry));
    }
    json out{{"id", c.id},
             {"title", c.title},
             {"objective", c.objective},
             {"responsible", c.responsible},
             {"starts", format_rfc3339(c.starts)},
             {"ends", format_rfc3339(c.ends)},
             {"indicator", c.indicator},
             {"target", c.target},
             {"topics", c.topics},
             {"ideas", ideas},
             {"milestones", milestones_document(c.milestones)},
             {"status", name_of(status_of(c))},
             {"progress", progress_of(c)},
             {"progress_formula", progress_formula(c)},
             {"verification", nullptr},
             {"created_at", format_rfc3339(c.created_at)},
             {"updated_at", format_rfc3339(c.updated_at)}};
    if (c.started_at)
        out["started_at"] = format_rfc3339(*c.started_at);
    if (c.verification)
        out["verification"] = {{"at", format_rfc3339(c.verification->at)},
                               {"evidence", evidence_document(c.verification->evidence)},
                               {"note", c.verification->note}};
    return out;
}

json to_document(const commitment_update& u)
{
    json out{{"id", u.id},     {"at", format_rfc3339(u.at)},  {"by", name_of(u.by)},   {"action", name_of(u.action)},
             {"note", u.note}, {"status", name_of(u.status)}, {"progress", u.progress}};
    if (u.milestone)
        out["milestone"] = *u.milestone;
    if (!u.evidence.empty())
        out["evidence"] = evidence_document(u.evidence);
    if (!u.changes.empty())
        out["changes"] = json::parse(u.changes);
    return out;
}

json plan_summary(const std::vector<const commitment*>& plan)
{
    json out{{"not_started", 0}, {"started", 0}, {"completed", 0}, {"verified", 0}, {"total", plan.size()}};
    long sum = 0;
    for (const auto* c : plan) {
        out[std::string(name_of(status_of(*c)))] = out[std::string(name_of(status_of(*c)))].get<int>() + 1;
        sum += progress_of(*c);
    }
    // Rounded half up, in whole numbers, so the summary is the same sum on any machine.
    out["progress"] =
        plan.empty() ? 0 : (sum * 2 + static_cast<long>(plan.size())) / (2 * static_cast<long>(plan.size()));
    return out;
}

std::string commitments_csv(const std::vector<const commitment*>& plan)
{
    std::string body = "id,title,responsible,status,progress,progress_formula,starts,ends,indicator,target,ideas,"
                       "milestones_completed,milestones,verified_at,evidence_url,evidence_sha256\n";
    for (const auto* c : plan) {
        std::string ideas;
        for (const auto id : c->ideas)
            ideas.append(ideas.empty() ? "" : " ").append(std::to_string(id));
        std::size_t done = 0;
        for (const auto& m : c->milestones)
            done += m.completed_at ? 1 : 0;
        const auto* v = c->verification ? &*c->verification : nullptr;
        body.append(std::to_string(c->id)).append(",").append(csv_field(c->title)).append(",");
        body.append(csv_field(c->responsible)).append(",").append(name_of(status_of(*c))).append(",");
        body.append(std::to_string(progress_of(*c))).append(",").append(csv_field(progress_formula(*c))).append(",");
        body.append(format_rfc3339(c->starts)).append(",").append(format_rfc3339(c->ends)).append(",");
        body.append(csv_field(c->indicator)).append(",").append(csv_field(c->target)).append(",");
        body.append(csv_field(ideas)).append(",").append(std::to_string(done)).append(",");
        body.append(std::to_string(c->milestones.size())).append(",");
        body.append(v ? format_rfc3339(v->at) : "").append(",");
        body.append(csv_field(v ? v->evidence.url : "")).append(",").append(csv_field(v ? v->evidence.sha256 : ""));
        body.append("\n");
    }
    return body;
}

} // namespace cabildo::engine
