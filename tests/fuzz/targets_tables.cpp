// What an in-person table's page sends from its outbox (frontend/src/outbox.js, organiser/table.js):
// a paper ballot's mark (PUT .../tables/{t}/ballots/{position}), a check-in, the act's figures and an
// officer's signature, as the server receives them.
//
// Each body goes through the reader the handler uses (api/table_inputs.hpp: read_mark,
// read_check_in, read_act_request, read_act_signature), then what the server does next with what
// it read: the rules check a mark must pass before it is stored, the mark's stored and published
// forms, the identity reference's canonical form. An organiser's tables (read_table, and
// read_table_csv for {"csv": ...}) are the fifth item.

#include "api/call.hpp"
#include "api/inputs.hpp"
#include "api/json_body.hpp"
#include "api/table_inputs.hpp"
#include "engine/counting/methods.hpp"
#include "engine/domain/ballot_rules.hpp"
#include "engine/domain/tables.hpp"
#include "engine/identity/crypto.hpp"
#include "engine/identity/reference.hpp"
#include "engine/publication/board.hpp"
#include "tests/fuzz/targets.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace cabildo::fuzz {

namespace {

using json = nlohmann::json;

// A challenge of every kind with the demo's budget and twenty visible ideas costing 10 each.
constexpr std::int64_t tables_budget = 100;
std::optional<std::int64_t> tables_lookup(engine::idea_id id)
{
    return id >= 1 && id <= 20 ? std::optional<std::int64_t>(10) : std::nullopt;
}

// A valid mark passes the challenge's rules, is stored (encode_mark) and read back by the results
// and the reconciliation (decode_mark), and is published in the act and on the board (act_mark,
// read back by mark_of in `cabildo verify`): each form must give the same mark back.
void tables_stored_forms(const engine::paper_mark& mark, std::string_view input)
{
    const auto stored = engine::decode_mark(engine::encode_mark(mark));
    if (!stored || !(*stored == mark))
        broken("a paper mark does not survive its stored form (encode_mark, decode_mark)", input);
    const auto published = engine::mark_of(engine::act_mark(mark));
    if (!published || !(*published == mark))
        broken("a paper mark does not survive its published form (act_mark, mark_of)", input);
}

void tables_paper_ballot(std::string_view position, const json& body, std::string_view input)
{
    (void)api::positive_number(position); // the path's {position}
    const auto read = api::read_mark(body);
    if (!read)
        return;
    const auto& mark = read->mark;
    if (mark.kind != engine::mark_kind::valid) {
        tables_stored_forms(mark, input); // blank, or null with its reason
        return;
    }
    for (const auto& kind : engine::all_kinds()) {
        if (kind.ballot_field != read->field)
            continue;
        engine::ballot_patch patch;
        patch.kind = std::string(kind.name);
        const auto rules = engine::resolve(engine::ballot_rules{}, patch, tables_budget);
        if (!rules || engine::check_ballot(*rules, mark.content, tables_budget, tables_lookup))
            continue;
        tables_stored_forms(mark, input);
        (void)engine::total_of(std::span(&mark, 1), rules->kind);
    }
}

// The person's reference, as a check-in sends it: what a token is found by. A canonical form is one
// way of writing the reference, so it is its own canonical form.
void tables_check_in(const json& body, std::string_view input)
{
    const auto req = api::read_check_in(body);
    if (!req)
        return;
    const auto* ref = &req->ref;
    if (const auto canonical = engine::canonical_reference(*ref)) {
        const auto again = engine::canonical_reference(*canonical);
        if (again != canonical)
            broken("canonical_reference of a canonical reference is another reference", input);
    }
    (void)engine::nfc_reference(*ref);
}

void tables_act(const json& body) { (void)api::read_act_request(body); }

void tables_signature(const json& body)
{
    if (const auto signature = api::read_act_signature(body); signature && signature->size() != 64)
        broken("read_act_signature gave a signature that is not 64 bytes", body.dump());
}

// An organiser's tables: one as JSON, or {"csv": ...} as the handler reads it.
void tables_tables(const json& body)
{
    if (const auto csv = body.find("csv"); csv != body.end() && csv->is_string())
        (void)api::read_table_csv(csv->get<std::string>());
    else
        (void)api::read_table(body);
}

} // namespace

// The first byte picks the item: 0 a paper ballot (then its position and a newline), 1 a check-in,
// 2 the act, 3 a signature, 4 an organiser's tables. The rest is the body.
void fuzz_table_entry(std::string_view input)
{
    if (input.empty())
        return;
    const auto item = static_cast<unsigned char>(input[0]) % 5U;
    auto rest = input.substr(1);
    std::string_view position;
    if (item == 0) {
        const auto end = rest.find('\n');
        if (end == std::string_view::npos)
            return;
        position = rest.substr(0, end);
        rest = rest.substr(end + 1);
    }
    const auto body = api::parse_object(rest);
    if (!body)
        return;
    switch (item) {
    case 0: tables_paper_ballot(position, *body, input); break;
    case 1: tables_check_in(*body, input); break;
    case 2: tables_act(*body); break;
    case 3: tables_signature(*body); break;
    default: tables_tables(*body); break;
    }
}

} // namespace cabildo::fuzz
