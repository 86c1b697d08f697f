// The web app as `cabildo serve --frontend` serves a build of it (scripts/build-web.mjs lays it
// out: hashed files under assets/, a .gz beside each text file, one index.html for every page).

#include "tests/api/http_layer_only.hpp"
#include "tests/api/server_process.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <random>

using namespace cabildo::test;

namespace {

// A frontend folder in the temporary directory, removed with the fixture.
struct built_app {
    std::filesystem::path root =
        std::filesystem::temp_directory_path() / ("cabildo-web-" + std::to_string(std::random_device{}()));
    built_app()
    {
        write("index.html",
              "<!doctype html><title>Cabildo</title><script type=module src=/assets/main-AB12.js></script>");
        write("index.html.gz", "not really gzip, but shorter"); // the server only picks, never decodes
        write("assets/main-AB12.js", "export const answer = 42; // a long enough body to be worth packing");
        write("assets/main-AB12.js.gz", "packed");
        write("blind.js", "export {};");
        write(".secret", "dotfiles are not served");
    }
    ~built_app() { std::filesystem::remove_all(root); }
    void write(const std::string& rel, const std::string& body) const
    {
        std::filesystem::create_directories((root / rel).parent_path());
        std::ofstream(root / rel, std::ios::binary) << body;
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(static_files, *boost::unit_test::precondition(http_layer_only))

BOOST_AUTO_TEST_CASE(the_page_and_its_assets_with_their_cache_lifetimes)
{
    const built_app app;
    const server_process server({"--frontend", app.root.string()});
    const auto page = server.get("/");
    BOOST_TEST(page.status == 200);
    BOOST_TEST(page.headers.at("content-type").find("text/html") == 0u);
    BOOST_TEST(page.headers.at("cache-control") == "no-cache");
    BOOST_TEST(page.headers.at("content-security-policy").find("default-src 'self'") == 0u);
    BOOST_TEST(page.headers.at("x-content-type-options") == "nosniff");
    const auto asset = server.get("/assets/main-AB12.js");
    BOOST_TEST(asset.status == 200);
    BOOST_TEST(asset.headers.at("content-type").find("text/javascript") == 0u);
    BOOST_TEST(asset.headers.at("cache-control") == "public, max-age=31536000, immutable");
    BOOST_TEST(asset.body.find("answer = 42") != std::string::npos);
    BOOST_TEST(server.get("/blind.js").headers.at("cache-control") == "no-cache");
}

BOOST_AUTO_TEST_CASE(gzip_only_to_clients_that_accept_it)
{
    const built_app app;
    const server_process server({"--frontend", app.root.string()});
    for (const char* accepts : {"gzip;q=0.05", "br;q=1.0, GZIP", "*"})
        BOOST_TEST(server.request("GET", "/assets/main-AB12.js", {}, {}, {{"Accept-Encoding", accepts}}).body ==
                       "packed",
                   accepts);
    const auto packed = server.request("GET", "/assets/main-AB12.js", {}, {}, {{"Accept-Encoding", "gzip, br"}});
    BOOST_TEST(packed.body == "packed");
    BOOST_TEST(packed.headers.at("content-encoding") == "gzip");
    BOOST_TEST(packed.headers.at("vary") == "Accept-Encoding");
    for (const char* refuses : {"identity", "gzip;q=0", "gzip; q=0.000", "br", "x-gzip-not"}) {
        const auto plain = server.request("GET", "/assets/main-AB12.js", {}, {}, {{"Accept-Encoding", refuses}});
        BOOST_TEST(plain.body.find("answer = 42") != std::string::npos, refuses);
        BOOST_TEST(!plain.headers.contains("content-encoding"), refuses);
        BOOST_TEST(plain.headers.at("vary") == "Accept-Encoding");
    }
    // The .gz is the server's to pick, not a file of the app.
    BOOST_TEST(server.get("/assets/main-AB12.js.gz").status == 404);
    // A file without a smaller .gz goes out as it is.
    const auto small = server.request("GET", "/blind.js", {}, {}, {{"Accept-Encoding", "gzip"}});
    BOOST_TEST(small.body == "export {};");
    BOOST_TEST(!small.headers.contains("content-encoding"));
}

BOOST_AUTO_TEST_CASE(every_page_of_the_app_is_the_index_but_never_an_api_path_or_a_missing_file)
{
    const built_app app;
    const server_process server({"--frontend", app.root.string()});
    const auto index = server.get("/").body;
    for (const char* page : {"/hermosillo/presupuesto-2026", "/hermosillo/presupuesto-2026/vote", "/organiser",
                             "/organiser/hermosillo/desk", "/hermosillo/presupuesto-2026/ideas/12/"}) {
        const auto r = server.get(page);
        BOOST_TEST(r.status == 200, page);
        BOOST_TEST(r.body == index, page);
        BOOST_TEST(r.headers.at("cache-control") == "no-cache", page);
    }
    for (const char* missing : {"/app.js", "/assets/old-ZZ99.js", "/favicon.ico", "/.secret"}) {
        const auto r = server.get(missing);
        BOOST_TEST(r.status == 404, missing);
        BOOST_TEST(r.headers.at("content-type").find("application/json") == 0u, missing);
    }
    for (const char* api : {"/api", "/api/", "/api/v2/health", "/api/v1/no-such-route", "/api/v1/municipalities/x/y"}) {
        const auto r = server.get(api);
        BOOST_TEST(r.status == 404, api);
        BOOST_TEST(r.body.find("<!doctype") == std::string::npos, api);
    }
    BOOST_TEST(server.request("POST", "/hermosillo").status == 405);
}

BOOST_AUTO_TEST_CASE(nothing_outside_the_folder_is_reachable)
{
    const built_app app;
    const server_process server({"--frontend", app.root.string()});
    for (const char* path : {"/../CMakeLists.txt", "/%2e%2e/CMakeLists.txt", "/..%2fCMakeLists.txt", "/etc/passwd.txt",
                             "//etc/passwd", "/index.html%00.js", "/assets/../../.secret"}) {
        const auto r = server.get(path);
        BOOST_TEST(r.body.find("cmake_minimum_required") == std::string::npos, path);
        BOOST_TEST(r.body.find("dotfiles") == std::string::npos, path);
        BOOST_TEST((r.status == 404 || r.status == 400 || r.body == server.get("/").body), path << " -> " << r.status);
    }
    BOOST_TEST(server.request("POST", "/").status == 405);
}

BOOST_AUTO_TEST_SUITE_END()
