#include "engine/identity/short_code.hpp"

#include <boost/test/unit_test.hpp>

#include <set>

using namespace cabildo::engine;

BOOST_AUTO_TEST_SUITE(short_code)

BOOST_AUTO_TEST_CASE(codes_are_read_as_people_write_them)
{
    BOOST_TEST(canonical_code("ABCD-2345", relay_code_length).value() == "ABCD2345");
    BOOST_TEST(canonical_code("abcd 2345", relay_code_length).value() == "ABCD2345");
    BOOST_TEST(canonical_code("ab1o-i2l5", relay_code_length).value() == "AB101215");
    BOOST_TEST(!canonical_code("ABCD-234", relay_code_length));
    BOOST_TEST(!canonical_code("ABCD-23456", relay_code_length));
    BOOST_TEST(!canonical_code("ABCU-2345", relay_code_length)); // U is not in Crockford's alphabet
    BOOST_TEST(!canonical_code("ABCD/2345", relay_code_length));
    BOOST_TEST(!canonical_code("", relay_code_length));
    BOOST_TEST(canonical_code("wxyz-0123-4567", card_code_length).value() == "WXYZ01234567");
    BOOST_TEST(!canonical_code("WXYZ-0123-4567", relay_code_length));
}

BOOST_AUTO_TEST_CASE(codes_are_grouped_by_four)
{
    BOOST_TEST(display_code("ABCD2345") == "ABCD-2345");
    BOOST_TEST(display_code("ABCD2345EFGH") == "ABCD-2345-EFGH");
}

BOOST_AUTO_TEST_CASE(a_code_takes_five_bits_a_character_from_its_bytes)
{
    // 0xFF.. : every 5-bit group is 31, "Z"; 0x00..: "0".
    BOOST_TEST(short_code_of(std::string(8, '\xff'), card_code_length) == "ZZZZZZZZZZZZ");
    BOOST_TEST(short_code_of(std::string(8, '\0'), card_code_length) == "000000000000");
    // 0x08 0x42 ... = 00001 00001 00001 ...: each group is 1.
    BOOST_TEST(short_code_of(std::string("\x08\x42\x10\x84\x21\x08\x42\x10", 8), card_code_length) == "111111111111");
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i)
        seen.insert(new_short_code(card_code_length));
    BOOST_TEST(seen.size() == 1000u);
    for (const auto& code : seen)
        BOOST_TEST(canonical_code(code, card_code_length).value() == code);
}

BOOST_AUTO_TEST_SUITE_END()
