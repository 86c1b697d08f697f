// The use cases against a real SQLite file and a manual clock.

#include "engine/use_cases/service.hpp"

#include "engine/domain/rfc3339.hpp"
#include "engine/identity/key_vault.hpp"
#include "engine/storage/sqlite_store.hpp"
#include "engine/use_cases/await_result.hpp"
#include "tests/engine/use_cases/fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

using namespace cabildo::engine;

using use_case_test::at;
using use_case_test::fixture;

BOOST_FIXTURE_TEST_SUITE(service_use_cases, fixture)

BOOST_AUTO_TEST_CASE(one_person_named_twice_in_a_reissue_gets_one_live_token)
{
    const auto old = issue({{"abc-123"}, 0, false, {}});
    const auto re = issue({{"abc-123", "ABC 123", "other"}, 0, true, {}});
    BOOST_REQUIRE_EQUAL(re.size(), 3u);
    BOOST_TEST(re[0].token == re[1].token); // the same person: one token, not one revoked by the next
    BOOST_TEST(re[0].token != old[0].token);
    BOOST_TEST(*re[1].ref == "ABC 123"); // each entry answers with the reference as it was sent
    clock.set(at("2020-10-02T00:00:00Z"));
    BOOST_TEST(vote(re[0].token, {}).ok());
    BOOST_TEST(vote(re[2].token, {}).ok());
    const auto r = vote(old[0].token, {});
    BOOST_REQUIRE(!r.ok());
    BOOST_TEST(r.error().code == errc::token_revoked);
}

BOOST_AUTO_TEST_CASE(issuing_by_reference_is_idempotent_and_revocation_lets_a_new_token_replace_the_old)
{
    const auto first = issue({{"CURP-A", "CURP-B"}, 0, false, {}});
    const auto again = issue({{"CURP-A"}, 0, false, {}});
    BOOST_TEST(first[0].token == again[0].token);
    BOOST_TEST(first[0].token != first[1].token);

    const auto revoked = await_result<revoke_outcome>([&](auto cb) {
        svc->participants().revoke_tokens(organiser, {"hermosillo", "reactivacion"}, {{}, {"CURP-A"}}, cb);
    });
    BOOST_REQUIRE(revoked.ok());
    BOOST_TEST(revoked->revoked == 1u);
    const auto fresh = issue({{"CURP-A"}, 0, false, {}});
    BOOST_TEST(fresh[0].token != first[0].token);

    clock.set(at("2020-10-02T00:00:00Z"));
    const auto r = vote(first[0].token, {});
    BOOST_REQUIRE(!r.ok());
    BOOST_TEST(r.error().code == errc::token_revoked);
    BOOST_TEST(vote(fresh[0].token, {}).ok());
}

BOOST_AUTO_TEST_CASE(the_latest_ballot_of_a_token_counts_and_results_follow_the_windows)
{
    const auto cards = issue({{}, 3, false, {}});
    BOOST_REQUIRE_EQUAL(cards.size(), 3u);
    BOOST_TEST(submit(cards[0].token, "Mercado").error().code == errc::phase_not_open);
    clock.set(at("2020-10-01T06:00:00Z"));
    const auto a = submit(cards[0].token, "Mercado nocturno");
    const auto b = submit(cards[1].token, "Ciclovía");
    BOOST_REQUIRE(a.ok());
    BOOST_REQUIRE(b.ok());

    const auto first = vote(cards[0].token, {a->id});
    BOOST_REQUIRE(first.ok());
    BOOST_TEST(!first->replaced);
    const auto second = vote(cards[0].token, {b->id});
    BOOST_REQUIRE(second.ok());
    BOOST_TEST(second->replaced);
    BOOST_TEST(first->receipt != second->receipt);
    BOOST_TEST(vote(cards[1].token, {b->id}).ok());
    BOOST_TEST(vote(cards[2].token, {a->id, b->id, a->id}).error().field == "choices[2]");
    BOOST_TEST(vote(cards[2].token, {a->id + 1000}).error().code == errc::unknown_idea);

    caller anyone;
    BOOST_TEST(await_result<challenge_results>([&](auto cb) {
                   svc->ballots().results(organiser, {"hermosillo", "reactivacion"}, cb);
               })
                   .error()
                   .code == errc::phase_not_open);
    clock.set(at("2020-10-26T06:00:00Z"));
    BOOST_TEST(vote(cards[2].token, {a->id}).error().code == errc::phase_closed);
    BOOST_TEST(await_result<challenge_results>([&](auto cb) {
                   svc->ballots().results(anyone, {"hermosillo", "reactivacion"}, cb);
               })
                   .error()
                   .code == errc::phase_not_open);
    const auto live = await_result<challenge_results>([&](auto cb) {
        svc->ballots().results(organiser, {"hermosillo", "reactivacion"}, cb);
    });
    BOOST_REQUIRE(live.ok());
    const auto res = to_document(*live);
    BOOST_TEST(res["ballots"] == 2);
    BOOST_TEST(res["ranking"][0]["idea"] == b->id);
    BOOST_TEST(res["ranking"][0]["score"] == 2);
    BOOST_TEST(res["ranking"][0]["winner"] == true);
    BOOST_TEST(res["ranking"][1]["score"] == 0);
}

// Whoever copies the database, its WAL or a backup finds every live jti but no signing key: the
// key is sealed under the server secret, which lives outside the database.
BOOST_AUTO_TEST_CASE(the_database_files_hold_no_signing_key)
{
    const auto cards = issue({{}, 2, false, {}}); // the key was used: the token signs and verifies below
    std::vector<repository::issuer_key_row> rows;
    storage->run_now([&](repository& repo) { rows = repo.issuer_keys(); });
    BOOST_REQUIRE_EQUAL(rows.size(), 1u);
    const auto raw = key_vault("secret").open(rows[0].sealed, rows[0].public_key);
    BOOST_REQUIRE(raw);
    BOOST_TEST(raw->size() == 32u);
    BOOST_TEST(!key_vault("another secret").open(rows[0].sealed, rows[0].public_key));
    if (cabildo::test::testing_postgresql())
        return; // the files below are SQLite's; PostgreSQL's are its server's (what it holds is sealed, above)
    std::string bytes;
    for (const auto& f : std::filesystem::directory_iterator(dir)) {
        std::ifstream in(f.path(), std::ios::binary);
        bytes.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        // Private: readable and writable by the owner only.
        BOOST_TEST(((f.status().permissions() & (std::filesystem::perms::group_all |
                                                 std::filesystem::perms::others_all)) == std::filesystem::perms::none),
                   f.path());
    }
    BOOST_TEST(bytes.size() > 4096u);
    BOOST_TEST(bytes.find(*raw) == std::string::npos);
    BOOST_TEST(bytes.find(rows[0].public_key) != std::string::npos); // the public key is published anyway
    clock.set(at("2020-10-02T00:00:00Z"));
    BOOST_TEST(vote(cards[0].token, {}).ok());
}

BOOST_AUTO_TEST_CASE(an_organiser_of_another_municipality_is_forbidden)
{
    BOOST_REQUIRE(
        await_result<municipality>([&](auto cb) {
            svc->admin().create_municipality(admin, {"torreon", "Torreón", "Coahuila", "America/Monterrey"}, cb);
        }).ok());
    const auto key = await_result<created_key>([&](auto cb) { svc->admin().create_key(admin, "torreon", {}, cb); });
    const auto other = svc->authenticate(key->key);
    const auto r = await_result<issuance>([&](auto cb) {
        svc->participants().issue_tokens(other, {"hermosillo", "reactivacion"}, {{}, 1, false, {}}, cb);
    });
    BOOST_TEST(r.error().code == errc::forbidden);
    BOOST_TEST((svc->authenticate("nope").kind == role::anonymous));
}

BOOST_AUTO_TEST_SUITE_END()
