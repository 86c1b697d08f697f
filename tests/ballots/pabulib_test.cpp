#include "ballots/pabulib.hpp"

#include "tests/support/test_data.hpp"

#include <boost/test/unit_test.hpp>

#include <sstream>
#include <string>
#include <vector>

using namespace cabildo::ballots;

namespace {

const std::string header = "META\n"                     // 1
                           "key;value\n"                // 2
                           "num_projects;3\n"           // 3
                           "num_votes;3\n"              // 4
                           "budget;100\n"               // 5
                           "vote_type;approval\n"       // 6
                           "rule;greedy\n"              // 7
                           "PROJECTS\n"                 // 8
                           "project_id;cost;name\n"     // 9
                           "a1;50;First\n"              // 10
                           "b2;30;\"Second; quoted\"\n" // 11
                           "c3;40;Third\n"              // 12
                           "VOTES\n"                    // 13
                           "voter_id;vote\n";           // 14

const std::string good = header + "v1;a1,b2\n" // 15
                                  "v2;c3\n"    // 16
                                  "v3;\n";     // 17

parse_error error_of(const std::string& text)
{
    const auto r = parse_pabulib(text);
    BOOST_REQUIRE_MESSAGE(!r.ok(), "expected a parse error");
    return r.error();
}

} // namespace

BOOST_AUTO_TEST_SUITE(pabulib)

BOOST_AUTO_TEST_CASE(a_small_file_parses_into_projects_and_votes)
{
    const auto r = parse_pabulib(good);
    BOOST_REQUIRE(r.ok());
    const pabulib_file& f = r.value();
    BOOST_TEST(f.vote_type == "approval");
    BOOST_TEST(f.rule == "greedy");
    BOOST_TEST(f.budget == 100);
    BOOST_TEST(f.money_decimals == 0);
    BOOST_REQUIRE_EQUAL(f.projects.size(), 3u);
    BOOST_TEST(f.projects[1].id == "b2");
    BOOST_TEST(f.projects[1].name == "Second; quoted");
    BOOST_TEST(f.projects[1].line == 11u);
    BOOST_TEST(f.projects[1].selected == -1);
    BOOST_REQUIRE_EQUAL(f.votes.size(), 3u);
    BOOST_TEST((std::vector<idea_id>(f.votes.ideas(0).begin(), f.votes.ideas(0).end()) == std::vector<idea_id>{1, 2}));
    BOOST_TEST(f.votes.ideas(2).empty());
    BOOST_TEST(*f.find_meta("num_votes") == "3");
    BOOST_TEST(f.find_meta("missing") == nullptr);
    BOOST_TEST(f.budget_projects()[2].cost == 40);
    BOOST_TEST(f.file_order().at(3) == 2u);
    std::istringstream stream(good);
    BOOST_TEST(parse_pabulib(stream).ok());
}

BOOST_AUTO_TEST_CASE(crlf_line_ends_and_decimal_money_are_accepted)
{
    std::string text = good;
    std::string crlf;
    for (const char c : text) {
        if (c == '\n')
            crlf += '\r';
        crlf += c;
    }
    BOOST_TEST(parse_pabulib(crlf).ok());
    std::string decimals = good;
    decimals.replace(decimals.find("budget;100"), 10, "budget;100.5");
    decimals.replace(decimals.find("a1;50;"), 6, "a1;50.25;");
    const auto r = parse_pabulib(decimals);
    BOOST_REQUIRE(r.ok());
    BOOST_TEST(r->money_decimals == 2);
    BOOST_TEST(r->budget == 10050);
    BOOST_TEST(r->projects[0].cost == 5025);
    BOOST_TEST(r->projects[1].cost == 3000);
}

BOOST_AUTO_TEST_CASE(cumulative_votes_carry_points_and_ordinal_votes_position_scores)
{
    std::string cumulative = header;
    cumulative.replace(cumulative.find("vote_type;approval"), 18, "vote_type;cumulative");
    cumulative.replace(cumulative.find("voter_id;vote\n"), 14, "voter_id;vote;points\n");
    const auto c = parse_pabulib(cumulative + "v1;a1,c3;7,3\nv2;b2;10\nv3;;\n");
    BOOST_REQUIRE(c.ok());
    BOOST_TEST(c->votes.weights(0)[0] == 7);
    BOOST_TEST(c->votes.weights(0)[1] == 3);

    std::string ordinal = header;
    ordinal.replace(ordinal.find("vote_type;approval"), 18, "vote_type;ordinal");
    const auto o = parse_pabulib(ordinal + "v1;c3,a1,b2\nv2;b2\nv3;a1,b2\n");
    BOOST_REQUIRE(o.ok());
    BOOST_TEST(o->votes.weights(0)[0] == 3); // L - position
    BOOST_TEST(o->votes.weights(0)[2] == 1);
    BOOST_TEST(o->votes.weights(1)[0] == 1);
    const auto rankings = o->rankings();
    BOOST_TEST(rankings[0].ideas[0] == 3);
}

BOOST_AUTO_TEST_CASE(a_missing_section_names_the_line)
{
    const auto e = error_of(header.substr(0, header.find("VOTES")));
    BOOST_TEST(e.line == 12u); // the file ends on line 12 without VOTES
    BOOST_TEST(e.message.find("VOTES") != std::string::npos);
    const auto swapped = error_of("META\nkey;value\nbudget;1\nVOTES\nvoter_id;vote\n");
    BOOST_TEST(swapped.line == 4u);
    BOOST_TEST(swapped.message.find("PROJECTS") != std::string::npos);
    BOOST_TEST(error_of("hello\n").line == 1u);
}

BOOST_AUTO_TEST_CASE(a_bad_number_names_the_line)
{
    std::string text = good;
    text.replace(text.find("c3;40;"), 6, "c3;4O;");
    const auto e = error_of(text);
    BOOST_TEST(e.line == 12u);
    BOOST_TEST(e.message.find("4O") != std::string::npos);
    std::string budget = good;
    budget.replace(budget.find("budget;100"), 10, "budget;1e5");
    BOOST_TEST(error_of(budget).line == 5u);
}

BOOST_AUTO_TEST_CASE(a_vote_for_an_unknown_project_names_the_line)
{
    const auto e = error_of(header + "v1;a1\nv2;zz9\nv3;b2\n");
    BOOST_TEST(e.line == 16u);
    BOOST_TEST(e.message.find("zz9") != std::string::npos);
}

// Real files (Warszawa 2026 districts among them) hold approval votes like `1481,1481,1977`: the
// repeat is one approval, and the file says how many votes held one and where the first is.
BOOST_AUTO_TEST_CASE(a_project_named_twice_in_an_approval_vote_counts_once)
{
    const auto r = parse_pabulib(header + "v1;a1,b2,a1\nv2;c3\nv3;c3, c3\n");
    BOOST_REQUIRE_MESSAGE(r.ok(), (r.ok() ? std::string() : r.error().message));
    const pabulib_file& f = r.value();
    BOOST_TEST((std::vector<idea_id>(f.votes.ideas(0).begin(), f.votes.ideas(0).end()) == std::vector<idea_id>{1, 2}));
    BOOST_TEST((std::vector<std::int64_t>(f.votes.weights(0).begin(), f.votes.weights(0).end()) ==
                std::vector<std::int64_t>{1, 1}));
    BOOST_TEST(f.votes.ideas(2).size() == 1u);
    BOOST_TEST(f.repeated_votes == 2u);
    BOOST_TEST(f.first_repeated_vote_line == 15u);
    BOOST_TEST(parse_pabulib(good).value().repeated_votes == 0u);
}

// A rank or a share of points given twice to one project has no single meaning: refused, with
// the line.
BOOST_AUTO_TEST_CASE(a_project_named_twice_in_an_ordinal_or_cumulative_vote_is_refused)
{
    std::string ordinal = header + "v1;a1,b2\nv2;c3,a1,c3\nv3;\n";
    ordinal.replace(ordinal.find("vote_type;approval"), 18, "vote_type;ordinal");
    const auto e = error_of(ordinal);
    BOOST_TEST(e.line == 16u);
    BOOST_TEST(e.message.find("c3") != std::string::npos, e.message);
    BOOST_TEST(e.message.find("ordinal") != std::string::npos, e.message);

    std::string cumulative = header;
    cumulative.replace(cumulative.find("vote_type;approval"), 18, "vote_type;cumulative");
    cumulative.replace(cumulative.find("voter_id;vote\n"), 14, "voter_id;vote;points\n");
    cumulative += "v1;a1,a1;2,3\nv2;c3;1\nv3;;\n";
    const auto c = error_of(cumulative);
    BOOST_TEST(c.line == 15u);
    BOOST_TEST(c.message.find("cumulative") != std::string::npos, c.message);
}

// Numeric ids are looked up by value and increasing numeric voter ids skip the duplicate table;
// both must still treat ids as text: "07" is not "7", and a repeat after a run of increasing ids
// is caught on its own line.
BOOST_AUTO_TEST_CASE(numeric_ids_are_still_compared_as_text)
{
    const std::string numeric = "META\n"            // 1
                                "key;value\n"       // 2
                                "num_projects;3\n"  // 3
                                "num_votes;4\n"     // 4
                                "budget;100\n"      // 5
                                "PROJECTS\n"        // 6
                                "project_id;cost\n" // 7
                                "7;50\n"            // 8
                                "12;30\n"           // 9
                                "x1;40\n"           // 10
                                "VOTES\n"           // 11
                                "voter_id;vote\n";  // 12
    const auto ok = parse_pabulib(numeric + "1;7,12\n2;x1\n10;12\n010;7\n");
    BOOST_REQUIRE(ok.ok());
    BOOST_TEST(ok.value().votes.size() == 4u);
    BOOST_TEST((std::vector<idea_id>(ok.value().votes.ideas(0).begin(), ok.value().votes.ideas(0).end()) ==
                std::vector<idea_id>{1, 2}));
    BOOST_TEST(ok.value().votes.ideas(1)[0] == 3);
    const auto leading_zero = error_of(numeric + "1;7\n2;07\n3;12\n4;7\n");
    BOOST_TEST(leading_zero.line == 14u);
    BOOST_TEST(leading_zero.message.find("07") != std::string::npos);
    BOOST_TEST(error_of(numeric + "1;7\n5;12\n3;7\n5;x1\n").line == 16u); // 5 again, after 3
    BOOST_TEST(error_of(numeric + "1;7\n5;12\n5;7\n6;x1\n").line == 15u); // 5 again, in a row
    BOOST_TEST(error_of(numeric + "1;7\n2;99\n3;7\n4;7\n").line == 14u);  // no project 99
}

BOOST_AUTO_TEST_CASE(a_wrong_column_count_names_the_line)
{
    const auto e = error_of(header + "v1;a1\nv2;b2;extra\nv3;b2\n");
    BOOST_TEST(e.line == 16u);
    BOOST_TEST(e.message.find("expected 2 fields") != std::string::npos);
    std::string projects = good;
    projects.replace(projects.find("c3;40;Third"), 11, "c3;40");
    BOOST_TEST(error_of(projects).line == 12u);
}

BOOST_AUTO_TEST_CASE(inconsistent_files_name_the_line)
{
    BOOST_TEST(error_of(header + "v1;a1\nv2;b2\n").line == 4u);         // num_votes says 3
    BOOST_TEST(error_of(header + "v1;a1\nv1;b2\nv3;c3\n").line == 16u); // voter twice
    std::string dup = good;
    dup.replace(dup.find("c3;40"), 5, "a1;40");
    BOOST_TEST(error_of(dup).line == 12u); // project listed twice
    std::string type = good;
    type.replace(type.find("vote_type;approval"), 18, "vote_type;quadratic");
    BOOST_TEST(error_of(type).line == 6u);
    std::string cumulative = header;
    cumulative.replace(cumulative.find("vote_type;approval"), 18, "vote_type;cumulative");
    BOOST_TEST(error_of(cumulative + "v1;a1\n").line == 14u); // no points column
    cumulative.replace(cumulative.find("voter_id;vote\n"), 14, "voter_id;vote;points\n");
    const auto mismatch = error_of(cumulative + "v1;a1,b2;5\nv2;b2;1\nv3;c3;1\n");
    BOOST_TEST(mismatch.line == 15u);
    BOOST_TEST(mismatch.message.find("points") != std::string::npos);
    std::string no_budget = good;
    no_budget.erase(no_budget.find("budget;100\n"), 11);
    BOOST_TEST(error_of(no_budget).line == 7u); // the PROJECTS line, where META ended
}

BOOST_AUTO_TEST_CASE(the_real_files_parse)
{
    for (const char* name :
         {"Netherlands_Assen_2024.pb", "Poland_Czestochowa_2024_Podjasnogorska.pb", "Poland_Warszawa_2026.pb"}) {
        const auto r = parse_pabulib(cabildo::test::read_data(std::string("pabulib/") + name));
        BOOST_TEST(r.ok(), name << ": " << (r.ok() ? std::string() : r.error().message));
    }
    const auto w = parse_pabulib(cabildo::test::read_data("pabulib/Poland_Warszawa_2026.pb"));
    BOOST_TEST(w->votes.size() == 61668u);
    BOOST_TEST(w->projects.size() == 83u);
    BOOST_TEST(w->budget == 24186815);
}

BOOST_AUTO_TEST_SUITE_END()
