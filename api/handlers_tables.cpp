// In-person tables (issue 22): tables and their officers, check-ins, the paper ballots entered one by
// one, the act of each table, corrections, and the reconciliation.

#include "api/call.hpp"
#include "api/handlers.hpp"
#include "api/inputs.hpp"
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

// One table as an organiser sends it, in JSON.
engine::result<engine::polling_table> read_table(const json& body)
{
    field_reader r(body);
    engine::polling_table t;
    t.name = r.text("name", true).value_or("");
    t.address = r.text("address", true).value_or("");
    t.district = r.text("district", false);
    for (const char* bound : {"opens", "closes"}) {
        const auto text = r.text(bound, true);
        if (!text)
            continue;
        const auto at = engine::parse_rfc3339(*text);
        if (!at)
            r.refuse(bound, std::string(bound) + " must be an RFC 3339 time such as 2026-06-07T08:00:00-07:00");
        else
            (std::string_view(bound) == "opens" ? t.opens : t.closes) = *at;
    }
    if (const json* observers = r.array("observers", false)) {
        for (std::size_t i = 0; r.ok() && i < observers->size(); ++i) {
            const auto field = "observers[" + std::to_string(i) + "]";
            if (!(*observers)[i].is_object()) {
                r.refuse(field, field + " must be an object with a name and an organisation");
                break;
            }
            field_reader o((*observers)[i], field);
            auto name = o.text("name", true);
            auto organisation = o.text("organisation", true);
            if (!o.ok())
                return o.error();
            t.observers.push_back({std::move(*name), std::move(*organisation)});
        }
    }
    if (!r.ok())
        return r.error();
    return t;
}

// Splits one CSV line (RFC 4180 quoting) into its fields.
std::vector<std::string> csv_fields(std::string_view line)
{
    std::vector<std::string> out(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char ch = line[i];
        if (quoted) {
            if (ch == '"' && i + 1 < line.size() && line[i + 1] == '"')
                out.back() += '"', ++i;
            else if (ch == '"')
                quoted = false;
            else
                out.back() += ch;
        } else if (ch == '"') {
            quoted = true;
        } else if (ch == ',') {
            out.emplace_back();
        } else if (ch != '\r') {
            out.back() += ch;
        }
    }
    return out;
}

// {"csv": "name,address,district,opens,closes\n..."}: one table per line after the header; a
// refusal names "rows[N].<field>", N counting the lines after the header from 1.
engine::result<std::vector<engine::polling_table>> read_table_csv(const std::string& text)
{
    constexpr std::size_t max_csv = 2'000'000;
    if (text.size() > max_csv)
        return engine::fail(engine::errc::invalid_field, "csv", "csv holds at most 2 MB");
    std::vector<std::string> lines;
    std::size_t from = 0;
    while (from <= text.size()) {
        const auto end = text.find('\n', from);
        auto line = text.substr(from, end == std::string::npos ? std::string::npos : end - from);
        if (!line.empty() && line != "\r")
            lines.push_back(std::move(line));
        if (end == std::string::npos)
            break;
        from = end + 1;
    }
    static const std::vector<std::string> header{"name", "address", "district", "opens", "closes"};
    if (lines.empty() || csv_fields(lines.front()) != header)
        return engine::fail(engine::errc::invalid_field, "csv",
                            "the first line of csv is the header name,address,district,opens,closes");
    if (lines.size() == 1)
        return engine::fail(engine::errc::invalid_field, "csv", "csv has no table after its header");
    if (lines.size() - 1 > engine::max_tables)
        return engine::fail(engine::errc::invalid_field, "csv",
                            "at most " + std::to_string(engine::max_tables) + " tables per challenge");
    std::vector<engine::polling_table> out;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const auto row = "rows[" + std::to_string(i) + "].";
        const auto f = csv_fields(lines[i]);
        if (f.size() != header.size())
            return engine::fail(engine::errc::invalid_field, "rows[" + std::to_string(i) + "]",
                                "line " + std::to_string(i + 1) + " has " + std::to_string(f.size()) +
                                    " fields; the header has 5");
        engine::polling_table t;
        t.name = f[0];
        t.address = f[1];
        if (!f[2].empty())
            t.district = f[2];
        const auto opens = engine::parse_rfc3339(f[3]);
        const auto closes = engine::parse_rfc3339(f[4]);
        if (!opens)
            return engine::fail(engine::errc::invalid_field, row + "opens", row + "opens must be an RFC 3339 time");
        if (!closes)
            return engine::fail(engine::errc::invalid_field, row + "closes", row + "closes must be an RFC 3339 time");
        t.opens = *opens;
        t.closes = *closes;
        out.push_back(std::move(t));
    }
    return out;
}

// A paper ballot's mark: the ballot as an online one is sent, or {"blank": true}, or {"null": reason}.
struct mark_input {
    engine::paper_mark mark;
    std::string field;
};
engine::result<mark_input> read_mark(const json& body)
{
    field_reader r(body);
    mark_input out;
    const int given =
        int(r.has("choices")) + int(r.has("ranking")) + int(r.has("points")) + int(r.has("blank")) + int(r.has("null"));
    if (given != 1)
        return engine::fail(engine::errc::invalid_field, "choices",
                            "send the ballot as read: choices, ranking or points as the challenge's ballot.kind "
                            "says, or {\"blank\": true}, or {\"null\": reason} (" +
                                engine::names_in<engine::null_reason>(engine::null_reason_names) + ")");
    if (r.has("blank")) {
        if (r.boolean("blank", true) != true)
            return engine::fail(engine::errc::invalid_field, "blank", "blank is true for a blank ballot");
        return out;
    }
    if (r.has("null")) {
        const auto reason = r.text("null", true);
        const auto named =
            reason ? engine::value_in<engine::null_reason>(engine::null_reason_names, *reason) : std::nullopt;
        if (!named)
            return engine::fail(engine::errc::invalid_field, "null",
                                "null is the reason the ballot is void: " +
                                    engine::names_in<engine::null_reason>(engine::null_reason_names));
        out.mark.kind = engine::mark_kind::null;
        out.mark.reason = *named;
        return out;
    }
    // The online ballot's reader, with a placeholder for the token it does not carry.
    json as_ballot = body;
    as_ballot["token"] = "paper";
    auto ballot = read_ballot(as_ballot);
    if (!ballot)
        return ballot.error();
    out.mark.kind = engine::mark_kind::valid;
    out.mark.content = std::move(ballot->content);
    out.field = ballot->field;
    return out;
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
    field_reader r(c.body);
    engine::check_in_request req;
    req.ref = r.text("ref", true).value_or("");
    req.from_roll = r.boolean("from_roll", false).value_or(false);
    if (!r.ok())
        return c.respond(error_response(r.error()));
    c.service.tables().check_in(
        c.who, c.challenge(), *t, std::move(req), [respond = c.respond](engine::result<engine::check_in_outcome> r) {
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
    field_reader r(c.body);
    engine::act_request req;
    req.ballots_in_box = r.integer("ballots_in_box", true, 0, engine::max_ballots_per_table).value_or(0);
    req.photo_sha256 = r.text("photo_sha256", true).value_or("");
    if (!r.ok())
        return c.respond(error_response(r.error()));
    c.service.tables().draft_act(c.who, c.challenge(), *t, std::move(req),
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
    field_reader r(c.body);
    const auto text = r.text("signature", true);
    if (!r.ok())
        return c.respond(error_response(r.error()));
    auto signature = engine::base64url_decode(*text);
    if (!signature || signature->size() != 64)
        return c.respond(error_response(engine::errc::invalid_field,
                                        "signature is a base64url Ed25519 signature (64 bytes)", "signature"));
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
