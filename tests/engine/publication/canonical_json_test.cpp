// RFC 8785 JSON Canonicalization (engine/publication/canonical_json.*): members sorted by UTF-16
// code units (RFC 8785 section 3.2.3's own example), no white space, JSON.stringify's escapes,
// and what has no canonical form here refused.
#include "engine/publication/canonical_json.hpp"

#include <boost/test/unit_test.hpp>

#include <bit>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

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

// RFC 8785 appendix B: IEEE 754 doubles (by their bits) and the text ECMAScript writes for them.
BOOST_AUTO_TEST_CASE(numbers_are_written_as_ecmascript_writes_them)
{
    const std::vector<std::pair<std::uint64_t, std::string>> cases{
        {0x0000000000000000, "0"},
        {0x8000000000000000, "0"},
        {0x0000000000000001, "5e-324"},
        {0x8000000000000001, "-5e-324"},
        {0x7fefffffffffffff, "1.7976931348623157e+308"},
        {0xffefffffffffffff, "-1.7976931348623157e+308"},
        {0x4340000000000000, "9007199254740992"},
        {0xc340000000000000, "-9007199254740992"},
        {0x4430000000000000, "295147905179352830000"},
        {0x44b52d02c7e14af5, "9.999999999999997e+22"},
        {0x44b52d02c7e14af6, "1e+23"},
        {0x44b52d02c7e14af7, "1.0000000000000001e+23"},
        {0x444b1ae4d6e2ef4e, "999999999999999700000"},
        {0x444b1ae4d6e2ef4f, "999999999999999900000"},
        {0x444b1ae4d6e2ef50, "1e+21"},
        {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
        {0x3eb0c6f7a0b5ed8d, "0.000001"},
        {0x41b3de4355555553, "333333333.3333332"},
        {0x41b3de4355555554, "333333333.33333325"},
        {0x41b3de4355555555, "333333333.3333333"},
        {0x41b3de4355555556, "333333333.3333334"},
        {0x41b3de4355555557, "333333333.33333343"},
        {0xbecbf647612f3696, "-0.0000033333333333333333"},
        {0x43143ff3c1cb0959, "1424953923781206.2"},
    };
    for (const auto& [bits, text] : cases) {
        BOOST_TEST(canonical_json(json(std::bit_cast<double>(bits))) == text, text);
        // Read again (nlohmann reads whole digits below 2^64 as an integer), written the same.
        BOOST_TEST(canonical_json(json::parse(text)) == text, text);
    }
    BOOST_TEST(canonical_json(json{{"votes", 0.5}}) == R"({"votes":0.5})");
}

// Found by the board_entry fuzz target: a float between 2^53 and 2^64 is written in whole digits,
// which nlohmann reads again as an integer; that integer was refused, so what canonical_json wrote
// could not be written again. Such digits are now kept when they are the double's own text.
BOOST_AUTO_TEST_CASE(a_large_float_written_and_read_again_is_written_the_same)
{
    for (const char* source : {"-7723662366400023664.0000", "6666666666666666666.666666666666662", "9007199254740992.0",
                               "1152921504606846976.0", "18446744073709549568.0"}) {
        const auto once = canonical_json(json::parse(source));
        BOOST_TEST(canonical_json(json::parse(once)) == once, source << " -> " << once);
    }
    BOOST_TEST(canonical_json(json::parse("-7723662366400023664.0")) == "-7723662366400024000");
    BOOST_TEST(canonical_json(json(9007199254740992LL)) == "9007199254740992");
    BOOST_TEST(canonical_json(json(-9007199254740992LL)) == "-9007199254740992");
    BOOST_TEST(canonical_json(json(1152921504606847000LL)) == "1152921504606847000");
}

BOOST_AUTO_TEST_CASE(what_has_no_canonical_form_here_is_refused)
{
    BOOST_CHECK_THROW(canonical_json(json(std::numeric_limits<double>::quiet_NaN())), std::invalid_argument);
    BOOST_CHECK_THROW(canonical_json(json(std::numeric_limits<double>::infinity())), std::invalid_argument);
    // Past 2^53 - 1, a whole number that JavaScript would read as another double.
    BOOST_CHECK_THROW(canonical_json(json(9007199254740993LL)), std::invalid_argument);
    BOOST_CHECK_THROW(canonical_json(json(-9007199254740993LL)), std::invalid_argument);
    BOOST_CHECK_THROW(canonical_json(json(1152921504606846976LL)), std::invalid_argument); // 2^60 in full
    BOOST_CHECK_THROW(canonical_json(json(std::uint64_t{18446744073709551615ULL})), std::invalid_argument);
    BOOST_CHECK_THROW(canonical_json(json(std::string("\xff"))), json::type_error); // not UTF-8
}

BOOST_AUTO_TEST_SUITE_END()
