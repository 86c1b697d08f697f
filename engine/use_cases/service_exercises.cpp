// The local action plan: a municipality's open-government exercise, its 13 steps and the
// challenges it groups, and the interim and final reports printed from them.
#include "engine/domain/rfc3339.hpp"
#include "engine/domain/validation.hpp"
#include "engine/publication/commitment_documents.hpp"
#include "engine/publication/exercise_report.hpp"
#include "engine/publication/survey_results.hpp"
#include "engine/use_cases/service_detail.hpp"

#include <algorithm>

namespace cabildo::engine {

using namespace detail;

namespace {

using json = nlohmann::json;

constexpr text_limit exercise_title_limit{3, 200};
constexpr std::size_t max_exercise_challenges = 50;

// What the report and the exercise's page say of each challenge: its survey's results (the
// public ones: once the consultation closed), its commitments with their histories.
struct parts_of {
    std::vector<challenge> challenges;
    std::vector<std::vector<commitment_view>> plans;
    std::vector<report_part> parts;
};

void load_parts(repository& repo, const exercise& e, time_point now, parts_of& out)
{
    for (auto& ch : repo.list_challenges(e.municipality_id))
        if (std::find(e.challenges.begin(), e.challenges.end(), ch.id) != e.challenges.end())
            out.challenges.push_back(std::move(ch));
    out.plans.reserve(out.challenges.size());
    for (const auto& ch : out.challenges) {
        report_part p{&ch, json::array(), json(), json::array(), {}};
        std::vector<json> winners;
        for (auto& [id, entry] : announced_entries(repo, ch))
            if (entry.value("winner", false))
                winners.push_back(std::move(entry));
        std::sort(winners.begin(), winners.end(), [](const json& a, const json& b) {
            return std::make_pair(a["rank"].get<long>(), a["idea"].get<long>()) <
                   std::make_pair(b["rank"].get<long>(), b["idea"].get<long>());
        });
        for (auto& w : winners) {
            w.erase("winner");
            w.erase("rank");
            p.winners.push_back(std::move(w));
        }
        const auto qs = repo.find_survey(ch.id);
        if (qs && ch.timeline.consultation && now >= ch.timeline.consultation->closes)
            p.survey = survey_results(*qs, repo.counted_survey_responses(ch.id), repo.survey_texts(ch.id, {}),
                                      ch.tie_break_seed);
        out.plans.push_back(plan_of(repo, ch, true));
        for (const auto& v : out.plans.back()) {
            auto doc = to_document(v.commitment, v.ideas);
            doc["history"] = json::array();
            for (const auto& u : v.history)
                doc["history"].push_back(to_document(u));
            p.commitments.push_back(std::move(doc));
            p.plan.push_back(&v.commitment);
        }
        out.parts.push_back(std::move(p));
    }
}

json exercise_document(repository& repo, const municipality& m, const exercise& e, time_point now)
{
    parts_of loaded;
    load_parts(repo, e, now, loaded);
    json challenges = json::array(), steps = json::array();
    for (const auto& ch : loaded.challenges)
        challenges.push_back({{"slug", ch.slug}, {"title", ch.title}});
    for (const auto& s : e.steps)
        steps.push_back(to_document(s, m, loaded.parts));
    std::vector<const commitment*> plan;
    for (const auto& p : loaded.parts)
        plan.insert(plan.end(), p.plan.begin(), p.plan.end());
    json out{{"slug", e.slug},
             {"title", e.title},
             {"challenges", challenges},
             {"steps", steps},
             {"summary", plan_summary(plan)},
             {"created_at", format_rfc3339(e.created_at)},
             {"updated_at", format_rfc3339(e.updated_at)},
             {"final_report", nullptr}};
    if (const auto issued = repo.find_report(e.id, "final"))
        out["final_report"] = {{"issued_at", format_rfc3339(issued->issued_at)}};
    return out;
}

result<std::vector<std::int64_t>> challenge_ids(repository& repo, std::int64_t municipality_id,
                                                const std::vector<std::string>& slugs)
{
    if (slugs.size() > max_exercise_challenges)
        return fail(errc::invalid_field, "challenges",
                    "challenges may list at most " + std::to_string(max_exercise_challenges));
    std::vector<std::int64_t> ids;
    for (std::size_t i = 0; i < slugs.size(); ++i) {
        const auto field = std::string("challenges[").append(std::to_string(i)).append("]");
        const auto ch = repo.find_challenge(municipality_id, slugs[i]);
        if (!ch)
            return fail(errc::invalid_field, field, "the municipality has no challenge '" + slugs[i] + "'");
        if (std::find(ids.begin(), ids.end(), ch->id) != ids.end())
            return fail(errc::invalid_field, field, "the challenge '" + slugs[i] + "' is listed twice");
        ids.push_back(ch->id);
    }
    return ids;
}

std::optional<failure> apply_steps(exercise& e, const std::vector<step_patch>& patches)
{
    for (std::size_t i = 0; i < patches.size(); ++i) {
        const auto& p = patches[i];
        const auto field = std::string("steps[").append(std::to_string(i)).append("]");
        if (p.n < 1 || p.n > static_cast<int>(strategy_step_count))
            return fail(errc::invalid_field, field + ".n", field + ".n must be a step from 1 to 13");
        auto& step = e.steps[static_cast<std::size_t>(p.n - 1)];
        if (p.status && !known_step_status(*p.status))
            return fail(errc::invalid_field, field + ".status", field + ".status must be pending, in_progress or done");
        if (p.note)
            if (auto f = check_text(*p.note, field + ".note", commitment_note_limit, true))
                return f;
        if (p.document)
            if (auto f = check_evidence(*p.document, true)) {
                f->field = field + ".document" + f->field.substr(std::string("evidence").size());
                return f;
            }
        if (p.status)
            step.status = *p.status;
        if (p.date)
            step.date = *p.date;
        if (p.document)
            step.document = *p.document;
        if (p.note)
            step.note = *p.note;
    }
    return std::nullopt;
}

result<std::pair<municipality, exercise>> load_exercise(repository& repo, std::string_view m, std::string_view e)
{
    auto muni = load_municipality(repo, m);
    if (!muni)
        return muni.error();
    auto ex = repo.find_exercise(muni->id, e);
    if (!ex)
        return fail(errc::not_found, "", "no exercise '" + std::string(e) + "' in " + muni->slug);
    return std::make_pair(std::move(*muni), std::move(*ex));
}

} // namespace

void service::create_exercise(const caller& who, std::string m, exercise_input in, callback<json> cb)
{
    if (auto f = check_slug(in.slug, "slug"))
        return cb(*f);
    if (auto f = check_text(in.title, "title", exercise_title_limit))
        return cb(*f);
    write_use_case<json>(
        [this, who, m = std::move(m), in = std::move(in)](repository& repo) -> result<json> {
            auto muni = load_municipality(repo, m);
            if (!muni)
                return muni.error();
            if (auto f = require_organiser(who, muni->id))
                return *f;
            if (repo.find_exercise(muni->id, in.slug))
                return fail(errc::slug_taken, "slug", "the exercise '" + in.slug + "' exists already");
            auto ids = challenge_ids(repo, muni->id, in.challenges);
            if (!ids)
                return ids.error();
            const auto now = clock_.now();
            exercise e{0, muni->id, in.slug, in.title, std::move(*ids), pending_steps(), now, now};
            repo.insert_exercise(e);
            audit(repo, now, who, muni->id, std::nullopt, "exercise.create", {{"exercise", e.slug}});
            return exercise_document(repo, *muni, e, now);
        },
        std::move(cb));
}

void service::list_exercises(std::string m, callback<json> cb)
{
    read_use_case<json>(
        [this, m = std::move(m)](repository& repo) -> result<json> {
            auto muni = load_municipality(repo, m);
            if (!muni)
                return muni.error();
            json out = json::array();
            for (const auto& e : repo.list_exercises(muni->id))
                out.push_back(exercise_document(repo, *muni, e, clock_.now()));
            return json{{"exercises", out}};
        },
        std::move(cb));
}

void service::get_exercise(std::string m, std::string e, callback<json> cb)
{
    read_use_case<json>(
        [this, m = std::move(m), e = std::move(e)](repository& repo) -> result<json> {
            auto loaded = load_exercise(repo, m, e);
            if (!loaded)
                return loaded.error();
            return exercise_document(repo, loaded->first, loaded->second, clock_.now());
        },
        std::move(cb));
}

void service::patch_exercise(const caller& who, std::string m, std::string e, exercise_patch patch, callback<json> cb)
{
    if (patch.title)
        if (auto f = check_text(*patch.title, "title", exercise_title_limit))
            return cb(*f);
    write_use_case<json>(
        [this, who, m = std::move(m), e = std::move(e), patch = std::move(patch)](repository& repo) -> result<json> {
            auto loaded = load_exercise(repo, m, e);
            if (!loaded)
                return loaded.error();
            auto& [muni, ex] = *loaded;
            if (auto f = require_organiser(who, muni.id))
                return *f;
            if (patch.challenges) {
                auto ids = challenge_ids(repo, muni.id, *patch.challenges);
                if (!ids)
                    return ids.error();
                ex.challenges = std::move(*ids);
            }
            if (patch.title)
                ex.title = *patch.title;
            if (auto f = apply_steps(ex, patch.steps))
                return *f;
            const auto now = clock_.now();
            ex.updated_at = now;
            repo.update_exercise(ex);
            json steps = json::array();
            for (const auto& s : patch.steps)
                steps.push_back(s.n);
            audit(repo, now, who, muni.id, std::nullopt, "exercise.update", {{"exercise", ex.slug}, {"steps", steps}});
            return exercise_document(repo, muni, ex, now);
        },
        std::move(cb));
}

void service::exercise_report(std::string m, std::string e, std::string kind, callback<report_view> cb)
{
    read_use_case<report_view>(
        [this, m = std::move(m), e = std::move(e), kind = std::move(kind)](repository& repo) -> result<report_view> {
            auto loaded = load_exercise(repo, m, e);
            if (!loaded)
                return loaded.error();
            const auto& [muni, ex] = *loaded;
            parts_of parts;
            const auto now = clock_.now();
            load_parts(repo, ex, now, parts);
            auto live = report_document(kind, muni, ex, parts.parts, now);
            if (kind == "interim")
                return report_view{std::move(live), muni.timezone};
            const auto issued = repo.find_report(ex.id, "final");
            if (!issued)
                return fail(errc::phase_not_open, "kind",
                            "the final report has not been issued yet; the interim report shows where the plan stands");
            auto report = json::parse(issued->body);
            report["addendum"] = report_addendum(report, live);
            return report_view{std::move(report), muni.timezone};
        },
        std::move(cb));
}

void service::issue_final_report(const caller& who, std::string m, std::string e, callback<report_view> cb)
{
    write_use_case<report_view>(
        [this, who, m = std::move(m), e = std::move(e)](repository& repo) -> result<report_view> {
            auto loaded = load_exercise(repo, m, e);
            if (!loaded)
                return loaded.error();
            const auto& [muni, ex] = *loaded;
            if (auto f = require_organiser(who, muni.id))
                return *f;
            if (const auto issued = repo.find_report(ex.id, "final"))
                return fail(errc::wrong_status, "kind",
                            "the final report was issued at " + format_rfc3339(issued->issued_at) +
                                "; later changes go to its addendum");
            parts_of parts;
            const auto now = clock_.now();
            load_parts(repo, ex, now, parts);
            auto report = report_document("final", muni, ex, parts.parts, now);
            report["issued_at"] = format_rfc3339(now);
            repo.store_report(ex.id, "final", now, report.dump());
            audit(repo, now, who, muni.id, std::nullopt, "exercise.report.final", {{"exercise", ex.slug}});
            return report_view{std::move(report), muni.timezone};
        },
        std::move(cb));
}

} // namespace cabildo::engine
