#pragma once
// Pieces shared by the areas' source files, and the runner's templates; not part of the engine's
// interface.

#include "engine/domain/ranking.hpp"
#include "engine/identity/blind_token.hpp"
#include "engine/use_cases/action_plan.hpp"
#include "engine/use_cases/challenges.hpp"
#include "engine/use_cases/runner.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cabildo::engine::detail {

result<municipality> load_municipality(municipalities_repository& repo, std::string_view m);
result<challenge> load_challenge(repository& repo, const challenge_ref& which);
// The challenge, if `who` may act on it as its organiser (or the admin).
result<challenge> load_challenge_as_organiser(repository& repo, const caller& who, const challenge_ref& which);
// The authorization table's refusal (domain/access.hpp) of what `who` asks, anywhere or on
// something of the municipality `owner`.
std::optional<failure> refused(const caller& who, permission p);
std::optional<failure> refused(const caller& who, permission p, std::int64_t owner);
result<challenge> load_challenge_as_issuer(repository& repo, const caller& who, const challenge_ref& which);
// The live token of a participant: signature, audience, expiry checked by the caller; here that it
// was issued by this challenge and not revoked.
result<issued_token> live_token(repository& repo, std::int64_t challenge_id, const std::string& jti);
void audit(audit_repository& repo, time_point at, const caller& who, std::int64_t municipality_id,
           std::optional<std::int64_t> challenge_id, std::string action, const nlohmann::json& detail);
// A page of the audit log: a challenge's entries, or with no challenge the server's own.
audit_page audit_page_of(audit_repository& repo, std::optional<std::int64_t> challenge_id, std::int64_t after,
                         std::size_t limit);
challenge_view view_of(challenge c, time_point now);
// The keys a challenge's tokens are checked against (its board's key is added by who reads it).
result<verification_keys> token_keys_of(const challenge& ch);
// Tokens outlive voting by a grace period so that an extension of voting does not strand them; the
// timeline, not the expiry, is what closes participation.
time_point token_expiry(const timeline& t);
// Tokens are issued (and blind requests taken) while ideas or ballots can still use them.
std::optional<failure> issuance_closed(const challenge& ch, time_point now);
// RFC 9474 section 4.2, step 1, and RSASP1's range: as long as the modulus and, as an integer,
// below it. Equal lengths make the big-endian byte order the numeric order.
std::optional<failure> check_blinded_msg(const blind_rsa::public_key& key, std::string_view msg);
// A reference as the desk sent it, checked and put in canonical form (reference.hpp).
result<std::string> checked_reference(const std::string& ref, const std::string& field);
// A person's live token. Tokens issued before references were folded with NFKC were keyed on the
// NFC form, and those issued before references were put in canonical form at all on the reference
// as sent: those keys are tried next (service_tokens.cpp).
std::optional<issued_token> live_token_by_reference(repository& repo, const use_case_runner& runner,
                                                    std::int64_t challenge_id, const std::string& canonical,
                                                    const std::string& as_sent);
// The announced ranking's entry of each idea, by id, with its text as moderation leaves it now (a
// hidden idea's title withheld); empty before the announcement.
using ranking_by_idea = std::unordered_map<idea_id, ranking_line>;
ranking_by_idea announced_entries(repository& repo, const challenge& ch);
// A challenge's commitments with the ideas they carry out (as `ranking`, its announced_entries, has
// them), and their newest history entries if asked (a report prints them).
std::vector<commitment_view> plan_of(repository& repo, const challenge& ch, const ranking_by_idea& ranking,
                                     bool with_history);
// A closed consultation's results document as the public reads it, JSON text (kept once built,
// built here otherwise); nullopt while the consultation is open or when there is no survey.
std::optional<std::string> closed_survey_results(repository& repo, const challenge& ch, time_point now);

} // namespace cabildo::engine::detail

namespace cabildo::engine {

namespace detail {

// The answer to a job that threw: the database's failure (503, try again) or a bug (500).
failure failure_of(job_failure f);

// A callback that answers once: the job's result, or its failure if it threw before that.
template <class T>
struct answer_once {
    std::shared_ptr<callback<T>> cb;
    explicit answer_once(callback<T> c) : cb(std::make_shared<callback<T>>(std::move(c))) {}
    void operator()(result<T> r) const
    {
        if (!*cb)
            return;
        auto c = std::exchange(*cb, nullptr);
        c(std::move(r));
    }
};

} // namespace detail

template <class T>
void use_case_runner::read(std::function<result<T>(repository&)> run, callback<T> cb)
{
    const detail::answer_once<T> answer(std::move(cb));
    store_.read({[run = std::move(run), answer](repository& repo) { answer(run(repo)); },
                 [answer](job_failure f) { answer(detail::failure_of(f)); }});
}

template <class T>
void use_case_runner::offload(std::function<result<T>()> run, callback<T> cb)
{
    const detail::answer_once<T> answer(std::move(cb));
    store_.offload([run = std::move(run), answer] { answer(run()); },
                   [answer](job_failure f) { answer(detail::failure_of(f)); });
}

template <class T>
void use_case_runner::write(std::function<result<T>(repository&)> run, callback<T> cb)
{
    auto out = std::make_shared<std::optional<result<T>>>();
    store_.write(
        {[run = std::move(run), out](repository& repo) {
             out->emplace(run(repo));
             return (*out)->ok();
         },
         [out, cb = std::move(cb)](write_status status) {
             if (status == write_status::shutting_down)
                 cb(fail(errc::shutting_down, "", "the server is shutting down; nothing was stored, try again"));
             else if (status == write_status::threw)
                 cb(detail::failure_of(job_failure::bug));
             else if (status == write_status::unavailable)
                 cb(detail::failure_of(job_failure::unavailable));
             else if (status == write_status::overloaded)
                 cb(detail::failure_of(job_failure::overloaded));
             else if (status == write_status::unknown)
                 cb(fail(errc::storage_unavailable, "",
                         "the database was lost while it saved this: it may have been stored; look before sending "
                         "it again (a ballot sent again replaces itself)"));
             else if (status == write_status::failed || !*out)
                 cb(detail::failure_of(job_failure::storage));
             else
                 cb(std::move(**out)); // committed: its value, or the refusal it returned
         }});
}

template <class T>
void use_case_runner::as_participant(challenge_ref which, std::string token, phase_check phase, participant_act<T> act,
                                     callback<T> cb)
{
    // A full write queue refuses the act at once, before its token's signature costs a core.
    if (store_.refuse_write_early())
        return cb(detail::failure_of(job_failure::overloaded));
    auto checked = [this, token = std::move(token), which, phase = std::move(phase), act = std::move(act),
                    cb = std::move(cb)](result<issuer> iss) mutable {
        if (!iss)
            return cb(iss.error());
        auto jti = participant_jti(*iss, token, which);
        if (!jti)
            return cb(jti.error());
        write<T>(
            [this, which, phase, act = std::move(act), jti = std::move(*jti)](repository& repo) -> result<T> {
                auto ch = detail::load_challenge(repo, which);
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
                            ch->id, {jti, std::nullopt, now, detail::token_expiry(ch->timeline), {}, {}, {}});
                }
                if (auto t = detail::live_token(repo, ch->id, jti); !t)
                    return t.error();
                return act(repo, &*ch, jti, now);
            },
            std::move(cb));
    };
    with_issuer(which, std::move(checked));
}

} // namespace cabildo::engine
