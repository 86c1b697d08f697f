// Administration at the engine level: keys work once durable and stop at their revocation, each
// kept to its municipality; only the admin administers.

#include "engine/use_cases/admin.hpp"

#include "tests/engine/use_cases/fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace cabildo::engine;

BOOST_FIXTURE_TEST_SUITE(admin_use_cases, use_case_test::fixture)

BOOST_AUTO_TEST_CASE(a_key_works_until_it_is_revoked_and_is_listed_without_its_hash)
{
    const auto made = await_result<created_key>([&](auto cb) {
        svc->admin().create_key(admin, "hermosillo", {role::issuer, "mesa 3"}, cb);
    });
    BOOST_REQUIRE(made.ok());
    const auto desk = svc->authenticate(made->key);
    BOOST_TEST((desk.kind == role::issuer));
    BOOST_TEST(desk.key_id == made->record.id);

    const auto listed =
        await_result<std::vector<access_key>>([&](auto cb) { svc->admin().list_keys(admin, "hermosillo", cb); });
    BOOST_REQUIRE(listed.ok());
    BOOST_REQUIRE_EQUAL(listed->size(), 2u); // the fixture's organiser key and this one
    for (const auto& k : *listed)
        BOOST_TEST(k.hash.empty());

    BOOST_REQUIRE(
        await_result<done_t>([&](auto cb) { svc->admin().revoke_key(admin, "hermosillo", made->record.id, cb); }).ok());
    BOOST_TEST((svc->authenticate(made->key).kind == role::anonymous));
    const auto twice =
        await_result<done_t>([&](auto cb) { svc->admin().revoke_key(admin, "hermosillo", made->record.id, cb); });
    BOOST_REQUIRE(!twice.ok());
    BOOST_TEST(twice.error().code == errc::not_found);
}

BOOST_AUTO_TEST_CASE(only_the_admin_administers)
{
    const auto refused = await_result<created_key>([&](auto cb) {
        svc->admin().create_key(organiser, "hermosillo", {role::organiser, ""}, cb);
    });
    BOOST_REQUIRE(!refused.ok());
    BOOST_TEST(refused.error().code == errc::forbidden);
    const auto no_key = await_result<municipality>([&](auto cb) {
        svc->admin().create_municipality(caller{}, {"torreon", "Torreón", "Coahuila", "America/Monterrey"}, cb);
    });
    BOOST_REQUIRE(!no_key.ok());
    BOOST_TEST(no_key.error().code == errc::unauthorized);
}

BOOST_AUTO_TEST_SUITE_END()
