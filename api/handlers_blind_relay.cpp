// The page-to-desk hand-over of anonymous challenges (api/blind_relay.hpp): a resident's page opens
// a request with its blinded message, the desk signs it by code, the page collects the signature.

#include "api/blind_relay.hpp"
#include "api/handlers.hpp"
#include "api/inputs.hpp"
#include "engine/domain/rfc3339.hpp"
#include "engine/identity/crypto.hpp"

namespace cabildo::api::handlers {

namespace {

// An RSA-3072 blinded message is 384 bytes; anything much larger is not one.
constexpr std::size_t max_blinded_msg = 1024;

std::string scope_of(const call& c) { return c.m + '/' + c.c; }

} // namespace

void open_blind_request(call& c)
{
    field_reader r(c.body);
    const auto text = r.text("blinded_msg", true);
    std::optional<std::string> msg;
    if (text && !(msg = engine::base64url_decode(*text)))
        r.refuse("blinded_msg", "blinded_msg must be base64url (RFC 4648 section 5, no padding)");
    else if (msg && (msg->empty() || msg->size() > max_blinded_msg))
        r.refuse("blinded_msg", "blinded_msg must be a blinded RSA message of at most 1024 bytes");
    if (!r.ok())
        return c.respond(error_response(r.error()));
    c.service.get_challenge(c.m, c.c, [c, msg = std::move(*msg)](engine::result<engine::challenge_view> v) mutable {
        if (!v.ok())
            return c.respond(error_response(v.error()));
        if (v.value().challenge.anonymity != engine::anonymity::blind)
            return c.respond(error_response(engine::errc::invalid_field,
                                            "this challenge is not anonymous: its cards carry their tokens",
                                            "blinded_msg"));
        const auto now = c.service.clock().now();
        const auto code = c.relay->open(scope_of(c), std::move(msg), now);
        if (!code)
            return c.respond(error_response(transport_errc::busy, "too many open requests: try again in a minute"));
        c.respond(
            json_response(http::status::created,
                          {{"code", *code}, {"expires_at", engine::format_rfc3339(now + blind_relay::lifetime)}}));
    });
}

void blind_request_status(call& c)
{
    const auto found = c.relay->find(scope_of(c), c.id, c.service.clock().now());
    if (!found)
        return c.respond(
            error_response(engine::errc::not_found, "no open request has this code (they last 10 minutes)"));
    json doc{{"status", found->blind_sig.empty() ? "waiting" : "signed"},
             {"expires_at", engine::format_rfc3339(found->expires_at)}};
    if (!found->blind_sig.empty())
        doc["blind_sig"] = engine::base64url_encode(found->blind_sig);
    c.respond(json_response(http::status::ok, doc));
}

// POST …/tokens/blind with {"ref","request"} instead of {"ref","blinded_msg"}: the message is the
// request's, and the signature is left there too for the page to collect.
void sign_relayed_request(call& c)
{
    const auto& request = c.body["request"];
    if (c.body.contains("blinded_msg"))
        return c.respond(
            error_response(engine::errc::invalid_field, "send blinded_msg or request, not both", "request"));
    if (!request.is_string())
        return c.respond(
            error_response(engine::errc::invalid_field, "request must be a code like ABCD-2345", "request"));
    const auto code = request.get<std::string>();
    const auto found = c.relay->find(scope_of(c), code, c.service.clock().now());
    if (!found)
        return c.respond(error_response(
            engine::errc::not_found, "no open request has this code: the resident's page shows a new one", "request"));
    json body = c.body;
    body.erase("request");
    body["blinded_msg"] = engine::base64url_encode(found->blinded_msg);
    auto req = read_blind_request(body);
    if (!req)
        return c.respond(error_response(req.error()));
    c.service.blind_sign(c.who, c.m, c.c, std::move(*req), [c, code](engine::result<std::string> sig) {
        if (!sig.ok())
            return c.respond(error_response(sig.error()));
        c.relay->sign(scope_of(c), code, sig.value(), c.service.clock().now());
        c.respond(json_response(http::status::created, {{"blind_sig", engine::base64url_encode(sig.value())}}));
    });
}

} // namespace cabildo::api::handlers
