// The announced ranking read back from the published document, the results as served (a live
// count, or the stored document with today's moderation), and the JWKS writer, as pure functions
// of their inputs.

#include "engine/publication/documents.hpp"
#include "engine/publication/results_document.hpp"

#include "engine/domain/rfc3339.hpp"
#include "engine/identity/crypto.hpp"

#include <boost/test/unit_test.hpp>

using namespace cabildo::engine;

BOOST_AUTO_TEST_SUITE(results_document)

BOOST_AUTO_TEST_CASE(the_announced_ranking_takes_its_numbers_from_the_document_and_its_text_from_the_ideas)
{
    challenge ch;
    ch.announced_result = R"({"ranking":[
        {"rank":1,"idea":7,"score":12,"winner":true,"title":"Old title","cost":500},
        {"rank":2,"idea":3,"score":9,"winner":false,"hidden":true},
        {"rank":3,"idea":5,"score":1,"winner":false,"title":"Kept as published"}]})";
    idea seven;
    seven.id = 7;
    seven.title = "Title now";
    idea three;
    three.id = 3;
    three.title = "Restored";
    const std::vector<idea> now{seven, three};
    const auto ranking = announced_ranking(ch, now);
    BOOST_REQUIRE_EQUAL(ranking.size(), 3u);
    BOOST_TEST(ranking[0].idea == 7);
    BOOST_TEST(ranking[0].winner);
    BOOST_TEST(ranking[0].score == 12);
    BOOST_TEST(ranking[0].cost.value_or(0) == 500);
    BOOST_TEST(ranking[0].title.value_or("") == "Title now");
    BOOST_TEST(ranking[1].title.value_or("") == "Restored"); // restored since the count
    BOOST_TEST(!ranking[1].hidden);
    BOOST_TEST(ranking[2].title.value_or("") == "Kept as published"); // not among the ideas read
    BOOST_TEST(!ranking[2].cost);
    // Written back, a line is the document's line.
    BOOST_TEST(to_document(ranking[0]) ==
               nlohmann::json::parse(R"({"rank":1,"idea":7,"score":12,"winner":true,"title":"Title now","cost":500})"));
    BOOST_TEST(announced_ranking(challenge{}, now).empty()); // nothing before the announcement
}

BOOST_AUTO_TEST_CASE(an_ed25519_key_gets_the_rfc_8037_thumbprint_as_its_kid)
{
    // RFC 8037 appendix A.2 and A.3: the public key and its RFC 7638 thumbprint.
    const auto x = base64url_decode("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
    BOOST_REQUIRE(x);
    const auto jwks = to_document(verification_keys{*x, std::nullopt});
    BOOST_TEST(jwks["keys"][0]["kid"] == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
    BOOST_TEST(jwks["keys"][0]["alg"] == "EdDSA");
}

BOOST_AUTO_TEST_CASE(a_count_is_a_pure_function_of_the_ideas_and_the_ballots)
{
    challenge ch;
    ch.slug = "reactivacion";
    ch.municipality_slug = "hermosillo";
    ch.ballot.max_choices = 2; // approval, counted by approval: the defaults
    ch.winners = 1;
    ch.tie_break_seed = "seed";
    idea a, b;
    a.id = 4;
    a.title = "Mercado";
    b.id = 9;
    b.title = "Ciclovía";
    b.hidden = true; // hidden after the close: counted, its title withheld
    challenge_ballots cast;
    const std::vector<idea_id> both{4, 9}, nine{9};
    cast.approvals.add(both);
    cast.approvals.add(nine);
    const auto count = count_challenge(ch, {a, b}, cast);
    BOOST_TEST(count.counted.result.ballots == 2u);
    const auto doc = to_document(count, ch);
    BOOST_TEST(doc["ranking"][0]["idea"] == 9);
    BOOST_TEST(doc["ranking"][0]["winner"] == true);
    BOOST_TEST(doc["ranking"][0]["hidden"] == true);
    BOOST_TEST(!doc["ranking"][0].contains("title"));
    BOOST_TEST(doc["ranking"][1]["title"] == "Mercado");
    BOOST_TEST(doc["method"] == "approval");
    // The same inputs, the same document.
    BOOST_TEST(to_document(count_challenge(ch, {a, b}, cast), ch) == doc);
}

BOOST_AUTO_TEST_CASE(a_live_count_is_served_unannounced_and_counted_now)
{
    challenge ch;
    ch.slug = "reactivacion";
    ch.municipality_slug = "hermosillo";
    ch.ballot.max_choices = 2;
    ch.tie_break_seed = "seed";
    idea a;
    a.id = 4;
    a.title = "Mercado";
    challenge_ballots cast;
    const std::vector<idea_id> four{4};
    cast.approvals.add(four);
    const auto now = *parse_rfc3339("2020-10-26T06:00:00Z");
    auto count = count_challenge(ch, {a}, cast);
    const auto expected = to_document(count, ch);
    const auto doc = to_document(challenge_results{ch, std::move(count), {}, now});
    BOOST_TEST(doc["announced"] == false);
    BOOST_TEST(!doc.contains("announced_at"));
    BOOST_TEST(doc["counted_at"] == "2020-10-26T06:00:00Z");
    BOOST_TEST(doc["ballots"] == 1);
    BOOST_TEST(doc["ranking"] == expected["ranking"]);
    BOOST_TEST(doc["ranking"][0]["title"] == "Mercado");
}

BOOST_AUTO_TEST_CASE(published_results_are_the_stored_document_with_the_text_moderation_leaves_now)
{
    challenge ch;
    ch.announced_at = *parse_rfc3339("2020-11-02T12:00:00Z");
    ch.announced_result = R"({"ballots":3,"method":"approval","ranking":[
        {"rank":1,"idea":7,"score":12,"winner":true,"title":"Old title"},
        {"rank":2,"idea":3,"score":9,"winner":false,"hidden":true},
        {"rank":3,"idea":5,"score":1,"winner":false,"title":"Kept as published"}]})";
    idea seven;
    seven.id = 7;
    seven.title = "Old title";
    seven.hidden = true; // hidden since the count: keeps its place, loses its title
    idea three;
    three.id = 3;
    three.title = "Restored";
    const auto doc =
        to_document(challenge_results{ch, std::nullopt, {seven, three}, *parse_rfc3339("2021-01-01T00:00:00Z")});
    BOOST_TEST(doc["announced"] == true);
    BOOST_TEST(doc["announced_at"] == "2020-11-02T12:00:00Z");
    BOOST_TEST(doc["counted_at"] == "2020-11-02T12:00:00Z"); // the announcement, not the read
    BOOST_TEST(doc["ballots"] == 3);
    BOOST_TEST(doc["ranking"][0]["hidden"] == true);
    BOOST_TEST(!doc["ranking"][0].contains("title"));
    BOOST_TEST(doc["ranking"][0]["score"] == 12);
    BOOST_TEST(doc["ranking"][1]["title"] == "Restored");
    BOOST_TEST(!doc["ranking"][1].contains("hidden"));
    BOOST_TEST(doc["ranking"][2]["title"] == "Kept as published"); // not among the ideas read
    // The document as stored, and the three fields of the announcement: nothing else.
    auto stored = nlohmann::json::parse(ch.announced_result);
    stored["ranking"][0].erase("title");
    stored["ranking"][0]["hidden"] = true;
    stored["ranking"][1].erase("hidden");
    stored["ranking"][1]["title"] = "Restored";
    stored["announced"] = true;
    stored["announced_at"] = "2020-11-02T12:00:00Z";
    stored["counted_at"] = "2020-11-02T12:00:00Z";
    BOOST_TEST(doc.dump() == stored.dump());
}

BOOST_AUTO_TEST_SUITE_END()
