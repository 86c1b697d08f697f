#include "api/json_body.hpp"

#include <algorithm>

namespace cabildo::api {

namespace {

// nlohmann's parser recurses per nesting level; bound the depth before parsing so a body of
// a million '[' cannot exhaust the stack.
bool nesting_within(std::string_view body, std::size_t limit)
{
    std::size_t depth = 0;
    bool in_string = false, escaped = false;
    for (const char c : body) {
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit)
                return false;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return true;
}

engine::failure body_error(std::string message)
{
    return engine::fail(engine::errc::invalid_field, "body", std::move(message));
}

} // namespace

engine::result<json> parse_object(std::string_view body)
{
    if (body.empty())
        return body_error("the body must be a JSON object");
    // The parser would stop at a NUL and ignore what follows; JSON text never holds one.
    if (body.find('\0') != std::string_view::npos)
        return body_error("the body holds a NUL byte, which JSON text never does");
    if (!nesting_within(body, max_json_depth))
        return body_error("the body nests deeper than " + std::to_string(max_json_depth) + " levels");
    auto j = json::parse(body, nullptr, false);
    if (j.is_discarded())
        return body_error("the body is not valid JSON (UTF-8)");
    if (!j.is_object())
        return body_error("the body must be a JSON object");
    return j;
}

void field_reader::refuse(std::string field, std::string message)
{
    if (!error_)
        error_ = engine::fail(engine::errc::invalid_field, std::move(field), std::move(message));
}

void field_reader::only(std::initializer_list<std::string_view> known)
{
    for (const auto& [key, value] : object_.items())
        if (std::find(known.begin(), known.end(), key) == known.end())
            return refuse(path(key.c_str()), path(key.c_str()) + " is not a field this request can change");
}

const json* field_reader::find(const char* name, bool required)
{
    if (error_)
        return nullptr;
    const auto it = object_.find(name);
    if (it == object_.end() || it->is_null()) {
        if (required)
            refuse(path(name), path(name) + " is required");
        return nullptr;
    }
    return &*it;
}

std::optional<std::string> field_reader::text(const char* name, bool required)
{
    const json* v = find(name, required);
    if (!v)
        return std::nullopt;
    if (!v->is_string()) {
        refuse(path(name), path(name) + " must be a string, not " + v->type_name());
        return std::nullopt;
    }
    return v->get<std::string>();
}

std::optional<bool> field_reader::boolean(const char* name, bool required)
{
    const json* v = find(name, required);
    if (!v)
        return std::nullopt;
    if (!v->is_boolean()) {
        refuse(path(name), path(name) + " must be true or false, not " + v->type_name());
        return std::nullopt;
    }
    return v->get<bool>();
}

std::optional<std::int64_t> field_reader::integer(const char* name, bool required, std::int64_t min, std::int64_t max)
{
    const json* v = find(name, required);
    if (!v)
        return std::nullopt;
    const auto range =
        path(name) + " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max);
    if (v->is_number_unsigned()) {
        const auto u = v->get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(max) || (min > 0 && u < static_cast<std::uint64_t>(min))) {
            refuse(path(name), range);
            return std::nullopt;
        }
        return static_cast<std::int64_t>(u);
    }
    if (!v->is_number_integer()) {
        refuse(path(name), range);
        return std::nullopt;
    }
    const auto i = v->get<std::int64_t>();
    if (i < min || i > max) {
        refuse(path(name), range);
        return std::nullopt;
    }
    return i;
}

std::optional<double> field_reader::number(const char* name, bool required)
{
    const json* v = find(name, required);
    if (!v)
        return std::nullopt;
    if (!v->is_number()) {
        refuse(path(name), path(name) + " must be a number");
        return std::nullopt;
    }
    return v->get<double>();
}

const json* field_reader::object(const char* name, bool required)
{
    const json* v = find(name, required);
    if (v && !v->is_object()) {
        refuse(path(name), path(name) + " must be an object");
        return nullptr;
    }
    return v;
}

const json* field_reader::array(const char* name, bool required)
{
    const json* v = find(name, required);
    if (v && !v->is_array()) {
        refuse(path(name), path(name) + " must be an array");
        return nullptr;
    }
    return v;
}

std::optional<std::vector<std::string>> field_reader::text_list(const char* name, bool required)
{
    const json* v = array(name, required);
    if (!v)
        return std::nullopt;
    std::vector<std::string> out;
    for (std::size_t i = 0; i < v->size(); ++i) {
        if (!(*v)[i].is_string()) {
            refuse(path(name) + "[" + std::to_string(i) + "]", path(name) + " must hold strings only");
            return std::nullopt;
        }
        out.push_back((*v)[i].get<std::string>());
    }
    return out;
}

std::optional<std::vector<std::int64_t>> field_reader::integer_list(const char* name, bool required)
{
    const json* v = array(name, required);
    if (!v)
        return std::nullopt;
    std::vector<std::int64_t> out;
    for (std::size_t i = 0; i < v->size(); ++i) {
        const auto& e = (*v)[i];
        if (!(e.is_number_integer() && (e.is_number_unsigned() ? e.get<std::uint64_t>() <= INT64_MAX : true))) {
            refuse(path(name) + "[" + std::to_string(i) + "]", path(name) + " must hold whole numbers (idea ids)");
            return std::nullopt;
        }
        out.push_back(e.get<std::int64_t>());
    }
    return out;
}

} // namespace cabildo::api
