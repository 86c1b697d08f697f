#pragma once
// The fuzz targets of cabildo_fuzz (issue 23): each feeds one input to one of the project's parsers of
// outside input, as the server or `cabildo verify` receives it. A target returns normally on any
// input a parser refuses (refusals are values); it aborts only when an invariant breaks (a parsed
// time that does not read back, a mark that does not survive its stored form), so libFuzzer reports
// it as a crash. No target keeps state that grows from one input to the next.

#include <span>
#include <string_view>

namespace cabildo::fuzz {

using target_fn = void (*)(std::string_view input);

struct target {
    std::string_view name; // the first argument of cabildo_fuzz, and the folder of its seeds
    target_fn run;
};

// The one table of targets, in the order `cabildo_fuzz` lists them (fuzz_main.cpp).
std::span<const target> targets();

// Prints `what` and the input, then aborts: the invariant broken is the finding.
[[noreturn]] void broken(std::string_view what, std::string_view input);

// targets_api.cpp: request bodies, the router, query strings.
void fuzz_json_body(std::string_view input);
void fuzz_router(std::string_view input);
void fuzz_query(std::string_view input);
// targets_text.cpp: RFC 3339 times, pabulib and PrefLib files.
void fuzz_rfc3339(std::string_view input);
void fuzz_pabulib(std::string_view input);
void fuzz_preflib(std::string_view input);
// targets_tokens.cpp: participant tokens, signed (JWS) and anonymous (RFC 9474).
void fuzz_jws_token(std::string_view input);
void fuzz_blind_token(std::string_view input);
// targets_board.cpp: one bulletin board line, and a whole board file as `cabildo verify` reads it.
void fuzz_board_entry(std::string_view input);
void fuzz_board_file(std::string_view input);
// targets_tables.cpp: what an in-person table's page sends from its outbox.
void fuzz_table_entry(std::string_view input);

} // namespace cabildo::fuzz
