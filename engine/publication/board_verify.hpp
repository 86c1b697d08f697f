#pragma once
// `cabildo verify`: a challenge's bulletin board checked from its file alone (no database, no
// network), as a journalist or a researcher would: every leaf and every signed head recomputed,
// every token's proof checked against the setup's keys, every ballot's place (inside the voting
// window, before the close, superseding that token's previous ballot), the counted set rebuilt and
// its digest compared with the tally's, and the count made again with the engine's own counting
// code and compared with the published result. In-person tables too: each act's totals recounted
// from its paper ballots, its signatures checked against its table's officers' published keys, its
// check-ins counted, and the paper ballots of each table's last act counted with the online ones. The file is what GET
// .../board/file serves: one entry per line, exactly its canonical bytes, then one {"head":{...}} line per signed head.

#include "engine/domain/model.hpp"
#include "engine/storage/repositories/board.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <istream>
#include <optional>
#include <string>

namespace cabildo::engine {

struct board_verification {
    bool readable = true; // false: not a board file at all (a line that is not JSON, no entries)
    std::uint64_t entries = 0, heads = 0, ideas = 0, ballots = 0, replaced = 0, revoked = 0, counted = 0;
    // In-person tables (issue 22): tables, check-ins, paper ballots entered, acts closed (corrections
    // included), and the paper ballots of the acts that count (valid ones are in `counted` too).
    std::uint64_t tables = 0, check_ins = 0, paper_ballots = 0, acts = 0, paper_counted = 0;
    bool closed = false, tallied = false;
    std::optional<nlohmann::json> result; // the recount's results document, when the board has a tally
    // The first discrepancy, and the leaf it is at (none for one in a head or in the receipt).
    std::string discrepancy;
    std::optional<std::uint64_t> leaf;
    // With a receipt: where its ballot stands (counted: its token's last, the token live).
    std::optional<ballot_state> receipt_state;

    bool holds() const { return readable && discrepancy.empty(); }
};

// `receipt`: a ballot's 200 (or its board part: leaf, entry, head) whose entry must be on the
// board and whose head the board must extend. `since`: a signed head read earlier (the
// GET .../board/head document) the board must extend.
board_verification verify_board(std::istream& file, const std::optional<nlohmann::json>& receipt = std::nullopt,
                                const std::optional<nlohmann::json>& since = std::nullopt);

} // namespace cabildo::engine
