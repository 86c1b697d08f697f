// The local action plan: a municipality's open-government exercise, its 13 steps and the
// challenges it groups, its public history, and the interim and final reports printed from them.
#include "engine/use_cases/action_plan.hpp"

#include "engine/domain/rfc3339.hpp"
#include "engine/domain/validation.hpp"
#include "engine/publication/exercise_report.hpp"
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

// A challenge of the exercise, read to the depth asked. `history_after`: every history entry after
// that id instead of the newest few (the final report's addendum lists all that came after its issue).
report_part part_of(repository& repo, challenge ch, time_point now, depth d, std::optional<std::int64_t> history_after)
{
    report_part p;
    p.survey_public = ch.timeline.consultation && now >= ch.timeline.consultation->closes;
    p.ideas_open = now >= ch.timeline.submission.opens;
    if (d == depth::page) {
        for (auto& k : repo.list_commitments(ch.id))
            p.plan.push_back({std::move(k), {}, {}, 0, std::nullopt});
        p.challenge = std::move(ch);
        return p;
    }
    // Read once for the winners and the plan alike (the final report is issued on the writer).
    const auto ranking = announced_entries(repo, ch);
    for (const auto& [id, r] : ranking)
        if (r.winner)
            p.winners.push_back(r);
    std::sort(p.winners.begin(), p.winners.end(), [](const ranking_line& a, const ranking_line& b) {
        return std::make_pair(a.rank, a.idea) < std::make_pair(b.rank, b.idea);
    });
    p.survey = closed_survey_results(repo, ch, now);
    p.survey_public = p.survey.has_value();
    p.plan = plan_of(repo, ch, ranking, true);
    if (history_after)
        for (auto& v : p.plan)
            v.history = repo.commitment_history(v.commitment.id, *history_after, max_history_entries);
    p.challenge = std::move(ch);
    return p;
}

// The exercise's challenges, in the municipality's order.
std::vector<report_part> parts_of(repository& repo, const exercise& e, time_point now, depth d,
                                  std::optional<std::int64_t> history_after = std::nullopt)
{
    std::vector<report_part> out;
    for (auto& ch : repo.list_challenges(e.municipality_id))
        if (std::find(e.challenges.begin(), e.challenges.end(), ch.id) != e.challenges.end())
            out.push_back(part_of(repo, std::move(ch), now, d, history_after));
    return out;
}

exercise_view view_of_exercise(repository& repo, municipality m, exercise e, time_point now)
{
    exercise_view out{std::move(m), std::move(e), {}, std::nullopt};
    out.challenges = parts_of(repo, out.exercise, now, depth::page);
    if (const auto issued = repo.find_report(out.exercise.id, report_kind::final_report))
        out.final_report_issued = issued->issued_at;
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

} // namespace

void action_plan_use_cases::create_exercise(const caller& who, std::string m, exercise_input in,
                                            callback<exercise_view> cb)
{
    if (auto f = check_slug(in.slug, "slug"))
        return cb(*f);
    if (auto f = check_text(in.title, "title", exercise_title_limit))
        return cb(*f);
    runner_.write<exercise_view>(
        [this, who, m = std::move(m), in = std::move(in)](repository& repo) -> result<exercise_view> {
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
            return view_of_exercise(repo, std::move(*muni), std::move(e), now);
        },
        std::move(cb));
}

void action_plan_use_cases::list_exercises(std::string m, std::int64_t after, std::size_t limit,
                                           callback<exercise_list> cb)
{
    limit = std::clamp<std::size_t>(limit, 1, max_page_size);
    runner_.read<exercise_list>(
        [this, m = std::move(m), after, limit](repository& repo) -> result<exercise_list> {
            auto muni = load_municipality(repo, m);
            if (!muni)
                return muni.error();
            auto page = repo.list_exercises(muni->id, after, limit + 1);
            exercise_list out;
            if (page.size() > limit) {
                page.pop_back();
                out.next_after = page.back().id;
            }
            for (auto& e : page)
                out.exercises.push_back(view_of_exercise(repo, *muni, std::move(e), clock_.now()));
            return out;
        },
        std::move(cb));
}

void action_plan_use_cases::get_exercise(exercise_ref which, callback<exercise_view> cb)
{
    runner_.read<exercise_view>(
        [this, which = std::move(which)](repository& repo) -> result<exercise_view> {
            auto loaded = load_exercise(repo, which);
            if (!loaded)
                return loaded.error();
            return view_of_exercise(repo, std::move(loaded->first), std::move(loaded->second), clock_.now());
        },
        std::move(cb));
}

void action_plan_use_cases::exercise_history(exercise_ref which, std::int64_t after, std::size_t limit,
                                             callback<exercise_history_page> cb)
{
    limit = std::clamp<std::size_t>(limit, 1, max_page_size);
    runner_.read<exercise_history_page>(
        [which = std::move(which), after, limit](repository& repo) -> result<exercise_history_page> {
            auto loaded = load_exercise(repo, which);
            if (!loaded)
                return loaded.error();
            auto page = repo.exercise_history(loaded->second.id, after, limit + 1);
            exercise_history_page out;
            if (page.size() > limit) {
                page.pop_back();
                out.next_after = page.back().id;
            }
            out.entries = std::move(page);
            return out;
        },
        std::move(cb));
}

void action_plan_use_cases::patch_exercise(const caller& who, exercise_ref which, exercise_patch patch,
                                           callback<exercise_view> cb)
{
    if (patch.title)
        if (auto f = check_text(*patch.title, "title", exercise_title_limit))
            return cb(*f);
    runner_.write<exercise_view>(
        [this, who, which = std::move(which), patch = std::move(patch)](repository& repo) -> result<exercise_view> {
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
            return view_of_exercise(repo, std::move(muni), std::move(ex), now);
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
            auto& [muni, ex] = *loaded;
            const auto now = clock_.now();
            if (kind == report_kind::interim) {
                auto parts = parts_of(repo, ex, now, depth::report);
                return report_view{kind, std::move(muni), std::move(ex), std::move(parts),
                                   now,  std::nullopt,    std::nullopt};
            }
            const auto issued = repo.find_report(ex.id, report_kind::final_report);
            if (!issued)
                return fail(errc::phase_not_open, "kind",
                            "the final report has not been issued yet; the interim report shows where the plan stands");
            // As issued, with what moderation withdrew since and what changed after it.
            auto parts = parts_of(repo, ex, now, depth::report, issued->last_history_id);
            report_view::since_issue since{
                withdrawn_now(repo, ex),
                repo.exercise_history(ex.id, issued->last_exercise_update, max_history_entries)};
            return report_view{kind,
                               std::move(muni),
                               std::move(ex),
                               std::move(parts),
                               now,
                               issued_report_text{issued->body, issued->digest, issued->last_history_id},
                               std::move(since)};
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
            auto& [muni, ex] = *loaded;
            if (auto f = refused(who, permission::organise, muni.id))
                return *f;
            const auto final_name = name_of(report_kind::final_report);
            if (const auto issued = repo.find_report(ex.id, report_kind::final_report))
                return fail(errc::wrong_status, "kind",
                            "the final report was issued at " + format_rfc3339(issued->issued_at) +
                                "; later changes go to its addendum");
            const auto now = clock_.now();
            // The stored document: written once, here, and served as stored from then on.
            auto report = report_document(final_name, muni, ex, parts_of(repo, ex, now, depth::report), now);
            report["issued_at"] = format_rfc3339(now);
            const auto exercise_changes = repo.exercise_history(ex.id, 0, std::numeric_limits<std::int64_t>::max());
            const repository::issued_report issued{now, report.dump(), repo.last_commitment_update_id(),
                                                   report_digest(report),
                                                   exercise_changes.empty() ? 0 : exercise_changes.back().id};
            repo.store_report(ex.id, report_kind::final_report, issued);
            audit(repo, now, who, muni.id, std::nullopt, "exercise.report.final",
                  {{"exercise", ex.slug}, {"digest", issued.digest}});
            return report_view{report_kind::final_report,
                               std::move(muni),
                               std::move(ex),
                               {},
                               now,
                               issued_report_text{issued.body, issued.digest, issued.last_history_id},
                               std::nullopt};
        },
        std::move(cb));
}

} // namespace cabildo::engine
