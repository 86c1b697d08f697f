#pragma once
// Open data: a challenge's ideas, anonymised ballots (receipt and content only: no token, no
// time) and results, as JSON or CSV, and as election files anyone can recount with
// `cabildo count`: pabulib (.pb) for every kind, PrefLib (.soi) for ranking ballots. In the
// election files projects and alternatives are listed in the challenge's lottery order, so the
// file order that `cabildo count` breaks ties with is the lottery the challenge used.

#include "engine/model.hpp"
#include "engine/repository.hpp"
#include "engine/service.hpp"

#include <nlohmann/json.hpp>

namespace cabildo::engine {

result<export_document> build_export(repository& repo, const challenge& ch, const municipality& muni,
                                     export_format format, const nlohmann::json& results);

} // namespace cabildo::engine
