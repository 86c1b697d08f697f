// The consultation before the ideas: the survey, its results and exports, the moderation of its
// free text, the categories its most-mentioned problems can seed, and the answers (a participant's
// act, through the runner's as_participant like an idea or a ballot).
#include "engine/use_cases/consultation.hpp"

#include "engine/domain/rfc3339.hpp"
#include "engine/domain/validation.hpp"
#include "engine/publication/survey_results.hpp"
#include "engine/use_cases/service_detail.hpp"

#include <spdlog/spdlog.h>

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

bool is_organiser_of(const caller& who, const challenge& ch)
{
    return !refused(who, permission::organise, ch.municipality_id);
}

// What may be read of the consultation now. Its answers, counted or free, are read only once it
// has closed, by everyone alike: the counted set is frozen then, so no sequence of revocations,
// reissues or moderation a key may make shows the difference one person's response made. While
// it is open its organisers see how many responses arrived, nothing else.
enum class survey_access { progress, closed };

result<survey_access> access_to(const caller& who, const challenge& ch, time_point now)
{
    if (auto f = require_consultation(ch))
        return *f;
    const auto& w = *ch.timeline.consultation;
    if (now >= w.closes)
        return survey_access::closed;
    const bool organiser = is_organiser_of(who, ch);
    if (organiser && now >= w.opens)
        return survey_access::progress;
    if (organiser)
        return fail(errc::phase_not_open, "", "the consultation opens at " + format_rfc3339(w.opens));
    return fail(errc::phase_not_open, "",
                "the consultation's results are public once it closes at " + format_rfc3339(w.closes));
}

std::optional<failure> require_closed(const challenge& ch, time_point now, std::string_view what)
{
    if (auto f = require_consultation(ch))
        return f;
    if (now < ch.timeline.consultation->closes)
        return fail(errc::phase_not_open, "",
                    std::string(what) + " once the consultation closes at " +
                        format_rfc3339(ch.timeline.consultation->closes) +
                        ": until then nobody reads answers, so no revocation can tell whose they were");
    return std::nullopt;
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

// The documents of a closed consultation, built from its frozen count once and kept with the
// challenge's published files (a text's moderation drops them: the next read builds them again).
constexpr std::string_view results_file = "survey.results", json_file = "survey.json", csv_file = "survey.csv";

std::string build_file(repository& repo, const challenge& ch, std::string_view file)
{
    auto counted = load_counted(repo, ch);
    if (!counted)
        return {};
    if (file == csv_file)
        return survey_csv(counted->questions, counted->responses, counted->texts);
    if (file == json_file)
        return survey_export(counted->questions, counted->responses, counted->texts).dump();
    auto doc = engine::survey_results(counted->questions, counted->responses, counted->texts, ch.tie_break_seed);
    doc["closed"] = true;
    return doc.dump();
}

bool closed(const challenge& ch, time_point now)
{
    return ch.timeline.consultation && now >= ch.timeline.consultation->closes;
}

// Closed, with a survey, and not frozen yet.
bool due_for_freeze(repository& repo, const challenge& ch, time_point now)
{
    return closed(ch, now) && !repo.survey_frozen(ch.id) && repo.find_survey(ch.id);
}

// The freeze, on the writer: every answer, revocation and reissue the writer took before the
// close is committed ahead of it, and each of those checks the time on the writer too, so none
// comes after. From here the counted set never changes (a revocation after the close leaves it,
// a reissue moves the response to the new token), and readers that see this row read it whole.
void freeze_if_due(repository& repo, const challenge& ch, time_point now)
{
    if (due_for_freeze(repo, ch, now))
        repo.freeze_survey(ch.id, now, repo.counted_survey_responses(ch.id).size());
}

} // namespace

// For reports: a consultation's results once frozen (the timer freezes one within a second of
// its close), from the document kept at the freeze; built here only if a moderation dropped it
// a moment ago.
std::optional<std::string> detail::closed_survey_results(repository& repo, const challenge& ch, time_point now)
{
    if (!closed(ch, now) || !repo.survey_frozen(ch.id))
        return std::nullopt;
    if (auto stored = repo.find_published_export(ch.id, results_file))
        return std::move(stored->body);
    return build_file(repo, ch, results_file);
}

template <class T>
void consultation_use_cases::read_frozen_survey(challenge_ref which, std::function<result<T>(repository&)> run,
                                                callback<T> cb)
{
    runner_.read<std::optional<T>>(
        [this, which, run](repository& repo) -> result<std::optional<T>> {
            if (auto ch = load_challenge(repo, which); ch && due_for_freeze(repo, *ch, clock_.now()))
                return std::optional<T>(); // not frozen yet: freeze first
            auto r = run(repo);
            if (!r)
                return r.error();
            return std::optional<T>(std::move(*r));
        },
        [this, which, run, cb = std::move(cb)](result<std::optional<T>> r) mutable {
            if (!r)
                return cb(r.error());
            if (*r)
                return cb(std::move(**r));
            runner_.write<done_t>(
                [this, which](repository& repo) -> result<done_t> {
                    auto ch = load_challenge(repo, which);
                    if (!ch)
                        return ch.error();
                    freeze_if_due(repo, *ch, clock_.now());
                    return done_t{};
                },
                [this, run = std::move(run), cb = std::move(cb)](result<done_t> frozen) mutable {
                    if (!frozen)
                        return cb(frozen.error());
                    runner_.read<T>(std::move(run), std::move(cb)); // committed before this answer
                });
        });
}

void consultation_use_cases::freeze_due_surveys(std::function<void(std::size_t)> done)
{
    runner_.for_each_due(
        [this](repository& repo) { return repo.surveys_due_for_freeze(clock_.now()); }, "consultations to freeze",
        [this](const challenge_ref& which) {
            closed_survey_file(caller{}, which, results_file, [key = which.key()](result<std::string> r) {
                if (r.ok())
                    spdlog::info("froze the consultation of {} at its close", key);
                else
                    spdlog::error("freezing the consultation of {} failed: {}", key, r.error().message);
            });
        },
        std::move(done));
}

// A closed consultation's file: stored, or built on a reader from the frozen count and then stored
// by the writer unless a moderation came in between (the newest audit entry tells).
void consultation_use_cases::closed_survey_file(const caller& who, challenge_ref which, std::string_view file,
                                                callback<std::string> cb)
{
    struct found {
        std::string body;
        std::int64_t challenge_id = 0;
        std::optional<std::int64_t> audited; // set when built here: store it if nothing changed since
    };
    read_frozen_survey<found>(
        which,
        [this, who, which, file](repository& repo) -> result<found> {
            auto ch = load_challenge(repo, which);
            if (!ch)
                return ch.error();
            auto access = access_to(who, *ch, clock_.now());
            if (!access)
                return access.error();
            if (*access != survey_access::closed)
                return fail(errc::phase_not_open, "",
                            "the consultation closes at " + format_rfc3339(ch->timeline.consultation->closes));
            if (!repo.find_survey(ch->id))
                return fail(errc::not_found, "", "this challenge has no survey");
            if (auto stored = repo.find_published_export(ch->id, file))
                return found{std::move(stored->body), ch->id, std::nullopt};
            const auto audited = repo.last_audit_id(ch->id);
            return found{build_file(repo, *ch, file), ch->id, audited};
        },
        [this, file, cb = std::move(cb)](result<found> r) {
            if (!r)
                return cb(r.error());
            if (r->audited) {
                auto body = std::make_shared<const std::string>(r->body);
                runner_.write<done_t>(
                    [id = r->challenge_id, audited = *r->audited, file, body](repository& repo) -> result<done_t> {
                        if (repo.last_audit_id(id) == audited)
                            repo.store_published_export(id, file, content_digest(*body), *body);
                        return done_t{};
                    },
                    [](result<done_t>) {});
            }
            cb(std::move(r->body));
        });
}

void consultation_use_cases::get_survey(challenge_ref which, callback<survey_view> cb)
{
    runner_.read<survey_view>(
        [this, which = std::move(which)](repository& repo) -> result<survey_view> {
            auto ch = load_challenge(repo, which);
            if (!ch)
                return ch.error();
            return survey_view{repo.find_survey(ch->id).value_or(std::vector<question>{}), ch->timeline.consultation,
                               clock_.now()};
        },
        std::move(cb));
}

void consultation_use_cases::put_survey(const caller& who, challenge_ref which, std::vector<question> qs,
                                        callback<survey_view> cb)
{
    if (auto f = check_questions(qs))
        return cb(*f);
    runner_.write<survey_view>(
        [this, who, which = std::move(which), qs = std::move(qs)](repository& repo) -> result<survey_view> {
            auto ch = load_challenge_as_organiser(repo, who, which);
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

void consultation_use_cases::survey_results(const caller& who, challenge_ref which, callback<survey_results_view> cb)
{
    using progress_view = survey_results_view::progress_view;
    runner_.read<std::optional<progress_view>>(
        [this, who, which](repository& repo) -> result<std::optional<progress_view>> {
            auto ch = load_challenge(repo, which);
            if (!ch)
                return ch.error();
            auto access = access_to(who, *ch, clock_.now());
            if (!access)
                return access.error();
            if (*access == survey_access::closed)
                return std::optional<progress_view>(); // the frozen document, below
            auto qs = repo.find_survey(ch->id);
            if (!qs)
                return fail(errc::not_found, "", "this challenge has no survey");
            return std::optional<progress_view>(progress_view{std::move(*qs), repo.survey_responses_received(ch->id)});
        },
        [this, who, which, cb = std::move(cb)](result<std::optional<progress_view>> r) mutable {
            if (!r)
                return cb(r.error());
            if (*r)
                return cb(survey_results_view{std::move(**r), {}});
            closed_survey_file(who, which, results_file, [cb = std::move(cb)](result<std::string> body) {
                if (!body)
                    return cb(body.error());
                cb(survey_results_view{std::nullopt, std::move(*body)});
            });
        });
}

void consultation_use_cases::survey_export(const caller& who, challenge_ref which, bool csv, callback<std::string> cb)
{
    closed_survey_file(who, std::move(which), csv ? csv_file : json_file, std::move(cb));
}

void consultation_use_cases::published_survey_texts(challenge_ref which, std::string question, std::int64_t after,
                                                    std::size_t limit, callback<std::vector<survey_text>> cb)
{
    limit = std::clamp<std::size_t>(limit, 1, max_page_size);
    read_frozen_survey<std::vector<survey_text>>(
        which,
        [this, which, id = std::move(question), after, limit](repository& repo) -> result<std::vector<survey_text>> {
            auto ch = load_challenge(repo, which);
            if (!ch)
                return ch.error();
            if (auto f = require_closed(*ch, clock_.now(), "free text is published"))
                return *f;
            const auto qs = repo.find_survey(ch->id);
            if (!qs || std::none_of(qs->begin(), qs->end(), [&](const engine::question& q) {
                    return q.id == id && q.kind == question_kind::text;
                }))
                return fail(errc::invalid_field, "question", "question must name a text question of the survey");
            return repo.published_survey_texts(ch->id, id, after, limit + 1);
        },
        std::move(cb));
}

void consultation_use_cases::find_survey_receipt(challenge_ref which, std::string receipt, callback<receipt_status> cb)
{
    read_frozen_survey<receipt_status>(
        which,
        [this, which, receipt = std::move(receipt)](repository& repo) -> result<receipt_status> {
            auto ch = load_challenge(repo, which);
            if (!ch)
                return ch.error();
            const auto counts = repo.survey_response_counts(ch->id, receipt);
            if (!counts)
                return fail(errc::not_found, "",
                            "no counted response has this receipt (a response answered again is replaced whole)");
            const bool closed = ch->timeline.consultation && clock_.now() >= ch->timeline.consultation->closes;
            if (!closed)
                return receipt_status{receipt, false, ballot_state::counted};
            return receipt_status{receipt, true, *counts ? ballot_state::counted : ballot_state::revoked};
        },
        std::move(cb));
}

void consultation_use_cases::survey_texts(const caller& who, challenge_ref which, std::optional<text_status> status,
                                          callback<std::vector<survey_text>> cb)
{
    read_frozen_survey<std::vector<survey_text>>(
        which,
        [this, who, which, status](repository& repo) -> result<std::vector<survey_text>> {
            auto ch = load_challenge_as_organiser(repo, who, which);
            if (!ch)
                return ch.error();
            if (auto f = require_closed(*ch, clock_.now(), "free text is moderated"))
                return *f;
            return repo.survey_texts(ch->id, status);
        },
        std::move(cb));
}

void consultation_use_cases::moderate_survey_text(const caller& who, challenge_ref which, std::int64_t id, bool publish,
                                                  std::string reason, callback<survey_text> cb)
{
    if (auto f = check_text(reason, "reason", publish ? 0 : 1, moderation_reason_max, true))
        return cb(*f);
    runner_.write<survey_text>(
        [this, who, which, id, publish, reason = std::move(reason)](repository& repo) -> result<survey_text> {
            auto ch = load_challenge_as_organiser(repo, who, which);
            if (!ch)
                return ch.error();
            const auto now = clock_.now();
            if (auto f = require_closed(*ch, now, "free text is moderated"))
                return *f;
            freeze_if_due(repo, *ch, now);
            auto t = repo.find_survey_text(ch->id, id);
            if (!t)
                return fail(errc::not_found, "", "no answer " + std::to_string(id) + " in this survey");
            t->status = publish ? text_status::published : text_status::hidden;
            t->reason = publish ? std::string() : reason;
            repo.set_survey_text_status(id, t->status, t->reason);
            for (const auto file : {results_file, json_file, csv_file})
                repo.drop_published_export(ch->id, file);
            audit(repo, now, who, ch->municipality_id, ch->id, publish ? "survey.text.publish" : "survey.text.hide",
                  {{"answer", id}, {"question", t->question}, {"reason", t->reason}});
            return std::move(*t);
        },
        [this, which, cb = std::move(cb)](result<survey_text> r) mutable {
            // The results document again at once (on a reader), so reports never count it.
            if (r.ok())
                closed_survey_file(caller{}, which, results_file, [](result<std::string>) {});
            cb(std::move(r));
        });
}

void consultation_use_cases::seed_categories(const caller& who, challenge_ref which, std::string question,
                                             std::size_t count, callback<challenge_view> cb)
{
    read_frozen_survey<std::vector<std::string>>(
        which,
        [this, who, which, question, count](repository& repo) -> result<std::vector<std::string>> {
            auto ch = load_challenge_as_organiser(repo, who, which);
            if (!ch)
                return ch.error();
            if (auto f = require_closed(*ch, clock_.now(), "categories are seeded from the answers"))
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
        [this, who, which, cb = std::move(cb)](result<std::vector<std::string>> categories) mutable {
            if (!categories)
                return cb(categories.error());
            challenge_patch patch;
            patch.categories = std::move(*categories);
            challenges_.patch_challenge(who, which, std::move(patch), std::move(cb));
        });
}

// The consultation's answer: one response per token, a new one replacing the old, at most
// max_survey_responses_per_token of them. A token revoked while the consultation is open stops
// counting at its close (service_tokens.cpp).
void consultation_use_cases::answer_survey(challenge_ref which, survey_answers in, callback<ballot_receipt> cb)
{
    const std::string token = in.token;
    runner_.as_participant<ballot_receipt>(
        std::move(which), token,
        [](const timeline& t, time_point now) -> std::optional<failure> {
            if (!t.consultation)
                return fail(errc::phase_not_open, "", "this challenge has no consultation");
            return require_open(*t.consultation, "consultation", now);
        },
        [in = std::move(in)](repository& repo, const challenge* ch, const std::string& jti,
                             time_point now) -> result<ballot_receipt> {
            const auto qs = repo.find_survey(ch->id);
            if (!qs)
                return fail(errc::phase_not_open, "", "this challenge's consultation has no survey");
            if (auto f = check_answers(*qs, in.answers))
                return *f;
            if (repo.survey_responses_sent(ch->id, jti) >= max_survey_responses_per_token)
                return fail(errc::too_many_responses, "token",
                            "a token may answer the survey at most " + std::to_string(max_survey_responses_per_token) +
                                " times; this one has, and its last response is the one that counts");
            ballot_receipt out{new_receipt(), false, std::nullopt};
            out.replaced = repo.replace_survey_response(ch->id, jti, out.receipt, in.answers, now);
            return out;
        },
        std::move(cb));
}

} // namespace cabildo::engine
