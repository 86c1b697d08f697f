#pragma once
// Open data: a challenge's ideas, anonymised ballots (receipt and content only: no token, no
// time) and results, as JSON or CSV, and as election files anyone can recount with
// `cabildo count`: pabulib (.pb) for every kind, PrefLib (.soi) for ranking ballots. In the
// election files projects and alternatives are listed in the challenge's lottery order, so the
// file order that `cabildo count` breaks ties with is the lottery the challenge used.

#include "engine/domain/model.hpp"
#include "engine/storage/repository.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace cabildo::engine {

// A CSV field (RFC 4180): always quoted, quotes doubled; a value a spreadsheet would take for a
// formula (first character =, +, -, @, tab or carriage return) gets a leading ' (OWASP).
std::string csv_field(std::string_view s);

enum class export_format { json, csv, pabulib, preflib };
// The format's name in `?format=` and in storage, every format in the order they are built.
inline constexpr std::array<std::pair<export_format, std::string_view>, 4> export_format_names{{
    {export_format::json, "json"},
    {export_format::csv, "csv"},
    {export_format::pabulib, "pabulib"},
    {export_format::preflib, "preflib"},
}};
std::string_view format_name(export_format f);
std::optional<export_format> export_format_named(std::string_view name);

struct export_document {
    export_format format;
    std::string body;
    std::string digest = {}; // content_digest(body) for a published file, which never changes; empty for a live one
};

result<export_document> build_export(repository& repo, const challenge& ch, const municipality& muni,
                                     export_format format, const nlohmann::json& results);

} // namespace cabildo::engine
