#pragma once
// Reading request bodies: JSON parsing with a nesting bound, and typed field readers whose every
// refusal names the field. Unknown fields are ignored, as the contract welcomes extra fields,
// except in a PATCH (`only`), where a field that changes nothing is a mistake to say.

#include "engine/domain/result.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cabildo::api {

using json = nlohmann::json;

inline constexpr std::size_t max_json_depth = 32;

// A JSON object, or a failure (invalid_field with field "body").
engine::result<json> parse_object(std::string_view body);

// Reads fields of one object; the first refusal is kept and later reads return empty values.
class field_reader {
public:
    field_reader(const json& object, std::string prefix = {}) : object_(object), prefix_(std::move(prefix)) {}

    std::optional<std::string> text(const char* name, bool required);
    std::optional<std::int64_t> integer(const char* name, bool required, std::int64_t min, std::int64_t max);
    std::optional<double> number(const char* name, bool required);
    std::optional<bool> boolean(const char* name, bool required);
    std::optional<std::vector<std::string>> text_list(const char* name, bool required);
    std::optional<std::vector<std::int64_t>> integer_list(const char* name, bool required);
    const json* object(const char* name, bool required);
    const json* array(const char* name, bool required);
    bool has(const char* name) const { return object_.contains(name) && !object_[name].is_null(); }
    // Refuses the first field not in `known`: a PATCH that names a field it cannot change must not
    // answer 200 having changed nothing.
    void only(std::initializer_list<std::string_view> known);

    std::string path(const char* name) const { return prefix_.empty() ? name : prefix_ + "." + name; }
    void refuse(std::string field, std::string message);
    bool ok() const { return !error_; }
    const engine::failure& error() const { return *error_; }

private:
    const json* find(const char* name, bool required);

    const json& object_;
    std::string prefix_;
    std::optional<engine::failure> error_;
};

} // namespace cabildo::api
