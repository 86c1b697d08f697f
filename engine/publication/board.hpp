#pragma once
// The public bulletin board of a challenge (issue 21): an append-only sequence of entries, each a
// canonical JSON document (RFC 8785) hashed into an RFC 9162 Merkle tree, from which anyone can
// recount the result. This file is the entries' vocabulary and form, shared by the engine that
// writes them and by `cabildo verify`, which reads them back (board_verify.hpp).
//
// Every entry has `challenge` ("municipality/challenge"), `seq` (its 0-based leaf index), `type`
// and `at` (RFC 3339 UTC; to the hour in blind challenges, as their stored times are). The types
// and what each adds:
//   setup       the rules that count: anonymity, ballot (kind, method, limits), winners, budget,
//               the windows, the SHA-256 of the tie-break seed (hex; the seed is revealed at close),
//               and the keys as the JWKS publishes them (the board's own key included)
//   idea        idea (id), title, cost (or null)
//   moderation  idea, hidden, counted (whether the idea is in the count: set by moderation before
//               voting closes, frozen from the close on)
//   ballot      token (the token reference, below), proof (the token itself: a JWS or an
//               anonymous token, checked against the setup's keys), content ({"ideas":[...]} and,
//               for points ballots, "points":[...] parallel to it), supersedes (the leaf of this
//               token's previous ballot, or null), nonce (128 random bits, base64url)
//   revocation  token, from (the leaf from which the token is revoked: this entry's own), nonce
//               (a ballot's or a revocation's leaf hash, public while voting is open, cannot be
//               found by trying the contents, times and leaves its token could have had)
//   close       size (the entries before it), tie_break_seed (revealed)
//   tally       counted (hex SHA-256 of the canonical JSON array of the counted ballots' leaf
//               indexes, ascending), ballots (how many), result (the results document as counted)
// In-person tables (issue 22) add:
//   table        table (id), name, address, district (or null), opens, closes, observers
//   officer      table, officer (the key's id), signing_key (base64url Ed25519 public key): who may
//                sign the table's acts
//   check_in     table, checked_in (the table's count with this one): never who
//   paper_ballot table, edition, position, and the mark (act_mark below): ideas (and points), or
//                blank: true, or null: the reason; nonce, as a ballot's (a table's few marks and
//                positions could otherwise be tried against its leaf hashes while voting is open)
//   act          the act's message members (act_message below) and signatures [{officer,
//                signature}], each Ed25519 over the message's canonical bytes by an officer entry
//                of the table; it closes the edition whose paper ballots precede it, and an edition
//                after the first supersedes the one before
// A reader skips no type it does not know, it refuses the board, so a new type is always a new
// verifier.

#include "engine/domain/model.hpp"
#include "engine/publication/documents.hpp"
#include "engine/storage/repositories/board.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace cabildo::engine {

enum class board_entry_type {
    setup,
    idea,
    moderation,
    ballot,
    revocation,
    close,
    tally,
    table,
    officer,
    check_in,
    paper_ballot,
    act
};
inline constexpr std::array<std::pair<board_entry_type, std::string_view>, 12> board_entry_type_names{{
    {board_entry_type::setup, "setup"},
    {board_entry_type::idea, "idea"},
    {board_entry_type::moderation, "moderation"},
    {board_entry_type::ballot, "ballot"},
    {board_entry_type::revocation, "revocation"},
    {board_entry_type::close, "close"},
    {board_entry_type::tally, "tally"},
    {board_entry_type::table, "table"},
    {board_entry_type::officer, "officer"},
    {board_entry_type::check_in, "check_in"},
    {board_entry_type::paper_ballot, "paper_ballot"},
    {board_entry_type::act, "act"},
}};
inline std::string_view name_of(board_entry_type t) { return name_in<board_entry_type>(board_entry_type_names, t); }
inline std::optional<board_entry_type> board_entry_type_named(std::string_view name)
{
    return value_in<board_entry_type>(board_entry_type_names, name);
}

// How the board names a token, never a person: base64url of the SHA-256 of a signed token's jti,
// or of an anonymous token's prepared message (what its "blind:" key already holds).
std::string token_reference(std::string_view jti);

// The body of each entry type (without the four common members, which board_entry adds).
nlohmann::json setup_body(const challenge& ch, const verification_keys& keys);
nlohmann::json idea_body(const idea& i);
nlohmann::json moderation_body(idea_id id, bool hidden, bool counted);
nlohmann::json ballot_body(std::string_view jti, std::string_view proof, const ballot_content& content,
                           std::optional<std::uint64_t> supersedes);
nlohmann::json revocation_body(std::string_view jti); // board_entry adds "from", the entry's own leaf
nlohmann::json close_body(std::uint64_t size, std::string_view seed);
nlohmann::json tally_body(std::string_view counted_sha256, std::int64_t ballots, nlohmann::json result);
nlohmann::json table_body(const polling_table& t);
nlohmann::json officer_body(std::int64_t table, std::int64_t officer, std::string_view signing_key);
nlohmann::json check_in_body(std::int64_t table, std::int64_t checked_in);
nlohmann::json paper_ballot_body(std::int64_t table, std::int64_t edition, std::int64_t position, const paper_mark& m);

// A paper ballot's mark as the board and the act write it: {"ideas":[...], "points"?:[...]} when
// valid, {"blank":true}, or {"null":"<reason>"}; and its reading back (nullopt when malformed).
nlohmann::json act_mark(const paper_mark& m);
std::optional<paper_mark> mark_of(const nlohmann::json& j);
// The hex SHA-256 of an act's ballots: the canonical JSON array of [position, act_mark] pairs in
// position order.
std::string act_ballots_digest(const std::vector<std::pair<std::int64_t, paper_mark>>& ballots);
// What a table's officers sign: the canonical JSON of challenge, table, edition, supersedes (the
// edition before, or null), reason (a correction's, or null), checked_in, ballots_in_box, valid,
// blank, null ({reason: count}), votes ({"<idea id>": votes}), photo_sha256 and ballots_sha256.
struct act_facts {
    std::int64_t table = 0;
    std::int64_t edition = 1;
    std::optional<std::string> reason;
    act_totals totals;
    std::string photo_sha256;
    std::string ballots_sha256;
};
nlohmann::json act_message_json(const challenge_ref& ch, const act_facts& a);

// An entry's bytes: `body` with challenge, seq, type and at, in canonical JSON.
std::string board_entry(nlohmann::json body, const challenge_ref& ch, std::uint64_t seq, board_entry_type type,
                        time_point at);

// The hex SHA-256 of the counted leaves' list, as the tally entry writes it.
std::string counted_leaves_digest(const std::vector<std::uint64_t>& leaves);

// A signed tree head (RFC 9162 4.10 in spirit, storage/repositories/board.hpp's stored_head): the
// board of `challenge` had `size` entries and this root at `timestamp` (milliseconds since 1970),
// signed with the board's Ed25519 key over the canonical JSON of those four members.
std::string head_message(const challenge_ref& ch, std::uint64_t size, std::int64_t timestamp, std::string_view root);
// {"challenge","tree_size","timestamp","root_hash","signature"}, hash and signature in base64url.
nlohmann::json to_document(const challenge_ref& ch, const stored_head& h);
// Reads that form back; nullopt when a member is missing or malformed.
std::optional<stored_head> head_from_document(const nlohmann::json& doc);

} // namespace cabildo::engine
