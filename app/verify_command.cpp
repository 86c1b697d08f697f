#include "app/verify_command.hpp"

#include "engine/publication/board_verify.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <ostream>

namespace cabildo::app {

namespace {

// A JSON document from a file; nullopt (and a line on `err`) when it cannot be read.
std::optional<nlohmann::json> read_json(const std::string& path, const char* what, std::ostream& err)
{
    std::ifstream in(path);
    auto doc = in ? nlohmann::json::parse(in, nullptr, false) : nlohmann::json(nlohmann::json::value_t::discarded);
    if (doc.is_discarded() || !doc.is_object()) {
        err << path << ": the " << what << " cannot be read as a JSON object\n";
        return std::nullopt;
    }
    return doc;
}

} // namespace

int run_verify(const verify_options& opts, std::ostream& out, std::ostream& err)
{
    std::ifstream board(opts.board, std::ios::binary);
    if (!board) {
        err << opts.board << ": cannot open the board file\n";
        return 2;
    }
    std::optional<nlohmann::json> receipt, since;
    if (opts.receipt && !(receipt = read_json(*opts.receipt, "receipt", err)))
        return 2;
    if (opts.since && !(since = read_json(*opts.since, "head", err)))
        return 2;
    const auto v = engine::verify_board(board, receipt, since);
    out << "entries " << v.entries << "\nideas " << v.ideas << "\nballots cast " << v.ballots << "\nreplaced "
        << v.replaced << "\nrevoked tokens " << v.revoked << "\ncounted " << v.counted << "\nsigned heads " << v.heads
        << "\nclosed " << (v.closed ? "yes" : "no") << "\ntallied " << (v.tallied ? "yes" : "no") << '\n';
    if (v.tables > 0)
        out << "tables " << v.tables << "\ncheck-ins " << v.check_ins << "\npaper ballots entered " << v.paper_ballots
            << "\nacts " << v.acts << "\npaper ballots counted " << v.paper_counted << '\n';
    if (v.receipt_state)
        out << "receipt " << engine::name_of(*v.receipt_state) << '\n';
    if (v.result)
        out << "result " << v.result->dump() << '\n';
    if (v.holds()) {
        out << "the board holds\n";
        return 0;
    }
    err << opts.board << ": ";
    if (v.leaf)
        err << "leaf " << *v.leaf << ": ";
    err << v.discrepancy << '\n';
    return v.readable ? 1 : 2;
}

} // namespace cabildo::app
