// The page-to-desk hand-over of anonymous challenges (engine/domain/relay.hpp): a resident's page
// opens a request with its blinded message, the desk signs it by code, the page collects the
// signature and says when its token exists.

#include "api/handlers.hpp"
#include "api/inputs.hpp"
#include "engine/domain/rfc3339.hpp"
#include "engine/identity/crypto.hpp"
#include "engine/identity/short_code.hpp"

namespace cabildo::api::handlers {

namespace {

// An RSA-3072 blinded message is 384 bytes; anything much larger is not one.
constexpr std::size_t max_blinded_msg = 1024;

bool desk_of(const engine::caller& who, std::int64_t municipality_id)
{
    return !engine::refusal(engine::permission::issue, who.kind, who.municipality_id, municipality_id);
}

// The page's view: waiting for the desk, or signed with the signature; a request it can no longer
// use (expired, collected, void) is gone (404). A desk of the municipality sees where the request
// stands, delivered or not, until it is deleted an hour after it expires.
response status_document(const engine::relay_view& v, bool desk)
{
    const auto& r = v.request;
    const bool expired = r.expires_at <= v.now;
    const bool usable = !expired && r.state != engine::relay_state::collected && r.state != engine::relay_state::voided;
    if (!desk && !usable)
        return error_response(engine::errc::not_found, "no open request has this code (they last 10 minutes)");
    const bool has_sig = r.state == engine::relay_state::signed_by_desk || r.state == engine::relay_state::delivered;
    json doc{{"status", has_sig ? "signed" : "waiting"}, {"expires_at", engine::format_rfc3339(r.expires_at)}};
    if (has_sig && usable)
        doc["blind_sig"] = engine::base64url_encode(r.blind_sig);
    if (desk) {
        // The desk's words: did the resident's page get what the desk signed?
        doc["code"] = engine::display_code(r.code);
        doc["state"] = expired && r.state != engine::relay_state::collected && r.state != engine::relay_state::voided
                           ? std::string("expired")
                           : std::string(engine::name_of(r.state));
        doc["delivered"] = r.state == engine::relay_state::delivered || r.state == engine::relay_state::collected;
    }
    return json_response(http::status::ok, doc);
}

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
    // One client holds at most its share of a challenge's open requests; the engine bounds them all.
    if (c.relay_opens && !c.relay_opens->allow(c.client, c.service.clock().now()))
        return c.respond(error_response(engine::errc::rate_limited,
                                        "this address opened many requests lately: try again in a few minutes"));
    c.service.participants().open_blind_request(
        c.challenge(), std::move(*msg),
        reply<engine::relay_opened>(c.respond, http::status::created, [](const auto& o) {
            return json{{"code", o.code}, {"expires_at", engine::format_rfc3339(o.expires_at)}, {"secret", o.secret}};
        }));
}

void blind_request_status(call& c)
{
    c.service.participants().find_blind_request(c.challenge(), c.id, [c](engine::result<engine::relay_view> v) mutable {
        if (!v.ok())
            return c.respond(error_response(v.error()));
        const bool desk = desk_of(c.who, v->municipality_id);
        if (desk || v->request.state != engine::relay_state::signed_by_desk || v->request.expires_at <= v->now)
            return c.respond(status_document(*v, desk));
        // The page fetches the signature: noted before it is sent, so the desk never reads
        // "not delivered" of a signature already on its way.
        c.service.participants().note_delivered(v->request.challenge_id, v->request.code,
                                                [c, view = *v](engine::result<engine::done_t> noted) {
                                                    if (!noted.ok())
                                                        return c.respond(error_response(noted.error()));
                                                    c.respond(status_document(view, false));
                                                });
    });
}

// DELETE …/requests/{code}?secret=…: the secret the opening answered, which only the page has.
void collect_blind_request(call& c)
{
    const auto secret = c.query.find("secret");
    if (secret == c.query.end() || secret->second.empty())
        return c.respond(error_response(engine::errc::invalid_field,
                                        "secret is required: the one POST …/requests answered to the page", "secret"));
    c.service.participants().collect_blind_request(c.challenge(), c.id, secret->second, reply_no_content(c.respond));
}

// POST …/tokens/blind with {"ref","request"} instead of {"ref","blinded_msg"}: the message is the
// request's, and the signature is left there too for the page to collect.
void sign_relayed_request(call& c)
{
    if (c.body.contains("blinded_msg"))
        return c.respond(
            error_response(engine::errc::invalid_field, "send blinded_msg or request, not both", "request"));
    field_reader r(c.body);
    auto ref = r.text("ref", true);
    const auto& request = c.body["request"];
    if (r.ok() && !request.is_string())
        r.refuse("request", "request must be a code like ABCD-2345");
    if (!r.ok())
        return c.respond(error_response(r.error()));
    c.service.participants().sign_blind_request(c.who, c.challenge(), {std::move(*ref), request.get<std::string>()},
                                                [c](engine::result<engine::relay_view> v) {
                                                    if (!v.ok())
                                                        return c.respond(error_response(v.error()));
                                                    auto res = status_document(*v, true);
                                                    res.result(http::status::created);
                                                    c.respond(std::move(res));
                                                });
}

} // namespace cabildo::api::handlers
