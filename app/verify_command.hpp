#pragma once
// `cabildo verify BOARD_FILE [--receipt RECEIPT] [--since HEAD]`: checks a challenge's bulletin
// board from the downloaded file alone (engine/publication/board_verify.hpp says what is checked).
// RECEIPT is a file holding a ballot's 200 (or its leaf, entry and head); HEAD a file holding a
// signed head read earlier (GET .../board/head). Prints the counts (entries, ideas, ballots cast,
// replaced, revoked, counted, signed heads), where the receipt's ballot stands, the recounted
// result as JSON, and the first discrepancy with its leaf if any. Returns 0 when everything holds,
// 1 on a discrepancy, 2 when a file cannot be read (or is not a board at all).

#include <iosfwd>
#include <optional>
#include <string>

namespace cabildo::app {

struct verify_options {
    std::string board;
    std::optional<std::string> receipt;
    std::optional<std::string> since;
};

int run_verify(const verify_options& opts, std::ostream& out, std::ostream& err);

} // namespace cabildo::app
