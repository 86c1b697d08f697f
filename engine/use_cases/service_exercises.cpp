// The local action plan: a municipality's open-government exercise, its 13 steps and the
// challenges it groups, its public history, and the interim and final reports printed from them.
#include "engine/use_cases/action_plan.hpp"

#include "engine/domain/rfc3339.hpp"
#include "engine/domain/validation.hpp"
#include "engine/publication/commitment_documents.hpp"
#include "engine/publication/exercise_report.hpp"
#include "engine/publication/results_document.hpp"
#include "engine/use_cases/service_detail.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <set>

namespace cabildo::engine {

using namespace detail;

namespace {

using json = nlohmann::json;

constexpr text_limit exercise_title_limit{3, 200};
constexpr std::size_t max_exercise_challenges = 50;

// What the exercise's page and its reports say of each challenge. The page needs only what its
// links and summary rest on (the windows and the commitments' statuses), read at a bounded cost
// whatever the size of a consultation; a report adds the winners, the consultation's results and
// the commitments with their newest history.
enum class depth { page, report };

struct parts_of {
    std::vector<challenge> challenges;
    std::vector<std::vector<commitment_view>> plans;
    std::vector<report_part> parts;
};

// `ranking`: the challenge's announced_entries, for a report.
report_part part_of(repository& repo, const challenge& ch, time_point now, depth d, const ranking_by_idea& ranking)
{
    report_part p{&ch, false, now >= ch.timeline.submission.opens, json::array(), json(), json::array(), {}};
    p.survey_public = ch.timeline.consultation && now >= ch.timeline.consultation->closes;
    if (d == depth::page)
        return p;
    std::vector<ranking_line> winners;
    for (const auto& [id, r] : ranking)
        if (r.winner)
            winners.push_back(r);
    std::sort(winners.begin(), winners.end(), [](const ranking_line& a, const ranking_line& b) {
        return std::make_pair(a.rank, a.idea) < std::make_pair(b.rank, b.idea);
    });
    for (const auto& w : winners) {
        auto entry = to_document(w);
        entry.erase("winner");
        entry.erase("rank");
        p.winners.push_back(std::move(entry));
    }
    p.survey = closed_survey_results(repo, ch, now);
    p.survey_public = !p.survey.is_null();
    return p;
}

// `history_after`: every history entry after that id instead of the newest few (the final
// report's addendum, which lists all that came after its issue).
void load_parts(repository& repo, const exercise& e, time_point now, depth d, parts_of& out,
                std::optional<std::int64_t> history_after = std::nullopt)
{
    for (auto& ch : repo.list_challenges(e.municipality_id))
        if (std::find(e.challenges.begin(), e.challenges.end(), ch.id) != e.challenges.end())
            out.challenges.push_back(std::move(ch));
    out.plans.reserve(out.challenges.size());
    for (const auto& ch : out.challenges) {
        // Read once for the winners and the plan alike (the final report is issued on the writer).
        const auto ranking = d == depth::report ? announced_entries(repo, ch) : ranking_by_idea{};
        auto p = part_of(repo, ch, now, d, ranking);
        if (d == depth::page) {
            std::vector<commitment_view> plan;
            for (auto& k : repo.list_commitments(ch.id))
                plan.push_back({std::move(k), {}, {}, 0, std::nullopt});
            out.plans.push_back(std::move(plan));
        } else {
            out.plans.push_back(plan_of(repo, ch, ranking, true));
            if (history_after)
                for (auto& v : out.plans.back())
                    v.history = repo.commitment_history(v.commitment.id, *history_after, max_history_entries);
        }
        for (const auto& v : out.plans.back()) {
            p.plan.push_back(&v.commitment);
            if (d == depth::page)
                continue;
            auto doc = to_document(v.commitment, v.ideas);
            doc["history"] = json::array();
            for (const auto& u : v.history)
                doc["history"].push_back(to_document(u));
            doc["history_total"] = v.history_total;
            p.commitments.push_back(std::move(doc));
        }
        out.parts.push_back(std::move(p));
    }
}

json exercise_document(repository& repo, const municipality& m, const exercise& e, time_point now)
{
    parts_of loaded;
    load_parts(repo, e, now, depth::page, loaded);
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
    if (const auto issued = repo.find_report(e.id, report_kind::final_report))
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

// A step's fields as its history entries name them, in the order they list them.
enum class step_field { status, date, document, note };
constexpr std::array<std::pair<step_field, std::string_view>, 4> step_fields{{
    {step_field::status, "status"},
    {step_field::date, "date"},
    {step_field::document, "document"},
    {step_field::note, "note"},
}};

json value_of(const exercise_step& s, step_field field)
{
    switch (field) {
    case step_field::status: return name_of(s.status);
    case step_field::date: return s.date ? json(format_rfc3339(*s.date)) : json();
    case step_field::note: return s.note;
    case step_field::document: break;
    }
    return {{"url", s.document.url}, {"sha256", s.document.sha256}};
}

// Applies the step patches, each step at most once; returns what changed in each, as the public
// history records it: [{"n", "<field>": {"from", "to"}}].
result<json> apply_steps(exercise& e, const std::vector<step_patch>& patches)
{
    json changed = json::array();
    std::set<int> seen;
    for (std::size_t i = 0; i < patches.size(); ++i) {
        const auto& p = patches[i];
        const auto field = std::string("steps[").append(std::to_string(i)).append("]");
        if (p.n < 1 || p.n > static_cast<int>(strategy_step_count))
            return fail(errc::invalid_field, field + ".n", field + ".n must be a step from 1 to 13");
        if (!seen.insert(p.n).second)
            return fail(errc::invalid_field, field + ".n",
                        "step " + std::to_string(p.n) + " is listed twice; send each step once");
        auto& step = e.steps[static_cast<std::size_t>(p.n - 1)];
        const auto status = p.status ? step_status_named(*p.status) : std::nullopt;
        if (p.status && !status)
            return fail(errc::invalid_field, field + ".status",
                        field + ".status must be " + names_in(step_status_names()));
        if (p.note)
            if (auto f = check_text(*p.note, field + ".note", commitment_note_limit, true))
                return *f;
        if (p.document)
            if (auto f = check_evidence(*p.document, true)) {
                f->field = field + ".document" + f->field.substr(std::string("evidence").size());
                return *f;
            }
        const auto before = step;
        if (status)
            step.status = *status;
        if (p.date)
            step.date = *p.date;
        if (p.document)
            step.document = *p.document;
        if (p.note)
            step.note = *p.note;
        json entry{{"n", p.n}};
        for (const auto& [f, name] : step_fields)
            if (value_of(before, f) != value_of(step, f))
                entry[std::string(name)] = {{"from", value_of(before, f)}, {"to", value_of(step, f)}};
        if (entry.size() > 1)
            changed.push_back(std::move(entry));
    }
    return changed;
}

std::vector<std::string> slugs_of(repository& repo, std::int64_t municipality_id, const std::vector<std::int64_t>& ids)
{
    const auto all = repo.list_challenges(municipality_id);
    std::vector<std::string> out;
    for (const auto id : ids)
        for (const auto& ch : all)
            if (ch.id == id)
                out.push_back(ch.slug);
    return out;
}

result<std::pair<municipality, exercise>> load_exercise(repository& repo, const exercise_ref& which)
{
    auto muni = load_municipality(repo, which.municipality);
    if (!muni)
        return muni.error();
    auto ex = repo.find_exercise(muni->id, which.exercise);
    if (!ex)
        return fail(errc::not_found, "", "no exercise '" + which.exercise + "' in " + muni->slug);
    return std::make_pair(std::move(*muni), std::move(*ex));
}

// What moderation has withdrawn, now, from the challenges of an issued report.
withdrawn_content withdrawn_now(repository& repo, const exercise& e)
{
    withdrawn_content out;
    for (const auto& ch : repo.list_challenges(e.municipality_id)) {
        if (std::find(e.challenges.begin(), e.challenges.end(), ch.id) == e.challenges.end())
            continue;
        auto& of = out.by_challenge[ch.slug];
        for (const auto& t : repo.survey_texts(ch.id, text_status::hidden))
            of.texts.push_back(t.id);
        of.ideas = repo.hidden_ideas(ch.id);
    }
    return out;
}

json history_document(const exercise_update& u)
{
    return {{"id", u.id}, {"at", format_rfc3339(u.at)}, {"by", name_of(u.by)}, {"changes", json::parse(u.changes)}};
}

} // namespace

void action_plan_use_cases::create_exercise(const caller& who, std::string m, exercise_input in, callback<json> cb)
{
    if (auto f = check_slug(in.slug, "slug"))
        return cb(*f);
    if (auto f = check_text(in.title, "title", exercise_title_limit))
        return cb(*f);
    runner_.write<json>(
        [this, who, m = std::move(m), in = std::move(in)](repository& repo) -> result<json> {
            auto muni = load_municipality(repo, m);
            if (!muni)
                return muni.error();
            if (auto f = refused(who, permission::organise, muni->id))
                return *f;
            if (repo.find_exercise(muni->id, in.slug))
                return fail(errc::slug_taken, "slug", "the exercise '" + in.slug + "' exists already");
            auto ids = challenge_ids(repo, muni->id, in.challenges);
            if (!ids)
                return ids.error();
            const auto now = clock_.now();
            exercise e{0, muni->id, in.slug, in.title, std::move(*ids), pending_steps(), now, now};
            repo.insert_exercise(e);
            exercise_update created{0, e.id, now, who.kind,
                                    json{{"created", {{"title", e.title}, {"challenges", in.challenges}}}}.dump()};
            repo.append_exercise_update(created);
            audit(repo, now, who, muni->id, std::nullopt, "exercise.create", {{"exercise", e.slug}});
            return exercise_document(repo, *muni, e, now);
        },
        std::move(cb));
}

void action_plan_use_cases::list_exercises(std::string m, std::int64_t after, std::size_t limit, callback<json> cb)
{
    limit = std::clamp<std::size_t>(limit, 1, max_page_size);
    runner_.read<json>(
        [this, m = std::move(m), after, limit](repository& repo) -> result<json> {
            auto muni = load_municipality(repo, m);
            if (!muni)
                return muni.error();
            auto page = repo.list_exercises(muni->id, after, limit + 1);
            json next = nullptr;
            if (page.size() > limit) {
                page.pop_back();
                next = page.back().id;
            }
            json out = json::array();
            for (const auto& e : page)
                out.push_back(exercise_document(repo, *muni, e, clock_.now()));
            return json{{"exercises", out}, {"next_after", next}};
        },
        std::move(cb));
}

void action_plan_use_cases::get_exercise(exercise_ref which, callback<json> cb)
{
    runner_.read<json>(
        [this, which = std::move(which)](repository& repo) -> result<json> {
            auto loaded = load_exercise(repo, which);
            if (!loaded)
                return loaded.error();
            return exercise_document(repo, loaded->first, loaded->second, clock_.now());
        },
        std::move(cb));
}

void action_plan_use_cases::exercise_history(exercise_ref which, std::int64_t after, std::size_t limit,
                                             callback<json> cb)
{
    limit = std::clamp<std::size_t>(limit, 1, max_page_size);
    runner_.read<json>(
        [which = std::move(which), after, limit](repository& repo) -> result<json> {
            auto loaded = load_exercise(repo, which);
            if (!loaded)
                return loaded.error();
            auto page = repo.exercise_history(loaded->second.id, after, limit + 1);
            json next = nullptr;
            if (page.size() > limit) {
                page.pop_back();
                next = page.back().id;
            }
            json entries = json::array();
            for (const auto& u : page)
                entries.push_back(history_document(u));
            return json{{"entries", entries}, {"next_after", next}};
        },
        std::move(cb));
}

void action_plan_use_cases::patch_exercise(const caller& who, exercise_ref which, exercise_patch patch,
                                           callback<json> cb)
{
    if (patch.title)
        if (auto f = check_text(*patch.title, "title", exercise_title_limit))
            return cb(*f);
    runner_.write<json>(
        [this, who, which = std::move(which), patch = std::move(patch)](repository& repo) -> result<json> {
            auto loaded = load_exercise(repo, which);
            if (!loaded)
                return loaded.error();
            auto& [muni, ex] = *loaded;
            if (auto f = refused(who, permission::organise, muni.id))
                return *f;
            json changes = json::object();
            if (patch.challenges) {
                auto ids = challenge_ids(repo, muni.id, *patch.challenges);
                if (!ids)
                    return ids.error();
                if (*ids != ex.challenges)
                    changes["challenges"] = {{"from", slugs_of(repo, muni.id, ex.challenges)},
                                             {"to", *patch.challenges}};
                ex.challenges = std::move(*ids);
            }
            if (patch.title && *patch.title != ex.title) {
                changes["title"] = {{"from", ex.title}, {"to", *patch.title}};
                ex.title = *patch.title;
            }
            auto steps = apply_steps(ex, patch.steps);
            if (!steps)
                return steps.error();
            if (!steps->empty())
                changes["steps"] = std::move(*steps);
            const auto now = clock_.now();
            if (!changes.empty()) {
                ex.updated_at = now;
                repo.update_exercise(ex);
                exercise_update entry{0, ex.id, now, who.kind, changes.dump()};
                repo.append_exercise_update(entry);
                json numbers = json::array();
                for (const auto& s : patch.steps)
                    numbers.push_back(s.n);
                audit(repo, now, who, muni.id, std::nullopt, "exercise.update",
                      {{"exercise", ex.slug}, {"steps", numbers}, {"history", entry.id}});
            }
            return exercise_document(repo, muni, ex, now);
        },
        std::move(cb));
}

void action_plan_use_cases::exercise_report(exercise_ref which, report_kind kind, callback<report_view> cb)
{
    runner_.read<report_view>(
        [this, which = std::move(which), kind](repository& repo) -> result<report_view> {
            auto loaded = load_exercise(repo, which);
            if (!loaded)
                return loaded.error();
            const auto& [muni, ex] = *loaded;
            parts_of parts;
            const auto now = clock_.now();
            if (kind == report_kind::interim) {
                load_parts(repo, ex, now, depth::report, parts);
                return report_view{report_document(name_of(report_kind::interim), muni, ex, parts.parts, now),
                                   muni.timezone};
            }
            const auto issued = repo.find_report(ex.id, report_kind::final_report);
            if (!issued)
                return fail(errc::phase_not_open, "kind",
                            "the final report has not been issued yet; the interim report shows where the plan stands");
            load_parts(repo, ex, now, depth::report, parts, issued->last_history_id);
            const auto live = report_document(name_of(report_kind::interim), muni, ex, parts.parts, now);
            // As issued, but what moderation withdrew since is no longer served: its place and
            // its digest stay, so the report is still provably the one issued.
            auto report = json::parse(issued->body);
            if (issued->digest.empty()) // issued before digests were kept
                report["digest"] = report_digest(report);
            else
                report["digest"] = issued->digest;
            report["withdrawn"] = withdraw(report, withdrawn_now(repo, ex));
            report["addendum"] = report_addendum(report, live, issued->last_history_id);
            json changes = json::array();
            for (const auto& u : repo.exercise_history(ex.id, issued->last_exercise_update, max_history_entries))
                changes.push_back(history_document(u));
            report["addendum"]["exercise_history"] = std::move(changes);
            return report_view{std::move(report), muni.timezone};
        },
        std::move(cb));
}

void action_plan_use_cases::issue_final_report(const caller& who, exercise_ref which, callback<report_view> cb)
{
    runner_.write<report_view>(
        [this, who, which = std::move(which)](repository& repo) -> result<report_view> {
            auto loaded = load_exercise(repo, which);
            if (!loaded)
                return loaded.error();
            const auto& [muni, ex] = *loaded;
            if (auto f = refused(who, permission::organise, muni.id))
                return *f;
            const auto final_name = name_of(report_kind::final_report);
            if (const auto issued = repo.find_report(ex.id, report_kind::final_report))
                return fail(errc::wrong_status, "kind",
                            "the final report was issued at " + format_rfc3339(issued->issued_at) +
                                "; later changes go to its addendum");
            parts_of parts;
            const auto now = clock_.now();
            load_parts(repo, ex, now, depth::report, parts);
            auto report = report_document(final_name, muni, ex, parts.parts, now);
            report["issued_at"] = format_rfc3339(now);
            const auto exercise_changes = repo.exercise_history(ex.id, 0, std::numeric_limits<std::int64_t>::max());
            const repository::issued_report issued{now, report.dump(), repo.last_commitment_update_id(),
                                                   report_digest(report),
                                                   exercise_changes.empty() ? 0 : exercise_changes.back().id};
            repo.store_report(ex.id, report_kind::final_report, issued);
            audit(repo, now, who, muni.id, std::nullopt, "exercise.report.final",
                  {{"exercise", ex.slug}, {"digest", issued.digest}});
            report["digest"] = issued.digest;
            report["withdrawn"] = 0;
            return report_view{std::move(report), muni.timezone};
        },
        std::move(cb));
}

} // namespace cabildo::engine
