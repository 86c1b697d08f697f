// Challenges and their public audit log.

#include "api/handlers.hpp"
#include "api/inputs.hpp"
#include "engine/domain/rfc3339.hpp"
#include "engine/publication/documents.hpp"

#include <algorithm>

namespace cabildo::api::handlers {

using engine::to_document;

namespace {

json view_document(const engine::challenge_view& v) { return to_document(v.challenge, v.now); }

} // namespace

void create_challenge(call& c)
{
    auto in = read_challenge(c.body);
    if (!in)
        return c.respond(error_response(in.error()));
    c.service.challenges().create_challenge(
        c.who, c.m, std::move(*in), reply<engine::challenge_view>(c.respond, http::status::created, view_document));
}

void list_challenges(call& c)
{
    c.service.challenges().list_challenges(
        c.m, reply<std::vector<engine::challenge_view>>(c.respond, http::status::ok, [](const auto& list) {
            json out = json::array();
            for (const auto& v : list)
                out.push_back(view_document(v));
            return json{{"challenges", out}};
        }));
}

void get_challenge(call& c)
{
    c.service.challenges().get_challenge(c.challenge(),
                                         reply<engine::challenge_view>(c.respond, http::status::ok, view_document));
}

void patch_challenge(call& c)
{
    auto patch = read_challenge_patch(c.body);
    if (!patch)
        return c.respond(error_response(patch.error()));
    c.service.challenges().patch_challenge(c.who, c.challenge(), std::move(*patch),
                                           reply<engine::challenge_view>(c.respond, http::status::ok, view_document));
}

namespace {

json audit_document(const engine::audit_page& page)
{
    json out = json::array();
    for (const auto& e : page.entries)
        out.push_back(to_document(e));
    return json{{"entries", out}, {"next_after", page.next_after ? json(*page.next_after) : json(nullptr)}};
}

} // namespace

void audit_log(call& c)
{
    const auto page = read_page(c);
    if (!page)
        return c.respond(error_response(page.error()));
    c.service.challenges().audit_log(c.challenge(), page->after, page->limit,
                                     reply<engine::audit_page>(c.respond, http::status::ok, audit_document));
}

void server_audit_log(call& c)
{
    const auto page = read_page(c);
    if (!page)
        return c.respond(error_response(page.error()));
    c.service.admin().server_audit_log(c.who, page->after, page->limit,
                                       reply<engine::audit_page>(c.respond, http::status::ok, audit_document));
}

// The challenge's verification keys as a JWKS (RFC 7517): what anyone checks a token against.
void challenge_keys(call& c)
{
    c.service.challenges().challenge_keys(
        c.challenge(), reply<engine::verification_keys>(c.respond, http::status::ok,
                                                        [](const auto& keys) { return engine::to_document(keys); }));
}

} // namespace cabildo::api::handlers
