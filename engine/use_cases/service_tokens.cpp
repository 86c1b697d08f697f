// Participant tokens: issuance by reference and on cards, revocation, card sheets, blind
// signatures for anonymous challenges, and the published keys that verify them all.

#include "engine/domain/rfc3339.hpp"
#include "engine/domain/validation.hpp"
#include "engine/identity/blind_token.hpp"
#include "engine/identity/reference.hpp"
#include "engine/identity/short_code.hpp"
#include "engine/identity/token.hpp"
#include "engine/publication/cards.hpp"
#include "engine/use_cases/participants.hpp"
#include "engine/use_cases/service_detail.hpp"

#include <algorithm>
#include <unordered_map>

namespace cabildo::engine {

using namespace detail;
using json = nlohmann::json;

namespace detail {

time_point token_expiry(const timeline& t)
{
    constexpr auto token_grace = std::chrono::days{30};
    return std::max(t.voting.closes, t.submission.closes) + token_grace;
}

std::optional<failure> check_blinded_msg(const blind_rsa::public_key& key, std::string_view msg)
{
    if (msg.size() != key.modulus_bytes())
        return fail(errc::invalid_field, "blinded_msg",
                    "blinded_msg must be " + std::to_string(key.modulus_bytes()) + " bytes (the key's length), not " +
                        std::to_string(msg.size()));
    if (msg >= key.n())
        return fail(errc::invalid_field, "blinded_msg", "blinded_msg must be below the key's modulus");
    return std::nullopt;
}

std::optional<failure> issuance_closed(const challenge& ch, time_point now)
{
    if (ch.timeline.voting.closed_at(now) && ch.timeline.submission.closed_at(now))
        return fail(errc::phase_closed, "", "voting closed at " + format_rfc3339(ch.timeline.voting.closes));
    return std::nullopt;
}

result<std::string> checked_reference(const std::string& ref, const std::string& field)
{
    if (auto f = check_text(ref, field, identity_reference_limit))
        return *f;
    auto canonical = canonical_reference(ref);
    if (!canonical)
        return fail(errc::invalid_field, field, field + " must be text without control characters");
    if (canonical->empty())
        return fail(errc::invalid_field, field, field + " holds only spaces and hyphens");
    return std::move(*canonical);
}

} // namespace detail

namespace {

std::string ref_field(std::size_t i) { return "participants[" + std::to_string(i) + "].ref"; }

// A token request's shape, and its references in canonical form.
result<std::vector<std::string>> canonical_references(const token_request& req)
{
    if (!req.refs.empty() && req.count > 0)
        return fail(errc::invalid_field, "count", "send either participants or count, not both");
    if (req.refs.empty() && req.count == 0)
        return fail(errc::invalid_field, "participants", "send participants (with ref) or a count of cards");
    if (req.refs.size() > max_tokens_per_request || req.count > max_tokens_per_request)
        return fail(errc::invalid_field, req.count ? "count" : "participants",
                    "at most " + std::to_string(max_tokens_per_request) + " tokens per request");
    if (req.reissue && req.refs.empty())
        return fail(errc::invalid_field, "reissue", "reissue is for participants sent by reference");
    if (auto f = check_text(req.label, "label", batch_label_limit))
        return *f;
    std::vector<std::string> canonical;
    for (std::size_t i = 0; i < req.refs.size(); ++i) {
        auto ref = checked_reference(req.refs[i], ref_field(i));
        if (!ref)
            return ref.error();
        canonical.push_back(std::move(*ref));
    }
    return canonical;
}

// What the writer recorded for an issuance. It only records the tokens; signing (tens of
// microseconds each, up to 10,000 per request) runs on a storage reader so ballots queued behind
// the request are not held up.
struct batch {
    std::string iss, aud, issuer_private; // the key opened from its sealed form
    std::vector<std::optional<std::string>> refs;
    std::vector<issued_token> tokens;
    std::vector<std::string> codes; // each token's card code, canonical
    std::optional<token_batch> cards;
};

issuance signed_all(const batch& b)
{
    const auto key = ed25519_key::from_private(b.issuer_private);
    issuance out;
    out.batch = b.cards;
    out.tokens.reserve(b.tokens.size());
    for (std::size_t i = 0; i < b.tokens.size(); ++i) {
        const auto& t = b.tokens[i];
        out.tokens.push_back(
            {b.refs[i], sign_token({b.iss, b.aud, t.jti, t.issued_at, t.expires_at}, *key), display_code(b.codes[i])});
    }
    return out;
}

// Whether a response to the consultation may still come: a revocation then withdraws the token's
// response at the close (the count nobody sees before), and a reissued card keeps its person's
// response. From the close on the counted set is frozen and neither touches it.
bool consultation_pending(const challenge& ch, time_point now)
{
    return ch.timeline.consultation && now < ch.timeline.consultation->closes;
}

} // namespace

// A person's live token. Tokens issued before references were folded with NFKC were keyed on the
// NFC form, and those issued before references were put in canonical form at all on the reference
// as sent: those keys are tried next, so a desk that writes the reference as it did then finds the
// old token. (Written another way, it is not found: the old spelling was never stored, so no
// migration can map it; the README says so.)
std::optional<issued_token> participant_use_cases::live_token_of(repository& repo, std::int64_t challenge_id,
                                                                 const std::string& canonical,
                                                                 const std::string& as_sent) const
{
    return live_token_by_reference(repo, runner_, challenge_id, canonical, as_sent);
}

namespace detail {

std::optional<issued_token> live_token_by_reference(repository& repo, const use_case_runner& runner,
                                                    std::int64_t challenge_id, const std::string& canonical,
                                                    const std::string& as_sent)
{
    if (auto live = repo.live_token_for_ref(challenge_id, runner.reference_hmac(challenge_id, canonical)))
        return live;
    if (const auto nfc = nfc_reference(as_sent); nfc && *nfc != canonical)
        if (auto live = repo.live_token_for_ref(challenge_id, runner.reference_hmac(challenge_id, *nfc)))
            return live;
    if (as_sent != canonical)
        return repo.live_token_for_ref(challenge_id, runner.reference_hmac(challenge_id, as_sent));
    return std::nullopt;
}

} // namespace detail

void participant_use_cases::issue_tokens(const caller& who, challenge_ref which, token_request req,
                                         callback<issuance> cb)
{
    if (who.kind == role::anonymous)
        return cb(*refused(who, permission::issue, 0));
    auto checked = canonical_references(req);
    if (!checked)
        return cb(checked.error());
    auto canonical = std::move(*checked);
    runner_.write<batch>(
        [this, who, which = std::move(which), req = std::move(req),
         canonical = std::move(canonical)](repository& repo) -> result<batch> {
            auto ch = load_challenge_as_issuer(repo, who, which);
            if (!ch)
                return ch.error();
            if (ch->anonymity == anonymity::blind && !req.refs.empty())
                return fail(errc::invalid_field, "participants",
                            "this challenge is anonymous: a person's token is signed blind, through tokens/blind");
            const auto now = clock_.now();
            if (auto f = issuance_closed(*ch, now))
                return *f;
            auto key = runner_.signing_key(*ch);
            if (!key)
                return key.error();
            batch out{ch->municipality_slug, ch->slug, std::move(*key), {}, {}, {}, std::nullopt};
            if (req.count > 0) {
                token_batch b{0, ch->id, req.label, req.count, now, std::nullopt, 0, 0};
                if (who.key_id != 0)
                    b.key_id = who.key_id;
                repo.insert_batch(b);
                out.cards = b;
            }
            std::size_t fresh = 0, reissued = 0;
            // Every token's card code is worked out here (two HMACs, microseconds): its HMAC is
            // stored with the token, so typing the code finds it.
            const auto issue_one = [&](std::optional<std::string> ref_hmac) {
                issued_token t{new_jti(),    std::move(ref_hmac),
                               now,          token_expiry(ch->timeline),
                               std::nullopt, out.cards ? std::optional(out.cards->id) : std::nullopt,
                               std::nullopt};
                out.codes.push_back(runner_.card_code(ch->id, t.jti));
                t.code_hmac = runner_.card_code_hmac(ch->id, out.codes.back());
                repo.insert_token(ch->id, t);
                ++fresh;
                return t;
            };
            // A token issued before cards had codes gets its code the first time it is handed out.
            const auto known_one = [&](issued_token t) {
                out.codes.push_back(runner_.card_code(ch->id, t.jti));
                repo.set_token_code(ch->id, t.jti, runner_.card_code_hmac(ch->id, out.codes.back()));
                return t;
            };
            // The identity reference itself is never stored, only its HMAC under the server secret.
            // One person named twice in a request (two spellings, say) gets one token, reissued once.
            std::unordered_map<std::string, std::size_t> seen; // canonical reference -> its token
            for (std::size_t i = 0; i < canonical.size(); ++i) {
                out.refs.emplace_back(req.refs[i]);
                if (const auto it = seen.find(canonical[i]); it != seen.end()) {
                    out.tokens.push_back(out.tokens[it->second]);
                    out.codes.push_back(out.codes[it->second]);
                    continue;
                }
                seen.emplace(canonical[i], out.tokens.size());
                // A person who voted at an in-person table has no online voice any more.
                if (repo.checked_in(ch->id, runner_.reference_hmac(ch->id, canonical[i])))
                    return fail(errc::already_voted, "participants[" + std::to_string(i) + "].ref",
                                "this person has already voted: no online token is issued to them");
                auto live = live_token_of(repo, ch->id, canonical[i], req.refs[i]);
                if (live && req.reissue) {
                    repo.revoke_token(ch->id, live->jti, now);
                    runner_.board().append(repo, *ch, board_entry_type::revocation, revocation_body(live->jti), now);
                    auto replacement = issue_one(runner_.reference_hmac(ch->id, canonical[i]));
                    if (consultation_pending(*ch, now)) // a lost card does not cost the person their answer
                        repo.move_survey_response(ch->id, live->jti, replacement.jti);
                    out.tokens.push_back(std::move(replacement));
                    ++reissued;
                    continue;
                }
                out.tokens.push_back(live ? known_one(std::move(*live))
                                          : issue_one(runner_.reference_hmac(ch->id, canonical[i])));
            }
            for (std::size_t i = 0; i < req.count; ++i) {
                out.refs.emplace_back();
                out.tokens.push_back(issue_one(std::nullopt));
            }
            json detail{{"requested", out.tokens.size()}, {"new", fresh}, {"by_reference", !req.refs.empty()}};
            if (req.reissue)
                detail["reissued"] = reissued;
            if (out.cards)
                detail["batch"] = out.cards->id;
            audit(repo, now, who, ch->municipality_id, ch->id, "tokens.issue", detail);
            return out;
        },
        [this, cb = std::move(cb)](result<batch> r) mutable {
            if (!r)
                return cb(r.error());
            runner_.offload<issuance>([b = std::move(*r)]() -> result<issuance> { return signed_all(b); },
                                      std::move(cb));
        });
}

void participant_use_cases::revoke_tokens(const caller& who, challenge_ref which, revoke_request req,
                                          callback<revoke_outcome> cb)
{
    if (who.kind == role::anonymous)
        return cb(*refused(who, permission::issue, 0));
    if (req.tokens.empty() && req.refs.empty())
        return cb(fail(errc::invalid_field, "tokens", "send tokens or refs to revoke"));
    if (req.tokens.size() + req.refs.size() > max_tokens_per_request)
        return cb(
            fail(errc::invalid_field, "tokens", "at most " + std::to_string(max_tokens_per_request) + " per request"));
    std::vector<std::string> canonical;
    for (std::size_t i = 0; i < req.refs.size(); ++i) {
        auto ref = checked_reference(req.refs[i], "refs[" + std::to_string(i) + "]");
        if (!ref)
            return cb(ref.error());
        canonical.push_back(std::move(*ref));
    }
    runner_.write<revoke_outcome>(
        [this, who, which = std::move(which), req = std::move(req),
         canonical = std::move(canonical)](repository& repo) -> result<revoke_outcome> {
            auto ch = load_challenge_as_issuer(repo, who, which);
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
            std::shared_ptr<const blind_rsa::public_key> blind;
            if (ch->anonymity == anonymity::blind)
                if (auto pk = blind_rsa::public_key::from_der(ch->blind_public))
                    blind = std::make_shared<const blind_rsa::public_key>(std::move(*pk));
            for (std::size_t i = 0; i < req.tokens.size(); ++i) {
                if (blind && is_blind_token(req.tokens[i])) {
                    // A blind token the server has not met yet gets its row (to the hour, like its
                    // ballots would), revoked just below like any other.
                    auto jti = verify_blind_token(req.tokens[i], *blind);
                    if (!jti)
                        return fail(errc::invalid_field, "tokens[" + std::to_string(i) + "]", jti.error().message);
                    const auto hour = std::chrono::floor<anonymous_time_granularity>(now);
                    repo.insert_token_if_absent(ch->id,
                                                {*jti, std::nullopt, hour, token_expiry(ch->timeline), {}, {}, {}});
                    jtis.push_back(std::move(*jti));
                    continue;
                }
                // Expired tokens may still be revoked: verify as of their own issue time.
                auto claims = verify_token(req.tokens[i], *key, ch->municipality_slug, ch->slug, time_point{});
                if (!claims)
                    return fail(errc::invalid_field, "tokens[" + std::to_string(i) + "]", claims.error().message);
                jtis.push_back(claims->jti);
            }
            for (std::size_t i = 0; i < req.refs.size(); ++i) {
                auto live = live_token_of(repo, ch->id, canonical[i], req.refs[i]);
                jtis.push_back(live ? live->jti : std::string{});
            }
            revoke_outcome out;
            const bool withdraw = consultation_pending(*ch, now);
            for (const auto& jti : jtis) {
                const auto at = blind ? std::chrono::floor<anonymous_time_granularity>(now) : now;
                if (!jti.empty() && repo.revoke_token(ch->id, jti, at)) {
                    ++out.revoked;
                    runner_.board().append(repo, *ch, board_entry_type::revocation, revocation_body(jti), now);
                    if (withdraw)
                        repo.withdraw_survey_response(ch->id, jti);
                } else {
                    ++out.already_revoked_or_unknown;
                }
            }
            audit(repo, now, who, ch->municipality_id, ch->id, "tokens.revoke",
                  {{"revoked", out.revoked}, {"unknown_or_already_revoked", out.already_revoked_or_unknown}});
            return out;
        },
        std::move(cb));
}

void participant_use_cases::redeem_card_code(challenge_ref which, std::string code, callback<std::string> cb)
{
    const auto canonical = canonical_code(code, card_code_length);
    if (!canonical)
        return cb(fail(errc::invalid_field, "code", "a card's code is 12 letters and digits, like ABCD-EFGH-JKMN"));
    struct found {
        std::string iss, aud, issuer_private;
        issued_token token;
    };
    runner_.read<found>(
        [this, which = std::move(which), canonical = *canonical](repository& repo) -> result<found> {
            auto ch = load_challenge(repo, which);
            if (!ch)
                return ch.error();
            auto t = repo.token_by_code(ch->id, runner_.card_code_hmac(ch->id, canonical));
            if (!t)
                return fail(errc::not_found, "code", "no card of this challenge has this code: check it and try again");
            if (t->revoked_at)
                return fail(errc::token_revoked, "code", "this card was revoked: the desk can give you a new one");
            auto key = runner_.signing_key(*ch);
            if (!key)
                return key.error();
            return found{ch->municipality_slug, ch->slug, std::move(*key), std::move(*t)};
        },
        [cb = std::move(cb)](result<found> r) {
            if (!r)
                return cb(r.error());
            // Ed25519 is deterministic: the token signed again is the card's very token.
            const auto key = ed25519_key::from_private(r->issuer_private);
            const auto& t = r->token;
            cb(sign_token({r->iss, r->aud, t.jti, t.issued_at, t.expires_at}, *key));
        });
}

void participant_use_cases::turnout(const caller& who, challenge_ref which, callback<engine::turnout> cb)
{
    runner_.read<engine::turnout>(
        [who, which = std::move(which)](repository& repo) -> result<engine::turnout> {
            auto ch = load_challenge_as_organiser(repo, who, which);
            if (!ch)
                return ch.error();
            return repo.turnout(ch->id);
        },
        std::move(cb));
}

void participant_use_cases::list_batches(const caller& who, challenge_ref which, callback<std::vector<token_batch>> cb)
{
    runner_.read<std::vector<token_batch>>(
        [who, which = std::move(which)](repository& repo) -> result<std::vector<token_batch>> {
            auto ch = load_challenge_as_organiser(repo, who, which);
            if (!ch)
                return ch.error();
            return repo.list_batches(ch->id);
        },
        std::move(cb));
}

void participant_use_cases::print_cards(const caller& who, challenge_ref which, std::int64_t batch,
                                        std::string challenge_url, callback<std::string> cb)
{
    // The writer finds the batch's live cards, their codes (derived from their jti: the same code
    // every time) and audits the printing; a reader draws the sheet. No token is printed: the code
    // stands for it.
    struct job {
        card_sheet sheet;
        std::vector<std::string> codes; // canonical
    };
    runner_.write<job>(
        [this, who, which = std::move(which), batch](repository& repo) -> result<job> {
            auto ch = load_challenge_as_organiser(repo, who, which);
            if (!ch)
                return ch.error();
            auto b = repo.find_batch(ch->id, batch);
            if (!b)
                return fail(errc::not_found, "", "no card batch " + std::to_string(batch) + " in this challenge");
            const auto muni = load_municipality(repo, which.municipality);
            if (!muni)
                return muni.error();
            job out;
            out.sheet = {muni->name, ch->title, muni->timezone, ch->timeline.voting.closes, b->label, {}};
            for (auto& t : repo.batch_tokens(ch->id, batch))
                if (!t.revoked_at) {
                    out.codes.push_back(runner_.card_code(ch->id, t.jti));
                    repo.set_token_code(ch->id, t.jti,
                                        runner_.card_code_hmac(ch->id, out.codes.back())); // if it had none
                }
            audit(repo, clock_.now(), who, ch->municipality_id, ch->id, "tokens.print",
                  {{"batch", batch}, {"cards", out.codes.size()}});
            return out;
        },
        [this, challenge_url = std::move(challenge_url), cb = std::move(cb)](result<job> r) mutable {
            if (!r)
                return cb(r.error());
            runner_.offload<std::string>(
                [j = std::move(*r), challenge_url]() mutable -> result<std::string> {
                    for (const auto& canonical : j.codes) {
                        const auto code = display_code(canonical);
                        j.sheet.cards.push_back({challenge_url + "?code=" + code, code});
                    }
                    return render_card_sheet(j.sheet);
                },
                std::move(cb));
        });
}

void participant_use_cases::blind_sign(const caller& who, challenge_ref which, blind_request req,
                                       callback<std::string> cb)
{
    if (who.kind == role::anonymous)
        return cb(*refused(who, permission::issue, 0));
    auto ref = checked_reference(req.ref, "ref");
    if (!ref)
        return cb(ref.error());
    // The writer checks the message against the key and records the person; the signature, a
    // private-key operation of a millisecond or more, is made on a reader.
    struct job {
        std::shared_ptr<const blind_rsa::private_key> key;
        std::string blinded_msg;
    };
    runner_.write<job>(
        [this, who, which = std::move(which), req = std::move(req),
         ref = std::move(*ref)](repository& repo) -> result<job> {
            auto ch = load_challenge_as_issuer(repo, who, which);
            if (!ch)
                return ch.error();
            if (ch->anonymity != anonymity::blind)
                return fail(errc::invalid_field, "blinded_msg",
                            "this challenge is not anonymous: issue tokens through tokens");
            const auto now = clock_.now();
            if (auto f = issuance_closed(*ch, now))
                return *f;
            auto key = runner_.blind_key(*ch);
            if (!key)
                return key.error();
            // A malformed message (400) must not use the reference up: checked before anything is kept.
            if (auto f = check_blinded_msg((*key)->public_part(), req.blinded_msg))
                return *f;
            const auto ref_hmac = runner_.reference_hmac(ch->id, ref);
            if (repo.checked_in(ch->id, ref_hmac))
                return fail(errc::already_voted, "ref",
                            "this person has already voted: no online token is issued to them");
            const auto digest = sha256(req.blinded_msg);
            const auto known = repo.blind_issuance(ch->id, ref_hmac);
            if (known && !equal_in_constant_time(*known, digest))
                return fail(errc::already_issued, "ref",
                            "this person's token was already signed, for another message; a lost reply is "
                            "answered again only for the identical blinded message");
            if (!known) {
                // Kept to the hour, like the ballots: the exact minute a desk signed for someone
                // must not be there to set beside the minute a ballot arrived.
                const auto hour = std::chrono::floor<anonymous_time_granularity>(now);
                repo.insert_blind_issuance(ch->id, ref_hmac, digest, hour);
                audit(repo, hour, who, ch->municipality_id, ch->id, "tokens.blind_sign", json::object());
            }
            return job{std::move(*key), req.blinded_msg};
        },
        [this, cb = std::move(cb)](result<job> r) mutable {
            if (!r)
                return cb(r.error());
            runner_.offload<std::string>([j = std::move(*r)]() { return j.key->blind_sign(j.blinded_msg); },
                                         std::move(cb));
        });
}

void participant_use_cases::check_participant(challenge_ref which, std::string token, callback<done_t> cb)
{
    runner_.with_issuer(which, [this, token = std::move(token), which,
                                cb = std::move(cb)](result<use_case_runner::issuer> iss) mutable {
        if (!iss)
            return cb(iss.error());
        auto jti = runner_.participant_jti(*iss, token, which);
        if (!jti)
            return cb(jti.error());
        runner_.read<done_t>(
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

} // namespace cabildo::engine
