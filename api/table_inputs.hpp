#pragma once
// The bodies of the in-person tables' requests (issue 22) turned into the engine's inputs, each
// refusal naming its field: an organiser's tables (JSON or CSV), and what the officers' page sends,
// from its outbox, as the server receives it (check-ins, paper ballots, the act and its signatures).
// Apart from the handlers so the fuzz target table_entry reads them as the server does.

#include "api/json_body.hpp"
#include "engine/use_cases/service.hpp"

#include <string>
#include <vector>

namespace cabildo::api {

// One table: {name, address, district?, opens, closes, observers?: [{name, organisation}]}.
engine::result<engine::polling_table> read_table(const json& body);
// {"csv": "name,address,district,opens,closes\n..."}'s text: one table per line after the header; a
// refusal names "rows[N].<field>", N counting the lines after the header from 1.
engine::result<std::vector<engine::polling_table>> read_table_csv(const std::string& text);
// Splits one CSV line (RFC 4180 quoting) into its fields.
std::vector<std::string> csv_fields(std::string_view line);

// A paper ballot's mark: the ballot as an online one is sent, or {"blank": true}, or {"null": reason};
// `field` is the ballot's field for a valid one.
struct mark_input {
    engine::paper_mark mark;
    std::string field;
};
engine::result<mark_input> read_mark(const json& body);

// A check-in: {ref, from_roll?}.
engine::result<engine::check_in_request> read_check_in(const json& body);
// The act drafted: {ballots_in_box, photo_sha256}.
engine::result<engine::act_request> read_act_request(const json& body);
// An officer's signature of the act: {signature}, base64url of 64 bytes (Ed25519).
engine::result<std::string> read_act_signature(const json& body);

} // namespace cabildo::api
