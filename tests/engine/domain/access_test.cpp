// The authorization table (domain/access.hpp) and the closed vocabularies' name tables.
#include "engine/domain/access.hpp"
#include "engine/domain/commitment.hpp"
#include "engine/domain/exercise.hpp"
#include "engine/domain/model.hpp"
#include "engine/domain/relay.hpp"
#include "engine/domain/survey.hpp"

#include <boost/test/unit_test.hpp>

#include <set>

using namespace cabildo::engine;

namespace {

constexpr std::array all_roles{role::anonymous, role::admin,   role::organiser, role::issuer,
                               role::verifier,  role::officer, role::system};
constexpr std::array all_permissions{permission::anyone,   permission::administer, permission::organise,
                                     permission::issue,    permission::track,      permission::keyed,
                                     permission::officiate};

// Each enumerator has a distinct name, and the name reads back to it.
template <class E, std::size_t N, class Named>
void round_trips(const std::array<E, N>& values, Named named)
{
    std::set<std::string_view> seen;
    for (const E v : values) {
        const auto name = name_of(v);
        BOOST_TEST(!name.empty());
        BOOST_TEST(seen.insert(name).second, "the name " << name << " is given twice");
        BOOST_TEST((named(name) == v));
    }
    BOOST_TEST(!named("Organiser").has_value()); // names are exact
}

} // namespace

BOOST_AUTO_TEST_SUITE(authorization)

// The table, row by row: who may do what anywhere.
BOOST_AUTO_TEST_CASE(the_table)
{
    const auto may = [](role r) {
        std::set<permission> out;
        for (const auto p : all_permissions)
            if (allows(r, p))
                out.insert(p);
        return out;
    };
    using enum permission;
    BOOST_TEST((may(role::anonymous) == std::set{anyone}));
    BOOST_TEST((may(role::organiser) == std::set{anyone, organise, issue, track, keyed}));
    BOOST_TEST((may(role::issuer) == std::set{anyone, issue, keyed}));
    BOOST_TEST((may(role::verifier) == std::set{anyone, track, keyed}));
    BOOST_TEST((may(role::officer) == std::set{anyone, officiate, keyed}));
    BOOST_TEST(!may(role::organiser).contains(officiate)); // only officers enter a table's ballots
    BOOST_TEST(may(role::admin).size() == all_permissions.size());
    BOOST_TEST(may(role::system).size() == all_permissions.size());
}

// 401 without a key, saying which key to send; 403 with the wrong one, saying what it may do.
BOOST_AUTO_TEST_CASE(refusals_are_written_once)
{
    const auto f = refusal(permission::issue, role::anonymous);
    BOOST_REQUIRE(f);
    BOOST_TEST((f->code == errc::unauthorized));
    BOOST_TEST(f->message == "send an organiser or issuer key as Authorization: Bearer <key>");
    BOOST_TEST(refusal(permission::administer, role::organiser)->message == "only the admin may do this");
    BOOST_TEST(refusal(permission::organise, role::issuer)->message ==
               "an issuer key may only issue and revoke tokens");
    BOOST_TEST(refusal(permission::issue, role::verifier)->message ==
               "a verifier key may only verify or reject commitments");
    BOOST_TEST((refusal(permission::track, role::issuer)->code == errc::forbidden));
    for (const auto r : all_roles)
        for (const auto p : all_permissions)
            BOOST_TEST(refusal(p, r).has_value() == !allows(r, p));
}

// A municipality's key acts on its own municipality; the admin and the system anywhere.
BOOST_AUTO_TEST_CASE(keys_stay_in_their_municipality)
{
    BOOST_TEST(!refusal(permission::organise, role::organiser, 3, 3));
    const auto other = refusal(permission::organise, role::organiser, 3, 4);
    BOOST_REQUIRE(other);
    BOOST_TEST((other->code == errc::forbidden));
    BOOST_TEST(other->message == "this key belongs to another municipality");
    BOOST_TEST(refusal(permission::issue, role::issuer, 3, 4).has_value());
    BOOST_TEST(refusal(permission::track, role::verifier, 3, 4).has_value());
    BOOST_TEST(!refusal(permission::organise, role::admin, 0, 4));
    BOOST_TEST(!refusal(permission::organise, role::system, 0, 4));
    // The role is refused before the municipality is looked at.
    BOOST_TEST(refusal(permission::organise, role::issuer, 3, 4)->message ==
               "an issuer key may only issue and revoke tokens");
}

BOOST_AUTO_TEST_CASE(key_roles)
{
    BOOST_TEST((key_role_named("issuer") == role::issuer));
    BOOST_TEST(!key_role_named("admin").has_value());
    BOOST_TEST(!key_role_named("system").has_value());
    BOOST_TEST(!key_role_named("officer").has_value()); // made on its table
    BOOST_TEST((role_named("admin") == role::admin));
}

BOOST_AUTO_TEST_CASE(vocabularies_round_trip)
{
    round_trips(all_roles, role_named);
    round_trips(std::array{commitment_act::start, commitment_act::complete_milestone, commitment_act::reopen_milestone,
                           commitment_act::note, commitment_act::verify, commitment_act::reject},
                commitment_act_named);
    round_trips(std::array{commitment_event::created, commitment_event::edited, commitment_event::started,
                           commitment_event::milestone_completed, commitment_event::milestone_reopened,
                           commitment_event::verified, commitment_event::rejected, commitment_event::note},
                commitment_event_named);
    round_trips(std::array{step_status::pending, step_status::in_progress, step_status::done}, step_status_named);
    round_trips(std::array{report_kind::interim, report_kind::final_report}, report_kind_named);
    round_trips(std::array{anonymity::signed_tokens, anonymity::blind}, anonymity_named);
    round_trips(std::array{commitment_status::not_started, commitment_status::started, commitment_status::completed,
                           commitment_status::verified},
                commitment_status_named);
    round_trips(std::array{question_kind::single, question_kind::multiple, question_kind::scale, question_kind::ranking,
                           question_kind::text},
                question_kind_named);
    round_trips(std::array{text_status::pending, text_status::published, text_status::hidden}, text_status_named);
    round_trips(std::array{relay_state::waiting, relay_state::signing, relay_state::signed_by_desk,
                           relay_state::delivered, relay_state::collected, relay_state::voided},
                relay_state_named);
    BOOST_TEST(names_in(step_status_names()) == "pending, in_progress or done");
    BOOST_TEST(names_in(commitment_act_names()) ==
               "start, complete_milestone, reopen_milestone, note, verify or reject");
}

// Every act leaves the history entry of its own name's past.
BOOST_AUTO_TEST_CASE(acts_leave_their_entries)
{
    BOOST_TEST(name_of(event_of(commitment_act::complete_milestone)) == "milestone_completed");
    BOOST_TEST(name_of(event_of(commitment_act::reopen_milestone)) == "milestone_reopened");
    BOOST_TEST(name_of(event_of(commitment_act::start)) == "started");
    BOOST_TEST(name_of(event_of(commitment_act::verify)) == "verified");
    BOOST_TEST(name_of(event_of(commitment_act::reject)) == "rejected");
    BOOST_TEST(name_of(event_of(commitment_act::note)) == "note");
}

BOOST_AUTO_TEST_SUITE_END()
