#pragma once
// `cabildo count [--method M] [--budget B] FILE`: counts an election file with the ballots/
// methods and prints the outcome as JSON, so anyone can recount published data.
//
// FILE is a pabulib `.pb` file (approval, cumulative, scoring, ordinal or choose-1 votes) or a
// PrefLib `.soc`, `.soi`, `.toc`, `.toi` file; the extension picks the parser.
//
// Methods for pabulib files: greedy, greedy-threshold (META min_project_score_threshold),
// greedy-no-skip, equalshares, equalshares-comparison, equalshares/add1,
// equalshares/add1-comparison; without --method the one META `rule` names. Also approval and
// points (a ranking by votes or by summed weights), and schulze, borda, irv for ordinal files.
// --budget replaces META budget (whole currency units). Methods for PrefLib files: schulze (the
// default), borda, irv, approval (every ranked alternative counts as approved).
//
// Ties are broken by the file's own order: pabulib projects in PROJECTS order, PrefLib
// alternatives by number; the lottery of a live challenge is not available to a file.
//
// Output: JSON on `out`; budget methods report "selected" (project ids as the file writes them,
// in funding order), "spent", "left", and whether that matches the file's `selected` column;
// rankings report "ranking" and "winner", instant-runoff also "rounds", Schulze the pairwise
// and strongest-path matrices. An unreadable or inconsistent file, or a method that does not
// apply, prints `FILE:LINE: message` on `err` and returns 2; success returns 0.

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

namespace cabildo::app {

struct count_options {
    std::string file;
    std::optional<std::string> method;
    std::optional<std::int64_t> budget;
};

int run_count(const count_options& opts, std::ostream& out, std::ostream& err);

} // namespace cabildo::app
