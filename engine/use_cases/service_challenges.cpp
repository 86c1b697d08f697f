// Challenges: launch, read, edit within the timeline rules, and the audit log of every edit.

#include "engine/domain/rfc3339.hpp"
#include "engine/domain/validation.hpp"
#include "engine/publication/documents.hpp"
#include "engine/use_cases/challenges.hpp"
#include "engine/use_cases/service_detail.hpp"

#include <algorithm>
#include <set>

namespace cabildo::engine {

using namespace detail;
using json = nlohmann::json;

namespace {

std::optional<failure> check_categories(const std::vector<std::string>& categories)
{
    if (categories.size() > 50)
        return fail(errc::invalid_field, "categories", "categories may list at most 50 entries");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < categories.size(); ++i) {
        const auto field = "categories[" + std::to_string(i) + "]";
        if (auto f = check_text(categories[i], field, category_limit))
            return f;
        if (!seen.insert(categories[i]).second)
            return fail(errc::invalid_field, field, "the category '" + categories[i] + "' is listed twice");
    }
    return std::nullopt;
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): three limits checked together
std::optional<failure> check_counts(std::size_t winners, std::size_t max_ideas, std::size_t max_ideas_in_all,
                                    std::optional<std::int64_t> budget)
{
    if (winners < 1 || winners > max_winners)
        return fail(errc::invalid_field, "winners", "winners must be between 1 and " + std::to_string(max_winners));
    if (max_ideas < 1 || max_ideas > max_ideas_per_token_limit)
        return fail(errc::invalid_field, "max_ideas_per_token",
                    "max_ideas_per_token must be between 1 and " + std::to_string(max_ideas_per_token_limit));
    if (max_ideas_in_all < 1 || max_ideas_in_all > max_max_ideas)
        return fail(errc::invalid_field, "max_ideas",
                    "max_ideas must be between 1 and " + std::to_string(max_max_ideas));
    if (budget && (*budget <= 0 || *budget > max_budget))
        return fail(errc::invalid_field, "budget", "budget must be a whole amount from 1 to 10^15");
    return std::nullopt;
}

std::optional<failure> apply_window(std::optional<window>& target, const std::optional<window_patch>& patch,
                                    const std::string& name)
{
    if (!patch)
        return std::nullopt;
    if (!target) {
        if (!patch->opens || !patch->closes)
            return fail(errc::invalid_field, "timeline." + name, "a new " + name + " window needs opens and closes");
        target = window{*patch->opens, *patch->closes};
        return std::nullopt;
    }
    if (patch->opens)
        target->opens = *patch->opens;
    if (patch->closes)
        target->closes = *patch->closes;
    return std::nullopt;
}

time_point launch_of(const timeline& t)
{
    return t.consultation ? std::min(t.consultation->opens, t.submission.opens) : t.submission.opens;
}

} // namespace

void challenge_use_cases::create_challenge(const caller& who, std::string m, challenge_input in,
                                           callback<challenge_view> cb)
{
    if (who.kind == role::anonymous)
        return cb(*refused(who, permission::organise, 0));
    if (auto f = check_slug(in.slug, "slug"))
        return cb(*f);
    if (auto f = check_text(in.title, "title", challenge_title_limit))
        return cb(*f);
    if (auto f = check_text(in.description, "description", challenge_description_limit, true))
        return cb(*f);
    if (auto f = check_categories(in.categories))
        return cb(*f);
    if (auto f = validate(in.timeline))
        return cb(*f);
    auto rules = resolve(ballot_rules{}, in.ballot, in.budget);
    if (!rules)
        return cb(rules.error());
    if (auto f = check_counts(in.winners, in.max_ideas_per_token, in.max_ideas, in.budget))
        return cb(*f);
    if (in.tie_break_seed)
        if (auto f = check_text(*in.tie_break_seed, "tie_break_seed", tie_break_seed_limit))
            return cb(*f);
    if (in.anonymity == anonymity::blind && in.in_person_policy == in_person_policy::paper_replaces_online)
        return cb(fail(errc::invalid_field, "in_person_policy",
                       "a blind challenge cannot set a person's online ballot aside (nobody can tell which it is): "
                       "its tables use \"first_counts\""));
    if (!in.in_person_policy)
        in.in_person_policy =
            in.anonymity == anonymity::blind ? in_person_policy::first_counts : in_person_policy::paper_replaces_online;
    if (in.anonymity != anonymity::blind)
        return insert_challenge(who, std::move(m), std::move(in), *rules, {}, std::move(cb));
    // An RSA key takes from a tenth of a second (2048 bits) to seconds (3072): made off the writer,
    // and only for a caller who may create this challenge, so nobody can keep a core busy with
    // requests that would be refused anyway (insert_challenge checks again, in its write).
    // Copied before the call: the second callable below moves m and in, and arguments are built
    // in no set order.
    auto check = [who, m, slug = in.slug](repository& repo) -> result<done_t> {
        auto muni = load_municipality(repo, m);
        if (!muni)
            return muni.error();
        if (auto f = refused(who, permission::organise, muni->id))
            return *f;
        if (repo.find_challenge(muni->id, slug))
            return fail(errc::slug_taken, "slug", "the slug '" + slug + "' is taken in " + m);
        return done_t{};
    };
    runner_.read<done_t>(std::move(check), [this, who, m = std::move(m), in = std::move(in), rules = *rules,
                                            cb = std::move(cb)](result<done_t> allowed) mutable {
        if (!allowed)
            return cb(allowed.error());
        const auto bits = in.blind_key_bits;
        runner_.offload<blind_material>(
            [this, bits]() -> result<blind_material> {
                const auto key = blind_rsa::private_key::generate(bits);
                auto public_der = key.public_part().to_der();
                return blind_material{runner_.vault().seal(key.to_der(), public_der), std::move(public_der)};
            },
            [this, who, m = std::move(m), in = std::move(in), rules,
             cb = std::move(cb)](result<blind_material> material) mutable {
                if (!material)
                    return cb(material.error());
                insert_challenge(who, std::move(m), std::move(in), rules, std::move(*material), std::move(cb));
            });
    });
}

void challenge_use_cases::insert_challenge(const caller& who, std::string m, challenge_input in, ballot_rules rules,
                                           blind_material blind, callback<challenge_view> cb)
{
    runner_.write<challenge_view>(
        [this, who, m = std::move(m), in = std::move(in), rules,
         blind = std::move(blind)](repository& repo) -> result<challenge_view> {
            auto muni = load_municipality(repo, m);
            if (!muni)
                return muni.error();
            if (auto f = refused(who, permission::organise, muni->id))
                return *f;
            if (repo.find_challenge(muni->id, in.slug))
                return fail(errc::slug_taken, "slug", "the slug '" + in.slug + "' is taken in " + m);
            const auto now = clock_.now();
            const auto key = ed25519_key::generate();
            challenge c;
            c.municipality_id = muni->id;
            c.municipality_slug = muni->slug;
            c.slug = in.slug;
            c.title = in.title;
            c.description = in.description;
            c.categories = in.categories;
            c.timeline = in.timeline;
            c.ballot = rules;
            c.winners = in.winners;
            c.budget = in.budget;
            c.tie_break_seed = in.tie_break_seed ? *in.tie_break_seed : to_hex(random_bytes(16));
            c.max_ideas_per_token = in.max_ideas_per_token;
            c.max_ideas = in.max_ideas;
            c.issuer_public = key.public_raw();
            c.issuer_key_sealed = runner_.vault().seal(key.private_raw(), c.issuer_public);
            c.anonymity = in.anonymity;
            c.in_person_policy = in.in_person_policy.value_or(in_person_policy::paper_replaces_online);
            c.blind_key_sealed = blind.sealed;
            c.blind_public = blind.public_der;
            c.created_at = now;
            repo.insert_challenge(c);
            auto keys = token_keys_of(c);
            if (!keys)
                return keys.error();
            runner_.board().open(repo, c, *keys);
            audit(repo, now, who, muni->id, c.id, "challenge.create", to_document(c));
            return view_of(std::move(c), now);
        },
        [this, cb = std::move(cb)](result<challenge_view> r) {
            if (r.ok())
                runner_.remember_issuer(r->challenge);
            cb(std::move(r));
        });
}

void challenge_use_cases::list_challenges(std::string m, callback<std::vector<challenge_view>> cb)
{
    runner_.read<std::vector<challenge_view>>(
        [this, m = std::move(m)](repository& repo) -> result<std::vector<challenge_view>> {
            auto muni = load_municipality(repo, m);
            if (!muni)
                return muni.error();
            const auto now = clock_.now();
            std::vector<challenge_view> out;
            for (auto& c : repo.list_challenges(muni->id))
                out.push_back(view_of(std::move(c), now));
            return out;
        },
        std::move(cb));
}

void challenge_use_cases::get_challenge(challenge_ref which, callback<challenge_view> cb)
{
    runner_.read<challenge_view>(
        [this, which = std::move(which)](repository& repo) -> result<challenge_view> {
            auto ch = load_challenge(repo, which);
            if (!ch)
                return ch.error();
            return view_of(std::move(*ch), clock_.now());
        },
        std::move(cb));
}

namespace {

std::optional<failure> check_patch_texts(const challenge_patch& patch)
{
    if (patch.title)
        if (auto f = check_text(*patch.title, "title", challenge_title_limit))
            return f;
    if (patch.description)
        if (auto f = check_text(*patch.description, "description", challenge_description_limit, true))
            return f;
    if (patch.categories)
        if (auto f = check_categories(*patch.categories))
            return f;
    if (patch.tie_break_seed)
        if (auto f = check_text(*patch.tie_break_seed, "tie_break_seed", tie_break_seed_limit))
            return f;
    return std::nullopt;
}

// Windows may be extended before they close, never reopened (check_change says which edits are
// allowed at `now`).
std::optional<failure> patch_timeline(challenge& ch, const challenge_patch& patch, time_point now)
{
    timeline t = ch.timeline;
    std::optional<window> submission = t.submission, voting = t.voting;
    if (auto f = apply_window(t.consultation, patch.consultation, "consultation"))
        return f;
    if (auto f = apply_window(submission, patch.submission, "submission"))
        return f;
    if (auto f = apply_window(voting, patch.voting, "voting"))
        return f;
    if (auto f = apply_window(t.development, patch.development, "development"))
        return f;
    t.submission = *submission;
    t.voting = *voting;
    if (patch.announcement)
        t.announcement = *patch.announcement;
    if (t == ch.timeline)
        return std::nullopt;
    if (auto f = validate(t))
        return f;
    if (auto f = check_change(ch.timeline, t, now))
        return f;
    ch.timeline = t;
    return std::nullopt;
}

// The development window holds the commitments made in it: a change that would leave one outside
// is refused.
std::optional<failure> keeps_commitments(repository& repo, const challenge& ch, const challenge& before)
{
    if (ch.timeline.development == before.timeline.development)
        return std::nullopt;
    for (const auto& k : repo.list_commitments(ch.id))
        if (!ch.timeline.development || k.starts < ch.timeline.development->opens ||
            k.ends > ch.timeline.development->closes)
            return fail(errc::timeline_locked, "timeline.development",
                        "commitment " + std::to_string(k.id) + " runs inside the development window; the window " +
                            "must keep holding it");
    return std::nullopt;
}

// Ballot rules and winners freeze when voting opens; the seed when the challenge launches. `before`
// is the challenge as stored, whose timeline decides.
std::optional<failure> patch_rules(challenge& ch, const challenge& before, const challenge_patch& patch, time_point now)
{
    const bool voting_started = now >= before.timeline.voting.opens;
    std::optional<ballot_rules> rules;
    if (patch.ballot) {
        auto resolved = resolve(ch.ballot, *patch.ballot, ch.budget);
        if (!resolved)
            return resolved.error();
        rules = *resolved;
    }
    if ((rules && *rules != ch.ballot) || (patch.winners && *patch.winners != ch.winners)) {
        if (voting_started)
            return fail(errc::timeline_locked, rules ? "ballot" : "winners",
                        "ballot rules are frozen once voting has opened");
        if (rules)
            ch.ballot = *rules;
        if (patch.winners)
            ch.winners = *patch.winners;
    }
    if (patch.tie_break_seed && *patch.tie_break_seed != ch.tie_break_seed) {
        if (now >= launch_of(before.timeline))
            return fail(errc::timeline_locked, "tie_break_seed",
                        "the tie-break seed is fixed once the challenge has launched");
        ch.tie_break_seed = *patch.tie_break_seed;
    }
    if (patch.max_ideas_per_token)
        ch.max_ideas_per_token = *patch.max_ideas_per_token;
    if (patch.max_ideas)
        ch.max_ideas = *patch.max_ideas;
    return check_counts(ch.winners, ch.max_ideas_per_token, ch.max_ideas, ch.budget);
}

// What the audit log records of an edit: each changed field of the public document, before and after.
json changes_between(const challenge& before, const challenge& after)
{
    json changes = json::object();
    const auto b = to_document(before), a = to_document(after);
    for (const auto& [key, value] : a.items())
        if (b[key] != value)
            changes[key] = {{"before", b[key]}, {"after", value}};
    return changes;
}

} // namespace

void challenge_use_cases::patch_challenge(const caller& who, challenge_ref which, challenge_patch patch,
                                          callback<challenge_view> cb)
{
    if (who.kind == role::anonymous)
        return cb(*refused(who, permission::organise, 0));
    if (auto f = check_patch_texts(patch))
        return cb(*f);
    runner_.write<challenge_view>(
        [this, who, which = std::move(which), patch = std::move(patch)](repository& repo) -> result<challenge_view> {
            auto loaded = load_challenge(repo, which);
            if (!loaded)
                return loaded.error();
            challenge ch = std::move(*loaded);
            if (auto f = refused(who, permission::organise, ch.municipality_id))
                return *f;
            const auto now = clock_.now();
            const challenge before = ch;
            if (patch.title)
                ch.title = *patch.title;
            if (patch.description)
                ch.description = *patch.description;
            if (patch.categories)
                ch.categories = *patch.categories;
            if (auto f = patch_timeline(ch, patch, now))
                return *f;
            if (auto f = keeps_commitments(repo, ch, before))
                return *f;
            if (auto f = patch_rules(ch, before, patch, now))
                return *f;
            if (const auto changes = changes_between(before, ch); !changes.empty()) {
                repo.update_challenge(ch);
                audit(repo, now, who, ch.municipality_id, ch.id, "challenge.update", changes);
                // A change to the rules that count (windows, ballot, winners, seed) is a new setup
                // entry; the board's readers take the latest before each entry.
                if (auto b = repo.find_board(ch.id)) {
                    auto keys = token_keys_of(ch);
                    if (!keys)
                        return keys.error();
                    keys->board = b->key_public;
                    if (auto setup = setup_body(ch, *keys); setup != setup_body(before, *keys))
                        runner_.board().append(repo, ch, board_entry_type::setup, std::move(setup), now);
                }
            }
            return view_of(std::move(ch), now);
        },
        std::move(cb));
}

void challenge_use_cases::audit_log(challenge_ref which, std::int64_t after, std::size_t limit, callback<audit_page> cb)
{
    limit = std::clamp<std::size_t>(limit, 1, max_page_size);
    runner_.read<audit_page>(
        [which = std::move(which), after, limit](repository& repo) -> result<audit_page> {
            auto ch = load_challenge(repo, which);
            if (!ch)
                return ch.error();
            return audit_page_of(repo, ch->id, after, limit);
        },
        std::move(cb));
}

void challenge_use_cases::challenge_keys(challenge_ref which, callback<verification_keys> cb)
{
    runner_.read<verification_keys>(
        [which = std::move(which)](repository& repo) -> result<verification_keys> {
            auto ch = load_challenge(repo, which);
            if (!ch)
                return ch.error();
            auto out = token_keys_of(*ch);
            if (out)
                if (auto b = repo.find_board(ch->id))
                    out->board = std::move(b->key_public);
            return out;
        },
        std::move(cb));
}

} // namespace cabildo::engine
