#pragma once
// A server on a test clock set before the Multi City Challenge 2020 opens, with Hermosillo, an
// organiser key and the challenge on its real timeline (upload and voting overlap).

#include "tests/api/server_process.hpp"

#include <boost/test/unit_test.hpp>

namespace cabildo::test {

inline const std::string mcc_base = "/api/v1/municipalities/hermosillo/challenges/reactivacion";

// The contract's error: this status, this code, a message for people and, if given, this field.
inline void expect_error(const http_reply& r, int status, const std::string& code, const std::string& field = {})
{
    BOOST_TEST(r.status == status, r.body);
    const auto body = r.json_body();
    BOOST_REQUIRE_MESSAGE(body.is_object() && body.contains("error"), r.body);
    BOOST_TEST(body["error"]["code"] == code, r.body);
    BOOST_TEST(!body["error"]["message"].get<std::string>().empty());
    if (!field.empty())
        BOOST_TEST(body["error"].value("field", "") == field, r.body);
}

inline std::vector<std::string> with_test_clock(std::vector<std::string> extra)
{
    extra.insert(extra.begin(), {"--test-clock", "2020-09-15T00:00:00Z"});
    return extra;
}

inline json mcc_challenge()
{
    return {{"slug", "reactivacion"},
            {"title", "Reactivación económica"},
            {"description", "Ideas para reactivar la economía local después del COVID-19"},
            {"categories", {"comercio", "empleo"}},
            {"timeline",
             {{"submission", {{"opens", "2020-10-01T06:00:00Z"}, {"closes", "2020-10-22T06:00:00Z"}}},
              {"voting", {{"opens", "2020-10-01T06:00:00Z"}, {"closes", "2020-10-26T06:00:00Z"}}},
              {"announcement", "2020-11-01T18:00:00Z"},
              {"development", {{"opens", "2020-11-09T06:00:00Z"}, {"closes", "2020-12-05T06:00:00Z"}}}}},
            {"ballot", {{"kind", "approval"}, {"max_choices", 2}}},
            {"winners", 2},
            {"tie_break_seed", "mcc-2020"}};
}

// Hermosillo, made through `node` with the admin key.
inline void add_hermosillo(server_process& node)
{
    BOOST_REQUIRE_EQUAL(node.post("/api/v1/municipalities",
                                  {{"slug", "hermosillo"},
                                   {"name", "Hermosillo"},
                                   {"state", "Sonora"},
                                   {"timezone", "America/Hermosillo"}},
                                  server_process::admin_key())
                            .status,
                        201);
}

struct challenge_fixture {
    server_process server;
    std::string organiser;

    // `extra`: more `serve` arguments (--forwarded-for, say).
    explicit challenge_fixture(std::vector<std::string> extra = {}) : server(with_test_clock(std::move(extra)))
    {
        add_hermosillo(server);
        const auto key =
            server.post("/api/v1/municipalities/hermosillo/keys", json::object(), server_process::admin_key());
        BOOST_REQUIRE_EQUAL(key.status, 201);
        organiser = key.json_body()["key"];
        const auto created = server.post("/api/v1/municipalities/hermosillo/challenges", mcc_challenge(), organiser);
        BOOST_REQUIRE_MESSAGE(created.status == 201, created.body);
    }

    std::vector<std::string> cards(int n)
    {
        const auto r = server.post(mcc_base + "/tokens", {{"count", n}}, organiser);
        BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
        std::vector<std::string> out;
        const auto body = r.json_body();
        for (const auto& t : body["tokens"])
            out.push_back(t["token"]);
        return out;
    }

    std::int64_t idea(const std::string& token, const std::string& title, const std::string& category = "comercio")
    {
        const auto r =
            server.post(mcc_base + "/ideas",
                        {{"token", token}, {"title", title}, {"description", "Una propuesta"}, {"category", category}});
        BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
        return r.json_body()["id"];
    }

    http_reply vote(const std::string& token, const json& choices)
    {
        return server.put(mcc_base + "/ballot", {{"token", token}, {"choices", choices}});
    }
};

} // namespace cabildo::test
