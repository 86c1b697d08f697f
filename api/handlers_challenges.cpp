// Municipalities, organiser keys and challenges.

#include "api/handlers.hpp"
#include "api/inputs.hpp"
#include "api/process_stats.hpp"
#include "engine/domain/rfc3339.hpp"
#include "engine/publication/documents.hpp"

#include <algorithm>

namespace cabildo::api::handlers {

using engine::to_document;

namespace {

json view_document(const engine::challenge_view& v) { return to_document(v.challenge, v.now); }

} // namespace

void health(call& c) { c.respond(json_response(http::status::ok, {{"status", "ok"}})); }

void status(call& c)
{
    const auto load = c.service.storage_load();
    json body{{"status", "ok"},
              {"heap_bytes_in_use", heap_bytes_in_use()},
              {"reads_running", load.reads_running},
              {"oldest_read_ms", load.oldest_read_ms},
              {"reads_queued", load.reads_queued},
              {"writes_queued", load.writes_queued}};
    if (c.connections)
        body["connections"] = c.connections->load();
    c.respond(json_response(http::status::ok, body));
}

void create_municipality(call& c)
{
    auto in = read_municipality(c.body);
    if (!in)
        return c.respond(error_response(in.error()));
    c.service.admin().create_municipality(
        c.who, std::move(*in),
        reply<engine::municipality>(c.respond, http::status::created, [](const auto& m) { return to_document(m); }));
}

// Who the key in Authorization is, so the web app shows an organiser their municipality's pages
// and an issuer only the desk. The key itself is never echoed.
void whoami(call& c)
{
    if (c.who.kind == engine::role::admin)
        return c.respond(json_response(http::status::ok, {{"role", engine::name_of(engine::role::admin)}}));
    c.service.admin().list_municipalities([c](engine::result<std::vector<engine::municipality>> list) {
        if (!list.ok())
            return c.respond(error_response(list.error()));
        const auto it = std::find_if(list.value().begin(), list.value().end(),
                                     [&](const auto& m) { return m.id == c.who.municipality_id; });
        if (it == list.value().end())
            return c.respond(error_response(engine::errc::unauthorized, "the key's municipality is gone"));
        c.respond(json_response(
            http::status::ok,
            {{"role", engine::name_of(c.who.kind)}, {"municipality", it->slug}, {"key_id", c.who.key_id}}));
    });
}

void list_municipalities(call& c)
{
    c.service.admin().list_municipalities(
        reply<std::vector<engine::municipality>>(c.respond, http::status::ok, [](const auto& list) {
            json out = json::array();
            for (const auto& m : list)
                out.push_back(to_document(m));
            return json{{"municipalities", out}};
        }));
}

void get_municipality(call& c)
{
    c.service.admin().get_municipality(
        c.m, reply<engine::municipality>(c.respond, http::status::ok, [](const auto& m) { return to_document(m); }));
}

void create_key(call& c)
{
    auto in = read_key_request(c.body);
    if (!in)
        return c.respond(error_response(in.error()));
    c.service.admin().create_key(c.who, c.m, std::move(*in),
                                 reply<engine::created_key>(c.respond, http::status::created, [](const auto& k) {
                                     return json{{"id", k.record.id},
                                                 {"key", k.key},
                                                 {"role", std::string(engine::name_of(k.record.role))},
                                                 {"label", k.record.label}};
                                 }));
}

void list_keys(call& c)
{
    c.service.admin().list_keys(
        c.who, c.m, reply<std::vector<engine::access_key>>(c.respond, http::status::ok, [](const auto& keys) {
            json out = json::array();
            for (const auto& k : keys)
                out.push_back(
                    {{"id", k.id},
                     {"role", std::string(engine::name_of(k.role))},
                     {"label", k.label},
                     {"created_at", engine::format_rfc3339(k.created_at)},
                     {"last_used_at", k.last_used_at ? json(engine::format_rfc3339(*k.last_used_at)) : json(nullptr)}});
            return json{{"keys", out}};
        }));
}

void revoke_key(call& c)
{
    const auto id = positive_number(c.id);
    if (!id)
        return c.respond(error_response(engine::errc::not_found, "no key has that id"));
    c.service.admin().revoke_key(c.who, c.m, *id, [respond = c.respond](engine::result<engine::done_t> r) {
        if (!r)
            return respond(error_response(r.error()));
        respond.later([] {
            response res{http::status::no_content, 11};
            res.prepare_payload();
            return res;
        });
    });
}

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

} // namespace cabildo::api::handlers
