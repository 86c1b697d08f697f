// The action plan: commitments made from the announced winners, their milestones and the public
// history of every change. An organiser implements; only a verifier key of the municipality
// verifies (or rejects) what the organiser claims to have completed.
#include "engine/use_cases/action_plan.hpp"

#include "engine/domain/rfc3339.hpp"
#include "engine/domain/validation.hpp"
#include "engine/publication/results_document.hpp"
#include "engine/use_cases/service_detail.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace cabildo::engine {

using namespace detail;

namespace {

using json = nlohmann::json;

// Ideas a commitment may carry out at most; a plan merges a few, not the whole ranking.
constexpr std::size_t max_commitment_ideas = 50;

// The SMART texts a request sends (a patch may leave any of them out).
std::optional<failure> check_texts(const std::optional<std::string>& title, const std::optional<std::string>& objective,
                                   const std::optional<std::string>& responsible,
                                   const std::optional<std::string>& indicator,
                                   const std::optional<std::string>& target)
{
    const std::pair<const std::optional<std::string>*, std::pair<const char*, text_limit>> fields[] = {
        {&title, {"title", commitment_title_limit}},
        {&objective, {"objective", commitment_text_limit}},
        {&responsible, {"responsible", commitment_field_limit}},
        {&indicator, {"indicator", commitment_field_limit}},
        {&target, {"target", commitment_field_limit}}};
    for (const auto& [value, rule] : fields)
        if (*value)
            if (auto f = check_text(**value, rule.first, rule.second, rule.first == std::string_view("objective")))
                return f;
    return std::nullopt;
}

std::optional<failure> check_topics(const std::vector<std::string>& topics)
{
    if (topics.size() > max_commitment_topics)
        return fail(errc::invalid_field, "topics", "topics may list at most " + std::to_string(max_commitment_topics));
    for (std::size_t i = 0; i < topics.size(); ++i)
        if (auto f =
                check_text(topics[i], std::string("topics[").append(std::to_string(i)).append("]"), category_limit))
            return f;
    return std::nullopt;
}

// A commitment is carried out inside the challenge's development window.
std::optional<failure> check_dates(const challenge& ch, time_point starts, time_point ends)
{
    if (!ch.timeline.development)
        return fail(errc::phase_not_open, "timeline.development",
                    "the challenge has no development window; give it one before making commitments");
    const auto& dev = *ch.timeline.development;
    const auto span = format_rfc3339(dev.opens) + " to " + format_rfc3339(dev.closes);
    if (starts < dev.opens || starts >= dev.closes)
        return fail(errc::invalid_field, "starts", "starts must lie inside the development window, " + span);
    if (ends <= starts || ends > dev.closes)
        return fail(errc::invalid_field, "ends",
                    "ends must come after starts and by the development window's close, " + format_rfc3339(dev.closes));
    return std::nullopt;
}

} // namespace

detail::ranking_by_idea detail::announced_entries(repository& repo, const challenge& ch)
{
    ranking_by_idea out;
    if (ch.announced_result.empty())
        return out;
    // One read of the ideas the count took, however long the ranking.
    for (auto& r : announced_ranking(ch, repo.counted_ideas(ch.id)))
        out.emplace(r.idea, std::move(r));
    return out;
}

namespace {

std::optional<failure> check_ideas(repository& repo, const challenge& ch, const std::vector<std::int64_t>& ideas,
                                   const ranking_by_idea& ranking)
{
    if (ideas.empty() || ideas.size() > max_commitment_ideas)
        return fail(errc::invalid_field, "ideas",
                    "ideas must list from 1 to " + std::to_string(max_commitment_ideas) + " winning ideas");
    std::set<std::int64_t> seen;
    for (std::size_t i = 0; i < ideas.size(); ++i) {
        const auto field = std::string("ideas[").append(std::to_string(i)).append("]");
        const auto id = std::to_string(ideas[i]);
        if (!seen.insert(ideas[i]).second)
            return fail(errc::invalid_field, field, "idea " + id + " is listed twice");
        const auto it = ranking.find(ideas[i]);
        if (it == ranking.end() || !it->second.winner)
            return fail(errc::invalid_field, field, "idea " + id + " is not a winner of this challenge");
        if (auto taken = repo.commitment_of_idea(ch.id, ideas[i]))
            return fail(errc::invalid_field, field,
                        "idea " + id + " is carried out by commitment " + std::to_string(*taken) + " already");
    }
    return std::nullopt;
}

commitment_view view_of_commitment(commitment c, const ranking_by_idea& ranking)
{
    commitment_view v{std::move(c), {}, {}, 0, std::nullopt};
    for (const auto id : v.commitment.ideas) {
        const auto it = ranking.find(id);
        v.ideas.push_back(it != ranking.end() ? it->second
                                              : ranking_line{id, 0, 0, false, std::nullopt, std::nullopt, false});
    }
    return v;
}

commitment_update entry_for(const commitment& c, const caller& who, time_point at, commitment_event action)
{
    commitment_update u;
    u.commitment_id = c.id;
    u.at = at;
    u.by = who.kind;
    u.action = action;
    u.status = status_of(c);
    u.progress = progress_of(c);
    if (who.key_id != 0)
        u.key_id = who.key_id;
    return u;
}

result<challenge> load_announced(repository& repo, const caller& who, const challenge_ref& which)
{
    auto ch = load_challenge_as_organiser(repo, who, which);
    if (ch && !ch->announced_at)
        return fail(errc::phase_not_open, "",
                    "commitments are made from the announced winners; the announcement is at " +
                        format_rfc3339(ch->timeline.announcement));
    return ch;
}

// The history is append-only: what is written stays. A key adds at most max_notes_per_key notes
// to a commitment, all keys together max_notes_per_commitment, and the history holds at most
// max_history_entries, so nobody can grow a commitment (and every report that prints it) without
// end, nor fill it so that its progress can no longer be written.
std::optional<failure> check_history_room(repository& repo, const commitment& k, const caller& who,
                                          const commitment_action& act)
{
    if (repo.commitment_history_size(k.id) >= max_history_entries)
        return fail(errc::limit_reached, "",
                    "this commitment's history holds its " + std::to_string(max_history_entries) + " entries");
    const auto key = who.key_id != 0 ? std::optional<std::int64_t>(who.key_id) : std::nullopt;
    if (act.action == commitment_act::note && repo.commitment_notes_by_key(k.id, key) >= max_notes_per_key)
        return fail(errc::limit_reached, "note",
                    "a key adds at most " + std::to_string(max_notes_per_key) + " notes to a commitment");
    if (act.action == commitment_act::note && repo.commitment_notes(k.id) >= max_notes_per_commitment)
        return fail(errc::limit_reached, "note",
                    "a commitment holds at most " + std::to_string(max_notes_per_commitment) +
                        " notes, so its history always has room for its progress");
    return std::nullopt;
}

// The fields a patch changes, written into the commitment, as {"field": {"from", "to"}}.
json apply_patch(commitment& k, commitment_patch& p)
{
    json changes = json::object();
    const auto text = [&](const char* name, std::string& field, std::optional<std::string>& to) {
        if (to && *to != field) {
            changes[name] = {{"from", field}, {"to", *to}};
            field = std::move(*to);
        }
    };
    text("title", k.title, p.title);
    text("objective", k.objective, p.objective);
    text("responsible", k.responsible, p.responsible);
    text("indicator", k.indicator, p.indicator);
    text("target", k.target, p.target);
    const auto when = [&](const char* name, time_point& field, const std::optional<time_point>& to) {
        if (to && *to != field) {
            changes[name] = {{"from", format_rfc3339(field)}, {"to", format_rfc3339(*to)}};
            field = *to;
        }
    };
    when("starts", k.starts, p.starts);
    when("ends", k.ends, p.ends);
    if (p.topics && *p.topics != k.topics) {
        changes["topics"] = {{"from", k.topics}, {"to", *p.topics}};
        k.topics = std::move(*p.topics);
    }
    if (p.milestones) {
        const auto outline = [](const std::vector<milestone>& ms) {
            json out = json::array();
            for (const auto& m : ms)
                out.push_back(
                    {{"title", m.title}, {"weight", m.weight}, {"due", m.due ? json(format_rfc3339(*m.due)) : json()}});
            return out;
        };
        if (outline(k.milestones) != outline(*p.milestones))
            changes["milestones"] = {{"from", outline(k.milestones)}, {"to", outline(*p.milestones)}};
        k.milestones = std::move(*p.milestones);
    }
    return changes;
}

} // namespace

std::vector<commitment_view> detail::plan_of(repository& repo, const challenge& ch, const ranking_by_idea& ranking,
                                             bool with_history)
{
    std::vector<commitment_view> out;
    for (auto& k : repo.list_commitments(ch.id)) {
        auto v = view_of_commitment(std::move(k), ranking);
        if (with_history) {
            v.history = repo.latest_commitment_history(v.commitment.id, report_history_entries);
            v.history_total = repo.commitment_history_size(v.commitment.id);
        }
        out.push_back(std::move(v));
    }
    return out;
}

void action_plan_use_cases::create_commitment(const caller& who, challenge_ref which, commitment_input in,
                                              callback<commitment_view> cb)
{
    if (auto f = check_texts(in.title, in.objective, in.responsible, in.indicator, in.target))
        return cb(*f);
    if (auto f = check_topics(in.topics))
        return cb(*f);
    runner_.write<commitment_view>(
        [this, who, which = std::move(which), input = std::move(in)](repository& repo) -> result<commitment_view> {
            auto in = input; // a copy: the store may run this job again (store.hpp)
            auto ch = load_announced(repo, who, which);
            if (!ch)
                return ch.error();
            if (auto f = check_dates(*ch, in.starts, in.ends))
                return *f;
            if (auto f = check_milestones(in.milestones, in.starts, in.ends))
                return *f;
            const auto ranking = announced_entries(repo, *ch);
            if (auto f = check_ideas(repo, *ch, in.ideas, ranking))
                return *f;
            if (repo.list_commitments(ch->id).size() >= max_commitments)
                return fail(errc::limit_reached, "",
                            "a challenge holds at most " + std::to_string(max_commitments) + " commitments");
            const auto now = clock_.now();
            std::sort(in.ideas.begin(), in.ideas.end()); // as every later read lists them
            commitment k{0,
                         ch->id,
                         std::move(in.title),
                         std::move(in.objective),
                         std::move(in.responsible),
                         std::move(in.indicator),
                         std::move(in.target),
                         in.starts,
                         in.ends,
                         std::move(in.topics),
                         std::move(in.ideas),
                         std::move(in.milestones),
                         std::nullopt,
                         std::nullopt,
                         now,
                         now};
            repo.insert_commitment(k);
            auto created = entry_for(k, who, now, commitment_event::created);
            repo.append_commitment_update(created);
            audit(repo, now, who, ch->municipality_id, ch->id, "commitment.create",
                  {{"commitment", k.id}, {"title", k.title}, {"ideas", k.ideas}});
            auto v = view_of_commitment(std::move(k), ranking);
            v.history.push_back(std::move(created));
            v.history_total = 1;
            return v;
        },
        std::move(cb));
}

void action_plan_use_cases::list_commitments(challenge_ref which, callback<std::vector<commitment_view>> cb)
{
    runner_.read<std::vector<commitment_view>>(
        [which = std::move(which)](repository& repo) -> result<std::vector<commitment_view>> {
            auto ch = load_challenge(repo, which);
            if (!ch)
                return ch.error();
            return plan_of(repo, *ch, announced_entries(repo, *ch), false);
        },
        std::move(cb));
}

void action_plan_use_cases::get_commitment(challenge_ref which, std::int64_t id, std::int64_t after, std::size_t limit,
                                           callback<commitment_view> cb)
{
    limit = std::clamp<std::size_t>(limit, 1, max_page_size);
    runner_.read<commitment_view>(
        [which = std::move(which), id, after, limit](repository& repo) -> result<commitment_view> {
            auto ch = load_challenge(repo, which);
            if (!ch)
                return ch.error();
            auto k = repo.find_commitment(ch->id, id);
            if (!k)
                return fail(errc::not_found, "", "no commitment " + std::to_string(id) + " in this challenge");
            auto v = view_of_commitment(std::move(*k), announced_entries(repo, *ch));
            v.history = repo.commitment_history(id, after, limit + 1);
            if (v.history.size() > limit) {
                v.history.pop_back();
                v.history_next_after = v.history.back().id;
            }
            v.history_total = repo.commitment_history_size(id);
            return v;
        },
        std::move(cb));
}

void action_plan_use_cases::patch_commitment(const caller& who, challenge_ref which, std::int64_t id,
                                             commitment_patch patch, callback<commitment_view> cb)
{
    if (auto f = check_texts(patch.title, patch.objective, patch.responsible, patch.indicator, patch.target))
        return cb(*f);
    if (patch.topics)
        if (auto f = check_topics(*patch.topics))
            return cb(*f);
    runner_.write<commitment_view>(
        [this, who, which = std::move(which), id,
         asked = std::move(patch)](repository& repo) -> result<commitment_view> {
            auto patch = asked; // a copy: the store may run this job again (store.hpp)
            auto ch = load_announced(repo, who, which);
            if (!ch)
                return ch.error();
            auto k = repo.find_commitment(ch->id, id);
            if (!k)
                return fail(errc::not_found, "", "no commitment " + std::to_string(id) + " in this challenge");
            if (status_of(*k) == commitment_status::verified)
                return fail(errc::wrong_status, "", "a verified commitment is closed; add a note instead");
            if (patch.milestones && status_of(*k) != commitment_status::not_started)
                return fail(errc::wrong_status, "milestones",
                            "milestones can be replaced only before the commitment has started");
            const auto starts = patch.starts.value_or(k->starts), ends = patch.ends.value_or(k->ends);
            if (patch.starts || patch.ends)
                if (auto f = check_dates(*ch, starts, ends))
                    return *f;
            if (auto f = check_milestones(patch.milestones.value_or(k->milestones), starts, ends))
                return *f;
            const auto now = clock_.now();
            const auto changes = apply_patch(*k, patch);
            const auto ranking = announced_entries(repo, *ch);
            if (changes.empty())
                return view_of_commitment(std::move(*k), ranking);
            if (repo.commitment_history_size(k->id) >= max_history_entries)
                return fail(errc::limit_reached, "",
                            "this commitment's history holds its " + std::to_string(max_history_entries) + " entries");
            k->updated_at = now;
            repo.update_commitment(*k);
            auto entry = entry_for(*k, who, now, commitment_event::edited);
            entry.changes = changes.dump();
            repo.append_commitment_update(entry);
            audit(repo, now, who, ch->municipality_id, ch->id, "commitment.edit",
                  {{"commitment", k->id}, {"changes", changes}});
            return view_of_commitment(std::move(*k), ranking);
        },
        std::move(cb));
}

void action_plan_use_cases::update_commitment(const caller& who, challenge_ref which, std::int64_t id,
                                              commitment_action act, callback<commitment_change> cb)
{
    if (auto f = refused(who, permission::track))
        return cb(std::move(*f));
    runner_.write<commitment_change>(
        [this, who, which = std::move(which), id, act = std::move(act)](repository& repo) -> result<commitment_change> {
            auto ch = load_challenge(repo, which);
            if (!ch)
                return ch.error();
            if (auto f = refused(who, permission::track, ch->municipality_id))
                return *f;
            auto k = repo.find_commitment(ch->id, id);
            if (!k)
                return fail(errc::not_found, "", "no commitment " + std::to_string(id) + " in this challenge");
            if (auto f = check_history_room(repo, *k, who, act))
                return *f;
            const auto now = clock_.now();
            auto touched = apply_action(*k, who.kind, act, now);
            if (!touched)
                return touched.error();
            k->updated_at = now;
            repo.update_commitment(*k);
            auto entry = entry_for(*k, who, now, event_of(act.action));
            entry.milestone = *touched;
            entry.note = act.note;
            entry.evidence = act.evidence;
            repo.append_commitment_update(entry);
            audit(repo, now, who, ch->municipality_id, ch->id, "commitment.update",
                  {{"commitment", k->id},
                   {"action", name_of(entry.action)},
                   {"milestone", entry.milestone ? json(*entry.milestone) : json()},
                   {"status", name_of(entry.status)},
                   {"progress", entry.progress}});
            auto view = view_of_commitment(std::move(*k), announced_entries(repo, *ch));
            return commitment_change{std::move(entry), std::move(view)};
        },
        std::move(cb));
}

} // namespace cabildo::engine
