// Text formats read from outside: RFC 3339 times (every body and query that carries one, and the
// board's entries), pabulib and PrefLib files (`cabildo count`).

#include "ballots/pabulib.hpp"
#include "ballots/preflib.hpp"
#include "engine/domain/rfc3339.hpp"
#include "tests/fuzz/targets.hpp"

#include <array>
#include <string>

namespace cabildo::fuzz {

// A time that parses is stored and published in format_rfc3339's form, and read back by the same
// parser (a stored document, `cabildo verify`), so that form must parse to the same second.
void fuzz_rfc3339(std::string_view input)
{
    const auto parsed = engine::parse_rfc3339(input);
    if (!parsed)
        return;
    const auto formatted = engine::format_rfc3339(*parsed);
    const auto again = engine::parse_rfc3339(formatted);
    if (!again)
        broken("format_rfc3339 wrote \"" + formatted + "\", which parse_rfc3339 refuses", input);
    if (*again != *parsed)
        broken("format_rfc3339 wrote \"" + formatted + "\", which parses to another second", input);
    // A formatted time is its own canonical form.
    if (engine::format_rfc3339(*again) != formatted)
        broken("format_rfc3339 is not stable over a round trip", input);
}

void fuzz_pabulib(std::string_view input)
{
    const auto file = ballots::parse_pabulib(input);
    if (!file)
        return;
    // What `cabildo count` reads of a parsed file before counting it.
    (void)file->budget_projects();
    (void)file->ideas();
    (void)file->file_order();
    if (file->vote_type == "ordinal")
        (void)file->rankings();
}

void fuzz_preflib(std::string_view input)
{
    // The kind comes from the file's extension, not its text: every input is read as each kind.
    constexpr std::array text_kinds{ballots::preflib_kind::soc, ballots::preflib_kind::soi, ballots::preflib_kind::toc,
                                    ballots::preflib_kind::toi};
    for (const auto kind : text_kinds) {
        const auto file = ballots::parse_preflib(input, kind);
        if (!file)
            continue;
        // Both are a loop over 1..n that reads nothing else of the file; past 10,000 alternatives
        // (the reader takes up to a million) they would spend the run on a million entries each and
        // find nothing more, so they are exercised on the smaller files only.
        if (file->alternatives > 10'000)
            continue;
        (void)file->candidates();
        (void)file->number_order();
    }
}

} // namespace cabildo::fuzz
