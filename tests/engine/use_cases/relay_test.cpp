// The blind-token relay's use cases (engine/use_cases/service_relay.cpp) against a real SQLite
// file. Issue 18: one table of 20,000 requests served the whole server, so anyone filling it
// denied every challenge's residents; now each challenge holds its own, bounded.

#include "engine/domain/relay.hpp"
#include "engine/identity/blind_rsa.hpp"
#include "engine/identity/crypto.hpp"
#include "tests/engine/use_cases/fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <condition_variable>
#include <mutex>

using namespace cabildo::engine;

namespace {

using use_case_test::at;

// Two anonymous (blind) challenges of one municipality.
struct relay_fixture : use_case_test::municipality_fixture {
    relay_fixture()
    {
        for (const char* slug : {"anonimo", "otro"}) {
            challenge_input in;
            in.slug = slug;
            in.title = "Reto anónimo";
            in.description = "Ideas";
            in.timeline.submission = {at("2020-10-01T06:00:00Z"), at("2020-10-22T06:00:00Z")};
            in.timeline.voting = {at("2020-10-01T06:00:00Z"), at("2020-10-26T06:00:00Z")};
            in.timeline.announcement = at("2020-11-01T18:00:00Z");
            in.anonymity = anonymity::blind;
            const auto made = await_result<challenge_view>(
                [&](auto cb) { svc->challenges().create_challenge(admin, "hermosillo", in, cb); });
            BOOST_REQUIRE_MESSAGE(made.ok(), (made.ok() ? std::string() : made.error().message));
        }
    }

    // A blinded message for the challenge's key, as a resident's page makes it.
    std::string blinded_msg(const std::string& slug)
    {
        const auto keys = await_result<verification_keys>([&](auto cb) {
            svc->challenges().challenge_keys({"hermosillo", slug}, cb);
        });
        BOOST_REQUIRE(keys.ok());
        BOOST_REQUIRE(keys->rsa);
        // Spelled in full: the Boost.Test suite `blind_rsa` (blind_rsa_test.cpp) is a namespace too.
        namespace rsa = cabildo::engine::blind_rsa;
        const auto key = rsa::public_key::from_n_e(keys->rsa->first, keys->rsa->second);
        BOOST_REQUIRE(key);
        const auto b = rsa::blind(*key, rsa::prepare(random_bytes(32)), random_bytes(rsa::salt_length));
        BOOST_REQUIRE(b.ok());
        return b->blinded_msg;
    }

    result<relay_opened> open(const std::string& slug, const std::string& msg)
    {
        return await_result<relay_opened>([&](auto cb) {
            svc->participants().open_blind_request({"hermosillo", slug}, msg, cb);
        });
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(relay)

BOOST_FIXTURE_TEST_CASE(a_challenge_holds_a_bounded_number_of_open_requests, relay_fixture)
{
    const auto msg = blinded_msg("anonimo");
    // All at once, as a flood would come: the writer takes them in batches.
    std::mutex mutex;
    std::condition_variable done;
    std::size_t answered = 0, opened = 0;
    for (std::size_t i = 0; i < max_open_relay_requests; ++i)
        svc->participants().open_blind_request({"hermosillo", "anonimo"}, msg, [&](result<relay_opened> r) {
            const std::lock_guard lock(mutex);
            ++answered;
            opened += r.ok() ? 1 : 0;
            done.notify_one();
        });
    {
        std::unique_lock lock(mutex);
        BOOST_REQUIRE(
            done.wait_for(lock, std::chrono::minutes(2), [&] { return answered == max_open_relay_requests; }));
    }
    BOOST_TEST(opened == max_open_relay_requests);
    const auto full = open("anonimo", msg);
    BOOST_REQUIRE(!full.ok());
    BOOST_TEST((full.error().code == errc::busy));
    // Another challenge's residents are not held up.
    BOOST_TEST(open("otro", blinded_msg("otro")).ok());
    // Ten minutes later the unanswered requests expire and make room.
    clock.set(at("2020-09-15T00:10:01Z"));
    BOOST_TEST(open("anonimo", msg).ok());
}

BOOST_FIXTURE_TEST_CASE(codes_are_fresh_and_read_as_people_write_them, relay_fixture)
{
    const auto msg = blinded_msg("anonimo");
    const auto a = open("anonimo", msg), b = open("anonimo", msg);
    BOOST_REQUIRE(a.ok() && b.ok());
    BOOST_TEST(a->code != b->code);
    BOOST_TEST(a->code.size() == 9u);
    BOOST_TEST(a->code[4] == '-');
    BOOST_TEST((a->expires_at == at("2020-09-15T00:10:00Z")));
    std::string typed = a->code;
    std::transform(typed.begin(), typed.end(), typed.begin(), [](unsigned char ch) { return std::tolower(ch); });
    const auto found = await_result<relay_view>([&](auto cb) {
        svc->participants().find_blind_request({"hermosillo", "anonimo"}, typed, cb);
    });
    BOOST_REQUIRE(found.ok());
    BOOST_TEST((found->request.state == relay_state::waiting));
    BOOST_TEST(found->request.blinded_msg == msg);
    // A code belongs to its challenge.
    BOOST_TEST(!await_result<relay_view>([&](auto cb) {
                    svc->participants().find_blind_request({"hermosillo", "otro"}, a->code, cb);
                }).ok());
}

BOOST_AUTO_TEST_SUITE_END()
