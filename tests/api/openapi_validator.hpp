#pragma once
// The API's published contract (api/openapi.json) as the tests read it: finds the operation of a
// request, and checks a JSON value against a schema of the document. Only the subset of JSON
// Schema 2020-12 the document uses: type (one or a list), properties, required,
// additionalProperties (a schema or false), items, enum, const, $ref (into the document),
// allOf/anyOf/oneOf, minimum/maximum, minLength/maxLength (code points), pattern, minItems/
// maxItems, uniqueItems, maxProperties and format date-time. Other keywords are annotations
// (description, default, ...); `openapi_test` fails on a keyword this file knows neither way.

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace cabildo::test {

// Where a value breaks its schema: the JSON pointer into the value, and why.
struct schema_violation {
    std::string pointer;
    std::string message;
};

// The keywords a schema may hold, checked or ignored (annotations); any other is an error in
// the document, as this validator would skip it silently.
bool known_schema_keyword(std::string_view keyword);

class openapi_document {
public:
    explicit openapi_document(nlohmann::json doc);
    const nlohmann::json& document() const { return doc_; }

    // The target of a local reference ("#/components/schemas/Idea"); nullptr when it resolves to
    // nothing.
    const nlohmann::json* resolve(std::string_view ref) const;

    // The documented path that `path` (below the server url, without query) matches: segments
    // compared one by one, a "{name}" segment matching any; literal segments win over a capture.
    std::optional<std::string> path_template(std::string_view path) const;

    std::optional<schema_violation> validate(const nlohmann::json& value, const nlohmann::json& schema) const;

    // What is wrong with an answer of `status` to `method` on `path` (below /api/v1), given its
    // Content-Type and body; nullopt when it keeps the contract. A path or method the document
    // lacks must be answered with an error.
    std::optional<std::string> check_reply(std::string_view method, std::string_view path, int status,
                                           std::string_view content_type, const std::string& body) const;

private:
    void validate_at(const nlohmann::json& value, const nlohmann::json& schema, std::string& pointer,
                     std::optional<schema_violation>& out) const;
    bool check_type(const nlohmann::json& value, const nlohmann::json& type) const;
    void check_object(const nlohmann::json& value, const nlohmann::json& schema, std::string& pointer,
                      std::optional<schema_violation>& out) const;
    void check_array(const nlohmann::json& value, const nlohmann::json& schema, std::string& pointer,
                     std::optional<schema_violation>& out) const;
    void check_scalar(const nlohmann::json& value, const nlohmann::json& schema, const std::string& pointer,
                      std::optional<schema_violation>& out) const;
    void check_combinators(const nlohmann::json& value, const nlohmann::json& schema, std::string& pointer,
                           std::optional<schema_violation>& out) const;
    std::optional<std::string> check_body(const nlohmann::json& answer, std::string_view content_type,
                                          const std::string& body) const;

    nlohmann::json doc_;
    // Each `pattern` of the document, compiled once so validating is read-only (tests call it
    // from several threads).
    std::map<std::string, std::regex> patterns_;
};

// The document in the source tree (CABILDO_OPENAPI), loaded once.
const openapi_document& source_contract();

} // namespace cabildo::test
