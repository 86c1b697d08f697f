#pragma once
// The engine's records as public JSON documents: what the API sends, the export publishes and the
// audit log keeps. Times are RFC 3339 UTC; secrets (issuer private key, author tokens) never
// appear.

#include "engine/domain/model.hpp"

#include <nlohmann/json.hpp>

namespace cabildo::engine {

nlohmann::json to_document(const timeline& t);
nlohmann::json to_document(const ballot_rules& b);
nlohmann::json to_document(const municipality& m);
// The public definition; `now` adds "now", "open_phases" and "status".
nlohmann::json to_document(const challenge& c, std::optional<time_point> now = std::nullopt);
nlohmann::json to_document(const idea& i, bool show_hidden_content);
nlohmann::json to_document(const audit_entry& e);

} // namespace cabildo::engine
