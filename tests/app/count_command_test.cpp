#include "app/count_command.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using cabildo::app::count_options;
using cabildo::app::run_count;
using nlohmann::json;

namespace {

std::string data(const std::string& relative) { return std::string(CABILDO_TEST_DATA) + "/" + relative; }

struct run {
    int code = 0;
    std::string out;
    std::string err;
    json doc;
};

run count(const std::string& file, std::optional<std::string> method = {}, std::optional<std::int64_t> budget = {})
{
    std::ostringstream out;
    std::ostringstream err;
    run r;
    r.code = run_count(count_options{file, std::move(method), budget}, out, err);
    r.out = out.str();
    r.err = err.str();
    if (r.code == 0)
        r.doc = json::parse(r.out);
    return r;
}

// A file in a fresh temporary folder, removed with the fixture.
struct temp_files {
    std::filesystem::path dir;
    temp_files()
    {
        std::random_device rd;
        dir = std::filesystem::temp_directory_path() / ("cabildo_count_test_" + std::to_string(rd()));
        std::filesystem::create_directories(dir);
    }
    ~temp_files() { std::filesystem::remove_all(dir); }
    std::string write(const std::string& name, const std::string& text) const
    {
        const auto path = dir / name;
        std::ofstream(path, std::ios::binary) << text;
        return path.string();
    }
};

const std::string small_pb = "META\n"
                             "key;value\n"
                             "num_projects;3\n"
                             "num_votes;4\n"
                             "budget;100\n"
                             "vote_type;approval\n"
                             "rule;greedy\n"
                             "PROJECTS\n"
                             "project_id;cost;name;selected\n"
                             "p10;60;Sixty;1\n"
                             "p20;50;Fifty;0\n"
                             "p30;30;Thirty;1\n"
                             "VOTES\n"
                             "voter_id;vote\n"
                             "1;p10,p20\n"
                             "2;p10\n"
                             "3;p20,p30\n"
                             "4;p20\n";

} // namespace

BOOST_AUTO_TEST_SUITE(count_command)

BOOST_AUTO_TEST_CASE(pabulib_files_count_by_their_own_rule)
{
    struct expectation {
        const char* file;
        const char* method;
        std::size_t selected;
    };
    for (const auto& e : {expectation{"Netherlands_Assen_2024.pb", "equalshares/add1", 9},
                          expectation{"Poland_Czestochowa_2024_Podjasnogorska.pb", "greedy", 4},
                          expectation{"Poland_Warszawa_2026.pb", "greedy-threshold", 17}}) {
        const auto r = count(data(std::string("pabulib/") + e.file));
        BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
        BOOST_TEST(r.doc["method"] == e.method);
        BOOST_TEST(r.doc["selected"].size() == e.selected);
        BOOST_TEST(r.doc["matches_file_selected"].get<bool>(), e.file);
        BOOST_TEST(r.err.empty());
    }
}

BOOST_AUTO_TEST_CASE(budget_output_names_projects_as_the_file_does)
{
    temp_files tmp;
    const auto r = count(tmp.write("small.pb", small_pb));
    BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
    // p20 has the most votes (3) and goes first; then p10 (60) no longer fits, p30 (30) does.
    BOOST_TEST(r.doc["selected"] == json::parse(R"(["p20", "p30"])"));
    BOOST_TEST(r.doc["spent"] == 80);
    BOOST_TEST(r.doc["left"] == 20);
    BOOST_TEST(r.doc["budget"] == 100);
    BOOST_TEST(r.doc["ballots"] == 4);
    BOOST_TEST(!r.doc["matches_file_selected"].get<bool>());
    BOOST_TEST(r.doc["ranking"][0]["project"] == "p20");
    BOOST_TEST(r.doc["ranking"][0]["score"] == 3);
    // --budget replaces META budget; greedy-no-skip stops at the first misfit.
    const auto bigger = count(tmp.write("small2.pb", small_pb), std::string("greedy-no-skip"), 200);
    BOOST_REQUIRE(bigger.code == 0);
    BOOST_TEST(bigger.doc["selected"].size() == 3u);
    BOOST_TEST(bigger.doc["budget"] == 200);
    // With 40, p20 and p10 cost more than the whole budget: not eligible, so no-skip passes over
    // them (a misfit would stop it) and funds p30.
    const auto small = count(tmp.write("small3.pb", small_pb), std::string("greedy-no-skip"), 40);
    BOOST_TEST(small.doc["selected"] == json::array({"p30"}));
}

BOOST_AUTO_TEST_CASE(any_budget_method_and_rankings_apply_to_pabulib_files)
{
    const std::string assen = data("pabulib/Netherlands_Assen_2024.pb");
    const auto greedy = count(assen, std::string("greedy"));
    BOOST_REQUIRE(greedy.code == 0);
    BOOST_TEST(!greedy.doc["matches_file_selected"].get<bool>());
    const auto cmp = count(assen, std::string("equalshares/add1-comparison"));
    BOOST_REQUIRE(cmp.code == 0);
    BOOST_TEST(cmp.doc["comparison"]["prefer_equal_shares"] == 21);
    BOOST_TEST(cmp.doc["comparison"]["prefer_greedy"] == 21);
    BOOST_TEST(!cmp.doc["comparison"]["greedy_used"].get<bool>()); // a draw keeps Equal Shares
    const auto plain = count(assen, std::string("equalshares"));
    BOOST_REQUIRE(plain.code == 0);
    BOOST_TEST(plain.doc["runs"] == 1);
    const auto approval = count(assen, std::string("approval"));
    BOOST_REQUIRE(approval.code == 0);
    BOOST_TEST(approval.doc["winner"] == "3"); // PopUp Podium, 43 votes
    BOOST_TEST(approval.doc["ranking"][0]["score"] == 43);
    const auto points = count(data("pabulib/Poland_Czestochowa_2024_Podjasnogorska.pb"), std::string("points"));
    BOOST_TEST(points.doc["winner"] == "112");
    BOOST_TEST(points.doc["ranking"][0]["score"] == 627);
}

BOOST_AUTO_TEST_CASE(ordinal_pabulib_files_rank_by_position_scores)
{
    temp_files tmp;
    std::string ordinal = small_pb;
    ordinal.replace(ordinal.find("vote_type;approval"), 18, "vote_type;ordinal");
    const std::string path = tmp.write("ordinal.pb", ordinal);
    const auto greedy = count(path);
    BOOST_REQUIRE_MESSAGE(greedy.code == 0, greedy.err);
    // Scores: p10 2+1 = 3, p20 1+2+1 = 4, p30 1.
    BOOST_TEST(greedy.doc["ranking"][0]["project"] == "p20");
    BOOST_TEST(greedy.doc["ranking"][0]["score"] == 4);
    const auto irv = count(path, std::string("irv"));
    BOOST_REQUIRE(irv.code == 0);
    BOOST_TEST(irv.doc["rounds"][0]["counts"]["p10"] == 2);
    const auto schulze = count(path, std::string("schulze"));
    BOOST_REQUIRE(schulze.code == 0);
    BOOST_TEST(schulze.doc["pairwise"].size() == 3u);
}

BOOST_AUTO_TEST_CASE(debian_2007_under_schulze_elects_sam_hocevar)
{
    const auto r = count(data("preflib/00002_-_debian__00002-00000005.soi"));
    BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
    BOOST_TEST(r.doc["method"] == "schulze");
    BOOST_TEST(r.doc["winner"] == 4);
    BOOST_TEST(r.doc["winner_name"] == "Sam Hocevar");
    BOOST_TEST(r.doc["ballots"] == 482);
    BOOST_TEST(r.doc["ranking"][0]["name"] == "Sam Hocevar");
    BOOST_TEST(r.doc["pairwise"][3][0] == 237);
    BOOST_TEST(r.doc["strongest_paths"].size() == 9u);
}

BOOST_AUTO_TEST_CASE(preflib_irv_publishes_every_round)
{
    const auto r = count(data("preflib/00002_-_debian__00002-00000005.soi"), std::string("irv"));
    BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
    const auto& rounds = r.doc["rounds"];
    BOOST_REQUIRE_EQUAL(rounds.size(), 9u);
    BOOST_TEST(rounds[0]["counts"].size() == 9u);
    BOOST_TEST(rounds[0]["counts"]["4"] == 142);
    BOOST_TEST(rounds[0]["exhausted"] == 0);
    BOOST_TEST(rounds[8]["eliminated"].is_null());
    BOOST_TEST(r.doc["winner"] == std::stoi(rounds[8]["counts"].begin().key()));
    const auto borda = count(data("preflib/00002_-_debian__00002-00000005.soi"), std::string("borda"));
    BOOST_REQUIRE(borda.code == 0);
    BOOST_TEST(borda.doc.contains("borda")); // the variant is documented in the output
}

BOOST_AUTO_TEST_CASE(ties_inside_preflib_ballots_are_read)
{
    temp_files tmp;
    const std::string toc = "# NUMBER ALTERNATIVES: 3\n"
                            "# ALTERNATIVE NAME 1: A\n"
                            "# ALTERNATIVE NAME 2: B\n"
                            "# ALTERNATIVE NAME 3: C\n"
                            "2: {1,2},3\n"
                            "1: 3,{1,2}\n"
                            "2: 2,1,3\n";
    const auto r = count(tmp.write("tied.toc", toc), std::string("irv"));
    BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
    // Round 1: the two {A,B} ballots are overvotes, counted apart in whole votes; A has none.
    BOOST_TEST(r.doc["rounds"][0]["counts"]["1"] == 0);
    BOOST_TEST(r.doc["rounds"][0]["counts"]["2"] == 2);
    BOOST_TEST(r.doc["rounds"][0]["counts"]["3"] == 1);
    BOOST_TEST(r.doc["rounds"][0]["overvotes"] == 2);
    BOOST_TEST(r.doc["rounds"][0]["exhausted"] == 0);
    BOOST_TEST(r.doc["rounds"][0]["eliminated"] == 1);
    // Round 3: C is out and 3,{1,2} counts for B, the one continuing idea of its tied group.
    BOOST_TEST(r.doc["rounds"][2]["counts"]["2"] == 3);
    BOOST_TEST(r.doc["rounds"][2]["overvotes"] == 2);
    BOOST_TEST(r.doc["winner"] == 2);
    // Splitting is an option by name: A gets 2 * 1/2, B 2 * 1/2 + 2, C 1.
    const auto split = count(tmp.write("tied_split.toc", toc), std::string("irv-split"));
    BOOST_REQUIRE_MESSAGE(split.code == 0, split.err);
    BOOST_TEST(split.doc["rounds"][0]["counts"]["1"] == 1);
    BOOST_TEST(split.doc["rounds"][0]["counts"]["2"] == 3);
    BOOST_TEST(split.doc["rounds"][0]["overvotes"] == 0);
    const auto s = count(tmp.write("tied2.toc", toc));
    BOOST_REQUIRE(s.code == 0);
    BOOST_TEST(s.doc["winner"] == 2);
}

// Beside matches_file_selected, the projects where the count and the city differ. Greedy by
// votes funds p20 (3 votes) and p30; the city funded p10 and p30.
BOOST_AUTO_TEST_CASE(the_output_lists_where_the_count_and_the_city_differ)
{
    temp_files tmp;
    const auto r = count(tmp.write("small.pb", small_pb));
    BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
    BOOST_TEST(r.doc["matches_file_selected"] == false);
    BOOST_TEST(r.doc["funded_by_count_only"] == json::array({"p20"}));
    BOOST_TEST(r.doc["funded_by_city_only"] == json::array({"p10"}));
    const auto assen = count(data("pabulib/Netherlands_Assen_2024.pb"));
    BOOST_REQUIRE(assen.code == 0);
    BOOST_TEST(assen.doc["funded_by_count_only"].empty());
    BOOST_TEST(assen.doc["funded_by_city_only"].empty());
}

// equalshares/add1 raises while the outcome fits, past the first exhaustive outcome; the early
// stop is pabutools' add1e, offered by name (the instance of the equal_shares unit test).
BOOST_AUTO_TEST_CASE(add1_is_the_reference_completion_and_add1e_is_asked_by_name)
{
    temp_files tmp;
    const std::string pb = "META\nkey;value\nbudget;5\nvote_type;approval\nrule;equalshares/add1\n"
                           "PROJECTS\nproject_id;cost;selected\np1;1;1\np2;3;1\np3;2;0\n"
                           "VOTES\nvoter_id;vote\n1;p1\n2;p2,p3\n";
    const auto add1 = count(tmp.write("add1.pb", pb));
    BOOST_REQUIRE_MESSAGE(add1.code == 0, add1.err);
    BOOST_TEST(add1.doc["selected"] == json::array({"p1", "p2"}));
    BOOST_TEST(add1.doc["matches_file_selected"] == true);
    const auto add1e = count(tmp.write("add1e.pb", pb), std::string("equalshares/add1e"));
    BOOST_REQUIRE_MESSAGE(add1e.code == 0, add1e.err);
    BOOST_TEST(add1e.doc["method"] == "equalshares/add1e");
    BOOST_TEST(add1e.doc["selected"] == json::array({"p1", "p3"}));
    BOOST_TEST(add1e.doc["funded_by_count_only"] == json::array({"p3"}));
    BOOST_TEST(add1e.doc["funded_by_city_only"] == json::array({"p2"}));
    const auto compared = count(tmp.write("add1e2.pb", pb), std::string("equalshares/add1e-comparison"));
    BOOST_REQUIRE(compared.code == 0);
    BOOST_TEST(compared.doc.contains("comparison"));
}

// META min_project_score_threshold applies to every greedy rule: under greedy-no-skip a project
// with 43 votes is not funded when the threshold is 50, though it fits.
BOOST_AUTO_TEST_CASE(the_file_threshold_applies_to_greedy_no_skip_and_greedy)
{
    temp_files tmp;
    std::string pb = "META\nkey;value\nbudget;100\nvote_type;approval\nrule;greedy-no-skip\n"
                     "min_project_score_threshold;50\nPROJECTS\nproject_id;cost;selected\n"
                     "a;60;1\nb;30;0\nVOTES\nvoter_id;vote\n";
    for (int v = 0; v < 80; ++v)
        pb += std::to_string(v) + (v < 43 ? ";a,b\n" : ";a\n");
    const auto r = count(tmp.write("threshold.pb", pb));
    BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
    BOOST_TEST(r.doc["threshold"] == 50);
    BOOST_TEST(r.doc["selected"] == json::array({"a"}));
    BOOST_TEST(r.doc["matches_file_selected"] == true);
    const auto greedy = count(tmp.write("threshold2.pb", pb), std::string("greedy"));
    BOOST_REQUIRE(greedy.code == 0);
    BOOST_TEST(greedy.doc["selected"] == json::array({"a"}));
}

// greedy-custom, greedy-exclusive and files without a rule are counted by plain greedy, saying
// so (with the META comment that usually explains the city's rule) and showing the difference
// to the city's selection; --method still overrides.
BOOST_AUTO_TEST_CASE(rules_that_are_not_machine_readable_count_as_greedy)
{
    temp_files tmp;
    for (const std::string rule : {"greedy-custom", "greedy-exclusive", ""}) {
        std::string pb = small_pb;
        pb.replace(pb.find("rule;greedy\n"), 12,
                   rule.empty() ? std::string("comment;one project per district\n")
                                : "rule;" + rule + "\ncomment;one project per district\n");
        const auto r = count(tmp.write("custom.pb", pb));
        BOOST_REQUIRE_MESSAGE(r.code == 0, rule << ": " << r.err);
        BOOST_TEST(r.doc["method"] == "greedy", rule);
        BOOST_TEST(r.doc["rule"] == rule);
        BOOST_TEST(r.doc["rule_note"].get<std::string>().find("not machine-readable") != std::string::npos, rule);
        BOOST_TEST(r.doc["rule_comment"] == "one project per district", rule);
        BOOST_TEST(r.doc["selected"] == json::array({"p20", "p30"}), rule);
        BOOST_TEST(r.doc["funded_by_city_only"] == json::array({"p10"}), rule);
        BOOST_TEST(r.err.find("not machine-readable") != std::string::npos, rule);
        const auto mes = count(tmp.write("custom2.pb", pb), std::string("equalshares"));
        BOOST_REQUIRE(mes.code == 0);
        BOOST_TEST(mes.doc["method"] == "equalshares");
        BOOST_TEST(!mes.doc.contains("rule_note"));
    }
}

// A project named twice in one approval vote counts once, and stderr says how many votes held a
// repeat, from the line of the first.
BOOST_AUTO_TEST_CASE(a_repeated_project_in_an_approval_vote_counts_once_and_is_reported)
{
    temp_files tmp;
    std::string pb = small_pb;
    pb.replace(pb.find("1;p10,p20\n"), 10, "1;p10,p20,p10\n"); // line 15
    pb.replace(pb.find("4;p20\n"), 6, "4;p20,p20\n");          // line 18
    const auto r = count(tmp.write("repeat.pb", pb));
    BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
    BOOST_TEST(r.doc["votes_with_repeats"] == 2);
    BOOST_TEST(r.err.find(tmp.dir.string() + "/repeat.pb:15: 2 votes name a project more than once") == 0u, r.err);
    const auto clean = count(tmp.write("clean.pb", small_pb));
    BOOST_TEST(clean.doc["ranking"] == r.doc["ranking"]); // same scores: each repeat counted once
    BOOST_TEST(clean.err.empty());
}

BOOST_AUTO_TEST_CASE(malformed_files_exit_2_with_the_line)
{
    temp_files tmp;
    struct bad {
        std::string name;
        std::string text;
        std::string where; // "file:line:" expected at the start of stderr
    };
    std::string unknown = small_pb;
    unknown.replace(unknown.find("3;p20,p30"), 9, "3;p20,p99");
    std::string columns = small_pb;
    columns.replace(columns.find("p30;30;Thirty;1"), 15, "p30;30;Thirty");
    std::string number = small_pb;
    number.replace(number.find("p20;50;"), 7, "p20;5x;");
    const std::string missing = small_pb.substr(0, small_pb.find("VOTES"));
    const std::vector<bad> cases{
        {"unknown.pb", unknown, ":17:"},
        {"columns.pb", columns, ":12:"},
        {"number.pb", number, ":11:"},
        {"missing.pb", missing, ":12:"},
        {"tie.soi", "# NUMBER ALTERNATIVES: 2\n1: {1,2}\n", ":2:"},
        {"range.soc", "# NUMBER ALTERNATIVES: 2\n1: 1,3\n", ":2:"},
    };
    for (const auto& c : cases) {
        const std::string path = tmp.write(c.name, c.text);
        const auto r = count(path);
        BOOST_TEST(r.code == 2, c.name);
        BOOST_TEST(r.out.empty(), c.name);
        BOOST_TEST(r.err.starts_with(path + c.where), c.name << ": " << r.err);
    }
}

BOOST_AUTO_TEST_CASE(bad_methods_and_unreadable_files_exit_2)
{
    temp_files tmp;
    const std::string pb = tmp.write("small.pb", small_pb);
    BOOST_TEST(count(pb, std::string("majority")).code == 2);
    BOOST_TEST(count(pb, std::string("schulze")).code == 2);          // approval ballots are not rankings
    BOOST_TEST(count(pb, std::string("greedy-threshold")).code == 2); // no threshold in META
    BOOST_TEST(count(pb, std::string("greedy"), -5).code == 2);
    BOOST_TEST(count(pb, std::string("approval"), 5).code == 2);
    const std::string soi = data("preflib/00002_-_debian__00002-00000005.soi");
    BOOST_TEST(count(soi, std::string("equalshares")).code == 2);
    BOOST_TEST(count(soi, std::string("points")).code == 2);
    BOOST_TEST(count(soi, std::nullopt, 100).code == 2);
    const auto missing = count((tmp.dir / "absent.pb").string());
    BOOST_TEST(missing.code == 2);
    BOOST_TEST(missing.err.find("cannot read") != std::string::npos);
    BOOST_TEST(count(tmp.write("notes.txt", "hello")).code == 2);
    std::string rule = small_pb;
    rule.replace(rule.find("rule;greedy"), 11, "rule;unknown");
    BOOST_TEST(count(tmp.write("rule.pb", rule)).code == 2); // no --method and no usable rule
    BOOST_TEST(count(tmp.write("rule2.pb", rule), std::string("greedy")).code == 0);
}

BOOST_AUTO_TEST_SUITE_END()
