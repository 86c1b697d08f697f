#pragma once
// A municipality with an organiser key and one approval challenge (two choices, one winner, a
// development window), on a real SQLite file in a temporary folder (or a fresh PostgreSQL database,
// CABILDO_TEST_BACKEND=postgresql) and a manual clock: the use cases as the API calls them, without HTTP.

#include "engine/domain/rfc3339.hpp"
#include "engine/identity/crypto.hpp"
#include "engine/storage/postgresql_store.hpp"
#include "engine/storage/sqlite_store.hpp"
#include "engine/use_cases/await_result.hpp"
#include "engine/use_cases/service.hpp"
#include "tests/support/postgresql_server.hpp"

#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace use_case_test {

using namespace cabildo::engine;

inline time_point at(const char* s) { return *parse_rfc3339(s); }

// A service on a real SQLite file, with one municipality (hermosillo) and an organiser key for it.
struct municipality_fixture {
    std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                ("cabildo-service-" + std::to_string(::getpid()) + "-" + to_hex(random_bytes(4)));
    manual_clock clock{at("2020-09-15T00:00:00Z")};
    std::unique_ptr<sql_store> storage;
    std::unique_ptr<service> svc;
    caller admin{role::admin, 0};
    caller organiser;

    municipality_fixture()
    {
        // On a database of its own on the run's PostgreSQL server when the run tests PostgreSQL
        // (CABILDO_TEST_BACKEND=postgresql), else on a SQLite file.
        if (cabildo::test::testing_postgresql())
            storage =
                std::make_unique<postgresql_store>(postgresql_options{cabildo::test::the_server().fresh_database()});
        else
            storage = std::make_unique<sqlite_store>(sqlite_options{dir / "test.db"});
        svc = std::make_unique<service>(*storage, clock, "secret", sha256("admin-key"), std::vector<access_key>{});
        BOOST_REQUIRE(await_result<municipality>([&](auto cb) {
                          svc->admin().create_municipality(
                              admin, {"hermosillo", "Hermosillo", "Sonora", "America/Hermosillo"}, cb);
                      }).ok());
        const auto key =
            await_result<created_key>([&](auto cb) { svc->admin().create_key(admin, "hermosillo", {}, cb); });
        BOOST_REQUIRE(key.ok());
        organiser = svc->authenticate(key->key);
        BOOST_REQUIRE((organiser.kind == role::organiser));
    }
    municipality_fixture(const municipality_fixture&) = delete;
    municipality_fixture& operator=(const municipality_fixture&) = delete;
    ~municipality_fixture()
    {
        storage->close(); // waits for what the use cases left running (a document rebuilt after a moderation)
        svc.reset();
        storage.reset();
        std::filesystem::remove_all(dir);
    }
};

// And one approval challenge of it (reactivacion), with helpers to take part in it.
struct fixture : municipality_fixture {
    fixture()
    {
        challenge_input in;
        in.slug = "reactivacion";
        in.title = "Reactivación económica";
        in.description = "Ideas para reactivar la economía local";
        in.timeline.submission = {at("2020-10-01T06:00:00Z"), at("2020-10-22T06:00:00Z")};
        in.timeline.voting = {at("2020-10-01T06:00:00Z"), at("2020-10-26T06:00:00Z")};
        in.timeline.announcement = at("2020-11-01T18:00:00Z");
        in.timeline.development = window{at("2020-11-02T06:00:00Z"), at("2021-06-30T06:00:00Z")};
        in.ballot.max_choices = 2;
        in.winners = 1;
        in.tie_break_seed = "seed";
        BOOST_REQUIRE(await_result<challenge_view>([&](auto cb) {
                          svc->challenges().create_challenge(organiser, "hermosillo", in, cb);
                      }).ok());
    }

    std::vector<issued> issue(token_request req)
    {
        auto r = await_result<issuance>([&](auto cb) {
            svc->participants().issue_tokens(organiser, {"hermosillo", "reactivacion"}, req, cb);
        });
        BOOST_REQUIRE(r.ok());
        return r->tokens;
    }
    result<idea> submit(const std::string& token, const std::string& title)
    {
        return await_result<idea>([&](auto cb) {
            svc->challenges().submit_idea({"hermosillo", "reactivacion"},
                                          {token, title, "descripción", "", std::nullopt, std::nullopt}, cb);
        });
    }
    result<ballot_receipt> vote(const std::string& token, std::vector<idea_id> choices)
    {
        return await_result<ballot_receipt>([&](auto cb) {
            svc->ballots().cast_ballot({"hermosillo", "reactivacion"}, {token, "choices", {choices, {}}}, cb);
        });
    }
};

} // namespace use_case_test
