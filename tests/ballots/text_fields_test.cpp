#include "ballots/text_fields.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace cabildo::ballots;

BOOST_AUTO_TEST_SUITE(text_fields_suite)

BOOST_AUTO_TEST_CASE(lines_end_at_any_newline_and_a_bom_is_skipped)
{
    text::line_reader lines("\xEF\xBB\xBF"
                            "a\r\nb\rc\n\nd");
    std::vector<std::string> seen;
    std::string_view line;
    while (lines.next(line))
        seen.emplace_back(line);
    BOOST_TEST((seen == std::vector<std::string>{"a", "b", "c", "", "d"}));
    BOOST_TEST(lines.number() == 5u);
}

BOOST_AUTO_TEST_CASE(fields_split_trim_and_unquote)
{
    std::vector<std::string_view> fields;
    std::vector<std::string> storage;
    BOOST_TEST(text::split(" a ; b;;c ", ';', fields, storage));
    BOOST_TEST(fields.size() == 4u);
    BOOST_TEST(fields[0] == "a");
    BOOST_TEST(fields[2].empty());
    BOOST_TEST(text::split("1;\"x; \"\"y\"\"\";2", ';', fields, storage));
    BOOST_REQUIRE_EQUAL(fields.size(), 3u);
    BOOST_TEST(fields[1] == "x; \"y\"");
    BOOST_TEST(fields[2] == "2");
    BOOST_TEST(!text::split("1;\"open", ';', fields, storage));
}

BOOST_AUTO_TEST_CASE(decimals_parse_exactly)
{
    text::decimal d;
    BOOST_TEST(text::parse_decimal("1234", d));
    BOOST_TEST(d.mantissa == 1234);
    BOOST_TEST(d.decimals == 0);
    BOOST_TEST(text::parse_decimal("12.50", d));
    BOOST_TEST(d.mantissa == 125);
    BOOST_TEST(d.decimals == 1);
    BOOST_TEST(!text::parse_decimal("12,5", d));
    BOOST_TEST(!text::parse_decimal("-3", d));
    BOOST_TEST(!text::parse_decimal(".5", d));
    BOOST_TEST(!text::parse_decimal("99999999999999999999", d));
    std::int64_t v = 0;
    BOOST_TEST(text::parse_int(" -42 ", v));
    BOOST_TEST(v == -42);
    BOOST_TEST(!text::parse_int("4x", v));
    BOOST_TEST(!text::parse_int("", v));
}

BOOST_AUTO_TEST_SUITE_END()
