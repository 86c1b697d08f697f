#include "engine/domain/commitment.hpp"

#include "engine/domain/rfc3339.hpp"
#include "engine/publication/commitment_documents.hpp"

#include <boost/test/unit_test.hpp>

using namespace cabildo::engine;

namespace {

time_point moment(const char* s) { return *parse_rfc3339(s); }

// A commitment of the model case's development window with three milestones, 25 + 25 + 50.
commitment mercado()
{
    commitment c;
    c.id = 1;
    c.title = "Mercado nocturno";
    c.starts = moment("2020-11-09T07:00:00Z");
    c.ends = moment("2020-12-04T07:00:00Z");
    c.milestones = {{"Permiso", 25, std::nullopt, std::nullopt},
                    {"Primer viernes", 25, std::nullopt, std::nullopt},
                    {"Doce viernes", 50, std::nullopt, std::nullopt}};
    return c;
}

// An act by the name a request gives it (every name in the table reads back).
commitment_action act(std::string_view action, std::optional<int> milestone = std::nullopt, std::string note = {},
                      evidence e = {})
{
    const auto named = commitment_act_named(action);
    BOOST_REQUIRE(named);
    return {*named, milestone, std::move(note), std::move(e)};
}

} // namespace

BOOST_AUTO_TEST_SUITE(commitment_progress)

BOOST_AUTO_TEST_CASE(progress_is_the_sum_of_the_completed_weights_written_out)
{
    auto c = mercado();
    BOOST_TEST(progress_of(c) == 0);
    BOOST_TEST(progress_formula(c) == "0");
    c.milestones[2].completed_at = moment("2020-11-20T00:00:00Z");
    BOOST_TEST(progress_of(c) == 50);
    BOOST_TEST(progress_formula(c) == "50");
    c.milestones[0].completed_at = moment("2020-11-21T00:00:00Z");
    BOOST_TEST(progress_of(c) == 75);
    BOOST_TEST(progress_formula(c) == "25 + 50 = 75");
    c.milestones[1].completed_at = moment("2020-11-22T00:00:00Z");
    BOOST_TEST(progress_of(c) == 100);
    BOOST_TEST(progress_formula(c) == "25 + 25 + 50 = 100");
}

BOOST_AUTO_TEST_CASE(status_follows_the_milestones_and_the_verification)
{
    auto c = mercado();
    BOOST_TEST(name_of(status_of(c)) == "not_started");
    c.started_at = moment("2020-11-10T00:00:00Z");
    BOOST_TEST(name_of(status_of(c)) == "started");
    c.started_at.reset();
    c.milestones[0].completed_at = moment("2020-11-10T00:00:00Z");
    BOOST_TEST(name_of(status_of(c)) == "started"); // a completed milestone starts it
    for (auto& m : c.milestones)
        m.completed_at = moment("2020-11-30T00:00:00Z");
    BOOST_TEST(name_of(status_of(c)) == "completed");
    c.verification = verification{moment("2020-12-01T00:00:00Z"), {"https://hermosillo.gob.mx/acta.pdf", ""}, "Visita"};
    BOOST_TEST(name_of(status_of(c)) == "verified");
}

BOOST_AUTO_TEST_CASE(weights_must_sum_to_one_hundred_inside_the_dates)
{
    auto c = mercado();
    BOOST_TEST(!check_milestones(c.milestones, c.starts, c.ends));
    c.milestones[2].weight = 49;
    const auto sum = check_milestones(c.milestones, c.starts, c.ends);
    BOOST_REQUIRE(sum);
    BOOST_TEST(sum->field == "milestones");
    BOOST_TEST(sum->message.find("99") != std::string::npos);
    c.milestones[2].weight = 101;
    BOOST_TEST(check_milestones(c.milestones, c.starts, c.ends)->field == "milestones[2].weight");
    c = mercado();
    c.milestones[1].due = moment("2020-12-24T00:00:00Z");
    BOOST_TEST(check_milestones(c.milestones, c.starts, c.ends)->field == "milestones[1].due");
    BOOST_TEST(check_milestones({}, c.starts, c.ends)->field == "milestones");
}

BOOST_AUTO_TEST_CASE(evidence_is_a_web_address_or_a_sha256)
{
    BOOST_TEST(!check_evidence({"https://hermosillo.gob.mx/acta.pdf", ""}, true));
    BOOST_TEST(!check_evidence({"", std::string(64, 'f')}, true));
    BOOST_TEST(check_evidence({}, true)->field == "evidence");
    BOOST_TEST(!check_evidence({}, false));
    BOOST_TEST(check_evidence({"javascript:alert(1)", ""}, true)->field == "evidence.url");
    BOOST_TEST(check_evidence({"https://", ""}, true)->field == "evidence.url");
    BOOST_TEST(check_evidence({"https://a.mx/un archivo", ""}, true)->field == "evidence.url");
    BOOST_TEST(check_evidence({"", std::string(64, 'F')}, true)->field == "evidence.sha256");
    BOOST_TEST(check_evidence({"", std::string(63, 'f')}, true)->field == "evidence.sha256");
}

BOOST_AUTO_TEST_CASE(only_a_verifier_verifies_and_only_what_is_completed)
{
    auto c = mercado();
    const auto now = moment("2020-11-15T00:00:00Z");
    const evidence link{"https://hermosillo.gob.mx/acta.pdf", ""};
    BOOST_TEST(apply_action(c, role::organiser, act("verify", {}, "Hecho", link), now).error().code == errc::forbidden);
    BOOST_TEST(apply_action(c, role::verifier, act("verify", {}, "Visto", link), now).error().code ==
               errc::wrong_status);
    BOOST_TEST(apply_action(c, role::verifier, act("complete_milestone", 1), now).error().code == errc::forbidden);
    for (int n : {1, 2, 3})
        BOOST_TEST(apply_action(c, role::organiser, act("complete_milestone", n), now).ok());
    BOOST_TEST((c.started_at == now));
    BOOST_TEST(apply_action(c, role::verifier, act("verify", {}, "", link), now).error().field == "note");
    BOOST_TEST(apply_action(c, role::verifier, act("verify", {}, "Visto"), now).error().field == "evidence");
    BOOST_TEST(name_of(status_of(c)) == "completed"); // refusals change nothing
    BOOST_TEST(apply_action(c, role::verifier, act("verify", {}, "Visto", link), now).ok());
    BOOST_TEST(name_of(status_of(c)) == "verified");
    BOOST_TEST(apply_action(c, role::organiser, act("reopen_milestone", 1, "Error"), now).error().code ==
               errc::wrong_status);
    BOOST_TEST(apply_action(c, role::organiser, act("note", {}, "Sigue"), now).ok());
}

BOOST_AUTO_TEST_CASE(a_rejection_reopens_the_milestone_completed_last)
{
    auto c = mercado();
    BOOST_TEST(apply_action(c, role::organiser, act("complete_milestone", 2), moment("2020-11-10T00:00:00Z")).ok());
    BOOST_TEST(apply_action(c, role::organiser, act("complete_milestone", 3), moment("2020-11-20T00:00:00Z")).ok());
    BOOST_TEST(apply_action(c, role::organiser, act("complete_milestone", 1), moment("2020-11-12T00:00:00Z")).ok());
    BOOST_TEST(apply_action(c, role::verifier, act("reject"), moment("2020-11-21T00:00:00Z")).error().field == "note");
    const auto r = apply_action(c, role::verifier, act("reject", {}, "Sin fotos"), moment("2020-11-21T00:00:00Z"));
    BOOST_REQUIRE(r.ok());
    BOOST_TEST((r.value() == std::optional<int>(3)));
    BOOST_TEST(name_of(status_of(c)) == "started");
    BOOST_TEST(progress_of(c) == 50);
}

BOOST_AUTO_TEST_CASE(the_plan_summary_is_a_rounded_mean_by_status)
{
    auto a = mercado(), b = mercado(), d = mercado();
    a.milestones[0].completed_at = moment("2020-11-10T00:00:00Z"); // 25, started
    for (auto& m : b.milestones)
        m.completed_at = moment("2020-11-10T00:00:00Z"); // 100, completed
    const auto s = plan_summary({&a, &b, &d});
    BOOST_TEST(s["started"] == 1);
    BOOST_TEST(s["completed"] == 1);
    BOOST_TEST(s["not_started"] == 1);
    BOOST_TEST(s["verified"] == 0);
    BOOST_TEST(s["total"] == 3);
    BOOST_TEST(s["progress"] == 42); // 125 / 3 = 41.67
    BOOST_TEST(plan_summary({})["progress"] == 0);
    const auto csv = commitments_csv({&a});
    BOOST_TEST(csv.find("\n1,\"Mercado nocturno\",\"\",started,25,\"25\",2020-11-09T07:00:00Z,") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
