// The Multi City Challenge from launch to announced winners, over HTTP against the real binary.

#include "tests/api/challenge_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <thread>

using namespace cabildo::test;

BOOST_AUTO_TEST_SUITE(lifecycle)

BOOST_AUTO_TEST_CASE(health_and_the_public_listing)
{
    server_process server;
    const auto health = server.get("/api/v1/health");
    BOOST_TEST(health.status == 200);
    BOOST_TEST(health.json_body() == json({{"status", "ok"}}));
    BOOST_TEST(health.headers.at("content-type").find("application/json") == 0u);
    BOOST_TEST(server.get("/api/v1/municipalities").json_body()["municipalities"].empty());
}

BOOST_FIXTURE_TEST_CASE(a_challenge_from_launch_to_announced_winners, challenge_fixture)
{
    const auto before = server.get(mcc_base);
    BOOST_REQUIRE_EQUAL(before.status, 200);
    BOOST_TEST(before.json_body()["status"] == "upcoming");
    BOOST_TEST(before.json_body()["open_phases"].empty());
    BOOST_TEST(before.json_body()["timeline"]["voting"]["closes"] == "2020-10-26T06:00:00Z");
    BOOST_TEST(!before.json_body().contains("issuer_private"));

    // Desk issues tokens by identity reference: the same person gets the same token back.
    const auto desk =
        server.post(mcc_base + "/tokens", {{"participants", {{{"ref", "CURP-1"}}, {{"ref", "CURP-2"}}}}}, organiser);
    BOOST_REQUIRE_EQUAL(desk.status, 201);
    const auto again = server.post(mcc_base + "/tokens", {{"participants", {{{"ref", "CURP-1"}}}}}, organiser);
    BOOST_TEST(desk.json_body()["tokens"][0]["ref"] == "CURP-1");
    BOOST_TEST(again.json_body()["tokens"][0]["token"] == desk.json_body()["tokens"][0]["token"]);
    const std::string ana = desk.json_body()["tokens"][0]["token"], beto = desk.json_body()["tokens"][1]["token"];
    const auto more = cards(4);

    // Before the windows open: ideas and ballots are refused with phase_not_open.
    const auto early = server.post(mcc_base + "/ideas", {{"token", ana}, {"title", "Mercado"}, {"description", "x"}});
    BOOST_TEST(early.status == 409);
    BOOST_TEST(early.error_code() == "phase_not_open");

    server.set_clock("2020-10-01T06:00:00Z");
    const auto open = server.get(mcc_base).json_body();
    BOOST_TEST(open["open_phases"] == json({"submission", "voting"}));
    const auto market = idea(ana, "Mercado nocturno");
    const auto jobs = idea(beto, "Bolsa de trabajo", "empleo");
    const auto local = idea(more[0], "Compra local");
    BOOST_TEST(market > 0);

    // Overlapping windows: voting while ideas still arrive.
    auto b1 = vote(ana, {market, jobs});
    BOOST_REQUIRE_MESSAGE(b1.status == 200, b1.body);
    BOOST_TEST(b1.json_body()["replaced"] == false);
    BOOST_TEST(b1.json_body()["receipt"].get<std::string>().size() >= 16u);
    BOOST_TEST(vote(beto, {jobs}).status == 200);
    BOOST_TEST(vote(more[1], {jobs, local}).status == 200);
    BOOST_TEST(vote(more[2], {market}).status == 200);
    // Ana changes her mind: the latest ballot counts.
    const auto b2 = vote(ana, {jobs});
    BOOST_TEST(b2.json_body()["replaced"] == true);

    // Upload closes at 22 Oct 06:00:00; voting goes on.
    server.set_clock("2020-10-22T05:59:59Z");
    BOOST_TEST(server
                   .post(mcc_base + "/ideas",
                         {{"token", more[3]}, {"title", "Última idea"}, {"description", "x"}, {"category", "empleo"}})
                   .status == 201);
    server.set_clock("2020-10-22T06:00:00Z");
    const auto late = server.post(
        mcc_base + "/ideas", {{"token", more[3]}, {"title", "Tarde"}, {"description", "x"}, {"category", "empleo"}});
    BOOST_TEST(late.status == 409);
    BOOST_TEST(late.error_code() == "phase_closed");
    BOOST_TEST(server.get(mcc_base).json_body()["open_phases"] == json({"voting"}));
    BOOST_TEST(vote(more[3], {local}).status == 200);

    // Results: nobody before voting closes; organisers from the close; the public from announcement.
    BOOST_TEST(server.get(mcc_base + "/results", organiser).status == 409);
    server.set_clock("2020-10-26T06:00:00Z");
    const auto closed = vote(more[2], {jobs});
    BOOST_TEST(closed.status == 409);
    BOOST_TEST(closed.error_code() == "phase_closed");
    const auto pub = server.get(mcc_base + "/results");
    BOOST_TEST(pub.status == 409);
    BOOST_TEST(pub.error_code() == "phase_not_open");
    const auto org = server.get(mcc_base + "/results", organiser);
    BOOST_REQUIRE_MESSAGE(org.status == 200, org.body);
    const auto res = org.json_body();
    BOOST_TEST(res["method"] == "approval");
    BOOST_TEST(res["ballots"] == 5);
    // jobs: ana, beto, more[1] = 3; local: more[1], more[3] = 2; market: more[2] = 1.
    BOOST_TEST(res["ranking"][0]["idea"] == jobs);
    BOOST_TEST(res["ranking"][0]["score"] == 3);
    BOOST_TEST(res["ranking"][0]["title"] == "Bolsa de trabajo");
    BOOST_TEST(res["ranking"][0]["winner"] == true);
    BOOST_TEST(res["ranking"][1]["idea"] == local);
    BOOST_TEST(res["ranking"][1]["winner"] == true);
    BOOST_TEST(res["ranking"][2]["idea"] == market);
    BOOST_TEST(res["ranking"][2]["winner"] == false);
    BOOST_TEST(res["ranking"][2]["rank"] == 3);

    // Announcement publishes the winners; the public sees them from then on.
    BOOST_TEST(server.post(mcc_base + "/announcement", json::object()).status == 401);
    const auto announced = server.post(mcc_base + "/announcement", json::object(), organiser);
    BOOST_REQUIRE_MESSAGE(announced.status == 200, announced.body);
    BOOST_TEST(announced.json_body()["announced"] == true);
    const auto now_public = server.get(mcc_base + "/results");
    BOOST_REQUIRE_EQUAL(now_public.status, 200);
    BOOST_TEST(now_public.json_body()["ranking"] == res["ranking"]);
    BOOST_TEST(server.get(mcc_base).json_body()["status"] == "announced");

    // Open data: ballots without tokens, each receipt findable.
    const auto exported = server.get(mcc_base + "/export?format=json");
    BOOST_REQUIRE_EQUAL(exported.status, 200);
    const auto data = exported.json_body();
    BOOST_TEST(data["ballots"].size() == 5u);
    BOOST_TEST(exported.body.find(ana) == std::string::npos);
    bool found = false;
    for (const auto& b : data["ballots"])
        found = found || b["receipt"] == b2.json_body()["receipt"];
    BOOST_TEST(found);
    const auto csv = server.get(mcc_base + "/export?format=csv");
    BOOST_TEST(csv.status == 200);
    BOOST_TEST(csv.headers.at("content-type").find("text/csv") == 0u);
    BOOST_TEST(csv.body.rfind("receipt,choices\n", 0) == 0u);
    BOOST_TEST(std::count(csv.body.begin(), csv.body.end(), '\n') == 6);

    // Every organiser action is in the public audit log.
    const auto audit = server.get(mcc_base + "/audit").json_body()["entries"];
    std::vector<std::string> actions;
    for (const auto& e : audit)
        actions.push_back(e["action"]);
    BOOST_TEST(actions.front() == "challenge.create");
    BOOST_TEST(actions.back() == "challenge.announce");
}

BOOST_FIXTURE_TEST_CASE(a_hidden_idea_leaves_listings_and_counts_but_is_kept, challenge_fixture)
{
    const auto t = cards(3);
    server.set_clock("2020-10-05T00:00:00Z");
    const auto a = idea(t[0], "Idea visible");
    const auto b = idea(t[1], "Idea con datos personales");
    BOOST_TEST(vote(t[2], {a, b}).status == 200);
    const auto hidden = server.post(mcc_base + "/ideas/" + std::to_string(b) + "/moderation",
                                    {{"action", "hide"}, {"reason", "Publica datos personales"}}, organiser);
    BOOST_REQUIRE_MESSAGE(hidden.status == 200, hidden.body);
    const auto list = server.get(mcc_base + "/ideas").json_body()["ideas"];
    BOOST_TEST(list.size() == 1u);
    BOOST_TEST(list[0]["id"] == a);
    const auto one = server.get(mcc_base + "/ideas/" + std::to_string(b));
    BOOST_TEST(one.status == 200);
    BOOST_TEST(one.json_body()["status"] == "hidden");
    BOOST_TEST(one.json_body()["hidden_reason"] == "Publica datos personales");
    BOOST_TEST(!one.json_body().contains("title"));
    const auto with_hidden = server.get(mcc_base + "/ideas?include_hidden=true", organiser).json_body()["ideas"];
    BOOST_TEST(with_hidden.size() == 2u);
    BOOST_TEST(with_hidden[1]["title"] == "Idea con datos personales");
    const auto refused = vote(t[0], {b});
    BOOST_TEST(refused.status == 400);
    BOOST_TEST(refused.error_code() == "unknown_idea");
    BOOST_TEST(refused.error_field() == "choices[0]");

    server.set_clock("2020-10-26T06:00:00Z");
    const auto res = server.get(mcc_base + "/results", organiser).json_body();
    BOOST_TEST(res["ranking"].size() == 1u);
    BOOST_TEST(res["ranking"][0]["idea"] == a);
    BOOST_TEST(res["ranking"][0]["score"] == 1);

    // From the close of voting the count is frozen: restoring the idea shows its text again but
    // it was not a candidate when voting closed, so the count stays as it was.
    BOOST_TEST(server.post(mcc_base + "/ideas/" + std::to_string(b) + "/moderation", {{"action", "restore"}}, organiser)
                   .status == 200);
    BOOST_TEST(server.get(mcc_base + "/ideas").json_body()["ideas"].size() == 2u);
    BOOST_TEST(server.get(mcc_base + "/results", organiser).json_body()["ranking"].size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(ideas_are_paginated_by_cursor, challenge_fixture)
{
    const auto t = cards(1);
    server.set_clock("2020-10-05T00:00:00Z");
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 5; ++i)
        ids.push_back(idea(t[0], "Idea número " + std::to_string(i)));
    const auto page1 = server.get(mcc_base + "/ideas?limit=2").json_body();
    BOOST_TEST(page1["ideas"].size() == 2u);
    BOOST_TEST(page1["next_after"] == ids[1]);
    const auto page3 = server.get(mcc_base + "/ideas?limit=2&after=" + std::to_string(ids[3])).json_body();
    BOOST_TEST(page3["ideas"].size() == 1u);
    BOOST_TEST(page3["next_after"].is_null());
    // max_ideas_per_token defaults to 5: the sixth from the same token is refused.
    const auto sixth = server.post(
        mcc_base + "/ideas", {{"token", t[0]}, {"title", "Sexta idea"}, {"description", "x"}, {"category", "empleo"}});
    BOOST_TEST(sixth.status == 403);
    BOOST_TEST(sixth.error_code() == "limit_reached");
}

BOOST_FIXTURE_TEST_CASE(a_dozen_concurrent_ballots_with_one_token_count_once, challenge_fixture)
{
    const auto t = cards(3);
    server.set_clock("2020-10-05T00:00:00Z");
    const auto a = idea(t[1], "Primera");
    const auto b = idea(t[2], "Segunda");
    std::vector<std::thread> threads;
    std::vector<http_reply> replies(12);
    for (int i = 0; i < 12; ++i)
        threads.emplace_back([&, i] { replies[i] = vote(t[0], i % 2 ? json{a} : json{b}); });
    for (auto& th : threads)
        th.join();
    int fresh = 0;
    for (const auto& r : replies) {
        BOOST_TEST(r.status == 200);
        fresh += r.json_body()["replaced"] == false;
    }
    BOOST_TEST(fresh == 1); // exactly one ballot was first; eleven replaced a predecessor
    server.set_clock("2020-10-26T06:00:00Z");
    const auto res = server.get(mcc_base + "/results", organiser).json_body();
    BOOST_TEST(res["ballots"] == 1);
    BOOST_TEST(res["ranking"][0]["score"].get<int>() + res["ranking"][1]["score"].get<int>() == 1);
}

BOOST_FIXTURE_TEST_CASE(a_tie_is_broken_by_the_published_lottery, challenge_fixture)
{
    const auto t = cards(4);
    server.set_clock("2020-10-05T00:00:00Z");
    const auto a = idea(t[0], "Alfa");
    const auto b = idea(t[1], "Beta");
    const auto c = idea(t[2], "Gama");
    BOOST_TEST(vote(t[0], {a, b}).status == 200);
    BOOST_TEST(vote(t[1], {b, c}).status == 200);
    BOOST_TEST(vote(t[2], {a, c}).status == 200);
    server.set_clock("2020-10-26T06:00:00Z");
    const auto res = server.get(mcc_base + "/results", organiser).json_body();
    BOOST_REQUIRE_EQUAL(res["ties"].size(), 1u);
    const auto tie = res["ties"][0];
    BOOST_TEST(tie["score"] == 2);
    BOOST_TEST(tie["ideas"].size() == 3u);
    // The published keys are in ascending order, and the ranking follows them.
    BOOST_TEST(tie["lottery"][0]["key"] < tie["lottery"][1]["key"]);
    BOOST_TEST(tie["lottery"][1]["key"] < tie["lottery"][2]["key"]);
    for (int i = 0; i < 3; ++i)
        BOOST_TEST(res["ranking"][i]["idea"] == tie["ideas"][i]);
    BOOST_TEST(res["tie_break_seed"] == "mcc-2020");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(publication)

BOOST_FIXTURE_TEST_CASE(results_publish_themselves_at_the_announcement_instant, challenge_fixture)
{
    const auto t = cards(2);
    server.set_clock("2020-10-05T00:00:00Z");
    const auto a = idea(t[0], "Idea publicada");
    BOOST_TEST(vote(t[0], {a}).status == 200);
    BOOST_TEST(vote(t[1], {a}).status == 200);
    // A revoked token's ballot stops counting.
    BOOST_TEST(server.post(mcc_base + "/tokens/revoke", {{"tokens", {t[1]}}}, organiser).json_body()["revoked"] == 1);
    server.set_clock("2020-11-01T18:00:00Z");
    const auto res = server.get(mcc_base + "/results");
    BOOST_REQUIRE_MESSAGE(res.status == 200, res.body);
    BOOST_TEST(res.json_body()["announced"] == true);
    BOOST_TEST(res.json_body()["ballots"] == 1);
    const auto audit = server.get(mcc_base + "/audit").json_body()["entries"];
    BOOST_TEST(audit.back()["action"] == "challenge.announce");
    BOOST_TEST(audit.back()["actor"] == "system");
    // The organiser's announcement afterwards publishes the same result, once.
    const auto again = server.post(mcc_base + "/announcement", json::object(), organiser).json_body();
    BOOST_TEST(again["announced_at"] == res.json_body()["announced_at"]);
    BOOST_TEST(server.get(mcc_base + "/audit").json_body()["entries"].size() == audit.size());
    // Development may still be extended while it is open.
    server.set_clock("2020-11-10T00:00:00Z");
    const auto extended =
        server.patch(mcc_base, {{"timeline", {{"development", {{"closes", "2020-12-20T06:00:00Z"}}}}}}, organiser);
    BOOST_TEST(extended.status == 200, extended.body);
}

BOOST_FIXTURE_TEST_CASE(a_partial_ballot_patch_keeps_the_other_rules, challenge_fixture)
{
    const auto r = server.patch(mcc_base, {{"ballot", {{"method", "approval"}}}}, organiser);
    BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
    BOOST_TEST(r.json_body()["ballot"]["max_choices"] == 2);
    const auto ranked = server.patch(mcc_base, {{"ballot", {{"kind", "ranking"}}}}, organiser).json_body();
    BOOST_TEST(ranked["ballot"]["method"] == "schulze");
    BOOST_TEST(ranked["ballot"]["max_ranks"] == 5);
    server.set_clock("2020-10-01T06:00:00Z");
    // Once voting is open, restating a rule unchanged is not a change.
    BOOST_TEST(server.patch(mcc_base, {{"ballot", {{"kind", "ranking"}}}}, organiser).status == 200);
    BOOST_TEST(server.patch(mcc_base, {{"ballot", {{"max_ranks", 3}}}}, organiser).status == 409);
}

BOOST_AUTO_TEST_SUITE_END()
