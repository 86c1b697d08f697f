// In-person tables (issue 22): tables and their officers, check-ins, the paper ballots entered one by
// one, the act of each table, corrections, and the reconciliation.

#include "api/call.hpp"
#include "api/handlers.hpp"
#include "api/inputs.hpp"
#include "api/table_inputs.hpp"
#include "engine/domain/rfc3339.hpp"
#include "engine/identity/crypto.hpp"
#include "engine/publication/table_documents.hpp"

namespace cabildo::api::handlers {

namespace {

std::optional<std::int64_t> path_number(call& c, const std::string& text, const char* what)
{
    const auto id = positive_number(text);
    if (!id)
        c.respond(error_response(engine::errc::not_found, std::string(what) + " are positive whole numbers"));
    return id;
}

json table_json(const engine::table_view& v) { return engine::table_document(v.table, v.officers, v.counted); }

json tables_json(const std::vector<engine::table_view>& tables)
{
    json list = json::array();
    for (const auto& t : tables)
        list.push_back(table_json(t));
    return json{{"tables", list}};
}

// A mark as the officers' page shows it: the ballot's own field, or blank, or null.
json mark_json(const engine::paper_mark& m, const engine::ballot_rules& rules)
{
    switch (m.kind) {
    case engine::mark_kind::blank: return json{{"blank", true}};
    case engine::mark_kind::null: return json{{"null", engine::name_of(m.reason)}};
    case engine::mark_kind::valid: break;
    }
    if (rules.kind == engine::ballot_kind::points) {
        json points = json::object();
        for (std::size_t k = 0; k < m.content.ideas.size(); ++k)
            points[std::to_string(m.content.ideas[k])] = m.content.points[k];
        return json{{"points", points}};
    }
    return json{{std::string(engine::ballot_field(rules)), m.content.ideas}};
}

json act_json(const engine::act_view& v) { return engine::act_document(v.act); }

} // namespace

void create_tables(call& c)
{
    engine::result<std::vector<engine::polling_table>> tables = std::vector<engine::polling_table>{};
    if (c.body.contains("csv")) {
        field_reader r(c.body);
        const auto text = r.text("csv", true);
        if (!r.ok())
            return c.respond(error_response(r.error()));
        tables = read_table_csv(*text);
    } else if (auto t = read_table(c.body)) {
        tables->push_back(std::move(*t));
    } else {
        tables = t.error();
    }
    if (!tables)
        return c.respond(error_response(tables.error()));
    const bool one = !c.body.contains("csv");
    c.service.tables().create_tables(
        c.who, c.challenge(), std::move(*tables), !one,
        reply<std::vector<engine::table_view>>(c.respond, http::status::created, [one](const auto& made) {
            return one ? table_json(made.front()) : tables_json(made);
        }));
}

void list_tables(call& c)
{
    c.service.tables().list_tables(c.challenge(),
                                   reply<std::vector<engine::table_view>>(c.respond, http::status::ok, tables_json));
}

void get_table(call& c)
{
    const auto t = path_number(c, c.t, "table ids");
    if (!t)
        return;
    c.service.tables().get_table(c.challenge(), *t, reply<engine::table_view>(c.respond, http::status::ok, table_json));
}

void create_officer(call& c)
{
    const auto t = path_number(c, c.t, "table ids");
    if (!t)
        return;
    field_reader r(c.body);
    auto label = r.text("label", false).value_or("");
    if (!r.ok())
        return c.respond(error_response(r.error()));
    auto req = c.service.tables().officer_key(c.challenge(), *t, std::move(label));
    c.service.admin().create_key(c.who, c.m, std::move(req),
                                 reply<engine::created_key>(c.respond, http::status::created, key_document));
}

void revoke_officer(call& c)
{
    const auto t = path_number(c, c.t, "table ids");
    if (!t)
        return;
    const auto id = path_number(c, c.id, "officer ids");
    if (!id)
        return;
    c.service.admin().revoke_key(c.who, c.m, *id, reply_no_content(c.respond), *t);
}

void check_in(call& c)
{
    const auto t = path_number(c, c.t, "table ids");
    if (!t)
        return;
    auto req = read_check_in(c.body);
    if (!req)
        return c.respond(error_response(req.error()));
    c.service.tables().check_in(
        c.who, c.challenge(), *t, std::move(*req), [respond = c.respond](engine::result<engine::check_in_outcome> r) {
            if (!r)
                return respond(error_response(r.error()));
            // The same words whether the person voted at a table or online: never where, nor how.
            if (!r->may_vote)
                return respond(error_response(engine::errc::already_voted, "this person has already voted", "ref"));
            respond(json_response(http::status::ok,
                                  {{"may_vote", true}, {"duplicate", r->duplicate}, {"checked_in", r->checked_in}}));
        });
}

void enter_paper_ballot(call& c)
{
    const auto t = path_number(c, c.t, "table ids");
    if (!t)
        return;
    const auto position = positive_number(c.id);
    if (!position)
        return c.respond(error_response(engine::errc::invalid_field,
                                        "a ballot's position in the box is a whole number from 1", "position"));
    auto in = read_mark(c.body);
    if (!in)
        return c.respond(error_response(in.error()));
    c.service.tables().enter_ballot(
        c.who, c.challenge(), *t, *position, std::move(in->mark), std::move(in->field),
        reply<engine::entry_outcome>(c.respond, http::status::ok, [](const auto& e) {
            return json{{"position", e.position}, {"status", engine::name_of(e.state)}, {"edition", e.edition}};
        }));
}

void paper_ballots(call& c)
{
    const auto t = path_number(c, c.t, "table ids");
    if (!t)
        return;
    c.service.tables().entries(c.who, c.challenge(), *t,
                               reply<engine::table_entries>(c.respond, http::status::ok, [](const auto& e) {
                                   json list = json::array();
                                   for (const auto& p : e.positions) {
                                       json others = json::array();
                                       for (const auto& m : p.others)
                                           others.push_back(mark_json(m, e.rules));
                                       json line{{"position", p.position},
                                                 {"status", engine::name_of(p.state)},
                                                 {"entries", p.entries},
                                                 {"mine", p.mine ? mark_json(*p.mine, e.rules) : json(nullptr)}};
                                       if (p.state == engine::entry_state::mismatch)
                                           line["others"] = std::move(others);
                                       list.push_back(std::move(line));
                                   }
                                   return json{{"edition", e.edition}, {"closed", e.closed}, {"ballots", list}};
                               }));
}

void draft_act(call& c)
{
    const auto t = path_number(c, c.t, "table ids");
    if (!t)
        return;
    auto req = read_act_request(c.body);
    if (!req)
        return c.respond(error_response(req.error()));
    c.service.tables().draft_act(c.who, c.challenge(), *t, std::move(*req),
                                 reply<engine::act_view>(c.respond, http::status::created, act_json));
}

void current_act(call& c)
{
    const auto t = path_number(c, c.t, "table ids");
    if (!t)
        return;
    c.service.tables().current_act(c.who, c.challenge(), *t,
                                   reply<engine::act_view>(c.respond, http::status::ok, act_json));
}

void sign_act(call& c)
{
    const auto t = path_number(c, c.t, "table ids");
    if (!t)
        return;
    auto signature = read_act_signature(c.body);
    if (!signature)
        return c.respond(error_response(signature.error()));
    c.service.tables().sign_act(c.who, c.challenge(), *t, std::move(*signature),
                                reply<engine::act_view>(c.respond, http::status::ok, act_json));
}

void open_correction(call& c)
{
    const auto t = path_number(c, c.t, "table ids");
    if (!t)
        return;
    field_reader r(c.body);
    auto reason = r.text("reason", true);
    if (!r.ok())
        return c.respond(error_response(r.error()));
    c.service.tables().open_correction(c.who, c.challenge(), *t, std::move(*reason),
                                       reply<std::int64_t>(c.respond, http::status::created, [](std::int64_t e) {
                                           return json{{"edition", e}};
                                       }));
}

void table_acts(call& c)
{
    const auto t = path_number(c, c.t, "table ids");
    if (!t)
        return;
    c.service.tables().closed_acts(
        c.challenge(), *t, reply<std::vector<engine::act_view>>(c.respond, http::status::ok, [](const auto& acts) {
            json list = json::array();
            for (const auto& a : acts)
                list.push_back(act_json(a));
            return json{{"acts", list}};
        }));
}

void reconciliation(call& c)
{
    using view = engine::table_use_cases::reconciliation_view;
    c.service.tables().reconciliation(c.challenge(), reply<view>(c.respond, http::status::ok, [](const view& v) {
                                          return engine::reconciliation_document(v.tables, v.announced);
                                      }));
}

} // namespace cabildo::api::handlers
