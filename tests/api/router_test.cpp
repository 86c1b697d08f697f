// The router called directly, with a real service on a temporary SQLite file and a responder
// that captures the answer: routing, methods, targets, credentials, bodies and cache headers,
// and one answer per request. Every wait has a deadline.

#include "api/router.hpp"

#include "api/static_files.hpp"
#include "engine/domain/rfc3339.hpp"
#include "engine/identity/crypto.hpp"
#include "engine/storage/sqlite_store.hpp"
#include "engine/use_cases/service.hpp"

#include <nlohmann/json.hpp>

#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <vector>

namespace api = cabildo::api;
namespace engine = cabildo::engine;
namespace http = api::http;
using json = nlohmann::json;

namespace {

const std::string admin_key = "router-test-admin-key";

struct answer {
    api::response res;
    json body; // parsed, or discarded if not JSON

    int status() const { return res.result_int(); }
    std::string header(http::field f) const
    {
        const auto it = res.find(f);
        return it == res.end() ? std::string("(none)") : std::string(it->value());
    }
    std::string code() const
    {
        return body.is_object() && body.contains("error") ? body["error"].value("code", "") : "";
    }
    std::string field() const
    {
        return body.is_object() && body.contains("error") ? body["error"].value("field", "") : "";
    }
    std::string message() const
    {
        return body.is_object() && body.contains("error") ? body["error"].value("message", "") : "";
    }
};

api::request make(http::verb method, const std::string& target, const std::string& body = {},
                  const std::string& bearer = {})
{
    api::request req{method, target, 11};
    req.set(http::field::host, "127.0.0.1");
    if (!bearer.empty())
        req.set(http::field::authorization, std::string("Bearer ").append(bearer));
    req.body() = body;
    req.prepare_payload();
    return req;
}

struct router_fixture {
    std::filesystem::path dir =
        std::filesystem::temp_directory_path() /
        ("cabildo-router-" + std::to_string(::getpid()) + "-" + engine::to_hex(engine::random_bytes(4)));
    engine::manual_clock clock{*engine::parse_rfc3339("2020-09-15T00:00:00Z")};
    std::unique_ptr<engine::sqlite_store> storage;
    std::unique_ptr<engine::service> svc;
    api::static_files files; // none: the web app is not under test here
    std::unique_ptr<api::router> routes;
    // How many times each request so far was answered.
    std::vector<std::shared_ptr<std::atomic<int>>> answers;

    // With `test_clock`, the service's clock is also the one POST /api/v1/test/clock moves, as
    // with `serve --test-clock`.
    explicit router_fixture(bool test_clock = false)
    {
        storage = std::make_unique<engine::sqlite_store>(engine::sqlite_options{dir / "test.db"});
        svc = std::make_unique<engine::service>(*storage, clock, "secret", engine::sha256(admin_key),
                                                std::vector<engine::access_key>{});
        routes = std::make_unique<api::router>(*svc, files, test_clock ? &clock : nullptr);
    }
    ~router_fixture()
    {
        // As serve_command does: the store's threads stop before the service they run goes.
        routes.reset();
        storage->close();
        svc.reset();
        storage.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }

    // Sends `req` through the router and waits (10 s at most) for its answer.
    answer ask(const api::request& req)
    {
        auto calls = std::make_shared<std::atomic<int>>(0);
        answers.push_back(calls);
        auto p = std::make_shared<std::promise<api::response>>();
        auto f = p->get_future();
        routes->handle(req, api::responder([calls, p](api::responder::builder build) {
                           if (calls->fetch_add(1) == 0)
                               p->set_value(build());
                       }));
        BOOST_REQUIRE_MESSAGE(f.wait_for(std::chrono::seconds(10)) == std::future_status::ready,
                              std::string(req.target()) << ": no answer within 10 s");
        answer a{f.get(), {}};
        a.body = json::parse(a.res.body(), nullptr, false);
        return a;
    }
    answer ask(http::verb method, const std::string& target, const std::string& body = {},
               const std::string& bearer = {})
    {
        return ask(make(method, target, body, bearer));
    }

    void create_hermosillo()
    {
        auto a = ask(http::verb::post, "/api/v1/municipalities",
                     R"({"slug":"hermosillo","name":"Hermosillo","timezone":"America/Hermosillo"})", admin_key);
        BOOST_REQUIRE_MESSAGE(a.status() == 201, a.res.body());
    }
};

void expect_error(const answer& a, int status, const std::string& code, const std::string& field = {})
{
    BOOST_TEST(a.status() == status);
    BOOST_TEST(a.code() == code);
    BOOST_TEST(a.field() == field);
    BOOST_TEST(!a.message().empty());
    BOOST_TEST(a.header(http::field::content_type) == "application/json; charset=utf-8");
}

struct router_with_test_clock : router_fixture {
    router_with_test_clock() : router_fixture(true) {}
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(router, router_fixture)

BOOST_AUTO_TEST_CASE(an_unknown_path_is_not_found)
{
    expect_error(ask(http::verb::get, "/api/v1/nope"), 404, "not_found");
    expect_error(ask(http::verb::get, "/api/v1"), 404, "not_found");
    expect_error(ask(http::verb::get, "/api/v1/municipalities/a/challenges/b/nope"), 404, "not_found");
    expect_error(ask(http::verb::get, "/api/v1/health/extra"), 404, "not_found");
    // Deeper than any route: refused before every segment is copied.
    std::string deep = "/api/v1";
    for (int i = 0; i < 40; ++i)
        deep += "/x";
    expect_error(ask(http::verb::get, deep), 404, "not_found");
}

BOOST_AUTO_TEST_CASE(the_api_without_v1_is_not_found)
{
    for (const char* target : {"/api", "/api/", "/api/v2/health", "/api/health", "/api/V1/health"}) {
        BOOST_TEST_CONTEXT(target)
        {
            auto a = ask(http::verb::get, target);
            expect_error(a, 404, "not_found");
            BOOST_TEST(a.message().find("/api/v1") != std::string::npos);
        }
    }
    // Any method: it is not the web app's files either.
    expect_error(ask(http::verb::post, "/api/municipalities", "{}"), 404, "not_found");
}

BOOST_AUTO_TEST_CASE(a_route_answers_its_method)
{
    auto a = ask(http::verb::get, "/api/v1/health");
    BOOST_TEST(a.status() == 200);
    BOOST_TEST(a.body["status"] == "ok");
    BOOST_TEST(a.header(http::field::vary) == "Authorization");
    BOOST_TEST(a.header(http::field::cache_control) == "no-cache"); // public, revalidated
}

BOOST_AUTO_TEST_CASE(a_wrong_method_is_405_with_allow)
{
    auto a = ask(http::verb::delete_, "/api/v1/municipalities");
    expect_error(a, 405, "method_not_allowed");
    BOOST_TEST(a.header(http::field::allow) == "POST, GET");

    auto health = ask(http::verb::put, "/api/v1/health", "{}");
    expect_error(health, 405, "method_not_allowed");
    BOOST_TEST(health.header(http::field::allow) == "GET");

    auto challenge = ask(http::verb::delete_, "/api/v1/municipalities/m/challenges/c");
    expect_error(challenge, 405, "method_not_allowed");
    BOOST_TEST(challenge.header(http::field::allow) == "GET, PATCH");

    auto ballot = ask(http::verb::post, "/api/v1/municipalities/m/challenges/c/ballot", "{}");
    expect_error(ballot, 405, "method_not_allowed");
    BOOST_TEST(ballot.header(http::field::allow) == "PUT");
}

BOOST_AUTO_TEST_CASE(a_target_that_is_not_a_path_is_400)
{
    for (const char* target : {"/api/v1/%zz", "api/v1/health", "http://example.com/api/v1/health", "/api/v1/health?a=%",
                               "/api/v1/he alth", "*"}) {
        BOOST_TEST_CONTEXT(target) { expect_error(ask(http::verb::get, target), 400, "invalid_target"); }
    }
}

BOOST_AUTO_TEST_CASE(an_admin_route_without_a_key_is_401_with_a_bearer_challenge)
{
    for (const char* target : {"/api/v1/status", "/api/v1/audit"}) {
        BOOST_TEST_CONTEXT(target)
        {
            auto a = ask(http::verb::get, target);
            expect_error(a, 401, "unauthorized");
            BOOST_TEST(a.header(http::field::www_authenticate) == "Bearer");
            BOOST_TEST(a.header(http::field::cache_control) == "no-store");
        }
    }
    auto wrong = ask(http::verb::get, "/api/v1/status", {}, "not-the-admin-key");
    expect_error(wrong, 401, "unauthorized");
    BOOST_TEST(wrong.header(http::field::www_authenticate) == "Bearer");

    auto basic = make(http::verb::get, "/api/v1/status");
    basic.set(http::field::authorization, "Basic YWRtaW46YWRtaW4=");
    expect_error(ask(basic), 401, "unauthorized");

    auto ok = ask(http::verb::get, "/api/v1/status", {}, admin_key);
    BOOST_TEST(ok.status() == 200);
    BOOST_TEST(ok.body["writes_queued"].is_number());
    BOOST_TEST(!ok.body.contains("connections"));                    // not counted unless the server says
    BOOST_TEST(ok.header(http::field::cache_control) == "no-store"); // an answer to credentials
}

BOOST_AUTO_TEST_CASE(a_key_that_matches_nothing_is_refused_on_public_routes_too)
{
    auto a = ask(http::verb::get, "/api/v1/health", {}, "wrong");
    expect_error(a, 401, "unauthorized");
    BOOST_TEST(a.header(http::field::www_authenticate) == "Bearer");
}

BOOST_AUTO_TEST_CASE(the_key_scheme_is_case_insensitive)
{
    auto req = make(http::verb::get, "/api/v1/status");
    req.set(http::field::authorization, std::string("bearer ").append(admin_key));
    BOOST_TEST(ask(req).status() == 200);
}

BOOST_AUTO_TEST_CASE(credentials_are_checked_before_the_body)
{
    // Without the admin key, a broken body is not described: nothing of its shape leaks.
    expect_error(ask(http::verb::post, "/api/v1/municipalities", "[1,2]"), 401, "unauthorized");
    expect_error(ask(http::verb::post, "/api/v1/municipalities", "{\"slug\":7}"), 401, "unauthorized");
}

BOOST_AUTO_TEST_CASE(a_body_that_is_not_a_json_object_is_400_naming_the_problem)
{
    const std::string m = "/api/v1/municipalities";
    const auto array = ask(http::verb::post, m, "[1,2]", admin_key);
    expect_error(array, 400, "invalid_field", "body");
    BOOST_TEST(array.message().find("JSON object") != std::string::npos);

    const auto broken = ask(http::verb::post, m, "{not json", admin_key);
    expect_error(broken, 400, "invalid_field", "body");
    BOOST_TEST(broken.message().find("not valid JSON") != std::string::npos);

    const auto deep = ask(http::verb::post, m, std::string(100, '[') + std::string(100, ']'), admin_key);
    expect_error(deep, 400, "invalid_field", "body");
    BOOST_TEST(deep.message().find("deeper") != std::string::npos);

    const auto nul = ask(http::verb::post, m, std::string("{\"slug\":\"a\"}\0{", 14), admin_key);
    expect_error(nul, 400, "invalid_field", "body");
    BOOST_TEST(nul.message().find("NUL") != std::string::npos);

    // A PUT or PATCH always carries a body; only a POST may come without one.
    const auto empty_put = ask(http::verb::put, "/api/v1/municipalities/m/challenges/c/ballot", "");
    expect_error(empty_put, 400, "invalid_field", "body");
    const auto empty_patch = ask(http::verb::patch, "/api/v1/municipalities/m/challenges/c", "", admin_key);
    expect_error(empty_patch, 400, "invalid_field", "body");
    // An empty POST reaches its handler: here, a key for a municipality that does not exist.
    expect_error(ask(http::verb::post, "/api/v1/municipalities/nowhere/keys", "", admin_key), 404, "not_found");
}

BOOST_AUTO_TEST_CASE(a_field_of_the_wrong_type_is_named)
{
    expect_error(ask(http::verb::post, "/api/v1/municipalities",
                     R"({"slug":7,"name":"Hermosillo","timezone":"America/Hermosillo"})", admin_key),
                 400, "invalid_field", "slug");
}

BOOST_AUTO_TEST_CASE(a_write_and_a_read_go_through_the_store)
{
    create_hermosillo();
    auto a = ask(http::verb::get, "/api/v1/municipalities/hermosillo");
    BOOST_TEST(a.status() == 200);
    BOOST_TEST(a.body["slug"] == "hermosillo");
    BOOST_TEST(a.header(http::field::cache_control) == "no-cache");
    auto with_key = ask(http::verb::get, "/api/v1/municipalities/hermosillo", {}, admin_key);
    BOOST_TEST(with_key.status() == 200);
    BOOST_TEST(with_key.header(http::field::cache_control) == "no-store");
    expect_error(ask(http::verb::get, "/api/v1/municipalities/cajeme"), 404, "not_found");
    // The path's segments are decoded before they are matched.
    BOOST_TEST(ask(http::verb::get, "/api/v1/municipalities/hermosill%6F").status() == 200);
    const auto taken = ask(http::verb::post, "/api/v1/municipalities",
                           R"({"slug":"hermosillo","name":"Otra","timezone":"America/Hermosillo"})", admin_key);
    expect_error(taken, 409, "slug_taken", "slug");
}

BOOST_AUTO_TEST_CASE(the_status_reports_connections_once_counted)
{
    const std::atomic<std::size_t> connections{7};
    routes->count_connections(&connections);
    auto a = ask(http::verb::get, "/api/v1/status", {}, admin_key);
    BOOST_TEST(a.status() == 200);
    BOOST_TEST(a.body["connections"] == 7);
}

BOOST_AUTO_TEST_CASE(outside_the_api_only_files_are_served)
{
    expect_error(ask(http::verb::get, "/"), 404, "not_found");
    expect_error(ask(http::verb::get, "/app.js"), 404, "not_found");
    expect_error(ask(http::verb::post, "/", "{}"), 405, "method_not_allowed");
}

BOOST_AUTO_TEST_CASE(there_is_no_test_clock_in_production)
{
    expect_error(ask(http::verb::post, "/api/v1/test/clock", R"({"now":"2020-10-01T00:00:00Z"})", admin_key), 404,
                 "not_found");
}

BOOST_AUTO_TEST_CASE(every_request_is_answered_exactly_once)
{
    create_hermosillo();
    ask(http::verb::get, "/api/v1/nope");                                           // refused at once
    ask(http::verb::delete_, "/api/v1/municipalities");                             // 405
    ask(http::verb::get, "/api/v1/status");                                         // 401
    ask(http::verb::post, "/api/v1/municipalities", "[1]", admin_key);              // bad body
    ask(http::verb::get, "/api/v1/municipalities");                                 // answered from a reader
    ask(http::verb::get, "/api/v1/municipalities/cajeme");                          // a reader's refusal
    ask(http::verb::post, "/api/v1/municipalities/hermosillo/keys", "", admin_key); // from the writer
    ask(http::verb::post, "/api/v1/municipalities",
        R"({"slug":"hermosillo","name":"Otra","timezone":"America/Hermosillo"})", admin_key); // the writer's refusal
    // Once the store's threads are joined, no answer can still be on its way.
    storage->close();
    BOOST_TEST(answers.size() == 9u);
    for (std::size_t i = 0; i < answers.size(); ++i)
        BOOST_CHECK_MESSAGE(answers[i]->load() == 1,
                            "request " << i << " was answered " << answers[i]->load() << " times");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(router_test_clock, router_with_test_clock)

BOOST_AUTO_TEST_CASE(the_admin_moves_the_test_clock_forward_only)
{
    expect_error(ask(http::verb::post, "/api/v1/test/clock", R"({"now":"2020-10-01T00:00:00Z"})"), 401, "unauthorized");
    expect_error(ask(http::verb::post, "/api/v1/test/clock", R"({"now":"tomorrow"})", admin_key), 400, "invalid_field",
                 "now");
    expect_error(ask(http::verb::post, "/api/v1/test/clock", R"({"now":5})", admin_key), 400, "invalid_field", "now");
    auto moved = ask(http::verb::post, "/api/v1/test/clock", R"({"now":"2020-10-01T00:00:00Z"})", admin_key);
    BOOST_TEST(moved.status() == 200);
    BOOST_TEST(moved.body["now"] == "2020-10-01T00:00:00Z");
    BOOST_TEST(engine::format_rfc3339(clock.now()) == "2020-10-01T00:00:00Z");
    expect_error(ask(http::verb::post, "/api/v1/test/clock", R"({"now":"2020-09-20T00:00:00Z"})", admin_key), 400,
                 "invalid_field", "now");
    BOOST_TEST(engine::format_rfc3339(clock.now()) == "2020-10-01T00:00:00Z");
}

BOOST_AUTO_TEST_SUITE_END()
