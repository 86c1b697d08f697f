// The consultation before the ideas: the survey, its results and exports, the moderation of its
// free text, and the categories its most-mentioned problems can seed. Answering is in
// service_participation.cpp, with the other acts of a participant's token.
#include "engine/domain/rfc3339.hpp"
#include "engine/domain/validation.hpp"
#include "engine/publication/survey_results.hpp"
#include "engine/use_cases/service_detail.hpp"

#include <algorithm>

namespace cabildo::engine {

using namespace detail;

namespace {

using json = nlohmann::json;

std::optional<failure> require_consultation(const challenge& ch)
{
    if (!ch.timeline.consultation)
        return fail(errc::phase_not_open, "timeline.consultation",
                    "this challenge has no consultation window; give it one first");
    return std::nullopt;
}

// Everyone once the consultation closes; the municipality's organisers from its opening.
std::optional<failure> may_read_results(const caller& who, const challenge& ch, time_point now)
{
    if (auto f = require_consultation(ch))
        return f;
    const auto& w = *ch.timeline.consultation;
    const bool organiser = who.kind == caller::role::admin ||
                           (who.kind == caller::role::organiser && who.municipality_id == ch.municipality_id);
    if (now >= w.closes || (organiser && now >= w.opens))
        return std::nullopt;
    if (organiser)
        return fail(errc::phase_not_open, "", "the consultation opens at " + format_rfc3339(w.opens));
    return fail(errc::phase_not_open, "",
                "the consultation's results are public once it closes at " + format_rfc3339(w.closes));
}

struct counted_survey {
    std::vector<question> questions;
    std::vector<survey_response> responses;
    std::vector<survey_text> texts;
};

result<counted_survey> load_counted(repository& repo, const challenge& ch)
{
    auto qs = repo.find_survey(ch.id);
    if (!qs)
        return fail(errc::not_found, "", "this challenge has no survey");
    return counted_survey{std::move(*qs), repo.counted_survey_responses(ch.id), repo.survey_texts(ch.id, {})};
}

// The challenge and its counted survey, if `who` may read the results now.
result<std::pair<challenge, counted_survey>> readable_survey(repository& repo, const caller& who, std::string_view m,
                                                             std::string_view c, time_point now)
{
    auto ch = load_challenge(repo, m, c);
    if (!ch)
        return ch.error();
    if (auto f = may_read_results(who, *ch, now))
        return *f;
    auto counted = load_counted(repo, *ch);
    if (!counted)
        return counted.error();
    return std::make_pair(std::move(*ch), std::move(*counted));
}

} // namespace

void service::get_survey(std::string m, std::string c, callback<survey_view> cb)
{
    read_use_case<survey_view>(
        [this, m = std::move(m), c = std::move(c)](repository& repo) -> result<survey_view> {
            auto ch = load_challenge(repo, m, c);
            if (!ch)
                return ch.error();
            return survey_view{repo.find_survey(ch->id).value_or(std::vector<question>{}), ch->timeline.consultation,
                               clock_.now()};
        },
        std::move(cb));
}

void service::put_survey(const caller& who, std::string m, std::string c, std::vector<question> qs,
                         callback<survey_view> cb)
{
    if (auto f = check_questions(qs))
        return cb(*f);
    write_use_case<survey_view>(
        [this, who, m = std::move(m), c = std::move(c), qs = std::move(qs)](repository& repo) -> result<survey_view> {
            auto ch = load_challenge_as_organiser(repo, who, m, c);
            if (!ch)
                return ch.error();
            if (auto f = require_consultation(*ch))
                return *f;
            const auto now = clock_.now();
            if (now >= ch->timeline.consultation->opens)
                return fail(errc::timeline_locked, "questions",
                            "the survey is frozen since the consultation opened at " +
                                format_rfc3339(ch->timeline.consultation->opens));
            repo.store_survey(ch->id, qs, now);
            json ids = json::array();
            for (const auto& q : qs)
                ids.push_back(q.id);
            audit(repo, now, who, ch->municipality_id, ch->id, "survey.update", {{"questions", ids}});
            return survey_view{qs, ch->timeline.consultation, now};
        },
        std::move(cb));
}

void service::survey_results(const caller& who, std::string m, std::string c, callback<json> cb)
{
    read_use_case<json>(
        [this, who, m = std::move(m), c = std::move(c)](repository& repo) -> result<json> {
            auto loaded = readable_survey(repo, who, m, c, clock_.now());
            if (!loaded)
                return loaded.error();
            const auto& [ch, counted] = *loaded;
            auto doc = engine::survey_results(counted.questions, counted.responses, counted.texts, ch.tie_break_seed);
            doc["closed"] = clock_.now() >= ch.timeline.consultation->closes;
            return doc;
        },
        std::move(cb));
}

void service::survey_export(const caller& who, std::string m, std::string c, bool csv, callback<std::string> cb)
{
    read_use_case<std::string>(
        [this, who, m = std::move(m), c = std::move(c), csv](repository& repo) -> result<std::string> {
            auto loaded = readable_survey(repo, who, m, c, clock_.now());
            if (!loaded)
                return loaded.error();
            const auto& counted = loaded->second;
            if (csv)
                return survey_csv(counted.questions, counted.responses, counted.texts);
            return engine::survey_export(counted.questions, counted.responses, counted.texts).dump();
        },
        std::move(cb));
}

void service::survey_texts(const caller& who, std::string m, std::string c, std::optional<std::string> status,
                           callback<std::vector<survey_text>> cb)
{
    read_use_case<std::vector<survey_text>>(
        [who, m = std::move(m), c = std::move(c),
         status = std::move(status)](repository& repo) -> result<std::vector<survey_text>> {
            auto ch = load_challenge_as_organiser(repo, who, m, c);
            if (!ch)
                return ch.error();
            return repo.survey_texts(ch->id, status);
        },
        std::move(cb));
}

void service::moderate_survey_text(const caller& who, std::string m, std::string c, std::int64_t id, bool publish,
                                   std::string reason, callback<survey_text> cb)
{
    if (auto f = check_text(reason, "reason", publish ? 0 : 1, moderation_reason_max, true))
        return cb(*f);
    write_use_case<survey_text>(
        [this, who, m = std::move(m), c = std::move(c), id, publish,
         reason = std::move(reason)](repository& repo) -> result<survey_text> {
            auto ch = load_challenge_as_organiser(repo, who, m, c);
            if (!ch)
                return ch.error();
            auto t = repo.find_survey_text(ch->id, id);
            if (!t)
                return fail(errc::not_found, "", "no answer " + std::to_string(id) + " in this survey");
            t->status = publish ? "published" : "hidden";
            t->reason = publish ? std::string() : reason;
            repo.set_survey_text_status(id, t->status, t->reason);
            audit(repo, clock_.now(), who, ch->municipality_id, ch->id,
                  publish ? "survey.text.publish" : "survey.text.hide",
                  {{"answer", id}, {"question", t->question}, {"reason", t->reason}});
            return std::move(*t);
        },
        std::move(cb));
}

void service::seed_categories(const caller& who, std::string m, std::string c, std::string question, std::size_t count,
                              callback<challenge_view> cb)
{
    read_use_case<std::vector<std::string>>(
        [this, who, m, c, question, count](repository& repo) -> result<std::vector<std::string>> {
            auto ch = load_challenge_as_organiser(repo, who, m, c);
            if (!ch)
                return ch.error();
            if (auto f = may_read_results(who, *ch, clock_.now()))
                return *f;
            auto counted = load_counted(repo, *ch);
            if (!counted)
                return counted.error();
            const auto& qs = counted->questions;
            const auto q = std::find_if(qs.begin(), qs.end(), [&](const auto& q) { return q.id == question; });
            if (q == qs.end() || (q->kind != question_kind::single && q->kind != question_kind::multiple))
                return fail(errc::invalid_field, "question",
                            "question must name a single or multiple choice question of the survey");
            const auto doc = engine::survey_results({*q}, counted->responses, {}, ch->tie_break_seed);
            auto options = doc["questions"][0]["options"];
            std::stable_sort(options.begin(), options.end(),
                             [](const json& a, const json& b) { return a["count"] > b["count"]; });
            auto categories = ch->categories;
            for (const auto& o : options)
                if (o["count"] > 0 && std::find(categories.begin(), categories.end(), o["text"]) == categories.end() &&
                    categories.size() < ch->categories.size() + count)
                    categories.push_back(o["text"]);
            return categories;
        },
        [this, who, m, c, cb = std::move(cb)](result<std::vector<std::string>> categories) mutable {
            if (!categories)
                return cb(categories.error());
            challenge_patch patch;
            patch.categories = std::move(*categories);
            patch_challenge(who, m, c, std::move(patch), std::move(cb));
        });
}

} // namespace cabildo::engine
