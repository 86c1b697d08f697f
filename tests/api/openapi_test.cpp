// GET /api/v1/openapi.json: the document the server publishes is the one in the source tree, it
// documents every route of the router's table (and nothing the table lacks), and it is well
// formed. That every answer keeps it is checked by every API test (server_process.cpp).

#include "api/errors.hpp"
#include "api/router.hpp"
#include "tests/api/openapi_validator.hpp"
#include "tests/api/server_process.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

using namespace cabildo::test;

namespace {

const std::set<std::string> http_methods{"get", "put", "post", "delete", "options", "head", "patch", "trace"};

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

json served_document(const server_process& server)
{
    const auto r = server.get("/api/v1/openapi.json");
    BOOST_REQUIRE_EQUAL(r.status, 200);
    return r.json_body();
}

// Every operation of the document: (path, method, operation).
void for_each_operation(const json& doc,
                        const std::function<void(const std::string&, const std::string&, const json&)>& f)
{
    for (const auto& [path, item] : doc.at("paths").items())
        for (const auto& [method, op] : item.items())
            if (http_methods.count(method))
                f(path, method, op);
}

// The template's "{name}" segments.
std::vector<std::string> path_parameters(const std::string& path)
{
    std::vector<std::string> out;
    static const std::regex capture(R"(\{([^}/]+)\})");
    for (std::sregex_iterator it(path.begin(), path.end(), capture), end; it != end; ++it)
        out.push_back((*it)[1]);
    return out;
}

void each_ref(const json& node, const std::function<void(const std::string&)>& f)
{
    if (node.is_object()) {
        if (const auto it = node.find("$ref"); it != node.end() && it->is_string())
            f(it->get<std::string>());
        for (const auto& [key, child] : node.items())
            each_ref(child, f);
    } else if (node.is_array()) {
        for (const auto& child : node)
            each_ref(child, f);
    }
}

// A schema's keywords, and those of the schemas inside it, are all ones the validator knows.
void check_keywords(const json& schema, const std::string& where)
{
    if (!schema.is_object())
        return;
    for (const auto& [key, value] : schema.items()) {
        if (!known_schema_keyword(key))
            BOOST_ERROR(where << " uses \"" << key << "\", a keyword the tests' validator does not know");
        if (key == "properties")
            for (const auto& [name, sub] : value.items())
                check_keywords(sub, where + "/properties/" + name);
        else if (key == "items" || key == "additionalProperties")
            check_keywords(value, where + "/" + key);
        else if (key == "allOf" || key == "anyOf" || key == "oneOf")
            for (std::size_t i = 0; i < value.size(); ++i)
                check_keywords(value[i], where + "/" + key + "/" + std::to_string(i));
    }
}

// Each error code the server sends with its statuses, from api/errors.cpp's one table (a code
// may have two: limit_reached is 403 for a token's allowance, 409 for a full challenge).
std::map<std::string, std::set<int>> server_error_codes()
{
    using cabildo::api::transport_errc;
    using cabildo::engine::errc;
    std::map<std::string, std::set<int>> out;
    for (int i = 1; i <= static_cast<int>(errc::internal); ++i) {
        const auto code = static_cast<errc>(i);
        out[std::string(cabildo::engine::code_name(code))].insert(static_cast<int>(cabildo::api::status_of(code)));
    }
    for (int i = 0; i <= static_cast<int>(transport_errc::method_not_allowed); ++i) {
        const auto code = static_cast<transport_errc>(i);
        out[std::string(cabildo::api::code_name(code))].insert(static_cast<int>(cabildo::api::status_of(code)));
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(openapi)

BOOST_AUTO_TEST_CASE(the_server_serves_the_document_of_the_source_tree)
{
    server_process server;
    const auto r = server.get("/api/v1/openapi.json");
    BOOST_REQUIRE_EQUAL(r.status, 200);
    BOOST_TEST(r.headers.at("content-type").starts_with("application/json"));
    BOOST_TEST(r.headers.at("cache-control") == "no-cache");
    // Built into the binary: a stale build would serve an older document than the tree's.
    BOOST_TEST(r.json_body() == source_contract().document(), "the served document differs from api/openapi.json");
    const auto again = server.request("GET", "/api/v1/openapi.json", {}, {}, {{"If-None-Match", r.headers.at("etag")}});
    BOOST_TEST(again.status == 304);
    BOOST_TEST(again.body.empty());
}

BOOST_AUTO_TEST_CASE(every_route_of_the_table_is_documented_with_its_access)
{
    server_process server;
    const auto doc = served_document(server);
    const auto& paths = doc.at("paths");
    // The table's `anyone` routes are public, or take a participant's token in the body.
    const std::map<std::string, std::set<std::string>> access_of{
        {"anyone", {"public", "token"}}, {"admin", {"admin"}}, {"organiser", {"organiser"}}, {"issuer", {"issuer"}},
        {"tracker", {"tracker"}},        {"keyed", {"keyed"}}, {"officer", {"officer"}}};
    for (const auto& r : cabildo::api::route_templates()) {
        const auto method = lower(r.method);
        if (!paths.contains(r.path) || !paths[r.path].contains(method)) {
            BOOST_ERROR("the route table's " << r.method << " " << r.path << " is missing from api/openapi.json");
            continue;
        }
        const auto access = paths[r.path][method].value("x-cabildo-access", "");
        BOOST_TEST(access_of.at(r.access).count(access), r.method << " " << r.path << " is " << r.access
                                                                  << " in the table, \"" << access
                                                                  << "\" in the document");
    }
}

BOOST_AUTO_TEST_CASE(every_documented_operation_is_in_the_table)
{
    server_process server;
    const auto doc = served_document(server);
    std::set<std::pair<std::string, std::string>> routed;
    for (const auto& r : cabildo::api::route_templates())
        routed.emplace(r.path, lower(r.method));
    for_each_operation(doc, [&](const std::string& path, const std::string& method, const json& op) {
        if (op.value("x-cabildo-test-only", false))
            return; // POST /test/clock: routed only with --test-clock
        if (!routed.count({path, method}))
            BOOST_ERROR("api/openapi.json documents " << method << " " << path << ", which the route table lacks");
    });
}

BOOST_AUTO_TEST_CASE(the_test_clock_is_documented_as_test_only)
{
    const auto& doc = source_contract().document();
    BOOST_REQUIRE(doc["paths"].contains("/test/clock"));
    BOOST_TEST(doc["paths"]["/test/clock"]["post"].value("x-cabildo-test-only", false));
    BOOST_TEST(doc["paths"]["/test/clock"]["post"].value("x-cabildo-access", "") == "admin");
}

BOOST_AUTO_TEST_CASE(the_document_is_openapi_3_1_and_every_ref_resolves)
{
    const auto& contract = source_contract();
    const auto& doc = contract.document();
    BOOST_TEST(std::regex_match(doc.value("openapi", ""), std::regex(R"(3\.1\.\d+)")));
    BOOST_TEST(!doc.at("info").value("title", "").empty());
    BOOST_TEST(!doc.at("info").value("version", "").empty());
    BOOST_TEST(doc.at("servers").at(0).value("url", "") == "/api/v1");
    BOOST_TEST(doc.at("components").at("securitySchemes").at("bearer").value("scheme", "") == "bearer");
    each_ref(doc, [&](const std::string& ref) {
        if (!contract.resolve(ref))
            BOOST_ERROR("$ref " << ref << " resolves to nothing");
    });
    for (const auto& [name, schema] : doc.at("components").at("schemas").items())
        check_keywords(schema, "#/components/schemas/" + name);
}

BOOST_AUTO_TEST_CASE(every_operation_has_its_answers_parameters_and_access)
{
    const auto& contract = source_contract();
    std::set<std::string> ids;
    for_each_operation(contract.document(), [&](const std::string& path, const std::string& method, const json& op) {
        const auto name = method + " " + path;
        BOOST_TEST(!op.value("summary", "").empty(), name << " has no summary");
        BOOST_TEST(!op.value("description", "").empty(), name << " has no description");
        BOOST_TEST(ids.insert(op.value("operationId", "")).second, name << " repeats an operationId or has none");
        const auto access = op.value("x-cabildo-access", "");
        BOOST_TEST(
            (std::set<std::string>{"public", "token", "admin", "organiser", "issuer", "tracker", "keyed", "officer"}
                 .count(access)),
            name << " has no x-cabildo-access");
        // Routes that need a key say so to client generators; the others allow no credentials.
        const bool keyed = access != "public" && access != "token";
        BOOST_TEST((op.value("security", json::array()).dump() == R"([{"bearer":[]}])") == keyed,
                   name << "'s security does not match its access");
        BOOST_TEST(!op.value("responses", json::object()).empty(), name << " documents no answer");
        std::set<std::string> declared;
        for (const auto& p : op.value("parameters", json::array())) {
            const json* param = p.contains("$ref") ? contract.resolve(p["$ref"].get<std::string>()) : &p;
            if (param && param->value("in", "") == "path") {
                declared.insert(param->value("name", ""));
                BOOST_TEST(param->value("required", false), name << "'s path parameter is not required");
            }
        }
        const auto in_path = path_parameters(path);
        BOOST_TEST(declared == std::set<std::string>(in_path.begin(), in_path.end()),
                   name << " declares other path parameters than its template has");
    });
}

BOOST_AUTO_TEST_CASE(error_answers_take_exactly_the_codes_of_their_status)
{
    const auto& contract = source_contract();
    const auto& doc = contract.document();
    const auto& documented = doc.at("components").at("schemas").at("ErrorCode").at("enum");
    const auto codes = server_error_codes();
    for (const auto& [code, statuses] : codes)
        BOOST_TEST((std::find(documented.begin(), documented.end(), code) != documented.end()),
                   "ErrorCode lacks " << code);
    for (const auto& code : documented)
        BOOST_TEST(codes.count(code.get<std::string>()),
                   "ErrorCode lists " << code << ", which the server never sends");
    // Each error answer an operation documents accepts the codes of its status and no other.
    for_each_operation(doc, [&](const std::string& path, const std::string& method, const json& op) {
        for (const auto& [status, answer] : op.at("responses").items()) {
            const int number = std::stoi(status);
            if (number < 400)
                continue;
            for (const auto& [code, statuses] : codes) {
                const json body{{"error", {{"code", code}, {"message", "m"}}}};
                const bool taken = !contract.check_reply(method, path, number, "application/json", body.dump());
                BOOST_TEST(taken == (statuses.count(number) > 0),
                           method << " " << path << " " << status << (taken ? " takes " : " refuses ") << code);
            }
        }
    });
}

BOOST_AUTO_TEST_SUITE_END()
