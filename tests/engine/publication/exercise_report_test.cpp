// The interim and final reports of an exercise as served: written from what the use cases read,
// the final one as issued (stored JSON text), with what moderation withdrew since and its addendum.

#include "engine/publication/exercise_report.hpp"

#include "engine/domain/rfc3339.hpp"
#include "engine/identity/crypto.hpp"

#include <boost/test/unit_test.hpp>

using namespace cabildo::engine;
using json = nlohmann::json;

namespace {

time_point report_time(const char* s) { return *parse_rfc3339(s); }

// Hermosillo's exercise with one announced challenge: a winner, a closed consultation and a
// commitment with one history entry.
struct report_inputs {
    municipality m{1, "hermosillo", "Hermosillo", "Sonora", "America/Hermosillo", "es-MX", {}};
    exercise e{3, 1, "apertura-2020", "Gobierno abierto 2020", {8}, pending_steps(), {}, {}};
    std::vector<report_part> parts;

    report_inputs()
    {
        report_part p;
        p.challenge.id = 8;
        p.challenge.slug = "reactivacion";
        p.challenge.title = "Reactivación";
        p.challenge.announced_at = report_time("2020-11-02T12:00:00Z");
        p.ideas_open = true;
        p.survey_public = true;
        p.winners.push_back({7, 1, 12, true, std::nullopt, std::string("Mercado nocturno"), false});
        p.survey = R"({"closed":true,"responses":10,"questions":[]})";
        commitment k;
        k.id = 21;
        k.title = "Mercado los jueves";
        k.ideas = {7};
        k.milestones = {{"Permisos", 40, std::nullopt, std::nullopt}, {"Apertura", 60, std::nullopt, std::nullopt}};
        commitment_update created;
        created.id = 40;
        created.commitment_id = 21;
        created.at = report_time("2020-11-10T09:00:00Z");
        p.plan.push_back({k, {p.winners[0]}, {created}, 1, std::nullopt});
        parts.push_back(std::move(p));
    }

    report_view interim(time_point now) const
    {
        return {report_kind::interim, m, e, parts, now, std::nullopt, std::nullopt};
    }

    // The report as issue_final_report stores it.
    issued_report_text issue(time_point now) const
    {
        auto doc = report_document("final", m, e, parts, now);
        doc["issued_at"] = format_rfc3339(now);
        return {doc.dump(), report_digest(doc), 40};
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(exercise_report)

BOOST_AUTO_TEST_CASE(the_interim_report_is_written_from_the_parts_as_they_stand)
{
    const report_inputs in;
    const auto doc = report_document(in.interim(report_time("2020-12-01T00:00:00Z")));
    BOOST_TEST(doc["kind"] == "interim");
    BOOST_TEST(doc["generated_at"] == "2020-12-01T00:00:00Z");
    BOOST_TEST(doc["municipality"] == json::parse(R"({"slug":"hermosillo","name":"Hermosillo","state":"Sonora",
        "timezone":"America/Hermosillo"})"));
    BOOST_TEST(doc["exercise"] == json::parse(R"({"slug":"apertura-2020","title":"Gobierno abierto 2020"})"));
    BOOST_TEST(doc["steps"].size() == strategy_step_count);
    BOOST_TEST(doc["steps"][4]["links"][0]["href"] == "/hermosillo/reactivacion/survey/results");
    const auto& c = doc["challenges"][0];
    BOOST_TEST(c["slug"] == "reactivacion");
    BOOST_TEST(c["announced_at"] == "2020-11-02T12:00:00Z");
    // A winner without its rank and flag; the consultation's document as kept.
    BOOST_TEST(c["winners"] == json::parse(R"([{"idea":7,"score":12,"title":"Mercado nocturno"}])"));
    BOOST_TEST(c["consultation"] == json::parse(R"({"closed":true,"responses":10,"questions":[]})"));
    BOOST_REQUIRE_EQUAL(c["commitments"].size(), 1u);
    const auto& k = c["commitments"][0];
    BOOST_TEST(k["id"] == 21);
    BOOST_TEST(k["ideas"][0]["id"] == 7);
    BOOST_TEST(k["ideas"][0]["title"] == "Mercado nocturno");
    BOOST_TEST(k["history"][0]["id"] == 40);
    BOOST_TEST(k["history_total"] == 1);
    BOOST_TEST(!k.contains("history_next_after"));
    BOOST_TEST(c["summary"]["total"] == 1);
    BOOST_TEST(doc["summary"]["not_started"] == 1);
    // Without a public consultation its place is null.
    auto closed_later = in;
    closed_later.parts[0].survey.reset();
    BOOST_TEST(
        report_document(closed_later.interim(report_time("2020-12-01T00:00:00Z")))["challenges"][0]["consultation"]
            .is_null());
}

BOOST_AUTO_TEST_CASE(a_final_report_just_issued_is_served_as_stored_with_its_digest)
{
    const report_inputs in;
    const auto issued = in.issue(report_time("2021-06-01T09:00:00Z"));
    const report_view v{report_kind::final_report,           in.m,   in.e,        {},
                        report_time("2021-06-01T09:00:00Z"), issued, std::nullopt};
    const auto doc = report_document(v);
    auto expected = json::parse(issued.body);
    expected["digest"] = issued.digest;
    expected["withdrawn"] = 0;
    BOOST_TEST(doc.dump() == expected.dump());
    BOOST_TEST(doc["kind"] == "final");
    BOOST_TEST(doc["issued_at"] == "2021-06-01T09:00:00Z");
    BOOST_TEST(doc["digest"].get<std::string>().size() == 64u);
    BOOST_TEST(!doc.contains("addendum"));
}

BOOST_AUTO_TEST_CASE(a_final_report_read_later_withdraws_moderated_text_and_adds_what_changed_since)
{
    report_inputs in;
    const auto issued = in.issue(report_time("2021-06-01T09:00:00Z"));
    // Since the issue: step 13 started, a new history entry, and the winner's title hidden.
    in.e.steps[12].status = step_status::in_progress;
    commitment_update noted;
    noted.id = 41;
    noted.commitment_id = 21;
    noted.at = report_time("2021-06-10T09:00:00Z");
    noted.action = commitment_event::note;
    noted.note = "Permisos en trámite";
    in.parts[0].plan[0].history.push_back(noted);
    withdrawn_content w;
    w.by_challenge["reactivacion"].ideas = {7};
    const exercise_update step{9, 3, report_time("2021-06-05T00:00:00Z"), role::organiser,
                               R"({"steps":[{"n":13,"status":{"from":"pending","to":"in_progress"}}]})"};
    const report_view v{
        report_kind::final_report,          in.m, in.e, in.parts, report_time("2021-06-20T00:00:00Z"), issued,
        report_view::since_issue{w, {step}}};
    const auto doc = report_document(v);
    BOOST_TEST(doc["issued_at"] == "2021-06-01T09:00:00Z");
    BOOST_TEST(doc["digest"] == issued.digest); // withdrawing does not change it
    BOOST_TEST(doc["withdrawn"] == 2);          // the winner's title and the commitment idea's
    const auto& winner = doc["challenges"][0]["winners"][0];
    BOOST_TEST(winner["title"]["withdrawn"] == true);
    BOOST_TEST(winner["title"]["sha256"] == to_hex(sha256("Mercado nocturno")));
    BOOST_TEST(report_digest(doc) == issued.digest);
    const auto& addendum = doc["addendum"];
    BOOST_TEST(addendum["since"] == "2021-06-01T09:00:00Z");
    BOOST_TEST(addendum["generated_at"] == "2021-06-20T00:00:00Z");
    BOOST_REQUIRE_EQUAL(addendum["steps"].size(), 1u);
    BOOST_TEST(addendum["steps"][0]["n"] == 13);
    BOOST_TEST(addendum["steps"][0]["status"] == "in_progress");
    BOOST_REQUIRE_EQUAL(addendum["commitments"].size(), 1u);
    BOOST_TEST(addendum["commitments"][0]["id"] == 21);
    BOOST_REQUIRE_EQUAL(addendum["commitments"][0]["entries"].size(), 1u); // 40 was seen by the issue
    BOOST_TEST(addendum["commitments"][0]["entries"][0]["id"] == 41);
    BOOST_TEST(addendum["exercise_history"] == json::parse(R"([{"id":9,"at":"2021-06-05T00:00:00Z","by":"organiser",
                   "changes":{"steps":[{"n":13,"status":{"from":"pending","to":"in_progress"}}]}}])"));
    // One issued before digests were kept gets the digest of what it says.
    auto old = issued;
    old.digest.clear();
    const report_view legacy{report_kind::final_report,           in.m, in.e,        {},
                             report_time("2021-06-20T00:00:00Z"), old,  std::nullopt};
    BOOST_TEST(report_document(legacy)["digest"] == issued.digest);
}

BOOST_AUTO_TEST_SUITE_END()
