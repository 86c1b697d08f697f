#include "engine/domain/commitment.hpp"

#include "engine/domain/limits.hpp"
#include "engine/domain/validation.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace cabildo::engine {

namespace {

constexpr std::array<std::pair<commitment_status, std::string_view>, 4> status_names{{
    {commitment_status::not_started, "not_started"},
    {commitment_status::started, "started"},
    {commitment_status::completed, "completed"},
    {commitment_status::verified, "verified"},
}};

constexpr std::array<std::pair<commitment_act, std::string_view>, 6> act_names{{
    {commitment_act::start, "start"},
    {commitment_act::complete_milestone, "complete_milestone"},
    {commitment_act::reopen_milestone, "reopen_milestone"},
    {commitment_act::note, "note"},
    {commitment_act::verify, "verify"},
    {commitment_act::reject, "reject"},
}};

constexpr std::array<std::pair<commitment_event, std::string_view>, 8> event_names{{
    {commitment_event::created, "created"},
    {commitment_event::edited, "edited"},
    {commitment_event::started, "started"},
    {commitment_event::milestone_completed, "milestone_completed"},
    {commitment_event::milestone_reopened, "milestone_reopened"},
    {commitment_event::verified, "verified"},
    {commitment_event::rejected, "rejected"},
    {commitment_event::note, "note"},
}};

} // namespace

std::string_view name_of(commitment_status s) { return name_in<commitment_status>(status_names, s); }
std::optional<commitment_status> commitment_status_named(std::string_view name)
{
    return value_in<commitment_status>(status_names, name);
}

name_table<commitment_act> commitment_act_names() { return act_names; }
std::string_view name_of(commitment_act a) { return name_in<commitment_act>(act_names, a); }
std::optional<commitment_act> commitment_act_named(std::string_view name)
{
    return value_in<commitment_act>(act_names, name);
}

std::string_view name_of(commitment_event e) { return name_in<commitment_event>(event_names, e); }
std::optional<commitment_event> commitment_event_named(std::string_view name)
{
    return value_in<commitment_event>(event_names, name);
}

commitment_event event_of(commitment_act a)
{
    switch (a) {
    case commitment_act::start: return commitment_event::started;
    case commitment_act::complete_milestone: return commitment_event::milestone_completed;
    case commitment_act::reopen_milestone: return commitment_event::milestone_reopened;
    case commitment_act::verify: return commitment_event::verified;
    case commitment_act::reject: return commitment_event::rejected;
    case commitment_act::note: break;
    }
    return commitment_event::note;
}

int progress_of(const commitment& c)
{
    int sum = 0;
    for (const auto& m : c.milestones)
        if (m.completed_at)
            sum += m.weight;
    return sum;
}

std::string progress_formula(const commitment& c)
{
    std::string terms;
    int sum = 0, parts = 0;
    for (const auto& m : c.milestones) {
        if (!m.completed_at)
            continue;
        terms.append(parts++ ? " + " : "").append(std::to_string(m.weight));
        sum += m.weight;
    }
    if (parts == 0)
        return "0";
    if (parts == 1)
        return terms;
    return terms.append(" = ").append(std::to_string(sum));
}

commitment_status status_of(const commitment& c)
{
    if (c.verification)
        return commitment_status::verified;
    const bool all = !c.milestones.empty() && std::all_of(c.milestones.begin(), c.milestones.end(),
                                                          [](const auto& m) { return m.completed_at; });
    if (all)
        return commitment_status::completed;
    const bool any =
        std::any_of(c.milestones.begin(), c.milestones.end(), [](const auto& m) { return m.completed_at; });
    return c.started_at || any ? commitment_status::started : commitment_status::not_started;
}

std::optional<failure> check_milestones(const std::vector<milestone>& ms, time_point starts, time_point ends)
{
    if (ms.empty() || ms.size() > max_milestones)
        return fail(errc::invalid_field, "milestones",
                    "milestones must list from 1 to " + std::to_string(max_milestones) + " milestones");
    int sum = 0;
    for (std::size_t i = 0; i < ms.size(); ++i) {
        const auto field = std::string("milestones[").append(std::to_string(i)).append("]");
        if (auto f = check_text(ms[i].title, field + ".title", milestone_title_limit))
            return f;
        if (ms[i].weight < 1 || ms[i].weight > 100)
            return fail(errc::invalid_field, field + ".weight", field + ".weight must be a whole number from 1 to 100");
        if (ms[i].due && (*ms[i].due < starts || *ms[i].due > ends))
            return fail(errc::invalid_field, field + ".due",
                        field + ".due must lie between the commitment's starts and ends");
        sum += ms[i].weight;
    }
    if (sum != 100)
        return fail(errc::invalid_field, "milestones",
                    "the milestones' weights must sum to 100; they sum to " + std::to_string(sum));
    return std::nullopt;
}

std::optional<failure> check_evidence(const evidence& e, bool required)
{
    if (e.empty()) {
        if (!required)
            return std::nullopt;
        return fail(errc::invalid_field, "evidence",
                    "evidence must give a url (http or https) or the sha256 of a document");
    }
    if (!e.url.empty()) {
        constexpr std::array<std::string_view, 2> schemes{"https://", "http://"};
        const bool scheme = std::any_of(schemes.begin(), schemes.end(), [&](auto s) { return e.url.starts_with(s); });
        const bool clean = std::none_of(e.url.begin(), e.url.end(), [](unsigned char ch) {
            return ch <= ' ' || ch == 0x7f || ch == '"' || ch == '<' || ch == '>';
        });
        if (!scheme || !clean || e.url.size() > evidence_url_max || e.url.find("://") + 3 == e.url.size())
            return fail(errc::invalid_field, "evidence.url",
                        "evidence.url must be an http or https address of at most " + std::to_string(evidence_url_max) +
                            " characters, without spaces");
    }
    if (!e.sha256.empty()) {
        const bool hex = e.sha256.size() == 64 && std::all_of(e.sha256.begin(), e.sha256.end(), [](unsigned char ch) {
                             return std::isdigit(ch) || (ch >= 'a' && ch <= 'f');
                         });
        if (!hex)
            return fail(errc::invalid_field, "evidence.sha256",
                        "evidence.sha256 must be a SHA-256 digest written as 64 lowercase hex digits");
    }
    return std::nullopt;
}

} // namespace cabildo::engine

namespace cabildo::engine {

namespace {

// Who may ask for an act: its implementing organiser, a verifier, or (a note) either.
enum class act_owner { organiser, verifier, either };
act_owner owner_of(commitment_act a)
{
    switch (a) {
    case commitment_act::start:
    case commitment_act::complete_milestone:
    case commitment_act::reopen_milestone: return act_owner::organiser;
    case commitment_act::verify:
    case commitment_act::reject: return act_owner::verifier;
    case commitment_act::note: break;
    }
    return act_owner::either;
}

// A note of spaces says nothing.
bool blank(const std::string& note)
{
    return std::all_of(note.begin(), note.end(), [](unsigned char ch) { return std::isspace(ch); });
}

// The 1-based milestone the action names, checked against the commitment's.
result<int> named_milestone(const commitment& c, const std::optional<int>& n)
{
    if (!n)
        return fail(errc::invalid_field, "milestone", "milestone must name a milestone, from 1");
    if (*n < 1 || static_cast<std::size_t>(*n) > c.milestones.size())
        return fail(errc::invalid_field, "milestone",
                    "milestone must be from 1 to " + std::to_string(c.milestones.size()));
    return *n;
}

// The milestone a rejection reopens when it names none: the one completed last.
int completed_last(const commitment& c)
{
    int last = 0;
    for (std::size_t i = 0; i < c.milestones.size(); ++i)
        if (c.milestones[i].completed_at &&
            (last == 0 || *c.milestones[i].completed_at >= *c.milestones[last - 1].completed_at))
            last = static_cast<int>(i) + 1;
    return last;
}

std::optional<failure> check_role(role by, commitment_act action)
{
    const bool verifier = by == role::verifier; // anyone else acts as the implementing organiser
    if (verifier && owner_of(action) == act_owner::organiser)
        return fail(errc::forbidden, "action",
                    "a verifier key does not change a commitment's progress: it verifies or rejects completed ones");
    if (!verifier && owner_of(action) == act_owner::verifier)
        return fail(errc::forbidden, "action",
                    "the implementing organiser cannot verify their own work; a verifier key of the municipality does");
    return std::nullopt;
}

result<std::optional<int>> organiser_action(commitment& c, const commitment_action& act, time_point now)
{
    if (act.action == commitment_act::start) {
        if (status_of(c) != commitment_status::not_started)
            return fail(errc::wrong_status, "action", "the commitment has started already");
        c.started_at = now;
        return std::optional<int>{};
    }
    auto n = named_milestone(c, act.milestone);
    if (!n)
        return n.error();
    auto& m = c.milestones[static_cast<std::size_t>(*n - 1)];
    if (act.action == commitment_act::complete_milestone) {
        if (m.completed_at)
            return fail(errc::wrong_status, "milestone", "milestone " + std::to_string(*n) + " is complete already");
        m.completed_at = now;
        if (!c.started_at)
            c.started_at = now;
        return std::optional<int>{*n};
    }
    if (!m.completed_at)
        return fail(errc::wrong_status, "milestone", "milestone " + std::to_string(*n) + " is not complete");
    if (blank(act.note))
        return fail(errc::invalid_field, "note", "note must say why the milestone is reopened");
    m.completed_at.reset();
    return std::optional<int>{*n};
}

result<std::optional<int>> verifier_action(commitment& c, const commitment_action& act, time_point now)
{
    if (status_of(c) != commitment_status::completed)
        return fail(errc::wrong_status, "action",
                    "only a completed commitment can be verified or rejected; this one is " +
                        std::string(name_of(status_of(c))));
    if (blank(act.note))
        return fail(errc::invalid_field, "note",
                    act.action == commitment_act::verify ? "note must say what was checked"
                                                         : "note must give the reason");
    if (act.action == commitment_act::verify) {
        if (auto f = check_evidence(act.evidence, true))
            return *f;
        c.verification = verification{now, act.evidence, act.note};
        return std::optional<int>{};
    }
    auto n = act.milestone ? named_milestone(c, act.milestone) : result<int>(completed_last(c));
    if (!n)
        return n.error();
    c.milestones[static_cast<std::size_t>(*n - 1)].completed_at.reset();
    return std::optional<int>{*n};
}

} // namespace

result<std::optional<int>> apply_action(commitment& c, role by, const commitment_action& act, time_point now)
{
    if (auto f = check_role(by, act.action))
        return *f;
    if (auto f = check_text(act.note, "note", commitment_note_limit, true))
        return *f;
    if (auto f = check_evidence(act.evidence, false))
        return *f;
    if (act.action == commitment_act::note) {
        if (blank(act.note))
            return fail(errc::invalid_field, "note", "note must not be empty");
        return std::optional<int>{};
    }
    if (status_of(c) == commitment_status::verified)
        return fail(errc::wrong_status, "action", "the commitment is verified; only notes can be added");
    if (owner_of(act.action) == act_owner::verifier)
        return verifier_action(c, act, now);
    return organiser_action(c, act, now);
}

} // namespace cabildo::engine
