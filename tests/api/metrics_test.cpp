// Metrics and request ids (issue 23, point 5): GET /metrics in the Prometheus text format for the
// admin key or the scrape key only, counting requests by route template and status with their
// latency, ballots cast and replaced and tokens issued, and never a slug, id or token; every answer
// names its request in X-Request-Id.

#include "tests/api/challenge_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <regex>

namespace cabildo::test {
namespace {

const std::string scrape_key = "cHJvbWV0aGV1cy1zY3JhcGUta2V5LWZvci1jYWJpbGRvLTIwMjY";

// The value of the sample `name{labels}` (or `name` alone), or -1 when the exposition lacks it.
double sample(const std::string& text, const std::string& series)
{
    const auto at = text.find("\n" + series + " ");
    if (at == std::string::npos)
        return -1;
    return std::stod(text.substr(at + series.size() + 2));
}

} // namespace

BOOST_AUTO_TEST_SUITE(metrics)

BOOST_AUTO_TEST_CASE(metrics_count_requests_ballots_and_tokens_for_the_admin_and_the_scraper_only)
{
    server_process server(with_test_clock({}), {}, {{"CABILDO_METRICS_KEY", scrape_key}});
    add_hermosillo(server);
    const auto key = server.post("/api/v1/municipalities/hermosillo/keys", json::object(), server_process::admin_key());
    const std::string organiser = key.json_body()["key"];
    BOOST_REQUIRE_EQUAL(server.post("/api/v1/municipalities/hermosillo/challenges", mcc_challenge(), organiser).status,
                        201);
    const auto issued = server.post(mcc_base + "/tokens", {{"count", 3}}, organiser);
    BOOST_REQUIRE_EQUAL(issued.status, 201);
    const std::string token = issued.json_body()["tokens"][0]["token"];
    server.set_clock("2020-10-02T12:00:00Z");
    const auto idea =
        server.post(mcc_base + "/ideas",
                    {{"token", token}, {"title", "Idea medida"}, {"description", "x"}, {"category", "empleo"}});
    BOOST_REQUIRE_EQUAL(idea.status, 201);
    for (int i = 0; i < 2; ++i)
        BOOST_REQUIRE_EQUAL(
            server.put(mcc_base + "/ballot", {{"token", token}, {"choices", {idea.json_body()["id"]}}}).status, 200);
    for (int i = 0; i < 3; ++i)
        BOOST_REQUIRE_EQUAL(server.get("/api/v1/health").status, 200);

    // Who may read them.
    BOOST_TEST(server.get("/metrics").status == 401);
    BOOST_TEST(server.get("/metrics", "not-a-key").status == 401);
    BOOST_TEST(server.get("/metrics", organiser).status == 403);
    BOOST_TEST(server.get("/metrics", server_process::admin_key()).status == 200);
    const auto scraped = server.get("/metrics", scrape_key);
    BOOST_REQUIRE_EQUAL(scraped.status, 200);
    BOOST_TEST(scraped.headers.at("content-type").starts_with("text/plain; version=0.0.4"));
    // The scrape key opens nothing else.
    BOOST_TEST(server.get("/api/v1/status", scrape_key).status == 401);

    const auto& text = scraped.body;
    BOOST_TEST(sample(text, "cabildo_http_requests_total{route=\"GET /health\",status=\"200\"}") >= 3);
    BOOST_TEST(sample(text, "cabildo_http_requests_total{route=\"PUT "
                            "/municipalities/{m}/challenges/{c}/ballot\",status=\"200\"}") == 2);
    BOOST_TEST(sample(text, "cabildo_http_request_duration_seconds_count{route=\"PUT "
                            "/municipalities/{m}/challenges/{c}/ballot\"}") == 2);
    BOOST_TEST(sample(text, "cabildo_http_request_duration_seconds_bucket{route=\"PUT "
                            "/municipalities/{m}/challenges/{c}/ballot\",le=\"+Inf\"}") == 2);
    BOOST_TEST(sample(text, "cabildo_ballots_cast_total") == 2);
    BOOST_TEST(sample(text, "cabildo_ballots_replaced_total") == 1);
    BOOST_TEST(sample(text, "cabildo_tokens_issued_total") == 3);
    BOOST_TEST(sample(text, "cabildo_open_connections") >= 1);
    BOOST_TEST(sample(text, "cabildo_store_commits_total") >= 1);
    // The group commit's batches, their size and time, every commit counted once in each.
    const auto commits = sample(text, "cabildo_store_commits_total");
    BOOST_TEST(sample(text, "cabildo_store_batch_size_count") == commits);
    BOOST_TEST(sample(text, "cabildo_store_batch_size_bucket{le=\"+Inf\"}") == commits);
    BOOST_TEST(sample(text, "cabildo_store_batch_size_sum") == sample(text, "cabildo_store_writes_committed_total"));
    BOOST_TEST(sample(text, "cabildo_store_commit_seconds_count") == commits);
    BOOST_TEST(sample(text, "cabildo_store_commit_seconds_sum") > 0);
    BOOST_TEST(sample(text, "cabildo_store_refused_total{queue=\"write\"}") == 0);
    BOOST_TEST(sample(text, "cabildo_store_refused_total{queue=\"read\"}") == 0);
    BOOST_TEST(sample(text, "cabildo_database_bytes") > 0);
    // No slug, no id, no token: routes are named by their templates.
    BOOST_TEST(text.find("reactivacion") == std::string::npos);
    BOOST_TEST(text.find("hermosillo") == std::string::npos);
    BOOST_TEST(text.find(token) == std::string::npos);
    // Every sample line is `name{labels} value` or `name value`.
    std::istringstream lines(text);
    const std::regex line_form(R"(^(# (HELP|TYPE) .+|[a-z_]+(\{([a-z_]+="([^"\\]|\\.)*",?)+\})? [0-9.e+-]+)$)");
    for (std::string line; std::getline(lines, line);)
        BOOST_TEST(std::regex_match(line, line_form), line);
}

BOOST_FIXTURE_TEST_CASE(every_answer_names_its_request, challenge_fixture)
{
    const auto a = server.get("/api/v1/health");
    const auto b = server.get("/api/v1/municipalities/nowhere");
    const auto c = server.get("/");
    BOOST_REQUIRE(a.headers.contains("x-request-id"));
    BOOST_REQUIRE(b.headers.contains("x-request-id"));
    BOOST_REQUIRE(c.headers.contains("x-request-id"));
    BOOST_TEST(b.status == 404);
    BOOST_TEST(a.headers.at("x-request-id") != b.headers.at("x-request-id"));
    BOOST_TEST(std::regex_match(a.headers.at("x-request-id"), std::regex("[0-9a-f]{8}-[0-9]+")));
}

BOOST_AUTO_TEST_CASE(a_short_scrape_key_stops_the_start)
{
    const auto r = server_process::run_to_exit(
        {"serve", "--port", "0", "--db",
         (std::filesystem::temp_directory_path() / ("cabildo-metrics-" + std::to_string(::getpid()) + ".db")).string()},
        {{"CABILDO_METRICS_KEY", "short"}});
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("CABILDO_METRICS_KEY must be at least 32") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace cabildo::test
