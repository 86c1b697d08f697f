// The blind-token relay of anonymous challenges (domain/relay.hpp): a resident's page opens a
// request with its blinded message and reads its code out at the desk; the desk signs the request
// for the person in front of it; the page fetches the signature, unblinds it and says its token
// exists. Everything is in the database, so any node serves any step.

#include "engine/use_cases/participants.hpp"

#include "engine/domain/rfc3339.hpp"
#include "engine/identity/short_code.hpp"
#include "engine/use_cases/service_detail.hpp"

namespace cabildo::engine {

using namespace detail;
using json = nlohmann::json;

namespace {

result<std::string> canonical_request_code(std::string_view typed)
{
    auto code = canonical_code(typed, relay_code_length);
    if (!code)
        return fail(errc::not_found, "request", "no open request has this code: the resident's page shows a new one");
    return std::move(*code);
}

// A request its page may still use: not expired, not collected.
result<relay_request> live_request(repository& repo, std::int64_t challenge_id, const std::string& code, time_point now)
{
    auto r = repo.find_relay_request(challenge_id, code);
    if (!r || r->expires_at <= now || r->state == relay_state::collected || r->state == relay_state::voided)
        return fail(errc::not_found, "request",
                    "no open request has this code (a request waits 10 minutes for the desk): the resident's page "
                    "shows a new one");
    return std::move(*r);
}

// What the hour a desk signed is rounded to; the minute must not be there to set beside the
// minute a ballot arrived (anonymous_time_granularity).
time_point hour_of(time_point t) { return std::chrono::floor<anonymous_time_granularity>(t); }

} // namespace

void participant_use_cases::open_blind_request(challenge_ref which, std::string blinded_msg, callback<relay_opened> cb)
{
    runner_.with_issuer(which, [this, which, msg = std::move(blinded_msg),
                                cb = std::move(cb)](result<use_case_runner::issuer> iss) mutable {
        if (!iss)
            return cb(iss.error());
        if (!iss->blind)
            return cb(fail(errc::invalid_field, "blinded_msg",
                           "this challenge is not anonymous: its cards carry their tokens"));
        // A message that is not one for this key is refused at once, before anything is kept.
        if (auto f = check_blinded_msg(*iss->blind, msg))
            return cb(*f);
        runner_.write<relay_opened>(
            [this, which, msg = std::move(msg)](repository& repo) -> result<relay_opened> {
                auto ch = load_challenge(repo, which);
                if (!ch)
                    return ch.error();
                const auto now = clock_.now();
                if (auto f = issuance_closed(*ch, now))
                    return *f;
                repo.purge_relay_requests(now - relay_kept_after_expiry);
                if (repo.open_relay_requests(ch->id, now) >= max_open_relay_requests)
                    return fail(errc::busy, "",
                                "this challenge has " + std::to_string(max_open_relay_requests) +
                                    " requests waiting for a desk: try again in a minute");
                auto secret = base64url_encode(random_bytes(16));
                relay_request r{
                    ch->id, {}, msg, now + relay_wait_for_desk, std::nullopt, {}, relay_state::waiting, sha256(secret)};
                do
                    r.code = new_short_code(relay_code_length); // 40 bits: a collision is drawn again
                while (!repo.insert_relay_request(r));
                return relay_opened{display_code(r.code), r.expires_at, std::move(secret)};
            },
            std::move(cb));
    });
}

void participant_use_cases::purge_relay()
{
    const auto now = std::chrono::steady_clock::now();
    if (now < next_relay_purge_.load())
        return;
    next_relay_purge_ = now + std::chrono::minutes(1);
    runner_.write<done_t>(
        [this](repository& repo) -> result<done_t> {
            repo.purge_relay_requests(clock_.now() - relay_kept_after_expiry);
            return done_t{};
        },
        [](result<done_t>) {});
}

void participant_use_cases::find_blind_request(challenge_ref which, std::string code, callback<relay_view> cb)
{
    runner_.read<relay_view>(
        [this, which = std::move(which), code = std::move(code)](repository& repo) -> result<relay_view> {
            auto ch = load_challenge(repo, which);
            if (!ch)
                return ch.error();
            auto canonical = canonical_request_code(code);
            if (!canonical)
                return canonical.error();
            auto r = repo.find_relay_request(ch->id, *canonical);
            if (!r)
                return fail(errc::not_found, "", "no open request has this code (they last 10 minutes)");
            return relay_view{std::move(*r), ch->municipality_id, clock_.now()};
        },
        std::move(cb));
}

void participant_use_cases::note_delivered(std::int64_t challenge_id, std::string code, callback<done_t> cb)
{
    runner_.write<done_t>(
        [challenge_id, code = std::move(code)](repository& repo) -> result<done_t> {
            if (auto r = repo.find_relay_request(challenge_id, code); r && r->state == relay_state::signed_by_desk) {
                r->state = relay_state::delivered;
                repo.update_relay_request(*r);
            }
            return done_t{};
        },
        std::move(cb));
}

void participant_use_cases::sign_blind_request(const caller& who, challenge_ref which, relay_signing req,
                                               callback<relay_view> cb)
{
    if (who.kind == role::anonymous)
        return cb(*refused(who, permission::issue, 0));
    auto canonical_ref = checked_reference(req.ref, "ref");
    auto code = std::move(req.code);
    if (!canonical_ref)
        return cb(canonical_ref.error());
    // The writer checks the person and claims the request for them; the signature, a private-key
    // operation, is made on a reader; a second write leaves it on the request for the page.
    struct job {
        std::shared_ptr<const blind_rsa::private_key> key;
        relay_view view;
    };
    runner_.write<job>(
        [this, who, which, code = std::move(code), ref = std::move(*canonical_ref)](repository& repo) -> result<job> {
            // Rights first: a key of another municipality learns nothing of the request's code.
            auto ch = load_challenge_as_issuer(repo, who, which);
            if (!ch)
                return ch.error();
            if (ch->anonymity != anonymity::blind)
                return fail(errc::invalid_field, "request",
                            "this challenge is not anonymous: issue tokens through tokens");
            const auto now = clock_.now();
            if (auto f = issuance_closed(*ch, now))
                return *f;
            auto canonical = canonical_request_code(code);
            if (!canonical)
                return canonical.error();
            auto r = live_request(repo, ch->id, *canonical, now);
            if (!r)
                return r.error();
            const auto ref_hmac = runner_.reference_hmac(ch->id, ref);
            if (r->ref_hmac && !equal_in_constant_time(*r->ref_hmac, ref_hmac))
                return fail(errc::already_issued, "request",
                            "this request was signed for another person: the resident's page shows a new one");
            auto key = runner_.blind_key(*ch);
            if (!key)
                return key.error();
            if (r->state == relay_state::signed_by_desk || r->state == relay_state::delivered)
                return job{nullptr, relay_view{std::move(*r), ch->municipality_id, now}}; // signed already: the same
            if (repo.checked_in(ch->id, ref_hmac))
                return fail(errc::already_voted, "ref",
                            "this person has already voted: no online token is issued to them");
            const auto digest = sha256(r->blinded_msg);
            const auto known = repo.blind_issuance(ch->id, ref_hmac);
            const auto hour = hour_of(now);
            if (known && !equal_in_constant_time(*known, digest)) {
                // Another message was signed for this person. Only a relayed signature their page
                // never fetched, and can no longer fetch, leaves them without a token: then the
                // old signature is void (it never left the server but to the desk, which cannot
                // unblind it) and this one replaces it.
                auto earlier = repo.relay_request_of(ch->id, ref_hmac);
                // (Left half-signed, by a failed signature or a stop between the two writes, it
                // never reached the page either.)
                const bool undelivered =
                    earlier && earlier->code != r->code &&
                    (earlier->state == relay_state::signed_by_desk || earlier->state == relay_state::signing) &&
                    earlier->expires_at <= now && equal_in_constant_time(sha256(earlier->blinded_msg), *known);
                if (!undelivered)
                    return fail(errc::already_issued, "ref",
                                "this person's token was already signed, for another message; a lost reply is "
                                "answered again only for the identical blinded message, and a signature the "
                                "resident's page never fetched frees them a day after it was made");
                earlier->state = relay_state::voided; // nothing of it is kept
                earlier->blinded_msg.clear();
                earlier->blind_sig.clear();
                repo.update_relay_request(*earlier);
                repo.replace_blind_issuance(ch->id, ref_hmac, digest, hour);
                audit(repo, hour, who, ch->municipality_id, ch->id, "tokens.blind_resign", json::object());
            } else if (!known) {
                repo.insert_blind_issuance(ch->id, ref_hmac, digest, hour);
                audit(repo, hour, who, ch->municipality_id, ch->id, "tokens.blind_sign", json::object());
            }
            r->ref_hmac = ref_hmac;
            r->state = relay_state::signing;
            // A day for the page to fetch it, counted from the hour (the minute stays unknown).
            r->expires_at = hour + relay_wait_for_page + std::chrono::hours(1);
            repo.update_relay_request(*r);
            return job{std::move(*key), relay_view{std::move(*r), ch->municipality_id, now}};
        },
        [this, cb = std::move(cb)](result<job> j) mutable {
            if (!j)
                return cb(j.error());
            if (!j->key)
                return cb(std::move(j->view));
            auto sign = [key = j->key, msg = j->view.request.blinded_msg]() { return key->blind_sign(msg); };
            runner_.offload<std::string>(std::move(sign), [this, view = std::move(j->view),
                                                           cb = std::move(cb)](result<std::string> sig) mutable {
                if (!sig)
                    return cb(sig.error());
                runner_.write<relay_view>(
                    [view = std::move(view), sig = std::move(*sig)](repository& repo) -> result<relay_view> {
                        auto r = repo.find_relay_request(view.request.challenge_id, view.request.code);
                        const bool same_person = r && r->ref_hmac == view.request.ref_hmac;
                        if (same_person &&
                            (r->state == relay_state::signed_by_desk || r->state == relay_state::delivered))
                            return relay_view{std::move(*r), view.municipality_id, view.now}; // a second desk's
                        if (!same_person || r->state != relay_state::signing)
                            return fail(errc::not_found, "request",
                                        "the request was withdrawn while it was signed: sign a new one");
                        r->blind_sig = sig;
                        r->state = relay_state::signed_by_desk;
                        repo.update_relay_request(*r);
                        return relay_view{std::move(*r), view.municipality_id, view.now};
                    },
                    std::move(cb));
            });
        });
}

void participant_use_cases::collect_blind_request(challenge_ref which, std::string code, std::string secret,
                                                  callback<done_t> cb)
{
    runner_.write<done_t>(
        [this, which = std::move(which), code = std::move(code),
         secret = std::move(secret)](repository& repo) -> result<done_t> {
            auto ch = load_challenge(repo, which);
            if (!ch)
                return ch.error();
            auto canonical = canonical_request_code(code);
            if (!canonical)
                return canonical.error();
            auto r = live_request(repo, ch->id, *canonical, clock_.now());
            if (!r)
                return r.error();
            // Only the page that opened it (a request from before pages had a secret takes none).
            if (!r->secret_sha256.empty() && !equal_in_constant_time(sha256(secret), r->secret_sha256))
                return fail(errc::not_found, "secret",
                            "no open request has this code and secret: only the page that opened a request "
                            "withdraws it");
            if (r->state != relay_state::signed_by_desk && r->state != relay_state::delivered)
                return fail(errc::wrong_status, "request", "the desk has not signed this request yet");
            // The page has its token: nothing of the request is needed any more.
            r->state = relay_state::collected;
            r->blinded_msg.clear();
            r->blind_sig.clear();
            repo.update_relay_request(*r);
            return done_t{};
        },
        std::move(cb));
}

} // namespace cabildo::engine
