#include "engine/publication/exercise_report.hpp"

#include "engine/domain/access.hpp"
#include "engine/domain/rfc3339.hpp"
#include "engine/domain/time_zone.hpp"
#include "engine/identity/crypto.hpp"
#include "engine/publication/commitment_documents.hpp"
#include "engine/publication/html.hpp"
#include "engine/publication/results_document.hpp"

#include <algorithm>

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
        const auto& ch = p.challenge;
        const auto base = "/" + m.slug + "/" + ch.slug;
        if (n == 5 && p.survey_public)
            out.push_back(link("Resultados de la consulta: " + ch.title, base + "/survey/results"));
        if (n == 9 && p.ideas_open)
            out.push_back(link("Ideas: " + ch.title, base));
        if (n == 10 && ch.announced_at)
            out.push_back(link("Ganadoras: " + ch.title, base + "/results"));
        if ((n == 11 || n == 12) && !p.plan.empty())
            out.push_back(link("Compromisos y avances: " + ch.title, base + "/progress"));
    }
    return out;
}

std::vector<const commitment*> plan_of(const report_part& p)
{
    std::vector<const commitment*> out;
    for (const auto& v : p.plan)
        out.push_back(&v.commitment);
    return out;
}

// A winner as a report lists it: its ranking line without rank and winner.
json winner_document(const ranking_line& w)
{
    auto entry = to_document(w);
    entry.erase("winner");
    entry.erase("rank");
    return entry;
}

// A commitment as a report lists it: with its newest history entries and how many it has.
json report_commitment(const commitment_view& v)
{
    auto doc = to_document(v.commitment, v.ideas);
    doc["history"] = json::array();
    for (const auto& u : v.history)
        doc["history"].push_back(to_document(u));
    doc["history_total"] = v.history_total;
    return doc;
}

} // namespace

json to_document(const exercise_step& s, const municipality& m, const std::vector<report_part>& parts)
{
    const auto& def = local_strategy()[static_cast<std::size_t>(s.n - 1)];
    json out{{"n", s.n},
             {"key", def.key},
             {"name", def.name},
             {"plain", def.plain},
             {"status", name_of(s.status)},
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
        const auto& ch = p.challenge;
        json winners = json::array(), commitments = json::array();
        for (const auto& w : p.winners)
            winners.push_back(winner_document(w));
        for (const auto& v : p.plan)
            commitments.push_back(report_commitment(v));
        const auto part_plan = plan_of(p);
        json c{{"slug", ch.slug},
               {"title", ch.title},
               {"winners", std::move(winners)},
               {"consultation", p.survey ? json::parse(*p.survey) : json()},
               {"commitments", std::move(commitments)},
               {"summary", plan_summary(part_plan)}};
        if (ch.announced_at)
            c["announced_at"] = format_rfc3339(*ch.announced_at);
        challenges.push_back(std::move(c));
        plan.insert(plan.end(), part_plan.begin(), part_plan.end());
    }
    return {{"kind", kind},
            {"generated_at", format_rfc3339(at)},
            {"municipality", {{"slug", m.slug}, {"name", m.name}, {"state", m.state}, {"timezone", m.timezone}}},
            {"exercise", {{"slug", e.slug}, {"title", e.title}}},
            {"steps", std::move(steps)},
            {"challenges", std::move(challenges)},
            {"summary", plan_summary(plan)}};
}

json to_document(const exercise_update& u)
{
    return {{"id", u.id}, {"at", format_rfc3339(u.at)}, {"by", name_of(u.by)}, {"changes", json::parse(u.changes)}};
}

json report_document(const report_view& v)
{
    if (!v.issued)
        return report_document(name_of(v.kind), v.municipality, v.exercise, v.challenges, v.at);
    auto report = json::parse(v.issued->body);
    report["digest"] =
        v.issued->digest.empty() ? report_digest(report) : v.issued->digest; // issued before digests were kept
    if (!v.since) {                                                          // just issued
        report["withdrawn"] = 0;
        return report;
    }
    // As issued, but what moderation withdrew since is no longer served: its place and its digest
    // stay, so the report is still provably the one issued.
    report["withdrawn"] = withdraw(report, v.since->withdrawn);
    const auto live = report_document(name_of(report_kind::interim), v.municipality, v.exercise, v.challenges, v.at);
    report["addendum"] = report_addendum(report, live, v.issued->last_history_id);
    json changes = json::array();
    for (const auto& u : v.since->exercise_history)
        changes.push_back(to_document(u));
    report["addendum"]["exercise_history"] = std::move(changes);
    return report;
}

json report_addendum(const json& issued, const json& now, std::int64_t last_history_id)
{
    const auto since = issued.at("generated_at").get<std::string>();
    // Reports issued before the newest entry was kept compare times (to the second) instead.
    const auto after_issue = [&](const json& h) {
        return last_history_id > 0 ? h.at("id").get<std::int64_t>() > last_history_id
                                   : h.at("at").get<std::string>() > since;
    };
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
                if (after_issue(h))
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

namespace {

// Calls f(object, key, id, kind) for every text moderation may withdraw from a report: the `text`
// of a published free-text answer, and the `title` of a winner or of an idea a commitment carries
// out. `id` is the answer's or the idea's.
enum class withdrawable { text, idea };

template <class F>
void for_each_withdrawable(json& report, F f)
{
    if (!report.contains("challenges"))
        return;
    for (auto& c : report["challenges"]) {
        const auto slug = c.value("slug", std::string());
        if (c.contains("consultation") && c["consultation"].is_object() && c["consultation"].contains("questions"))
            for (auto& q : c["consultation"]["questions"])
                if (q.contains("published"))
                    for (auto& t : q["published"])
                        f(slug, t, "text", t.value("id", std::int64_t{0}), withdrawable::text);
        if (c.contains("winners"))
            for (auto& w : c["winners"])
                f(slug, w, "title", w.value("idea", std::int64_t{0}), withdrawable::idea);
        if (c.contains("commitments"))
            for (auto& k : c["commitments"])
                if (k.contains("ideas"))
                    for (auto& i : k["ideas"])
                        f(slug, i, "title", i.value("id", std::int64_t{0}), withdrawable::idea);
    }
}

std::string hex_sha256(std::string_view text) { return to_hex(sha256(text)); }

} // namespace

std::size_t withdraw(json& report, const withdrawn_content& w)
{
    std::size_t count = 0;
    for_each_withdrawable(
        report, [&](const std::string& slug, json& holder, const char* key, std::int64_t id, withdrawable kind) {
            const auto it = w.by_challenge.find(slug);
            if (it == w.by_challenge.end() || !holder.contains(key) || !holder[key].is_string())
                return;
            const auto& ids = kind == withdrawable::text ? it->second.texts : it->second.ideas;
            if (std::find(ids.begin(), ids.end(), id) == ids.end())
                return;
            holder[key] = {{"withdrawn", true}, {"sha256", hex_sha256(holder[key].get<std::string>())}};
            ++count;
        });
    return count;
}

std::string report_digest(const json& report)
{
    auto sealed = report;
    sealed.erase("digest");
    sealed.erase("withdrawn");
    sealed.erase("addendum");
    for_each_withdrawable(sealed, [](const std::string&, json& holder, const char* key, std::int64_t, withdrawable) {
        if (!holder.contains(key))
            return;
        auto& value = holder[key];
        if (value.is_string())
            value = {{"sha256", hex_sha256(value.get<std::string>())}};
        else if (value.is_object() && value.contains("sha256"))
            value = {{"sha256", value["sha256"]}};
    });
    return hex_sha256(sealed.dump());
}

} // namespace cabildo::engine
