// The bulletin board as its readers meet it: each line's readers (a signed head, a paper ballot's
// mark, the canonical form), and the whole file as `cabildo verify` checks it (verify_board, the
// function run_verify calls once it has opened the files; no file is written here).

#include "engine/publication/board.hpp"
#include "engine/publication/board_verify.hpp"
#include "engine/publication/canonical_json.hpp"
#include "tests/fuzz/targets.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

namespace cabildo::fuzz {

namespace {

using json = nlohmann::json;

// Between the board and the documents `cabildo verify` reads from their own files in board_file's
// input: a line holding only a form feed, which no board line can be (each is a JSON object).
constexpr std::string_view board_separator = "\n\f\n";

// As run_verify's read_json: an object, or nothing (run_verify then stops before verifying).
std::optional<json> board_document(std::string_view text)
{
    auto doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return std::nullopt;
    return doc;
}

// The canonical form of a value, or nullopt where RFC 8785 refuses it (not UTF-8, a number a
// JavaScript reader could not hold).
std::optional<std::string> board_canonical(const json& value)
{
    try {
        return engine::canonical_json(value);
    } catch (const std::invalid_argument&) {
        return std::nullopt;
    } catch (const json::exception&) {
        return std::nullopt;
    }
}

// The readers of one line of the board (an entry, or {"head": ...}), with the invariants that make
// their output publishable again: what they read, written back, reads the same.
void board_line_readers(const json& line, std::string_view input)
{
    const json& head_doc = line.contains("head") ? line["head"] : line;
    if (const auto head = engine::head_from_document(head_doc)) {
        const engine::challenge_ref ref{"m", "c"};
        const auto again = engine::head_from_document(engine::to_document(ref, *head));
        if (!again || again->size != head->size || again->timestamp != head->timestamp || again->root != head->root ||
            again->signature != head->signature)
            broken("a signed head read by head_from_document does not survive to_document", input);
    }
    if (const auto mark = engine::mark_of(line)) {
        const auto again = engine::mark_of(engine::act_mark(*mark));
        if (!again || !(*again == *mark))
            broken("a mark read by mark_of does not survive act_mark", input);
    }
    if (const auto canonical = board_canonical(line)) {
        const auto reread = json::parse(*canonical, nullptr, false);
        if (reread.is_discarded())
            broken("canonical_json wrote text that is not JSON", input);
        const auto again = board_canonical(reread);
        if (again != canonical)
            broken("canonical_json is not idempotent", input);
    }
}

} // namespace

// Each line through its readers; then the lines, each written canonically with its place as seq,
// through verify_board. The rewriting lets mutated entries pass the verifier's first checks (their
// bytes are their canonical form, their seq is their place) and reach the checks of their type;
// board_file keeps the bytes as they are.
void fuzz_board_entry(std::string_view input)
{
    std::string rewritten;
    std::uint64_t seq = 0;
    std::size_t from = 0;
    while (from < input.size()) {
        const auto end = std::min(input.find('\n', from), input.size());
        const auto text = input.substr(from, end - from);
        from = end + 1;
        auto line = json::parse(text, nullptr, false);
        if (line.is_discarded() || !line.is_object()) {
            rewritten.append(text).push_back('\n');
            continue;
        }
        board_line_readers(line, input);
        if (!line.contains("head"))
            line["seq"] = seq++;
        rewritten.append(board_canonical(line).value_or(std::string(text))).push_back('\n');
    }
    std::istringstream file(rewritten);
    (void)engine::verify_board(file);
}

// What `cabildo verify BOARD [--receipt R] [--since H]` checks: the input is the board file's
// text, optionally followed by the separator and the receipt, and by another separator and the
// head given with --since.
void fuzz_board_file(std::string_view input)
{
    std::optional<json> receipt, since;
    const auto first = input.find(board_separator);
    const auto board = input.substr(0, first);
    if (first != std::string_view::npos) {
        auto rest = input.substr(first + board_separator.size());
        const auto second = rest.find(board_separator);
        if (!(receipt = board_document(rest.substr(0, second))))
            return;
        if (second != std::string_view::npos && !(since = board_document(rest.substr(second + board_separator.size()))))
            return;
    }
    std::istringstream file{std::string(board)};
    const auto v = engine::verify_board(file, receipt, since);
    if (v.holds() && v.entries == 0)
        broken("verify_board says an empty board holds", input);
}

} // namespace cabildo::fuzz
