// Participant tokens: issuance, revocation, card batches and their printable sheets, blind
// signatures, and the challenge's published keys.

#include "api/handlers.hpp"
#include "api/inputs.hpp"
#include "engine/domain/rfc3339.hpp"
#include "engine/identity/crypto.hpp"

namespace cabildo::api::handlers {

namespace {

json batch_document(const engine::token_batch& b)
{
    return {{"id", b.id}, {"label", b.label}, {"count", b.count}, {"created_at", engine::format_rfc3339(b.created_at)}};
}

} // namespace

void issue_tokens(call& c)
{
    auto req = read_token_request(c.body);
    if (!req)
        return c.respond(error_response(req.error()));
    c.service.participants().issue_tokens(
        c.who, c.challenge(), std::move(*req),
        reply<engine::issuance>(c.respond, http::status::created, [metrics = c.metrics](const auto& r) {
            if (metrics)
                metrics->tokens_issued(r.tokens.size());
            json out = json::array();
            for (const auto& t : r.tokens) {
                json e{{"token", t.token}, {"code", t.code}};
                if (t.ref)
                    e["ref"] = *t.ref;
                out.push_back(std::move(e));
            }
            json doc{{"tokens", out}};
            if (r.batch)
                doc["batch"] = batch_document(*r.batch);
            return doc;
        }));
}

// A card's short code, typed by a person or carried by its QR code, for the card's token. Codes
// typed wrong are counted per client address (rate_limiter.hpp): 60 bits of code against a few
// dozen tries every ten minutes.
void redeem_card_code(call& c)
{
    field_reader r(c.body);
    auto code = r.text("code", true);
    if (!r.ok())
        return c.respond(error_response(r.error()));
    const auto& key = c.client; // across challenges: slugs are the client's to vary
    if (c.wrong_codes && c.wrong_codes->exhausted(key, c.service.clock().now()))
        return c.respond(error_response(engine::errc::rate_limited,
                                        "many wrong codes came from this address lately: try again in a few minutes",
                                        "code"));
    c.service.participants().redeem_card_code(
        c.challenge(), std::move(*code), [c, key](engine::result<std::string> token) {
            if (!token.ok()) {
                if (c.wrong_codes && token.error().code != engine::errc::storage_failure &&
                    token.error().code != engine::errc::storage_unavailable)
                    c.wrong_codes->count(key, c.service.clock().now());
                return c.respond(error_response(token.error()));
            }
            c.respond(json_response(http::status::ok, {{"token", *token}}));
        });
}

void revoke_tokens(call& c)
{
    auto req = read_revoke_request(c.body);
    if (!req)
        return c.respond(error_response(req.error()));
    c.service.participants().revoke_tokens(
        c.who, c.challenge(), std::move(*req),
        reply<engine::revoke_outcome>(c.respond, http::status::ok, [](const auto& r) {
            return json{{"revoked", r.revoked}, {"unknown_or_already_revoked", r.already_revoked_or_unknown}};
        }));
}

void blind_sign(call& c)
{
    if (c.body.contains("request"))
        return sign_relayed_request(c);
    auto req = read_blind_request(c.body);
    if (!req)
        return c.respond(error_response(req.error()));
    c.service.participants().blind_sign(
        c.who, c.challenge(), std::move(*req),
        reply<std::string>(c.respond, http::status::created, [](const std::string& sig) {
            return json{{"blind_sig", engine::base64url_encode(sig)}};
        }));
}

void turnout(call& c)
{
    c.service.participants().turnout(c.who, c.challenge(),
                                     reply<engine::turnout>(c.respond, http::status::ok, [](const auto& t) {
                                         return json{{"tokens_issued", t.tokens_issued},
                                                     {"tokens_revoked", t.tokens_revoked},
                                                     {"voters", t.voters},
                                                     {"ideas", t.ideas},
                                                     {"survey_responses", t.survey_responses}};
                                     }));
}

void list_batches(call& c)
{
    c.service.participants().list_batches(
        c.who, c.challenge(),
        reply<std::vector<engine::token_batch>>(c.respond, http::status::ok, [](const auto& list) {
            json out = json::array();
            for (const auto& b : list) {
                auto doc = batch_document(b);
                doc["issued"] = b.count;
                doc["used"] = b.used;
                doc["revoked"] = b.revoked;
                out.push_back(std::move(doc));
            }
            return json{{"batches", out}};
        }));
}

void print_cards(call& c)
{
    const auto id = positive_number(c.id);
    if (!id)
        return c.respond(error_response(engine::errc::not_found, "no card batch has that id"));
    // The token rides in the fragment, which browsers never send to a server or write to its logs.
    auto url = c.origin + "/#/" + c.m + "/" + c.c;
    c.service.participants().print_cards(
        c.who, c.challenge(), *id, std::move(url), [respond = c.respond](engine::result<std::string> r) {
            if (!r)
                return respond(error_response(r.error()));
            respond.later([html = std::make_shared<std::string>(std::move(*r))] {
                response res{http::status::ok, 11};
                res.set(http::field::content_type, "text/html; charset=utf-8");
                // The sheet holds live tokens: nothing on it may load from elsewhere or run.
                res.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                                                   "base-uri 'none'; form-action 'none'");
                res.set("Referrer-Policy", "no-referrer");
                res.body() = std::move(*html);
                res.prepare_payload();
                return res;
            });
        });
}

} // namespace cabildo::api::handlers
