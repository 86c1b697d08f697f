// The bulletin board (issue 21): signed tree heads, inclusion and consistency proofs, leaf hashes,
// and the entries once voting has closed, a page at a time or as one file.

#include "api/call.hpp"
#include "api/handlers.hpp"
#include "engine/identity/crypto.hpp"
#include "engine/use_cases/board.hpp"

#include <charconv>

namespace cabildo::api::handlers {

namespace {

// A leaf index or a tree size from the query: a whole number (0 allowed) up to 2^53 - 1.
engine::result<std::optional<std::uint64_t>> query_number(const call& c, const std::string& name, bool required)
{
    const auto it = c.query.find(name);
    if (it == c.query.end()) {
        if (required)
            return engine::fail(engine::errc::invalid_field, name, name + " is required (a whole number)");
        return std::optional<std::uint64_t>();
    }
    std::uint64_t n = 0;
    const auto& text = it->second;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || r.ec != std::errc{} || r.ptr != text.data() + text.size() || n > (std::uint64_t{1} << 53U) - 1)
        return engine::fail(engine::errc::invalid_field, name, name + " must be a whole number from 0");
    return std::optional(n);
}

json hashes(const std::vector<std::string>& path)
{
    json out = json::array();
    for (const auto& h : path)
        out.push_back(engine::base64url_encode(h));
    return out;
}

} // namespace

std::string board_receipt(const engine::challenge_ref& which, const engine::board_log::appended& a)
{
    std::string out = "\"leaf\":" + std::to_string(a.seq) + ",\"entry\":" + a.entry + ",\"tracker\":\"" +
                      engine::base64url_encode(engine::sha256(a.entry)) + "\",\"head\":";
    out += a.head && a.head->head ? engine::to_document(which, *a.head->head).dump() : "null";
    return out;
}

void board_head(call& c)
{
    c.service.board().head(
        c.challenge(), reply<engine::stored_head>(c.respond, http::status::ok, [which = c.challenge()](const auto& h) {
            return engine::to_document(which, h);
        }));
}

void board_proof(call& c)
{
    const auto leaf = query_number(c, "leaf", true);
    if (!leaf)
        return c.respond(error_response(leaf.error()));
    const auto size = query_number(c, "size", false);
    if (!size)
        return c.respond(error_response(size.error()));
    c.service.board().inclusion(c.challenge(), **leaf, *size,
                                reply<engine::board_inclusion>(c.respond, http::status::ok, [](const auto& p) {
                                    return json{{"leaf_index", p.leaf},
                                                {"tree_size", p.size},
                                                {"leaf_hash", engine::base64url_encode(p.leaf_hash)},
                                                {"audit_path", hashes(p.path)}};
                                }));
}

void board_consistency(call& c)
{
    const auto first = query_number(c, "first", true);
    if (!first)
        return c.respond(error_response(first.error()));
    const auto second = query_number(c, "second", true);
    if (!second)
        return c.respond(error_response(second.error()));
    c.service.board().consistency(
        c.challenge(), **first, **second,
        reply<engine::board_consistency>(c.respond, http::status::ok, [](const auto& p) {
            return json{{"first", p.first}, {"second", p.second}, {"consistency_path", hashes(p.path)}};
        }));
}

void board_page(call& c)
{
    const auto after = query_number(c, "after", false);
    if (!after)
        return c.respond(error_response(after.error()));
    const auto limit = read_limit(c);
    if (!limit)
        return c.respond(error_response(limit.error()));
    const std::uint64_t from = *after ? **after + 1 : 0;
    c.service.board().page(c.challenge(), from, *limit,
                           reply<engine::board_page>(c.respond, http::status::ok, [](const engine::board_page& p) {
                               json items = json::array();
                               for (const auto& [seq, bytes] : p.items)
                                   items.push_back(
                                       p.closed ? json{{"seq", seq}, {"entry", json::parse(bytes)}}
                                                : json{{"seq", seq}, {"leaf_hash", engine::base64url_encode(bytes)}});
                               json out{{"tree_size", p.size}, {"entries_public", p.closed}};
                               out[p.closed ? "entries" : "leaves"] = std::move(items);
                               const auto next = p.next_after();
                               out["next_after"] = next ? json(*next) : json(nullptr);
                               return out;
                           }));
}

void board_file(call& c)
{
    c.service.board().file(c.challenge(), [respond = c.respond, slug = c.c](engine::result<std::string> r) {
        if (!r.ok())
            return respond(error_response(r.error()));
        response res{http::status::ok, 11};
        res.set(http::field::content_type, "application/jsonl; charset=utf-8");
        res.set(http::field::content_disposition, "attachment; filename=\"" + slug + "-board.jsonl\"");
        res.body() = std::move(*r);
        res.prepare_payload();
        respond(std::move(res));
    });
}

} // namespace cabildo::api::handlers
