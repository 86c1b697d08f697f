// Every ballot kind through the API: validation per kind, each method's detail in the results,
// and the exported election files recounted by `cabildo count` to the same outcome.

#include "tests/api/challenge_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <fstream>
#include <regex>
#include <set>

using namespace cabildo::test;

namespace {

// A challenge of the given ballot rules in Hermosillo, voting open at 2020-10-05.
struct kind_fixture : challenge_fixture {
    std::string base;

    void launch(const std::string& slug, const json& ballot, std::optional<std::int64_t> budget = std::nullopt,
                int winners = 1)
    {
        auto def = mcc_challenge();
        def["slug"] = slug;
        def["ballot"] = ballot;
        def.erase("winners");
        if (budget)
            def["budget"] = *budget;
        else
            def["winners"] = winners;
        const auto r = server.post("/api/v1/municipalities/hermosillo/challenges", def, organiser);
        BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
        base = "/api/v1/municipalities/hermosillo/challenges/" + slug;
    }

    std::vector<std::string> tokens(int n)
    {
        const auto r = server.post(base + "/tokens", {{"count", n}}, organiser);
        BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
        const auto body = r.json_body();
        std::vector<std::string> out;
        for (const auto& t : body["tokens"])
            out.push_back(t["token"]);
        return out;
    }

    std::int64_t submit(const std::string& token, const std::string& title,
                        std::optional<std::int64_t> cost = std::nullopt)
    {
        json body{{"token", token}, {"title", title}, {"description", "Propuesta"}, {"category", "empleo"}};
        if (cost)
            body["cost"] = *cost;
        const auto r = server.post(base + "/ideas", body);
        BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
        return r.json_body()["id"];
    }

    http_reply cast(const json& body) { return server.put(base + "/ballot", body); }

    json results()
    {
        const auto r = server.get(base + "/results", organiser);
        BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
        return r.json_body();
    }

    // Exports the election file and counts it with the real binary.
    json recount(const std::string& format, const std::string& extension, std::string* file_text = nullptr,
                 const std::string& method = {})
    {
        const auto r = server.get(base + "/export?format=" + format, organiser);
        BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
        const auto path = server.db().parent_path() / ("export" + extension);
        std::ofstream(path) << r.body;
        if (file_text)
            *file_text = r.body;
        std::string out;
        const std::string flags = method.empty() ? "" : " --method " + method;
        FILE* pipe =
            ::popen((std::string(CABILDO_BINARY) + " count" + flags + " " + path.string() + " 2>&1").c_str(), "r");
        char buf[4096];
        while (const auto n = std::fread(buf, 1, sizeof buf, pipe))
            out.append(buf, n);
        BOOST_REQUIRE_EQUAL(::pclose(pipe), 0);
        return json::parse(out);
    }
};

std::set<std::string> as_strings(const json& ids)
{
    std::set<std::string> out;
    for (const auto& id : ids)
        out.insert(id.is_string() ? id.get<std::string>() : std::to_string(id.get<std::int64_t>()));
    return out;
}

std::set<std::string> winners_of(const json& results)
{
    std::set<std::string> out;
    for (const auto& r : results["ranking"])
        if (r["winner"])
            out.insert(std::to_string(r["idea"].get<std::int64_t>()));
    return out;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(ballot_kinds, kind_fixture)

BOOST_AUTO_TEST_CASE(points_ballots_keep_their_totals_and_recount_from_pabulib)
{
    launch("puntos", {{"kind", "points"}, {"points_total", 10}, {"max_per_idea", 6}});
    const auto t = tokens(4);
    server.set_clock("2020-10-05T00:00:00Z");
    const auto a = submit(t[0], "Parque"), b = submit(t[1], "Biblioteca"), c = submit(t[2], "Ciclovía");
    const auto key = [](std::int64_t id) { return std::to_string(id); };
    BOOST_TEST(cast({{"token", t[0]}, {"points", {{key(a), 6}, {key(b), 4}}}}).status == 200);
    BOOST_TEST(cast({{"token", t[1]}, {"points", {{key(b), 5}, {key(c), 5}}}}).status == 200);
    BOOST_TEST(cast({{"token", t[2]}, {"points", {{key(c), 6}}}}).status == 200);
    const auto over_idea = cast({{"token", t[3]}, {"points", {{key(a), 7}}}});
    BOOST_TEST(over_idea.status == 400);
    BOOST_TEST(over_idea.error_field() == "points." + key(a));
    BOOST_TEST(cast({{"token", t[3]}, {"points", {{key(a), 6}, {key(b), 5}}}}).error_field() == "points");
    BOOST_TEST(cast({{"token", t[3]}, {"points", {{key(a), -1}}}}).error_field() == "points." + key(a));
    BOOST_TEST(cast({{"token", t[3]}, {"points", {{"abc", 1}}}}).error_field() == "points.abc");
    BOOST_TEST(cast({{"token", t[3]}, {"points", {{"999999", 1}}}}).error_code() == "unknown_idea");
    BOOST_TEST(cast({{"token", t[3]}, {"choices", {a}}}).error_field() == "points");

    server.set_clock("2020-10-26T06:00:00Z");
    const auto res = results();
    BOOST_TEST(res["method"] == "points");
    BOOST_TEST(res["ballots"] == 3);
    BOOST_TEST(res["ranking"][0]["idea"] == c);
    BOOST_TEST(res["ranking"][0]["score"] == 11);
    BOOST_TEST(res["ranking"][1]["score"] == 9);
    BOOST_TEST(res["ranking"][2]["score"] == 6);
    const auto recounted = recount("pabulib", ".pb");
    BOOST_TEST(as_strings(recounted["selected"]) == winners_of(res));
}

// One server per method (the test clock only moves forward), each run by a case of its own.
struct ranking_case : kind_fixture {
    void run(const std::string& method)
    {
        launch("ranking-" + method, {{"kind", "ranking"}, {"max_ranks", 3}, {"method", method}});
        const auto t = tokens(9);
        server.set_clock("2020-10-05T00:00:00Z");
        const auto a = submit(t[0], "Alfa"), b = submit(t[1], "Beta"), c = submit(t[2], "Gama");
        // 4 a>b>c, 3 b>c>a, 2 c>b>a: a leads the first round, b wins the runoff and Schulze.
        for (int i = 0; i < 9; ++i) {
            const json ranking = i < 4 ? json{a, b, c} : i < 7 ? json{b, c, a} : json{c, b, a};
            BOOST_REQUIRE_EQUAL(cast({{"token", t[static_cast<std::size_t>(i)]}, {"ranking", ranking}}).status, 200);
        }
        const auto four = server.post(
            base + "/ideas", {{"token", t[3]}, {"title", "Delta"}, {"description", "x"}, {"category", "empleo"}});
        const std::int64_t d = four.json_body()["id"];
        BOOST_TEST(cast({{"token", t[0]}, {"ranking", {a, b, c, d}}}).error_field() == "ranking");
        BOOST_TEST(cast({{"token", t[0]}, {"ranking", {a, a}}}).error_field() == "ranking[1]");
        BOOST_TEST(cast({{"token", t[0]}, {"choices", {a}}}).error_field() == "ranking");
        server.set_clock("2020-10-26T06:00:00Z");
        const auto res = results();
        BOOST_TEST(res["method"] == method);
        BOOST_TEST(res["ranking"][0]["idea"] == b, method);
        if (method == "schulze") {
            BOOST_TEST(res["pairwise"]["d"].size() == 4u);
            BOOST_TEST(res["pairwise"]["ideas"].size() == 4u);
        }
        if (method == "irv") {
            BOOST_REQUIRE(res["rounds"].size() >= 2u);
            BOOST_TEST(res["rounds"][0]["counts"][std::to_string(a)] == 4);
            BOOST_TEST(res["rounds"][0]["exhausted"] == 0);
        }
        // PrefLib export: alternatives in lottery order; the recount elects the same idea.
        std::string soi;
        const auto recounted = recount("preflib", ".soi", &soi);
        const std::regex line("# ALTERNATIVE NAME (\\d+): .* \\(idea (\\d+)\\)");
        std::map<int, std::int64_t> idea_of;
        for (std::sregex_iterator it(soi.begin(), soi.end(), line), end; it != end; ++it)
            idea_of[std::stoi((*it)[1])] = std::stoll((*it)[2]);
        BOOST_TEST(idea_of.size() == 4u);
        if (method == "schulze")
            BOOST_TEST(idea_of.at(recounted["winner"].get<int>()) == b);
    }
};

struct budget_case : kind_fixture {
    void run(const std::string& method)
    {
        launch(method == "greedy" ? "presupuesto-voraz" : "presupuesto-mes", {{"kind", "budget"}, {"method", method}},
               100);
        const auto t = tokens(6);
        server.set_clock("2020-10-05T00:00:00Z");
        const auto no_cost = server.post(
            base + "/ideas", {{"token", t[0]}, {"title", "Sin costo"}, {"description", "x"}, {"category", "empleo"}});
        BOOST_TEST(no_cost.status == 400);
        BOOST_TEST(no_cost.error_field() == "cost");
        const auto a = submit(t[0], "Alumbrado", 60), b = submit(t[1], "Bancas", 50), c = submit(t[2], "Canchas", 40);
        BOOST_TEST(cast({{"token", t[0]}, {"choices", {a, b}}}).error_field() == "choices"); // 110 > 100
        BOOST_TEST(cast({{"token", t[0]}, {"choices", {a, c}}}).status == 200);
        BOOST_TEST(cast({{"token", t[1]}, {"choices", {a}}}).status == 200);
        BOOST_TEST(cast({{"token", t[2]}, {"choices", {b, c}}}).status == 200);
        BOOST_TEST(cast({{"token", t[3]}, {"choices", {b}}}).status == 200);
        BOOST_TEST(cast({{"token", t[4]}, {"choices", {b, c}}}).status == 200);
        server.set_clock("2020-10-26T06:00:00Z");
        const auto res = results();
        BOOST_TEST(res["method"] == method);
        BOOST_TEST(res["budget"] == 100);
        BOOST_TEST(res["spent"].get<std::int64_t>() + res["left"].get<std::int64_t>() == 100);
        BOOST_TEST(res["spent"].get<std::int64_t>() <= 100);
        if (method == "greedy") // b 3 votes (50), a 2 (60, no longer fits), c 3 (40): b and c
            BOOST_TEST(as_strings(res["selected"]) == (std::set<std::string>{std::to_string(b), std::to_string(c)}));
        const auto recounted = recount("pabulib", ".pb");
        BOOST_TEST(as_strings(recounted["selected"]) == as_strings(res["selected"]), method);
        BOOST_TEST(server.get(base + "/export?format=preflib", organiser).error_field() == "format");
    }
};

BOOST_AUTO_TEST_CASE(approval_results_recount_from_pabulib_with_the_lottery_order)
{
    launch("aprobacion", {{"kind", "approval"}, {"max_choices", 2}}, std::nullopt, 2);
    const auto t = tokens(4);
    server.set_clock("2020-10-05T00:00:00Z");
    const auto a = submit(t[0], "Uno"), b = submit(t[1], "Dos"), c = submit(t[2], "Tres");
    // All three tie at 2: the lottery alone picks the two winners, and the file must carry it.
    BOOST_TEST(cast({{"token", t[0]}, {"choices", {a, b}}}).status == 200);
    BOOST_TEST(cast({{"token", t[1]}, {"choices", {b, c}}}).status == 200);
    BOOST_TEST(cast({{"token", t[2]}, {"choices", {a, c}}}).status == 200);
    server.set_clock("2020-10-26T06:00:00Z");
    const auto res = results();
    BOOST_REQUIRE_EQUAL(res["ties"].size(), 1u);
    const auto recounted = recount("pabulib", ".pb");
    BOOST_TEST(as_strings(recounted["selected"]) == winners_of(res));
}

// The ideas of a recounted PrefLib ranking, best first, read back through the file's names.
std::vector<std::int64_t> recounted_ideas(const std::string& soi, const json& recounted)
{
    const std::regex line("# ALTERNATIVE NAME (\\d+): .* \\(idea (\\d+)\\)");
    std::map<int, std::int64_t> idea_of;
    for (std::sregex_iterator it(soi.begin(), soi.end(), line), end; it != end; ++it)
        idea_of[std::stoi((*it)[1])] = std::stoll((*it)[2]);
    std::vector<std::int64_t> out;
    for (const auto& r : recounted["ranking"])
        out.push_back(idea_of.at(r["alternative"].get<int>()));
    return out;
}

BOOST_AUTO_TEST_CASE(an_idea_hidden_after_the_ballots_leaves_them_for_the_count_and_the_files)
{
    launch("borda-oculta", {{"kind", "ranking"}, {"method", "borda"}, {"max_ranks", 3}});
    const auto t = tokens(3);
    server.set_clock("2020-10-05T00:00:00Z");
    const auto a = submit(t[0], "Alfa \"con comillas"), b = submit(t[1], "Beta; con, separadores"),
               h = submit(t[2], "Oculta");
    BOOST_TEST(cast({{"token", t[0]}, {"ranking", {a, h}}}).status == 200);
    BOOST_TEST(cast({{"token", t[1]}, {"ranking", {b, a}}}).status == 200);
    BOOST_TEST(cast({{"token", t[2]}, {"ranking", json::array()}}).status == 200); // an empty ballot
    BOOST_TEST(server
                   .post(base + "/ideas/" + std::to_string(h) + "/moderation",
                         {{"action", "hide"}, {"reason", "Duplicada"}}, organiser)
                   .status == 200);
    server.set_clock("2020-10-26T06:00:00Z");
    // The counted ballots are final once voting has closed.
    const auto late = server.post(base + "/tokens/revoke", {{"tokens", {t[0]}}}, organiser);
    BOOST_TEST(late.status == 409);
    BOOST_TEST(late.error_code() == "phase_closed");
    const auto res = results();
    std::vector<std::int64_t> ours;
    for (const auto& r : res["ranking"])
        ours.push_back(r["idea"]);
    BOOST_TEST(ours.size() == 2u);
    std::string soi;
    const auto recounted = recount("preflib", ".soi", &soi, "borda");
    BOOST_TEST(recounted_ideas(soi, recounted) == ours);
    const auto from_pb = recount("pabulib", ".pb", nullptr, "borda");
    BOOST_TEST(from_pb["ranking"].size() == 2u);
    // Publishing, then hiding another idea, changes neither the results nor the files.
    BOOST_TEST(server.post(base + "/announcement", json::object(), organiser).status == 200);
    BOOST_TEST(server
                   .post(base + "/ideas/" + std::to_string(b) + "/moderation",
                         {{"action", "hide"}, {"reason", "Tarde"}}, organiser)
                   .status == 200);
    std::string after;
    const auto again = recount("preflib", ".soi", &after, "borda");
    BOOST_TEST(recounted_ideas(after, again) == ours);
}

BOOST_AUTO_TEST_CASE(a_challenge_without_ideas_has_no_election_file)
{
    launch("vacio", {{"kind", "ranking"}});
    server.set_clock("2020-10-26T06:00:00Z");
    const auto r = server.get(base + "/export?format=preflib", organiser);
    BOOST_TEST(r.status == 400);
    BOOST_TEST(r.error_field() == "format");
    BOOST_TEST(server.get(base + "/export?format=json", organiser).status == 200);
}

BOOST_AUTO_TEST_CASE(a_new_points_total_carries_a_default_per_idea_limit_along)
{
    launch("puntos-editables", {{"kind", "points"}});
    const auto r = server.patch(base, {{"ballot", {{"points_total", 5}}}}, organiser);
    BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
    BOOST_TEST(r.json_body()["ballot"]["max_per_idea"] == 5);
    const auto capped = server.patch(base, {{"ballot", {{"max_per_idea", 2}}}}, organiser).json_body();
    BOOST_TEST(capped["ballot"]["max_per_idea"] == 2);
    BOOST_TEST(
        server.patch(base, {{"ballot", {{"points_total", 20}}}}, organiser).json_body()["ballot"]["max_per_idea"] == 2);
}

BOOST_AUTO_TEST_CASE(ballot_rules_are_validated_per_kind)
{
    const std::string c = "/api/v1/municipalities/hermosillo/challenges";
    auto def = mcc_challenge();
    def["slug"] = "reglas";
    def["ballot"] = {{"kind", "budget"}};
    BOOST_TEST(server.post(c, def, organiser).error_field() == "budget");
    def["ballot"] = {{"kind", "ranking"}, {"method", "approval"}};
    BOOST_TEST(server.post(c, def, organiser).error_field() == "ballot.method");
    def["ballot"] = {{"kind", "points"}, {"points_total", 5}, {"max_per_idea", 6}};
    BOOST_TEST(server.post(c, def, organiser).error_field() == "ballot.max_per_idea");
    def["ballot"] = {{"kind", "points"}, {"points_total", 0}};
    BOOST_TEST(server.post(c, def, organiser).error_field() == "ballot.points_total");
    def["ballot"] = {{"kind", "ranking"}, {"max_ranks", 1001}};
    BOOST_TEST(server.post(c, def, organiser).error_field() == "ballot.max_ranks");
    BOOST_TEST(server.get(c).json_body()["challenges"].size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

// Cases that start a server per method, outside the suite's fixture so no server idles.
BOOST_AUTO_TEST_SUITE(ballot_kinds_per_method)

BOOST_AUTO_TEST_CASE(ranking_ballots_under_schulze_irv_and_borda)
{
    for (const std::string method : {"schulze", "irv", "borda"})
        ballot_kinds::ranking_case().run(method);
}

BOOST_AUTO_TEST_CASE(budget_ballots_fit_the_budget_and_recount_from_pabulib)
{
    for (const std::string method : {"greedy", "equal_shares"})
        ballot_kinds::budget_case().run(method);
}

BOOST_AUTO_TEST_SUITE_END()
