// RFC 8785 JSON Canonicalization (engine/publication/canonical_json.*): members sorted by UTF-16
// code units (RFC 8785 section 3.2.3's own example), no white space, JSON.stringify's escapes,
// and what has no canonical form here refused.
#include "engine/publication/canonical_json.hpp"

#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>

using cabildo::engine::canonical_json;
using nlohmann::json;

BOOST_AUTO_TEST_SUITE(canonical_json_scheme)

// RFC 8785 section 3.2.3: the names sort by UTF-16 code units, so the emoji (a surrogate pair,
// 0xD83D 0xDE00) comes before U+FB33, although its UTF-8 (F0 ...) sorts after (EF ...).
BOOST_AUTO_TEST_CASE(members_sort_by_utf16_code_units)
{
    const auto value = json::parse(R"({
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\ud83d\ude00": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis"
    })");
    const std::string expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xc2\x80\":\"Control\","
                                 "\"\xc3\xb6\":\"Latin Small Letter O With Diaeresis\",\"\xe2\x82\xac\":\"Euro Sign\","
                                 "\"\xf0\x9f\x98\x80\":\"Emoji: Grinning Face\","
                                 "\"\xef\xac\xb3\":\"Hebrew Letter Dalet With Dagesh\"}";
    BOOST_TEST(canonical_json(value) == expected);
}

BOOST_AUTO_TEST_CASE(no_white_space_nested_values_and_literals)
{
    const auto value =
        json::parse(R"( { "b" : [ 1 , -2 , { "z" : null , "a" : true } ] , "a" : false , "c" : [] , "d" : {} } )");
    BOOST_TEST(canonical_json(value) == R"({"a":false,"b":[1,-2,{"a":true,"z":null}],"c":[],"d":{}})");
    BOOST_TEST(canonical_json(json(9007199254740991LL)) == "9007199254740991");
    BOOST_TEST(canonical_json(json(-9007199254740991LL)) == "-9007199254740991");
    BOOST_TEST(canonical_json(json(0)) == "0");
}

BOOST_AUTO_TEST_CASE(strings_are_escaped_as_json_stringify_escapes_them)
{
    BOOST_TEST(canonical_json(json(std::string("a\"b\\c"))) == R"("a\"b\\c")");
    BOOST_TEST(canonical_json(json(std::string("\b\t\n\f\r"))) == R"("\b\t\n\f\r")");
    BOOST_TEST(canonical_json(json(std::string("\x01\x1f"))) == R"("\u0001\u001f")");
    BOOST_TEST(canonical_json(json(std::string("/\x7f\xe2\x82\xac"))) == "\"/\x7f\xe2\x82\xac\""); // as they are
}

BOOST_AUTO_TEST_CASE(a_canonical_form_read_again_comes_out_the_same)
{
    const auto value =
        json::parse(R"({"seq":3,"type":"ballot","choices":[7,2],"note":"caf\u00e9\n","x":{"b":1,"a":2}})");
    const auto once = canonical_json(value);
    BOOST_TEST(canonical_json(json::parse(once)) == once);
}

BOOST_AUTO_TEST_CASE(what_has_no_canonical_form_here_is_refused)
{
    BOOST_CHECK_THROW(canonical_json(json(0.5)), std::invalid_argument);
    BOOST_CHECK_THROW(canonical_json(json{{"cost", 1.0}}), std::invalid_argument);
    BOOST_CHECK_THROW(canonical_json(json(9007199254740992LL)), std::invalid_argument);
    BOOST_CHECK_THROW(canonical_json(json(-9007199254740992LL)), std::invalid_argument);
    BOOST_CHECK_THROW(canonical_json(json(std::uint64_t{18446744073709551615ULL})), std::invalid_argument);
    BOOST_CHECK_THROW(canonical_json(json(std::string("\xff"))), json::type_error); // not UTF-8
}

BOOST_AUTO_TEST_SUITE_END()
