// The demo `make run` seeds: today's open challenges, and San Nicolás's past edition whose
// action plan shows a commitment at every status, one verified with evidence.

#include "app/demo.hpp"

#include "engine/identity/crypto.hpp"
#include "engine/publication/results_document.hpp"
#include "engine/storage/sqlite_store.hpp"
#include "engine/use_cases/await_result.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <map>

using namespace cabildo::engine;

namespace {

struct demo_fixture {
    std::filesystem::path dir = std::filesystem::temp_directory_path() / ("cabildo-demo-" + to_hex(random_bytes(6)));
    std::string secret = random_bytes(32);
    manual_clock clock{time_point{std::chrono::seconds{1796299200}}}; // 3 Dec 2026, 12:00 UTC: last year is 2025
    std::unique_ptr<sqlite_store> storage;
    std::unique_ptr<service> svc;

    demo_fixture()
    {
        std::filesystem::create_directories(dir);
        storage = std::make_unique<sqlite_store>(sqlite_options{dir / "demo.db"});
        svc = std::make_unique<service>(*storage, clock, secret, std::string(32, 'a'), std::vector<access_key>{});
    }
    ~demo_fixture()
    {
        svc.reset();
        storage->close();
        storage.reset();
        std::filesystem::remove_all(dir);
    }
};

} // namespace

BOOST_FIXTURE_TEST_CASE(the_demo_has_a_past_edition_with_a_commitment_at_every_status, demo_fixture)
{
    BOOST_REQUIRE(cabildo::app::seed_demo(*svc, storage.get(), secret));
    const auto plan = await_result<std::vector<commitment_view>>([&](auto cb) {
        svc->action_plan().list_commitments({"san-nicolas", "movilidad-urbana-2025"}, cb);
    });
    BOOST_REQUIRE_MESSAGE(plan.ok(), (plan.ok() ? std::string() : plan.error().message));
    std::map<std::string, int> statuses;
    for (const auto& v : plan.value())
        ++statuses[std::string(name_of(status_of(v.commitment)))];
    BOOST_TEST(statuses ==
               (std::map<std::string, int>{{"completed", 1}, {"not_started", 1}, {"started", 1}, {"verified", 1}}));
    const auto& verified = plan.value().front().commitment;
    BOOST_REQUIRE(verified.verification);
    BOOST_TEST(verified.verification->evidence.sha256.size() == 64u);
    BOOST_TEST(!verified.verification->note.empty());
    // Its consultation has results, its words moderated, and it seeded the categories.
    const auto frozen = await_result<survey_results_view>([&](auto cb) {
        svc->consultation().survey_results({}, {"san-nicolas", "movilidad-urbana-2025"}, cb);
    });
    BOOST_REQUIRE(frozen.ok());
    BOOST_REQUIRE(!frozen->progress); // closed: the frozen document
    const auto survey = nlohmann::json::parse(frozen->frozen);
    BOOST_TEST(survey["responses"] == 10);
    BOOST_TEST(survey["questions"][3]["published"].size() == 3u);
    BOOST_TEST(survey["questions"][3]["hidden"] == 1);
    const auto past = await_result<challenge_view>([&](auto cb) {
        svc->challenges().get_challenge({"san-nicolas", "movilidad-urbana-2025"}, cb);
    });
    BOOST_TEST(past.value().challenge.categories ==
               (std::vector<std::string>{"peatones", "transporte público", "bicicleta"}));
    // And its exercise: twelve steps done, the reports under way, the interim report at hand.
    const auto report = await_result<report_view>([&](auto cb) {
        svc->action_plan().exercise_report({"san-nicolas", "apertura-2025"}, report_kind::interim, cb);
    });
    BOOST_REQUIRE(report.ok());
    const auto interim = report_document(report.value());
    BOOST_TEST(interim["steps"][11]["status"] == "done");
    BOOST_TEST(interim["steps"][12]["status"] == "in_progress");
    BOOST_TEST(interim["summary"]["total"] == 4);
    // Its in-person day: two tables whose acts are closed, so the results show both channels.
    const auto tables = await_result<std::vector<table_view>>([&](auto cb) {
        svc->tables().list_tables({"san-nicolas", "movilidad-urbana-2025"}, cb);
    });
    BOOST_REQUIRE(tables.ok());
    BOOST_REQUIRE_EQUAL(tables->size(), 2u);
    for (const auto& t : *tables)
        BOOST_TEST(t.counted.has_value(), t.table.name << " has no closed act");
    const auto results = await_result<challenge_results>([&](auto cb) {
        svc->ballots().results({}, {"san-nicolas", "movilidad-urbana-2025"}, cb);
    });
    BOOST_REQUIRE(results.ok());
    const auto doc = to_document(results.value());
    BOOST_TEST(doc["channels"]["online"]["ballots"] == 10);
    BOOST_TEST(doc["channels"]["in_person"]["ballots"] == 3);
    BOOST_TEST(doc["channels"]["in_person"]["blank"] == 1);
    BOOST_TEST(doc["channels"]["in_person"]["null"] == 1);
    BOOST_TEST(doc["districts"].size() == 2u);
    BOOST_TEST(doc["ranking"][0]["score"] == 10); // 8 online, 2 on paper
    // Today's challenges are untouched by it, and a second start seeds nothing.
    const auto today = await_result<challenge_view>([&](auto cb) {
        svc->challenges().get_challenge({"san-nicolas", "movilidad-urbana"}, cb);
    });
    BOOST_TEST(today.ok());
    BOOST_TEST(!cabildo::app::seed_demo(*svc, storage.get(), secret));
}

// The past edition is made by a service of its own on the server's store. It once took the store's
// closing step (the boards' signed heads) for itself and left it pointing at nothing when it was
// done: the next batch of the server's own writes crashed `make run`'s server, or went unsigned.
BOOST_FIXTURE_TEST_CASE(the_server_s_boards_are_still_signed_after_the_past_edition_is_seeded, demo_fixture)
{
    BOOST_REQUIRE(cabildo::app::seed_demo(*svc, storage.get(), secret));
    const challenge_ref which{"hermosillo", "reactivacion-economica"};
    const auto before = await_result<stored_head>([&](auto cb) { svc->board().head(which, cb); });
    BOOST_REQUIRE(before.ok());
    const caller admin{role::admin, 0};
    const auto cards = await_result<issuance>([&](auto cb) {
        svc->participants().issue_tokens(admin, which, {{}, 1, false, "prueba"}, cb);
    });
    BOOST_REQUIRE(cards.ok());
    const auto shown = await_result<challenge_view>([&](auto cb) { svc->challenges().get_challenge(which, cb); });
    BOOST_REQUIRE(shown.ok());
    const idea_input idea{cards->tokens[0].token,
                          "Mercado de productores",
                          "Los sábados en la plaza",
                          shown->challenge.categories.front(),
                          std::nullopt,
                          std::nullopt};
    const auto made =
        await_result<cabildo::engine::idea>([&](auto cb) { svc->challenges().submit_idea(which, idea, cb); });
    BOOST_REQUIRE_MESSAGE(made.ok(), (made.ok() ? std::string() : made.error().message));
    const auto after = await_result<stored_head>([&](auto cb) { svc->board().head(which, cb); });
    BOOST_REQUIRE(after.ok());
    BOOST_TEST(after->size > before->size); // the idea's entry is under a head signed after it
}
