#include "tests/api/openapi_validator.hpp"

#include <boost/test/unit_test.hpp>

using cabildo::test::openapi_document;
using json = nlohmann::json;

namespace {

// A document small enough to read at a glance: one path with a capture, one literal beside it.
openapi_document tiny()
{
    return openapi_document(json::parse(R"({
      "openapi": "3.1.0",
      "paths": {
        "/things/{id}": {"get": {"responses": {
          "200": {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
          "204": {"description": ""},
          "404": {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }}},
        "/things/new": {"get": {"responses": {"200": {"description": "", "content": {"text/html": {}}}}}}
      },
      "components": {"schemas": {
        "Thing": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer", "minimum": 1}}},
        "Error": {"type": "object", "required": ["error"]}
      }}
    })"));
}

// The pointer of the first violation, or "ok".
std::string where(const openapi_document& d, const json& value, const json& schema)
{
    const auto v = d.validate(value, schema);
    return v ? v->pointer : "ok";
}

} // namespace

BOOST_AUTO_TEST_SUITE(openapi_validator)

BOOST_AUTO_TEST_CASE(types_one_or_several_and_integers_written_as_decimals)
{
    const auto d = tiny();
    const auto schema = json::parse(R"({"type": ["integer", "null"]})");
    BOOST_TEST(where(d, 3, schema) == "ok");
    BOOST_TEST(where(d, nullptr, schema) == "ok");
    BOOST_TEST(where(d, 3.0, schema) == "ok"); // JSON Schema counts 3.0 as an integer
    BOOST_TEST(where(d, 3.5, schema) == "");
    BOOST_TEST(where(d, "3", schema) == "");
}

BOOST_AUTO_TEST_CASE(a_violation_names_its_json_pointer)
{
    const auto d = tiny();
    const auto schema = json::parse(R"({"type": "object", "properties": {
        "a/b": {"type": "array", "items": {"type": "object", "required": ["c"]}}}})");
    BOOST_TEST(where(d, json::parse(R"({"a/b": [{"c": 1}, {"c": 2}, {}]})"), schema) == "/a~1b/2");
    BOOST_TEST(d.validate(json::parse(R"({"a/b": [{}]})"), schema)->message.find("\"c\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(enum_const_and_references_into_the_document)
{
    const auto d = tiny();
    BOOST_TEST(where(d, "b", json::parse(R"({"enum": ["a", "b"]})")) == "ok");
    BOOST_TEST(where(d, "c", json::parse(R"({"enum": ["a", "b"]})")) == "");
    BOOST_TEST(where(d, true, json::parse(R"({"const": true})")) == "ok");
    BOOST_TEST(where(d, false, json::parse(R"({"const": true})")) == "");
    BOOST_TEST(where(d, json{{"id", 0}}, json{{"$ref", "#/components/schemas/Thing"}}) == "/id");
    BOOST_TEST(where(d, json{{"id", 1}}, json{{"$ref", "#/components/schemas/Missing"}}) == "");
}

BOOST_AUTO_TEST_CASE(one_of_takes_exactly_one_any_of_at_least_one_all_of_every_one)
{
    const auto d = tiny();
    const auto one = json::parse(R"({"oneOf": [{"type": "integer"}, {"type": "number"}]})");
    BOOST_TEST(where(d, 1.5, one) == "ok");
    BOOST_TEST(where(d, 1, one) == ""); // both match
    const auto any = json::parse(R"({"anyOf": [{"type": "integer"}, {"type": "number"}]})");
    BOOST_TEST(where(d, 1, any) == "ok");
    BOOST_TEST(where(d, "1", any) == "");
    const auto all = json::parse(R"({"allOf": [{"minimum": 1}, {"maximum": 3}]})");
    BOOST_TEST(where(d, 2, all) == "ok");
    BOOST_TEST(where(d, 4, all) == "");
}

BOOST_AUTO_TEST_CASE(lengths_count_characters_not_bytes)
{
    const auto d = tiny();
    const auto schema = json::parse(R"({"type": "string", "minLength": 2, "maxLength": 2})");
    BOOST_TEST(where(d, "ñu", schema) == "ok"); // three bytes, two characters
    BOOST_TEST(where(d, "ñ", schema) == "");
    BOOST_TEST(where(d, "ñuu", schema) == "");
}

BOOST_AUTO_TEST_CASE(additional_properties_apply_to_members_not_named)
{
    const auto d = tiny();
    const auto open =
        json::parse(R"({"properties": {"a": {"type": "string"}}, "additionalProperties": {"type": "integer"}})");
    BOOST_TEST(where(d, json{{"a", "x"}, {"b", 1}}, open) == "ok");
    BOOST_TEST(where(d, json{{"a", "x"}, {"b", "y"}}, open) == "/b");
    const auto closed = json::parse(R"({"properties": {"a": {}}, "additionalProperties": false})");
    BOOST_TEST(where(d, json{{"b", 1}}, closed) == "/b");
}

BOOST_AUTO_TEST_CASE(patterns_items_and_date_times)
{
    const auto d = openapi_document(json::parse(R"({"paths": {}, "s": {"pattern": "^[a-z]+$"}})"));
    BOOST_TEST(where(d, "abc", json::parse(R"({"pattern": "^[a-z]+$"})")) == "ok");
    BOOST_TEST(where(d, "ab1", json::parse(R"({"pattern": "^[a-z]+$"})")) == "");
    BOOST_TEST(where(d, json{1, 1}, json::parse(R"({"uniqueItems": true})")) == "");
    BOOST_TEST(where(d, json::array(), json::parse(R"({"minItems": 1})")) == "");
    const auto time = json::parse(R"({"type": "string", "format": "date-time"})");
    BOOST_TEST(where(d, "2020-10-01T06:00:00Z", time) == "ok");
    BOOST_TEST(where(d, "2020-10-01T06:00:00.25-07:00", time) == "ok");
    BOOST_TEST(where(d, "2020-10-01 06:00", time) == "");
}

BOOST_AUTO_TEST_CASE(replies_are_matched_to_their_operation_and_status)
{
    const auto d = tiny();
    BOOST_TEST(d.path_template("/things/7").value_or("") == "/things/{id}");
    BOOST_TEST(d.path_template("/things/new").value_or("") == "/things/new"); // the literal wins
    BOOST_TEST(!d.path_template("/things/7/parts"));
    BOOST_TEST(!d.check_reply("GET", "/things/7", 200, "application/json; charset=utf-8", R"({"id": 7})"));
    BOOST_TEST(d.check_reply("GET", "/things/7", 200, "application/json", R"({"id": 0})")->find("/id") !=
               std::string::npos);
    BOOST_TEST(!d.check_reply("GET", "/things/7", 204, "", ""));
    BOOST_TEST(d.check_reply("GET", "/things/7", 204, "", "x").has_value()); // no body documented
    BOOST_TEST(d.check_reply("GET", "/things/7", 409, "application/json", "{}").has_value());
    BOOST_TEST(d.check_reply("GET", "/things/7", 200, "text/html", "<p>").has_value());
    BOOST_TEST(!d.check_reply("GET", "/things/new", 200, "text/html; charset=utf-8", "<p>"));
    // Routes the document lacks keep the contract only with an error.
    BOOST_TEST(!d.check_reply("DELETE", "/things/7", 405, "application/json", R"({"error": {}})"));
    BOOST_TEST(d.check_reply("DELETE", "/things/7", 200, "application/json", "{}").has_value());
    BOOST_TEST(d.check_reply("GET", "/elsewhere", 404, "application/json", "[]").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
