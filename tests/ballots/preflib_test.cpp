#include "ballots/preflib.hpp"

#include "tests/support/test_data.hpp"

#include <boost/test/unit_test.hpp>

#include <sstream>
#include <string>

using namespace cabildo::ballots;

namespace {

const std::string head = "# FILE NAME: tiny.toi\n"       // 1
                         "# TITLE: Tiny\n"               // 2
                         "# NUMBER ALTERNATIVES: 4\n"    // 3
                         "# NUMBER VOTERS: 6\n"          // 4
                         "# NUMBER UNIQUE ORDERS: 3\n"   // 5
                         "# ALTERNATIVE NAME 1: Ana\n"   // 6
                         "# ALTERNATIVE NAME 2: Beto\n"  // 7
                         "# ALTERNATIVE NAME 3: Carla\n" // 8
                         "# ALTERNATIVE NAME 4: Dora\n"; // 9

parse_error error_of(const std::string& text, preflib_kind kind)
{
    const auto r = parse_preflib(text, kind);
    BOOST_REQUIRE_MESSAGE(!r.ok(), "expected a parse error");
    return r.error();
}

} // namespace

BOOST_AUTO_TEST_SUITE(preflib)

BOOST_AUTO_TEST_CASE(extensions_name_the_kind)
{
    BOOST_TEST((preflib_kind_from_extension(".SOI") == preflib_kind::soi));
    BOOST_TEST((preflib_kind_from_extension("toc") == preflib_kind::toc));
    BOOST_TEST(!preflib_kind_from_extension(".pb").has_value());
}

BOOST_AUTO_TEST_CASE(ties_inside_a_ballot_become_shared_tiers)
{
    const auto r = parse_preflib(head + "3: 2,{1,4},3\n2: {3,1}\n1: 4\n", preflib_kind::toi);
    BOOST_REQUIRE(r.ok());
    BOOST_TEST(r->title == "Tiny");
    BOOST_TEST(r->alternatives == 4u);
    BOOST_TEST(r->name(3) == "Carla");
    BOOST_TEST(r->name(1) == "Ana");
    BOOST_TEST(r->ballots.size() == 3u);
    BOOST_TEST(r->ballots.total_weight() == 6);
    const ranked_ballot b = r->ballots[0];
    BOOST_TEST(b.weight == 3);
    BOOST_TEST(b.ideas[0] == 2);
    BOOST_TEST(b.tiers[1] == b.tiers[2]); // 1 and 4 tied
    BOOST_TEST(b.tiers[3] > b.tiers[2]);
    BOOST_TEST(r->candidates().size() == 4u);
    std::istringstream stream(head + "6: 1\n");
    std::string fixed = head + "6: 1\n";
    fixed.replace(fixed.find("UNIQUE ORDERS: 3"), 16, "UNIQUE ORDERS: 1");
    BOOST_TEST(parse_preflib(fixed, preflib_kind::soi).ok());
}

BOOST_AUTO_TEST_CASE(the_debian_2007_file_parses)
{
    const auto r =
        parse_preflib(cabildo::test::read_data("preflib/00002_-_debian__00002-00000005.soi"), preflib_kind::soi);
    BOOST_REQUIRE(r.ok());
    BOOST_TEST(r->alternatives == 9u);
    BOOST_TEST(r->ballots.total_weight() == 482);
    BOOST_TEST(r->ballots.size() == 430u);
    BOOST_TEST(r->name(4) == "Sam Hocevar");
    BOOST_TEST(r->name(9) == "None Of The Above");
}

BOOST_AUTO_TEST_CASE(malformed_files_name_the_line)
{
    // A tie in a strict-order file.
    BOOST_TEST(error_of(head + "3: 2,1\n2: {3,1}\n1: 4\n", preflib_kind::soi).line == 11u);
    // An incomplete order in a complete-order file.
    const auto incomplete = error_of(head + "3: 2,1,3,4\n2: 1,3\n1: 4,3,2,1\n", preflib_kind::soc);
    BOOST_TEST(incomplete.line == 11u);
    BOOST_TEST(incomplete.message.find("2 of 4") != std::string::npos);
    // Outside 1..n, twice in one order, bad count, bad syntax.
    BOOST_TEST(error_of(head + "3: 2,5\n", preflib_kind::soi).line == 10u);
    BOOST_TEST(error_of(head + "3: 2,1\n3: 2,2\n", preflib_kind::soi).line == 11u);
    BOOST_TEST(error_of(head + "x: 2,1\n", preflib_kind::soi).line == 10u);
    BOOST_TEST(error_of(head + "3: 2,{1,4\n", preflib_kind::toi).line == 10u);
    BOOST_TEST(error_of(head + "3: 2 1\n", preflib_kind::soi).line == 10u);
    BOOST_TEST(error_of(head + "3 2,1\n", preflib_kind::soi).line == 10u);
    // Header counts that disagree with the orders name the header line.
    BOOST_TEST(error_of(head + "3: 2,1\n2: 1\n", preflib_kind::soi).line == 4u);
    BOOST_TEST(error_of(head + "3: 2,1\n2: 1\n1: 3\n1: 4\n", preflib_kind::soi).line == 4u);
    std::string orders = head + "3: 2,1\n2: 1\n1: 3\n";
    orders.replace(orders.find("UNIQUE ORDERS: 3"), 16, "UNIQUE ORDERS: 2");
    BOOST_TEST(error_of(orders, preflib_kind::soi).line == 5u);
    // No alternatives header before the data.
    BOOST_TEST(error_of("# TITLE: x\n1: 1\n", preflib_kind::soi).line == 2u);
    BOOST_TEST(error_of("# NUMBER ALTERNATIVES: two\n", preflib_kind::soi).line == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
