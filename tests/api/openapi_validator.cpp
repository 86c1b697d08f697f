#include "tests/api/openapi_validator.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <stdexcept>

#ifndef CABILDO_OPENAPI
#error "CABILDO_OPENAPI must name api/openapi.json"
#endif

namespace cabildo::test {

using json = nlohmann::json;

namespace {

constexpr std::array<std::string_view, 21> checked_keywords{
    "type",     "properties", "required",    "additionalProperties",
    "items",    "enum",       "const",       "$ref",
    "allOf",    "anyOf",      "oneOf",       "minimum",
    "maximum",  "minLength",  "maxLength",   "pattern",
    "minItems", "maxItems",   "uniqueItems", "maxProperties",
    "format"};
constexpr std::array<std::string_view, 7> annotation_keywords{"description", "default",  "title",    "examples",
                                                              "deprecated",  "readOnly", "writeOnly"};

// A reference token of a JSON pointer (RFC 6901 section 4).
std::string pointer_token(std::string_view key)
{
    std::string out;
    for (const char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

std::size_t code_points(const std::string& s)
{
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool is_integer(const json& v)
{
    if (v.is_number_integer())
        return true;
    return v.is_number_float() && std::isfinite(v.get<double>()) && std::floor(v.get<double>()) == v.get<double>();
}

std::string type_of(const json& v)
{
    if (v.is_number())
        return is_integer(v) ? "integer" : "number";
    return v.type_name();
}

// RFC 3339 section 5.6, which is what the format means in JSON Schema.
bool is_date_time(const std::string& s)
{
    static const std::regex rfc3339(R"(^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$)");
    return std::regex_match(s, rfc3339);
}

std::vector<std::string> segments_of(std::string_view path)
{
    std::vector<std::string> out;
    while (!path.empty()) {
        if (path.front() == '/')
            path.remove_prefix(1);
        const auto slash = path.find('/');
        out.emplace_back(path.substr(0, slash));
        if (slash == std::string_view::npos)
            break;
        path.remove_prefix(slash);
    }
    return out;
}

void collect_patterns(const json& node, std::map<std::string, std::regex>& out)
{
    if (node.is_object()) {
        if (const auto it = node.find("pattern"); it != node.end() && it->is_string())
            out.emplace(it->get<std::string>(), std::regex(it->get<std::string>(), std::regex::ECMAScript));
        for (const auto& [key, child] : node.items())
            collect_patterns(child, out);
    } else if (node.is_array()) {
        for (const auto& child : node)
            collect_patterns(child, out);
    }
}

std::string keys_of(const json& object)
{
    std::string out;
    for (const auto& [key, value] : object.items())
        out += (out.empty() ? "" : ", ") + key;
    return out;
}

} // namespace

bool known_schema_keyword(std::string_view keyword)
{
    return std::find(checked_keywords.begin(), checked_keywords.end(), keyword) != checked_keywords.end() ||
           std::find(annotation_keywords.begin(), annotation_keywords.end(), keyword) != annotation_keywords.end();
}

openapi_document::openapi_document(json doc) : doc_(std::move(doc)) { collect_patterns(doc_, patterns_); }

const json* openapi_document::resolve(std::string_view ref) const
{
    if (!ref.starts_with("#"))
        return nullptr;
    try {
        const json::json_pointer pointer{std::string(ref.substr(1))};
        return doc_.contains(pointer) ? &doc_.at(pointer) : nullptr;
    } catch (const json::exception&) {
        return nullptr;
    }
}

std::optional<std::string> openapi_document::path_template(std::string_view path) const
{
    const auto segments = segments_of(path);
    std::optional<std::string> best;
    std::size_t best_literals = 0;
    for (const auto& [name, item] : doc_.at("paths").items()) {
        const auto pattern = segments_of(name);
        if (pattern.size() != segments.size())
            continue;
        std::size_t literals = 0;
        bool match = true;
        for (std::size_t i = 0; match && i < pattern.size(); ++i) {
            const bool capture = pattern[i].size() > 2 && pattern[i].front() == '{' && pattern[i].back() == '}';
            match = capture ? !segments[i].empty() : pattern[i] == segments[i];
            literals += capture ? 0 : 1;
        }
        if (match && (!best || literals > best_literals)) {
            best = name;
            best_literals = literals;
        }
    }
    return best;
}

std::optional<schema_violation> openapi_document::validate(const json& value, const json& schema) const
{
    std::string pointer;
    std::optional<schema_violation> out;
    validate_at(value, schema, pointer, out);
    return out;
}

void openapi_document::validate_at(const json& value, const json& schema, std::string& pointer,
                                   std::optional<schema_violation>& out) const
{
    const auto refuse = [&](std::string message) { out = schema_violation{pointer, std::move(message)}; };
    if (out)
        return;
    if (schema.is_boolean()) {
        if (!schema.get<bool>())
            refuse("no value is allowed here");
        return;
    }
    if (!schema.is_object())
        return refuse("the schema is not an object: " + schema.dump());
    if (const auto ref = schema.find("$ref"); ref != schema.end()) {
        const json* target = ref->is_string() ? resolve(ref->get<std::string>()) : nullptr;
        if (!target)
            return refuse("the schema's $ref " + ref->dump() + " resolves to nothing");
        validate_at(value, *target, pointer, out);
        if (out)
            return;
    }
    if (const auto type = schema.find("type"); type != schema.end() && !check_type(value, *type))
        return refuse("is " + type_of(value) + ", the contract says " + type->dump());
    if (const auto c = schema.find("const"); c != schema.end() && value != *c)
        return refuse(value.dump() + " is not the constant " + c->dump());
    if (const auto e = schema.find("enum"); e != schema.end() && std::find(e->begin(), e->end(), value) == e->end())
        return refuse(value.dump() + " is not one of " + e->dump());
    check_scalar(value, schema, pointer, out);
    check_object(value, schema, pointer, out);
    check_array(value, schema, pointer, out);
    check_combinators(value, schema, pointer, out);
}

bool openapi_document::check_type(const json& value, const json& type) const
{
    if (type.is_array())
        return std::any_of(type.begin(), type.end(), [&](const json& t) { return check_type(value, t); });
    const auto name = type.get<std::string>();
    if (name == "integer")
        return is_integer(value);
    if (name == "number")
        return value.is_number();
    return name == value.type_name();
}

void openapi_document::check_scalar(const json& value, const json& schema, const std::string& pointer,
                                    std::optional<schema_violation>& out) const
{
    const auto refuse = [&](std::string message) { out = schema_violation{pointer, std::move(message)}; };
    if (out)
        return;
    if (value.is_number()) {
        const double v = value.get<double>();
        if (schema.contains("minimum") && v < schema["minimum"].get<double>())
            return refuse(value.dump() + " is below the minimum " + schema["minimum"].dump());
        if (schema.contains("maximum") && v > schema["maximum"].get<double>())
            return refuse(value.dump() + " is above the maximum " + schema["maximum"].dump());
    }
    if (!value.is_string())
        return;
    const auto& s = value.get_ref<const std::string&>();
    if (schema.contains("minLength") && code_points(s) < schema["minLength"].get<std::size_t>())
        return refuse(value.dump() + " is shorter than " + schema["minLength"].dump() + " characters");
    if (schema.contains("maxLength") && code_points(s) > schema["maxLength"].get<std::size_t>())
        return refuse(value.dump() + " is longer than " + schema["maxLength"].dump() + " characters");
    if (const auto p = schema.find("pattern"); p != schema.end() && p->is_string()) {
        const auto it = patterns_.find(p->get<std::string>());
        if (it != patterns_.end() && !std::regex_search(s, it->second))
            return refuse(value.dump() + " does not match the pattern " + p->dump());
    }
    if (schema.value("format", "") == "date-time" && !is_date_time(s))
        return refuse(value.dump() + " is not an RFC 3339 date-time");
}

void openapi_document::check_object(const json& value, const json& schema, std::string& pointer,
                                    std::optional<schema_violation>& out) const
{
    if (out || !value.is_object())
        return;
    if (const auto required = schema.find("required"); required != schema.end())
        for (const auto& name : *required)
            if (!value.contains(name.get<std::string>()))
                return void(out = schema_violation{pointer, "lacks the required member " + name.dump()});
    if (schema.contains("maxProperties") && value.size() > schema["maxProperties"].get<std::size_t>())
        return void(out = schema_violation{pointer, "has more members than " + schema["maxProperties"].dump()});
    const auto properties = schema.find("properties");
    const auto additional = schema.find("additionalProperties");
    for (const auto& [key, member] : value.items()) {
        const auto size = pointer.size();
        pointer.append("/").append(pointer_token(key));
        const auto it = properties == schema.end() ? schema.end() : properties->find(key);
        if (properties != schema.end() && it != properties->end())
            validate_at(member, *it, pointer, out);
        else if (additional != schema.end())
            validate_at(member, *additional, pointer, out);
        pointer.resize(size);
        if (out)
            return;
    }
}

void openapi_document::check_array(const json& value, const json& schema, std::string& pointer,
                                   std::optional<schema_violation>& out) const
{
    if (out || !value.is_array())
        return;
    if (schema.contains("minItems") && value.size() < schema["minItems"].get<std::size_t>())
        return void(out = schema_violation{pointer, "has fewer items than " + schema["minItems"].dump()});
    if (schema.contains("maxItems") && value.size() > schema["maxItems"].get<std::size_t>())
        return void(out = schema_violation{pointer, "has more items than " + schema["maxItems"].dump()});
    if (schema.value("uniqueItems", false))
        for (std::size_t i = 0; i < value.size(); ++i)
            if (std::find(value.begin() + static_cast<std::ptrdiff_t>(i) + 1, value.end(), value[i]) != value.end())
                return void(out = schema_violation{pointer, value[i].dump() + " appears twice"});
    const auto items = schema.find("items");
    if (items == schema.end())
        return;
    for (std::size_t i = 0; i < value.size() && !out; ++i) {
        const auto size = pointer.size();
        pointer.append("/").append(std::to_string(i));
        validate_at(value[i], *items, pointer, out);
        pointer.resize(size);
    }
}

void openapi_document::check_combinators(const json& value, const json& schema, std::string& pointer,
                                         std::optional<schema_violation>& out) const
{
    if (out)
        return;
    if (const auto all = schema.find("allOf"); all != schema.end())
        for (const auto& s : *all)
            validate_at(value, s, pointer, out);
    if (out)
        return;
    for (const char* keyword : {"anyOf", "oneOf"}) {
        const auto branches = schema.find(keyword);
        if (branches == schema.end())
            continue;
        std::size_t matched = 0;
        std::optional<schema_violation> deepest; // the branch that got furthest explains best
        for (const auto& s : *branches) {
            std::optional<schema_violation> attempt;
            validate_at(value, s, pointer, attempt);
            if (!attempt)
                ++matched;
            else if (!deepest || attempt->pointer.size() > deepest->pointer.size())
                deepest = std::move(attempt);
        }
        if (matched == 0)
            out = schema_violation{deepest->pointer, "matches none of " + std::string(keyword) +
                                                         " (the closest: " + deepest->message + ")"};
        else if (matched > 1 && std::string_view(keyword) == "oneOf")
            out = schema_violation{pointer, "matches " + std::to_string(matched) + " schemas of oneOf, not one"};
        if (out)
            return;
    }
}

std::optional<std::string> openapi_document::check_reply(std::string_view method, std::string_view path, int status,
                                                         std::string_view content_type, const std::string& body) const
{
    std::string verb(method);
    std::transform(verb.begin(), verb.end(), verb.begin(), [](unsigned char c) { return std::tolower(c); });
    const auto tmpl = path_template(path);
    if (!tmpl || !doc_.at("paths").at(*tmpl).contains(verb)) {
        // Unknown endpoints and methods: only an error answer keeps the contract.
        if (status < 400)
            return "a " + std::to_string(status) + " on a route the document lacks";
        return check_body({{"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}},
                          content_type, body);
    }
    const auto& responses = doc_.at("paths").at(*tmpl).at(verb).at("responses");
    const auto it = responses.find(std::to_string(status));
    if (it == responses.end())
        return "status " + std::to_string(status) + " is not documented for " + verb + " " + *tmpl +
               " (documented: " + keys_of(responses) + ")";
    const json* answer = &*it;
    if (answer->contains("$ref"))
        answer = resolve(answer->at("$ref").get<std::string>());
    if (!answer)
        return "the response's $ref resolves to nothing";
    return check_body(*answer, content_type, body);
}

std::optional<std::string> openapi_document::check_body(const json& answer, std::string_view content_type,
                                                        const std::string& body) const
{
    const auto content = answer.find("content");
    if (content == answer.end())
        return body.empty() ? std::nullopt : std::optional<std::string>("a body where the document says none");
    std::string media(content_type.substr(0, content_type.find(';')));
    while (!media.empty() && media.back() == ' ')
        media.pop_back();
    std::transform(media.begin(), media.end(), media.begin(), [](unsigned char c) { return std::tolower(c); });
    const auto entry = content->find(media);
    if (entry == content->end())
        return "Content-Type \"" + media + "\" is not documented (documented: " + keys_of(*content) + ")";
    if (media != "application/json")
        return std::nullopt; // HTML sheets and election files: their type is the contract
    const auto value = json::parse(body, nullptr, false);
    if (value.is_discarded())
        return std::string("the body is not JSON");
    if (const auto bad = validate(value, entry->value("schema", json::object())))
        return "at \"" + bad->pointer + "\": " + bad->message;
    return std::nullopt;
}

const openapi_document& source_contract()
{
    static const openapi_document contract = [] {
        std::ifstream in(CABILDO_OPENAPI);
        if (!in)
            throw std::runtime_error("cannot read " CABILDO_OPENAPI);
        return openapi_document(json::parse(in));
    }();
    return contract;
}

} // namespace cabildo::test
