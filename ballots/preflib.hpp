#pragma once
// Reads ranked ballots in PrefLib's format (https://www.preflib.org/format, the 2022 format):
// `# KEY: value` header lines (`# NUMBER ALTERNATIVES: n`, `# ALTERNATIVE NAME i: name`,
// `# NUMBER VOTERS`, `# NUMBER UNIQUE ORDERS`, `# TITLE`), then one line per distinct order,
// `count: a,b,{c,d},e`, where `{...}` groups tied alternatives. Alternatives are numbered 1..n and
// become idea ids 1..n.
//   soc  strict, complete     soi  strict, incomplete
//   toc  ties, complete       toi  ties, incomplete
// A file that breaks its kind (a tie in a strict file, a missing alternative in a complete one),
// names an alternative outside 1..n or twice, or disagrees with its header counts yields a
// parse_error with the line number.

#include "ballots/outcome.hpp"
#include "ballots/parse_result.hpp"
#include "ballots/ranking_set.hpp"

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cabildo::ballots {

enum class preflib_kind { soc, soi, toc, toi };

// The kind a file extension names ("soi" or ".soi", any case), if any.
std::optional<preflib_kind> preflib_kind_from_extension(std::string_view extension);

struct preflib_file {
    preflib_kind kind = preflib_kind::soc;
    std::string title;
    std::size_t alternatives = 0;
    // The names given (ALTERNATIVE NAME lines) by alternative number: a file may declare up to a
    // million alternatives in one line and name none, so nothing is kept for the unnamed.
    std::map<idea_id, std::string> names;
    ranking_set ballots; // idea ids are the alternative numbers

    std::vector<idea_id> candidates() const;     // 1..alternatives
    lottery number_order() const;                // the lottery "alternative number order"
    std::string name(idea_id alternative) const; // empty when not given
};

parse_result<preflib_file> parse_preflib(std::string_view text, preflib_kind kind);
parse_result<preflib_file> parse_preflib(std::istream& in, preflib_kind kind);

} // namespace cabildo::ballots
