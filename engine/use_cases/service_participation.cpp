// Participation: tokens for residents, their ideas and their ballots.

#include "engine/domain/rfc3339.hpp"
#include "engine/domain/validation.hpp"
#include "engine/identity/blind_token.hpp"
#include "engine/identity/token.hpp"
#include "engine/use_cases/service.hpp"
#include "engine/use_cases/service_detail.hpp"

#include <algorithm>

namespace cabildo::engine {

using namespace detail;
using json = nlohmann::json;

namespace {

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

} // namespace

result<std::string> service::participant_jti(const issuer& iss, const std::string& token, const std::string& m,
                                             const std::string& c) const
{
    if (iss.blind && is_blind_token(token))
        return verify_blind_token(token, *iss.blind);
    auto claims = verify_token(token, iss.key, m, c, clock_.now());
    if (!claims)
        return claims.error();
    return std::move(claims->jti);
}

// What a participant does with a token: the token verified (off the writer), then, in one write,
// the challenge loaded, its window open (`phase`) and the token live, then `act`.
template <class T>
void service::as_participant(std::string m, std::string c, std::string token, phase_check phase, participant_act<T> act,
                             callback<T> cb)
{
    with_issuer(
        m, c,
        [this, token = std::move(token), m, c, phase = std::move(phase), act = std::move(act),
         cb = std::move(cb)](result<issuer> iss) mutable {
            if (!iss)
                return cb(iss.error());
            auto jti = participant_jti(*iss, token, m, c);
            if (!jti)
                return cb(jti.error());
            write_use_case<T>(
                [this, m, c, phase, act = std::move(act), jti = std::move(*jti)](repository& repo) -> result<T> {
                    auto ch = load_challenge(repo, m, c);
                    if (!ch)
                        return ch.error();
                    auto now = clock_.now();
                    if (auto f = phase(ch->timeline, now))
                        return *f;
                    if (ch->anonymity == anonymity::blind) {
                        // Stored times say the hour, not the minute a desk could match.
                        now = std::chrono::floor<anonymous_time_granularity>(now);
                        if (is_blind_jti(jti))
                            repo.insert_token_if_absent(
                                ch->id, {jti, std::nullopt, now, token_expiry(ch->timeline), {}, {}, {}});
                    }
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
        std::move(m), std::move(c), token,
        [](const timeline& t, time_point now) { return require_open(t.submission, "idea submission", now); },
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
                if (auto f = refused(who, permission::organise, ch->municipality_id))
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
    if (who.kind == role::anonymous)
        return cb(*refused(who, permission::organise, 0));
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
        auto jti = participant_jti(*iss, token, m, c);
        if (!jti)
            return cb(jti.error());
        read_use_case<done_t>(
            [challenge_id = iss->challenge_id, jti = std::move(*jti)](repository& repo) -> result<done_t> {
                // A blind token unused so far has no row yet, and is live unless revoked.
                if (auto t = live_token(repo, challenge_id, jti);
                    !t && !(is_blind_jti(jti) && !repo.token_by_jti(challenge_id, jti)))
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
        std::move(m), std::move(c), token,
        [](const timeline& t, time_point now) { return require_open(t.voting, "voting", now); },
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
            ballot_receipt out{new_receipt(), false};
            out.replaced =
                repo.replace_ballot(ch->id, jti, out.receipt, encode_ballot(in.content), now, replaced_ballots_kept);
            return out;
        },
        std::move(cb));
}

// The consultation's answer: one response per token, a new one replacing the old, at most
// max_survey_responses_per_token of them. A token revoked while the consultation is open stops
// counting at its close (service_tokens.cpp).
void service::answer_survey(std::string m, std::string c, survey_answers in, callback<ballot_receipt> cb)
{
    const std::string token = in.token;
    as_participant<ballot_receipt>(
        std::move(m), std::move(c), token,
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
            ballot_receipt out{new_receipt(), false};
            out.replaced = repo.replace_survey_response(ch->id, jti, out.receipt, in.answers, now);
            return out;
        },
        std::move(cb));
}

} // namespace cabildo::engine
