#include "api/inputs.hpp"

#include "engine/domain/rfc3339.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <climits>

namespace cabildo::api {

using engine::time_point;

namespace {

std::optional<time_point> instant(field_reader& r, const char* name, bool required)
{
    const auto text = r.text(name, required);
    if (!text)
        return std::nullopt;
    const auto t = engine::parse_rfc3339(*text);
    if (!t)
        r.refuse(r.path(name), r.path(name) + " must be an RFC 3339 time such as 2020-10-01T06:00:00Z");
    return t;
}

std::optional<engine::window_patch> window_of(field_reader& r, const char* name, bool required, bool partial)
{
    const json* w = r.object(name, required);
    if (!w)
        return std::nullopt;
    field_reader inner(*w, r.path(name));
    engine::window_patch out{instant(inner, "opens", !partial), instant(inner, "closes", !partial)};
    if (!inner.ok()) {
        r.refuse(inner.error().field, inner.error().message);
        return std::nullopt;
    }
    return out;
}

std::optional<engine::ballot_patch> ballot_of(field_reader& r)
{
    const json* b = r.object("ballot", false);
    if (!b)
        return std::nullopt;
    field_reader inner(*b, "ballot");
    engine::ballot_patch p;
    const auto size = [](std::optional<std::int64_t> v) {
        return v ? std::optional<std::size_t>(static_cast<std::size_t>(*v)) : std::nullopt;
    };
    p.kind = inner.text("kind", false);
    p.method = inner.text("method", false);
    p.max_choices = size(inner.integer("max_choices", false, 1, engine::max_ballot_ideas));
    p.max_ranks = size(inner.integer("max_ranks", false, 1, engine::max_ballot_ideas));
    p.points_total = inner.integer("points_total", false, 1, engine::max_points_total);
    p.max_per_idea = inner.integer("max_per_idea", false, 1, engine::max_points_total);
    p.threshold = inner.integer("threshold", false, 0, INT64_MAX);
    if (!inner.ok()) {
        r.refuse(inner.error().field, inner.error().message);
        return std::nullopt;
    }
    return p;
}

// A document or a piece of evidence: {url?, sha256?}. Digests are compared in lowercase, and
// Windows tools print them in uppercase: both are read, everywhere one is taken.
std::optional<engine::evidence> evidence_of(field_reader& r, const char* name)
{
    const json* e = r.object(name, false);
    if (!e)
        return std::nullopt;
    field_reader er(*e, r.path(name));
    engine::evidence out{er.text("url", false).value_or(""), er.text("sha256", false).value_or("")};
    std::transform(out.sha256.begin(), out.sha256.end(), out.sha256.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (!er.ok()) {
        r.refuse(er.error().field, er.error().message);
        return std::nullopt;
    }
    return out;
}

template <class T>
engine::result<T> finish(field_reader& r, T value)
{
    if (!r.ok())
        return r.error();
    return value;
}

} // namespace

engine::result<engine::municipality_input> read_municipality(const json& body)
{
    field_reader r(body);
    engine::municipality_input in;
    in.slug = r.text("slug", true).value_or("");
    in.name = r.text("name", true).value_or("");
    in.state = r.text("state", false).value_or("");
    in.timezone = r.text("timezone", true).value_or("");
    in.locale = r.text("locale", false).value_or("es-MX");
    return finish(r, std::move(in));
}

engine::result<engine::challenge_input> read_challenge(const json& body)
{
    field_reader r(body);
    engine::challenge_input in;
    in.slug = r.text("slug", true).value_or("");
    in.title = r.text("title", true).value_or("");
    in.description = r.text("description", true).value_or("");
    in.categories = r.text_list("categories", false).value_or(std::vector<std::string>{});
    if (const json* t = r.object("timeline", true)) {
        field_reader tr(*t, "timeline");
        const auto submission = window_of(tr, "submission", true, false);
        const auto voting = window_of(tr, "voting", true, false);
        const auto announcement = instant(tr, "announcement", true);
        const auto consultation = window_of(tr, "consultation", false, false);
        const auto development = window_of(tr, "development", false, false);
        if (!tr.ok())
            return tr.error();
        in.timeline.submission = {*submission->opens, *submission->closes};
        in.timeline.voting = {*voting->opens, *voting->closes};
        in.timeline.announcement = *announcement;
        if (consultation)
            in.timeline.consultation = engine::window{*consultation->opens, *consultation->closes};
        if (development)
            in.timeline.development = engine::window{*development->opens, *development->closes};
    }
    if (auto b = ballot_of(r))
        in.ballot = std::move(*b);
    if (r.has("winners") && r.has("budget"))
        r.refuse("budget", "send winners or budget, not both");
    if (auto w = r.integer("winners", false, 1, engine::max_winners))
        in.winners = static_cast<std::size_t>(*w);
    in.budget = r.integer("budget", false, 1, engine::max_budget);
    in.tie_break_seed = r.text("tie_break_seed", false);
    if (auto m = r.integer("max_ideas_per_token", false, 1, engine::max_ideas_per_token_limit))
        in.max_ideas_per_token = static_cast<std::size_t>(*m);
    if (auto m = r.integer("max_ideas", false, 1, engine::max_max_ideas))
        in.max_ideas = static_cast<std::size_t>(*m);
    if (auto p = r.text("in_person_policy", false)) {
        if (const auto named = engine::value_in<engine::in_person_policy>(engine::in_person_policy_names, *p))
            in.in_person_policy = *named;
        else
            r.refuse("in_person_policy", "in_person_policy must be " + engine::names_in<engine::in_person_policy>(
                                                                           engine::in_person_policy_names));
    }
    if (auto a = r.text("anonymity", false)) {
        if (const auto named = engine::anonymity_named(*a))
            in.anonymity = *named;
        else
            r.refuse("anonymity", "anonymity must be \"none\" (signed tokens) or \"blind\" (RFC 9474)");
    }
    if (auto bits = r.integer("blind_key_bits", false, 2048, 3072)) {
        if (*bits != 2048 && *bits != 3072)
            r.refuse("blind_key_bits", "blind_key_bits must be 2048 or 3072");
        else if (in.anonymity != engine::anonymity::blind)
            r.refuse("blind_key_bits", "blind_key_bits is for challenges with \"anonymity\": \"blind\"");
        in.blind_key_bits = static_cast<unsigned>(*bits);
    }
    return finish(r, std::move(in));
}

engine::result<engine::challenge_patch> read_challenge_patch(const json& body)
{
    field_reader r(body);
    engine::challenge_patch p;
    p.title = r.text("title", false);
    p.description = r.text("description", false);
    p.categories = r.text_list("categories", false);
    if (const json* t = r.object("timeline", false)) {
        field_reader tr(*t, "timeline");
        p.consultation = window_of(tr, "consultation", false, true);
        p.submission = window_of(tr, "submission", false, true);
        p.voting = window_of(tr, "voting", false, true);
        p.development = window_of(tr, "development", false, true);
        p.announcement = instant(tr, "announcement", false);
        if (!tr.ok())
            return tr.error();
    }
    p.ballot = ballot_of(r);
    if (auto w = r.integer("winners", false, 1, engine::max_winners))
        p.winners = static_cast<std::size_t>(*w);
    p.tie_break_seed = r.text("tie_break_seed", false);
    if (auto m = r.integer("max_ideas_per_token", false, 1, engine::max_ideas_per_token_limit))
        p.max_ideas_per_token = static_cast<std::size_t>(*m);
    if (auto m = r.integer("max_ideas", false, 1, engine::max_max_ideas))
        p.max_ideas = static_cast<std::size_t>(*m);
    for (const char* frozen : {"slug", "budget", "anonymity", "blind_key_bits", "in_person_policy"})
        if (r.has(frozen))
            r.refuse(frozen, std::string(frozen) + " cannot be changed");
    return finish(r, std::move(p));
}

engine::result<engine::token_request> read_token_request(const json& body)
{
    field_reader r(body);
    engine::token_request req;
    if (const json* people = r.array("participants", false)) {
        if (people->size() > engine::max_tokens_per_request)
            r.refuse("participants",
                     "at most " + std::to_string(engine::max_tokens_per_request) + " participants per request");
        for (std::size_t i = 0; r.ok() && i < people->size(); ++i) {
            const auto field = "participants[" + std::to_string(i) + "]";
            if (!(*people)[i].is_object()) {
                r.refuse(field, field + " must be an object with a ref");
                break;
            }
            field_reader pr((*people)[i], field);
            auto ref = pr.text("ref", true);
            if (!pr.ok())
                return pr.error();
            req.refs.push_back(std::move(*ref));
        }
    }
    if (auto n = r.integer("count", false, 1, static_cast<std::int64_t>(engine::max_tokens_per_request)))
        req.count = static_cast<std::size_t>(*n);
    req.reissue = r.boolean("reissue", false).value_or(false);
    req.label = r.text("label", false).value_or("");
    return finish(r, std::move(req));
}

engine::result<engine::key_request> read_key_request(const json& body)
{
    field_reader r(body);
    engine::key_request in;
    if (auto role = r.text("role", false)) {
        if (auto named = engine::key_role_named(*role))
            in.role = *named;
        else
            r.refuse("role", "role must be \"organiser\", \"issuer\" or \"verifier\" (an officer's key is made on its "
                             "table: POST .../tables/{t}/officers)");
    }
    in.label = r.text("label", false).value_or("");
    return finish(r, std::move(in));
}

engine::result<engine::blind_request> read_blind_request(const json& body)
{
    field_reader r(body);
    engine::blind_request in;
    in.ref = r.text("ref", true).value_or("");
    const auto msg = r.text("blinded_msg", true);
    if (msg) {
        auto raw = engine::base64url_decode(*msg);
        if (!raw)
            r.refuse("blinded_msg", "blinded_msg must be base64url (RFC 4648 section 5, no padding)");
        else
            in.blinded_msg = std::move(*raw);
    }
    return finish(r, std::move(in));
}

engine::result<engine::revoke_request> read_revoke_request(const json& body)
{
    field_reader r(body);
    engine::revoke_request req;
    req.tokens = r.text_list("tokens", false).value_or(std::vector<std::string>{});
    req.refs = r.text_list("refs", false).value_or(std::vector<std::string>{});
    return finish(r, std::move(req));
}

engine::result<engine::idea_input> read_idea(const json& body)
{
    field_reader r(body);
    engine::idea_input in;
    in.token = r.text("token", true).value_or("");
    in.title = r.text("title", true).value_or("");
    in.description = r.text("description", true).value_or("");
    in.category = r.text("category", false).value_or("");
    in.cost = r.integer("cost", false, 0, engine::max_budget);
    if (const json* loc = r.object("location", false)) {
        field_reader lr(*loc, "location");
        const auto lat = lr.number("latitude", true);
        const auto lng = lr.number("longitude", true);
        if (!lr.ok())
            return lr.error();
        in.location = engine::location{*lat, *lng};
    }
    return finish(r, std::move(in));
}

engine::result<engine::ballot_input> read_ballot(const json& body)
{
    field_reader r(body);
    engine::ballot_input in;
    in.token = r.text("token", true).value_or("");
    // The kind's field is checked against the challenge by the engine; here only its shape.
    const int given = int(r.has("choices")) + int(r.has("ranking")) + int(r.has("points"));
    if (r.ok() && given == 0)
        r.refuse("choices", "send the ballot as choices, ranking or points, as the challenge's ballot.kind says");
    if (r.ok() && given > 1)
        r.refuse("choices", "send one of choices, ranking or points");
    for (const char* field : {"choices", "ranking"}) {
        if (!r.has(field))
            continue;
        in.field = field;
        if (auto ids = r.integer_list(field, true)) {
            if (ids->size() > engine::max_ballot_ideas)
                r.refuse(field, std::string(field) + " may list at most " + std::to_string(engine::max_ballot_ideas) +
                                    " ideas");
            in.content.ideas = std::move(*ids);
        }
    }
    if (const json* points = r.object("points", false)) {
        in.field = "points";
        if (points->size() > engine::max_ballot_ideas)
            r.refuse("points", "points may name at most " + std::to_string(engine::max_ballot_ideas) + " ideas");
        for (auto it = points->begin(); r.ok() && it != points->end(); ++it) {
            const auto field = "points." + it.key();
            engine::idea_id id = 0;
            const auto& key = it.key();
            const auto parsed = std::from_chars(key.data(), key.data() + key.size(), id);
            if (parsed.ec != std::errc{} || parsed.ptr != key.data() + key.size() || id <= 0) {
                r.refuse(field, "points are keyed by idea id");
                break;
            }
            if (!it->is_number_integer()) {
                r.refuse(field, field + " must be a whole number of points");
                break;
            }
            in.content.ideas.push_back(id);
            in.content.points.push_back(
                it->is_number_unsigned() && it->get<std::uint64_t>() > INT64_MAX ? INT64_MAX : it->get<std::int64_t>());
        }
    }
    return finish(r, std::move(in));
}

namespace {

// The moderation actions, as the bodies spell them: whether each hides (an idea) or publishes (a
// survey text).
constexpr std::array<std::pair<bool, std::string_view>, 2> idea_moderation_actions{
    {{true, "hide"}, {false, "restore"}}};
constexpr std::array<std::pair<bool, std::string_view>, 2> text_moderation_actions{
    {{true, "publish"}, {false, "hide"}}};

} // namespace

engine::result<moderation_input> read_moderation(const json& body)
{
    field_reader r(body);
    moderation_input in;
    const auto action = r.text("action", true);
    const auto hide = action ? engine::value_in<bool>(idea_moderation_actions, *action) : std::nullopt;
    if (action && !hide)
        r.refuse("action", "action must be 'hide' or 'restore'");
    in.hide = hide.value_or(false);
    in.reason = r.text("reason", in.hide).value_or("");
    return finish(r, std::move(in));
}

engine::result<text_moderation_input> read_text_moderation(const json& body)
{
    field_reader r(body);
    text_moderation_input in;
    const auto action = r.text("action", true);
    in.reason = r.text("reason", false).value_or("");
    const auto publish = action ? engine::value_in<bool>(text_moderation_actions, *action) : std::nullopt;
    if (r.ok() && !publish)
        r.refuse("action", "action must be \"publish\" or \"hide\"");
    in.publish = publish.value_or(false);
    return finish(r, std::move(in));
}

engine::result<std::optional<document_format>> read_format(const std::map<std::string, std::string>& query,
                                                           engine::name_table<document_format> formats)
{
    const auto it = query.find("format");
    if (it == query.end())
        return std::optional<document_format>();
    if (const auto f = engine::value_in(formats, it->second))
        return std::optional<document_format>(*f);
    return engine::fail(engine::errc::invalid_field, "format", "format must be " + engine::names_in(formats));
}

namespace {

std::optional<std::vector<engine::milestone>> milestones_of(field_reader& r, bool required)
{
    const json* list = r.array("milestones", required);
    if (!list)
        return std::nullopt;
    if (list->size() > engine::max_milestones) {
        r.refuse("milestones", "milestones may list at most " + std::to_string(engine::max_milestones));
        return std::nullopt;
    }
    std::vector<engine::milestone> out;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto field = std::string("milestones[").append(std::to_string(i)).append("]");
        if (!(*list)[i].is_object()) {
            r.refuse(field, field + " must be an object with a title and a weight");
            return std::nullopt;
        }
        field_reader m((*list)[i], field);
        auto title = m.text("title", true);
        const auto weight = m.integer("weight", true, 1, 100);
        const auto due = instant(m, "due", false);
        if (!m.ok()) {
            r.refuse(m.error().field, m.error().message);
            return std::nullopt;
        }
        out.push_back({std::move(*title), static_cast<int>(*weight), due, std::nullopt});
    }
    return out;
}

} // namespace

engine::result<engine::commitment_input> read_commitment(const json& body)
{
    field_reader r(body);
    engine::commitment_input in;
    in.title = r.text("title", true).value_or("");
    in.objective = r.text("objective", true).value_or("");
    in.responsible = r.text("responsible", true).value_or("");
    in.starts = instant(r, "starts", true).value_or(time_point{});
    in.ends = instant(r, "ends", true).value_or(time_point{});
    in.indicator = r.text("indicator", true).value_or("");
    in.target = r.text("target", true).value_or("");
    in.topics = r.text_list("topics", false).value_or(std::vector<std::string>{});
    in.ideas = r.integer_list("ideas", true).value_or(std::vector<std::int64_t>{});
    in.milestones = milestones_of(r, true).value_or(std::vector<engine::milestone>{});
    if (r.has("ideas") && r.ok() && in.ideas.size() > 1000)
        r.refuse("ideas", "ideas may list at most 1000 ideas");
    return finish(r, std::move(in));
}

engine::result<engine::commitment_patch> read_commitment_patch(const json& body)
{
    field_reader r(body);
    engine::commitment_patch p;
    p.title = r.text("title", false);
    p.objective = r.text("objective", false);
    p.responsible = r.text("responsible", false);
    p.indicator = r.text("indicator", false);
    p.target = r.text("target", false);
    p.starts = instant(r, "starts", false);
    p.ends = instant(r, "ends", false);
    p.topics = r.text_list("topics", false);
    p.milestones = milestones_of(r, false);
    if (r.has("ideas"))
        r.refuse("ideas", "ideas cannot be changed: make another commitment for other ideas");
    r.only({"title", "objective", "responsible", "indicator", "target", "starts", "ends", "topics", "milestones"});
    return finish(r, std::move(p));
}

engine::result<engine::commitment_action> read_commitment_action(const json& body)
{
    field_reader r(body);
    engine::commitment_action a;
    if (const auto action = r.text("action", true)) {
        if (const auto named = engine::commitment_act_named(*action))
            a.action = *named;
        else
            r.refuse("action", "action must be " + engine::names_in(engine::commitment_act_names()));
    }
    if (auto n = r.integer("milestone", false, 1, static_cast<std::int64_t>(engine::max_milestones)))
        a.milestone = static_cast<int>(*n);
    a.note = r.text("note", false).value_or("");
    if (auto e = evidence_of(r, "evidence"))
        a.evidence = std::move(*e);
    return finish(r, std::move(a));
}

namespace {

std::optional<engine::question> question_of(const json& j, const std::string& field, field_reader& outer)
{
    if (!j.is_object()) {
        outer.refuse(field, field + " must be an object with an id, a kind and a prompt");
        return std::nullopt;
    }
    field_reader r(j, field);
    engine::question q;
    q.id = r.text("id", true).value_or("");
    if (auto kind = r.text("kind", true)) {
        if (auto k = engine::question_kind_named(*kind))
            q.kind = *k;
        else
            r.refuse(r.path("kind"), r.path("kind") + " must be single, multiple, scale, ranking or text");
    }
    q.prompt = r.text("prompt", true).value_or("");
    q.required = r.boolean("required", false).value_or(false);
    q.options = r.text_list("options", false).value_or(std::vector<std::string>{});
    q.max = static_cast<int>(
        r.integer("max", false, 1, static_cast<std::int64_t>(engine::max_question_options)).value_or(0));
    q.points = static_cast<int>(r.integer("points", false, 2, engine::max_scale_points).value_or(5));
    q.min_label = r.text("min_label", false).value_or("");
    q.max_label = r.text("max_label", false).value_or("");
    q.max_length = static_cast<int>(r.integer("max_length", false, 1, engine::max_text_answer).value_or(500));
    if (!r.ok()) {
        outer.refuse(r.error().field, r.error().message);
        return std::nullopt;
    }
    return q;
}

} // namespace

engine::result<std::vector<engine::question>> read_survey(const json& body)
{
    field_reader r(body);
    std::vector<engine::question> qs;
    if (const json* list = r.array("questions", true)) {
        if (list->size() > engine::max_questions)
            r.refuse("questions", "questions may list at most " + std::to_string(engine::max_questions));
        for (std::size_t i = 0; r.ok() && i < list->size(); ++i)
            if (auto q = question_of((*list)[i], std::string("questions[").append(std::to_string(i)).append("]"), r))
                qs.push_back(std::move(*q));
    }
    return finish(r, std::move(qs));
}

// Answers keyed by question id: a number (one option, or a scale value), a list of option
// numbers (several, or a ranking best first), or text. The engine checks them against the kind.
engine::result<engine::survey_answers> read_survey_answers(const json& body)
{
    field_reader r(body);
    engine::survey_answers in;
    in.token = r.text("token", true).value_or("");
    if (const json* answers = r.object("answers", true)) {
        if (answers->size() > engine::max_questions)
            r.refuse("answers", "answers may hold at most " + std::to_string(engine::max_questions));
        for (auto it = answers->begin(); r.ok() && it != answers->end(); ++it) {
            const auto field = "answers." + it.key();
            engine::answer a{it.key(), std::nullopt, {}, std::nullopt};
            const auto& v = it.value();
            if (v.is_number_integer() && v.get<std::int64_t>() >= INT32_MIN && v.get<std::int64_t>() <= INT32_MAX)
                a.value = v.get<int>();
            else if (v.is_string())
                a.text = v.get<std::string>();
            else if (v.is_array() && v.size() <= engine::max_question_options &&
                     std::all_of(v.begin(), v.end(), [](const json& x) {
                         return x.is_number_integer() && x.get<std::int64_t>() >= 0 &&
                                x.get<std::int64_t>() < static_cast<std::int64_t>(engine::max_question_options);
                     }))
                for (const auto& x : v)
                    a.choices.push_back(x.get<int>());
            else {
                r.refuse(field, field + " must be an option number, a list of option numbers, or text");
                break;
            }
            in.answers.push_back(std::move(a));
        }
    }
    return finish(r, std::move(in));
}

engine::result<engine::exercise_input> read_exercise(const json& body)
{
    field_reader r(body);
    engine::exercise_input in;
    in.slug = r.text("slug", true).value_or("");
    in.title = r.text("title", true).value_or("");
    in.challenges = r.text_list("challenges", false).value_or(std::vector<std::string>{});
    return finish(r, std::move(in));
}

engine::result<engine::exercise_patch> read_exercise_patch(const json& body)
{
    field_reader r(body);
    engine::exercise_patch p;
    p.title = r.text("title", false);
    p.challenges = r.text_list("challenges", false);
    if (r.has("slug"))
        r.refuse("slug", "slug cannot be changed");
    r.only({"title", "challenges", "steps"});
    // Each step at most once (the engine refuses a repeat, naming it): at most 13 entries.
    constexpr auto max_steps = engine::strategy_step_count;
    if (const json* steps = r.array("steps", false)) {
        for (std::size_t i = 0; r.ok() && i < steps->size() && i < max_steps; ++i) {
            const auto field = std::string("steps[").append(std::to_string(i)).append("]");
            if (!(*steps)[i].is_object()) {
                r.refuse(field, field + " must be an object with the step's number n");
                break;
            }
            field_reader sr((*steps)[i], field);
            sr.only({"n", "status", "date", "document", "note"});
            engine::step_patch s;
            s.n = static_cast<int>(sr.integer("n", true, 1, static_cast<std::int64_t>(max_steps)).value_or(0));
            s.status = sr.text("status", false);
            s.note = sr.text("note", false);
            if ((*steps)[i].contains("date"))
                s.date = (*steps)[i]["date"].is_null() ? std::optional<time_point>() : instant(sr, "date", true);
            s.document = evidence_of(sr, "document");
            if (!sr.ok())
                r.refuse(sr.error().field, sr.error().message);
            p.steps.push_back(std::move(s));
        }
        if (steps->size() > max_steps)
            r.refuse("steps", "steps may list each of the 13 steps once");
    }
    return finish(r, std::move(p));
}

} // namespace cabildo::api
