#pragma once
// In-person tables as the API writes them (issue 22): a table with its officers' public signing keys,
// an act (its signed message's figures, who must sign, who has), and the reconciliation of every
// table: people checked in against ballots in the box, online ballots set aside, people refused,
// tables not yet reported.

#include "engine/domain/model.hpp"
#include "engine/storage/repositories/tables.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

namespace cabildo::engine {

nlohmann::json table_document(const polling_table& t, const std::vector<access_key>& officers,
                              const std::optional<stored_act>& counted);
nlohmann::json act_document(const stored_act& a);

struct table_report {
    polling_table table;
    std::optional<stored_act> counted;
};
// `set_aside_public`: whether the online ballots set aside are shown (from the announcement on).
// Before it, an officer could read the figure before and after checking someone in, and learn
// whether that person had voted online.
nlohmann::json reconciliation_document(const std::vector<table_report>& tables, bool set_aside_public);

} // namespace cabildo::engine
