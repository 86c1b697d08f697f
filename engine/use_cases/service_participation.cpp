// Participation: tokens for residents, their ideas and their ballots.

#include "engine/domain/rfc3339.hpp"
#include "engine/domain/validation.hpp"
#include "engine/identity/token.hpp"
#include "engine/use_cases/service.hpp"
#include "engine/use_cases/service_detail.hpp"

#include <algorithm>

namespace cabildo::engine {

using namespace detail;
using json = nlohmann::json;

namespace {

// Tokens outlive voting by this much so that an extension of voting does not strand them; the
// timeline, not the expiry, is what closes participation.
constexpr auto token_grace = std::chrono::days{30};

time_point token_expiry(const timeline& t) { return std::max(t.voting.closes, t.submission.closes) + token_grace; }

// The live token of a participant: signature, audience, expiry checked by the caller; here that it
// was issued by this challenge and not revoked.
result<issued_token> live_token(repository& repo, std::int64_t challenge_id, const std::string& jti)
{
    auto t = repo.token_by_jti(challenge_id, jti);
    if (!t)
        return fail(errc::invalid_token, "token", "the token was not issued for this challenge");
    if (t->revoked_at)
        return fail(errc::token_revoked, "token", "the token was revoked");
    return std::move(*t);
}

std::string ref_field(std::size_t i) { return "participants[" + std::to_string(i) + "].ref"; }

} // namespace

void service::issue_tokens(const caller& who, std::string m, std::string c, token_request req,
                           callback<std::vector<issued>> cb)
{
    if (who.kind == caller::role::anonymous)
        return cb(*require_organiser(who, 0));
    if (!req.refs.empty() && req.count > 0)
        return cb(fail(errc::invalid_field, "count", "send either participants or count, not both"));
    if (req.refs.empty() && req.count == 0)
        return cb(fail(errc::invalid_field, "participants", "send participants (with ref) or a count of cards"));
    if (req.refs.size() > max_tokens_per_request || req.count > max_tokens_per_request)
        return cb(fail(errc::invalid_field, req.count ? "count" : "participants",
                       "at most " + std::to_string(max_tokens_per_request) + " tokens per request"));
    for (std::size_t i = 0; i < req.refs.size(); ++i)
        if (auto f = check_text(req.refs[i], ref_field(i), identity_reference_limit))
            return cb(*f);

    // The writer only records the tokens; signing (tens of microseconds each, up to 10,000 per
    // request) runs on a storage reader so ballots queued behind this request are not held up.
    struct batch {
        std::string iss, aud, issuer_private; // the key opened from its sealed form
        std::vector<std::optional<std::string>> refs;
        std::vector<issued_token> tokens;
    };
    write_use_case<batch>(
        [this, who, m = std::move(m), c = std::move(c), req = std::move(req)](repository& repo) -> result<batch> {
            auto ch = load_challenge_as_organiser(repo, who, m, c);
            if (!ch)
                return ch.error();
            const auto now = clock_.now();
            if (ch->timeline.voting.closed_at(now) && ch->timeline.submission.closed_at(now))
                return fail(errc::phase_closed, "", "voting closed at " + format_rfc3339(ch->timeline.voting.closes));
            auto key = vault_.open(ch->issuer_key_sealed, ch->issuer_public);
            if (!key)
                return fail(errc::storage_failure, "",
                            "the challenge's signing key does not open with this server's secret");
            batch out{ch->municipality_slug, ch->slug, std::move(*key), {}, {}};
            std::size_t fresh = 0;
            const auto issue_one = [&](std::optional<std::string> ref_hmac) {
                issued_token t{new_jti(), std::move(ref_hmac), now, token_expiry(ch->timeline), std::nullopt};
                repo.insert_token(ch->id, t);
                ++fresh;
                return t;
            };
            // The identity reference itself is never stored, only its HMAC under the server secret,
            // keyed per challenge so the same person is unlinkable across challenges.
            for (const auto& ref : req.refs) {
                const auto ref_hmac = hmac_sha256(hmac_secret_, std::to_string(ch->id) + ":" + ref);
                auto live = repo.live_token_for_ref(ch->id, ref_hmac);
                out.refs.emplace_back(ref);
                out.tokens.push_back(live ? std::move(*live) : issue_one(ref_hmac));
            }
            for (std::size_t i = 0; i < req.count; ++i) {
                out.refs.emplace_back();
                out.tokens.push_back(issue_one(std::nullopt));
            }
            audit(repo, now, who, ch->municipality_id, ch->id, "tokens.issue",
                  {{"requested", out.tokens.size()}, {"new", fresh}, {"by_reference", !req.refs.empty()}});
            return out;
        },
        [this, cb = std::move(cb)](result<batch> r) mutable {
            if (!r)
                return cb(r.error());
            offload_use_case<std::vector<issued>>(
                [b = std::move(*r)]() -> result<std::vector<issued>> {
                    const auto key = ed25519_key::from_private(b.issuer_private);
                    std::vector<issued> out;
                    out.reserve(b.tokens.size());
                    for (std::size_t i = 0; i < b.tokens.size(); ++i) {
                        const auto& t = b.tokens[i];
                        out.push_back({b.refs[i], sign_token({b.iss, b.aud, t.jti, t.issued_at, t.expires_at}, *key)});
                    }
                    return out;
                },
                std::move(cb));
        });
}

void service::revoke_tokens(const caller& who, std::string m, std::string c, revoke_request req,
                            callback<revoke_outcome> cb)
{
    if (who.kind == caller::role::anonymous)
        return cb(*require_organiser(who, 0));
    if (req.tokens.empty() && req.refs.empty())
        return cb(fail(errc::invalid_field, "tokens", "send tokens or refs to revoke"));
    if (req.tokens.size() + req.refs.size() > max_tokens_per_request)
        return cb(
            fail(errc::invalid_field, "tokens", "at most " + std::to_string(max_tokens_per_request) + " per request"));
    write_use_case<revoke_outcome>(
        [this, who, m = std::move(m), c = std::move(c),
         req = std::move(req)](repository& repo) -> result<revoke_outcome> {
            auto ch = load_challenge_as_organiser(repo, who, m, c);
            if (!ch)
                return ch.error();
            const auto now = clock_.now();
            // Once voting has closed the counted ballots are final: results and exports rest on them.
            if (ch->timeline.voting.closed_at(now))
                return fail(errc::phase_closed, "",
                            "voting closed at " + format_rfc3339(ch->timeline.voting.closes) +
                                "; the counted ballots are final");
            const auto key = ed25519_key::from_public(ch->issuer_public);
            std::vector<std::string> jtis;
            for (std::size_t i = 0; i < req.tokens.size(); ++i) {
                // Expired tokens may still be revoked: verify as of their own issue time.
                auto claims = verify_token(req.tokens[i], *key, ch->municipality_slug, ch->slug, time_point{});
                if (!claims)
                    return fail(errc::invalid_field, "tokens[" + std::to_string(i) + "]", claims.error().message);
                jtis.push_back(claims->jti);
            }
            for (const auto& ref : req.refs) {
                const auto ref_hmac = hmac_sha256(hmac_secret_, std::to_string(ch->id) + ":" + ref);
                if (auto live = repo.live_token_for_ref(ch->id, ref_hmac))
                    jtis.push_back(live->jti);
                else
                    jtis.emplace_back();
            }
            revoke_outcome out;
            for (const auto& jti : jtis) {
                if (!jti.empty() && repo.revoke_token(ch->id, jti, now))
                    ++out.revoked;
                else
                    ++out.already_revoked_or_unknown;
            }
            audit(repo, now, who, ch->municipality_id, ch->id, "tokens.revoke",
                  {{"revoked", out.revoked}, {"unknown_or_already_revoked", out.already_revoked_or_unknown}});
            return out;
        },
        std::move(cb));
}

// What a participant does with a token: the token verified (off the writer), then, in one write,
// the challenge loaded, its `window` open and the token live, then `act`.
template <class T>
void service::as_participant(std::string m, std::string c, std::string token, window timeline::*phase,
                             const char* phase_name, participant_act<T> act, callback<T> cb)
{
    with_issuer(m, c,
                [this, token = std::move(token), m, c, phase, phase_name, act = std::move(act),
                 cb = std::move(cb)](result<issuer> iss) mutable {
                    if (!iss)
                        return cb(iss.error());
                    auto claims = verify_token(token, iss->key, m, c, clock_.now());
                    if (!claims)
                        return cb(claims.error());
                    write_use_case<T>(
                        [this, m, c, phase, phase_name, act = std::move(act),
                         jti = claims->jti](repository& repo) -> result<T> {
                            auto ch = load_challenge(repo, m, c);
                            if (!ch)
                                return ch.error();
                            const auto now = clock_.now();
                            if (auto f = require_open((*ch).timeline.*phase, phase_name, now))
                                return *f;
                            if (auto t = live_token(repo, ch->id, jti); !t)
                                return t.error();
                            return act(repo, &*ch, jti, now);
                        },
                        std::move(cb));
                });
}

void service::submit_idea(std::string m, std::string c, idea_input in, callback<idea> cb)
{
    if (auto f = check_text(in.title, "title", idea_title_limit))
        return cb(*f);
    if (auto f = check_text(in.description, "description", idea_description_limit, true))
        return cb(*f);
    if (auto f = check_text(in.category, "category", idea_category_limit))
        return cb(*f);
    if (in.cost && (*in.cost < 0 || *in.cost > max_budget))
        return cb(fail(errc::invalid_field, "cost", "cost must be a whole amount from 0 to 10^15"));
    if (in.location && (!(in.location->latitude >= -90 && in.location->latitude <= 90) ||
                        !(in.location->longitude >= -180 && in.location->longitude <= 180)))
        return cb(
            fail(errc::invalid_field, "location", "location needs latitude in [-90, 90] and longitude in [-180, 180]"));

    const std::string token = in.token;
    as_participant<idea>(
        std::move(m), std::move(c), token, &timeline::submission, "idea submission",
        [in = std::move(in)](repository& repo, const challenge* ch, const std::string& jti,
                             time_point now) -> result<idea> {
            if (!ch->categories.empty() || !in.category.empty()) {
                if (std::find(ch->categories.begin(), ch->categories.end(), in.category) == ch->categories.end())
                    return fail(errc::invalid_field, "category",
                                ch->categories.empty() ? "this challenge has no categories"
                                                       : "category must be one of the challenge's categories");
            }
            if (ch->budget && (!in.cost || *in.cost < 1 || *in.cost > *ch->budget))
                return fail(errc::invalid_field, "cost",
                            "ideas in this challenge need a cost from 1 to the budget of " +
                                std::to_string(*ch->budget));
            if (repo.count_ideas_by_author(ch->id, jti) >= ch->max_ideas_per_token)
                return fail(errc::limit_reached, "token",
                            "this token has already submitted " + std::to_string(ch->max_ideas_per_token) + " ideas");
            if (repo.count_ideas(ch->id) >= ch->max_ideas)
                return fail(errc::challenge_full, "",
                            "this challenge takes at most " + std::to_string(ch->max_ideas) + " ideas, and has them");
            idea i;
            i.challenge_id = ch->id;
            i.author_jti = jti;
            i.title = in.title;
            i.description = in.description;
            i.category = in.category;
            i.cost = in.cost;
            i.location = in.location;
            i.created_at = now;
            repo.insert_idea(i);
            return i;
        },
        std::move(cb));
}

void service::list_ideas(const caller& who, std::string m, std::string c, idea_id after, std::size_t limit,
                         bool include_hidden, callback<idea_page> cb)
{
    limit = std::clamp<std::size_t>(limit, 1, max_page_size);
    read_use_case<idea_page>(
        [who, m = std::move(m), c = std::move(c), after, limit, include_hidden](repository& repo) -> result<idea_page> {
            auto ch = load_challenge(repo, m, c);
            if (!ch)
                return ch.error();
            if (include_hidden)
                if (auto f = require_organiser(who, ch->municipality_id))
                    return *f;
            idea_page page;
            page.ideas = repo.list_ideas(ch->id, include_hidden, after, limit + 1);
            if (page.ideas.size() > limit) {
                page.ideas.pop_back();
                page.next_after = page.ideas.back().id;
            }
            return page;
        },
        std::move(cb));
}

void service::get_idea(const caller&, std::string m, std::string c, idea_id id, callback<idea> cb)
{
    read_use_case<idea>(
        [m = std::move(m), c = std::move(c), id](repository& repo) -> result<idea> {
            auto ch = load_challenge(repo, m, c);
            if (!ch)
                return ch.error();
            if (auto i = repo.find_idea(ch->id, id))
                return std::move(*i);
            return fail(errc::not_found, "", "no idea " + std::to_string(id) + " in this challenge");
        },
        std::move(cb));
}

void service::moderate_idea(const caller& who, std::string m, std::string c, idea_id id, bool hide, std::string reason,
                            callback<idea> cb)
{
    if (who.kind == caller::role::anonymous)
        return cb(*require_organiser(who, 0));
    if (auto f = check_text(reason, "reason", hide ? 1 : 0, moderation_reason_max, true))
        return cb(*f);
    write_use_case<idea>(
        [this, who, m = std::move(m), c = std::move(c), id, hide,
         reason = std::move(reason)](repository& repo) -> result<idea> {
            auto ch = load_challenge_as_organiser(repo, who, m, c);
            if (!ch)
                return ch.error();
            auto i = repo.find_idea(ch->id, id);
            if (!i)
                return fail(errc::not_found, "", "no idea " + std::to_string(id) + " in this challenge");
            const auto now = clock_.now();
            // From the close of voting the count is frozen: moderation hides or shows the text, and
            // the ideas visible at the close stay counted (or not) whatever is done afterwards.
            const bool counted = ch->timeline.voting.closed_at(now) ? i->counted : !hide;
            repo.set_idea_moderation(id, hide, hide ? reason : std::string{}, counted);
            if (ch->announced_at)
                repo.drop_published_exports(ch->id); // rebuilt on request, with the text withheld
            audit(repo, now, who, ch->municipality_id, ch->id, hide ? "idea.hide" : "idea.restore",
                  {{"idea", id}, {"reason", reason}, {"counted", counted}});
            i->hidden = hide;
            i->hidden_reason = hide ? reason : std::string{};
            i->counted = counted;
            return std::move(*i);
        },
        std::move(cb));
}

void service::check_participant(std::string m, std::string c, std::string token, callback<done_t> cb)
{
    with_issuer(m, c, [this, token = std::move(token), m, c, cb = std::move(cb)](result<issuer> iss) mutable {
        if (!iss)
            return cb(iss.error());
        auto claims = verify_token(token, iss->key, m, c, clock_.now());
        if (!claims)
            return cb(claims.error());
        read_use_case<done_t>(
            [challenge_id = iss->challenge_id, jti = claims->jti](repository& repo) -> result<done_t> {
                if (auto t = live_token(repo, challenge_id, jti); !t)
                    return t.error();
                return done_t{};
            },
            std::move(cb));
    });
}

void service::cast_ballot(std::string m, std::string c, ballot_input in, callback<ballot_receipt> cb)
{
    const std::string token = in.token;
    as_participant<ballot_receipt>(
        std::move(m), std::move(c), token, &timeline::voting, "voting",
        [in = std::move(in)](repository& repo, const challenge* ch, const std::string& jti,
                             time_point now) -> result<ballot_receipt> {
            if (repo.ballots_cast(ch->id, jti) >= max_ballots_per_token)
                return fail(errc::too_many_ballots, "token",
                            "a token may cast at most " + std::to_string(max_ballots_per_token) +
                                " ballots; this one has, and its last ballot is the one that counts");
            const auto expected = ballot_field(ch->ballot);
            if (in.field != expected)
                return fail(errc::invalid_field, std::string(expected),
                            std::string("this challenge takes ").append(name_of(ch->ballot.kind)) + " ballots: send " +
                                std::string(expected));
            const auto lookup = [&](idea_id id) -> std::optional<std::int64_t> {
                const auto idea = repo.find_idea(ch->id, id);
                if (!idea || idea->hidden)
                    return std::nullopt;
                return idea->cost.value_or(0);
            };
            if (auto f = check_ballot(ch->ballot, in.content, ch->budget, lookup))
                return *f;
            // A random receipt: the resident finds it in the published ballots, nobody can
            // trace it back to the token.
            ballot_receipt out{base64url_encode(random_bytes(16)), false};
            out.replaced =
                repo.replace_ballot(ch->id, jti, out.receipt, encode_ballot(in.content), now, replaced_ballots_kept);
            return out;
        },
        std::move(cb));
}

} // namespace cabildo::engine
