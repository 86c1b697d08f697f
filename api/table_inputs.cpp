#include "api/table_inputs.hpp"

#include "api/inputs.hpp"
#include "engine/domain/rfc3339.hpp"
#include "engine/identity/crypto.hpp"

namespace cabildo::api {

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

engine::result<engine::check_in_request> read_check_in(const json& body)
{
    field_reader r(body);
    engine::check_in_request req;
    req.ref = r.text("ref", true).value_or("");
    req.from_roll = r.boolean("from_roll", false).value_or(false);
    if (!r.ok())
        return r.error();
    return req;
}

engine::result<engine::act_request> read_act_request(const json& body)
{
    field_reader r(body);
    engine::act_request req;
    req.ballots_in_box = r.integer("ballots_in_box", true, 0, engine::max_ballots_per_table).value_or(0);
    req.photo_sha256 = r.text("photo_sha256", true).value_or("");
    if (!r.ok())
        return r.error();
    return req;
}

engine::result<std::string> read_act_signature(const json& body)
{
    field_reader r(body);
    const auto text = r.text("signature", true);
    if (!r.ok())
        return r.error();
    auto signature = engine::base64url_decode(*text);
    if (!signature || signature->size() != 64)
        return engine::fail(engine::errc::invalid_field, "signature",
                            "signature is a base64url Ed25519 signature (64 bytes)");
    return std::move(*signature);
}

} // namespace cabildo::api
