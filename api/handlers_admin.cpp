// The server and its administration: health and load, who a key is, municipalities and their keys.
// The server's own audit log is beside the challenges' (handlers_challenges.cpp), whose page it shares.

#include "api/handlers.hpp"
#include "api/inputs.hpp"
#include "api/process_stats.hpp"
#include "engine/domain/rfc3339.hpp"
#include "engine/identity/crypto.hpp"
#include "engine/publication/documents.hpp"

#include <algorithm>

namespace cabildo::api::handlers {

using engine::to_document;

void health(call& c) { c.respond(json_response(http::status::ok, {{"status", "ok"}})); }

void status(call& c)
{
    const auto load = c.service.storage_load();
    json body{{"status", "ok"},
              {"heap_bytes_in_use", heap_bytes_in_use()},
              {"reads_running", load.reads_running},
              {"oldest_read_ms", load.oldest_read_ms},
              {"reads_queued", load.reads_queued},
              {"writes_queued", load.writes_queued},
              {"commits", load.commits},
              {"writes_committed", load.writes_committed},
              {"batches_run_again", load.batches_run_again}};
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
        json who{{"role", engine::name_of(c.who.kind)}, {"municipality", it->slug}, {"key_id", c.who.key_id}};
        if (c.who.kind != engine::role::officer)
            return c.respond(json_response(http::status::ok, who));
        // A table officer's page opens on its table: the challenge and table its key is for.
        c.service.challenges().list_challenges(
            it->slug, [c, who](engine::result<std::vector<engine::challenge_view>> list) mutable {
                if (!list.ok())
                    return c.respond(error_response(list.error()));
                for (const auto& v : *list)
                    if (v.challenge.id == c.who.challenge_id)
                        who["challenge"] = v.challenge.slug;
                who["table"] = c.who.table_id;
                c.respond(json_response(http::status::ok, who));
            });
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

json key_document(const engine::created_key& k)
{
    json out{{"id", k.record.id},
             {"key", k.key},
             {"role", std::string(engine::name_of(k.record.role))},
             {"label", k.record.label}};
    if (k.record.table_id) { // an officer's
        out["table"] = *k.record.table_id;
        out["signing_key"] = engine::base64url_encode(k.record.signing_key);
    }
    return out;
}

void create_key(call& c)
{
    auto in = read_key_request(c.body);
    if (!in)
        return c.respond(error_response(in.error()));
    c.service.admin().create_key(c.who, c.m, std::move(*in),
                                 reply<engine::created_key>(c.respond, http::status::created, key_document));
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
    c.service.admin().revoke_key(c.who, c.m, *id, reply_no_content(c.respond));
}

} // namespace cabildo::api::handlers
