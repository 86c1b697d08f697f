// What an HTTP request brings: a JSON body through the v1 contract's readers, a method and a target
// through the router, a query string through the query readers.
//
// The router is the real one over a real service, on a SQLite database in a temporary folder that
// stays empty: a request that carries a bearer key is refused (401) by the key that matches nothing
// before any handler runs, and only GET and HEAD go without one, to handlers that only read. So no
// input writes, and nothing grows from one input to the next.

#include "api/call.hpp"
#include "api/inputs.hpp"
#include "api/json_body.hpp"
#include "api/router.hpp"
#include "api/static_files.hpp"
#include "engine/domain/exercise.hpp"
#include "engine/domain/survey.hpp"
#include "engine/identity/crypto.hpp"
#include "engine/publication/open_data.hpp"
#include "engine/storage/sqlite_store.hpp"
#include "engine/use_cases/service.hpp"
#include "tests/fuzz/targets.hpp"

#include <boost/url/parse.hpp>

#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <memory>
#include <string>

namespace cabildo::fuzz {

namespace {

using json = nlohmann::json;
namespace http = api::http;

// ---- json_body ----

// Every reader of api/inputs.hpp (the bodies of the v1 contract), one per selector value.
struct api_body_reader {
    std::string_view name;
    void (*read)(const json& body);
};
template <auto Reader>
void api_read(const json& body)
{
    (void)Reader(body);
}
constexpr std::array api_body_readers{
    api_body_reader{"municipality", api_read<api::read_municipality>},
    api_body_reader{"challenge", api_read<api::read_challenge>},
    api_body_reader{"challenge_patch", api_read<api::read_challenge_patch>},
    api_body_reader{"token_request", api_read<api::read_token_request>},
    api_body_reader{"key_request", api_read<api::read_key_request>},
    api_body_reader{"blind_request", api_read<api::read_blind_request>},
    api_body_reader{"revoke_request", api_read<api::read_revoke_request>},
    api_body_reader{"idea", api_read<api::read_idea>},
    api_body_reader{"ballot", api_read<api::read_ballot>},
    api_body_reader{"survey", api_read<api::read_survey>},
    api_body_reader{"survey_answers", api_read<api::read_survey_answers>},
    api_body_reader{"exercise", api_read<api::read_exercise>},
    api_body_reader{"exercise_patch", api_read<api::read_exercise_patch>},
    api_body_reader{"commitment", api_read<api::read_commitment>},
    api_body_reader{"commitment_patch", api_read<api::read_commitment_patch>},
    api_body_reader{"commitment_action", api_read<api::read_commitment_action>},
    api_body_reader{"moderation", api_read<api::read_moderation>},
    api_body_reader{"text_moderation", api_read<api::read_text_moderation>},
};

// ---- the service behind the router and the query readers ----

// The router of `cabildo serve` without its sockets: a real service on an empty SQLite database,
// and the web app's files as the build lays them out (static_files.hpp), read once at start.
struct api_world {
    std::filesystem::path dir =
        std::filesystem::temp_directory_path() /
        ("cabildo-fuzz-" + std::to_string(::getpid()) + "-" + engine::to_hex(engine::random_bytes(4)));
    engine::manual_clock clock{std::chrono::sys_seconds{std::chrono::seconds{1772366400}}}; // 2026-03-01T12:00:00Z
    std::unique_ptr<engine::sqlite_store> storage;
    std::unique_ptr<engine::service> service;
    std::unique_ptr<api::static_files> files;
    std::unique_ptr<api::router> routes;

    api_world()
    {
        std::filesystem::create_directories(dir / "web" / "assets");
        const auto write = [&](const char* name, std::string_view text) {
            std::ofstream(dir / "web" / name, std::ios::binary) << text;
        };
        write("index.html", "<!doctype html><title>Cabildo</title><script src=\"/assets/app-3f2a9c.js\"></script>");
        write("favicon.ico", "ico");
        write("assets/app-3f2a9c.js", std::string(256, ';'));
        write("assets/app-3f2a9c.js.gz", "smaller"); // only its size is looked at
        files = std::make_unique<api::static_files>(dir / "web");
        storage = std::make_unique<engine::sqlite_store>(engine::sqlite_options{dir / "fuzz.db"});
        // The admin key's hash is of no key: no input can be the admin.
        service = std::make_unique<engine::service>(*storage, clock, "fuzz-hmac-secret", std::string(64, '0'),
                                                    std::vector<engine::access_key>{});
        routes = std::make_unique<api::router>(*service, *files);
    }
    ~api_world()
    {
        // As serve_command does: the store's threads stop before the service they run goes.
        routes.reset();
        storage->close();
        service.reset();
        storage.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    api_world(const api_world&) = delete;
    api_world& operator=(const api_world&) = delete;
};

api_world& api_the_world()
{
    static api_world world;
    return world;
}

// Beast's parser delivers a target and header values without controls (tokens of RFC 9112), so the
// router never sees them: an input that holds one is not a request the server could receive.
bool api_deliverable(std::string_view text, bool header)
{
    for (const char ch : text) {
        const auto byte = static_cast<unsigned char>(ch);
        if ((byte < 0x20 && !(header && byte == '\t')) || byte == 0x7f || (!header && byte == ' '))
            return false;
    }
    return true;
}

constexpr std::array api_methods{http::verb::get,   http::verb::head,    http::verb::post,    http::verb::put,
                                 http::verb::patch, http::verb::delete_, http::verb::options, http::verb::trace};

// A key no one holds: every route refuses it (401) before its handler runs.
constexpr std::string_view api_stranger_key = "fuzz-a-key-that-matches-nothing";

} // namespace

// The first byte picks the reader; the rest is the body as the server receives it.
void fuzz_json_body(std::string_view input)
{
    if (input.empty())
        return;
    const auto& reader = api_body_readers[static_cast<unsigned char>(input[0]) % api_body_readers.size()];
    const auto body = api::parse_object(input.substr(1));
    if (!body)
        return;
    reader.read(*body);
}

// The first byte: bits 0-2 the method, bit 3 whether a bearer key is sent (always, for a method other
// than GET and HEAD). Then lines: the target, the Accept-Encoding header, the If-None-Match header.
void fuzz_router(std::string_view input)
{
    if (input.empty())
        return;
    const auto flags = static_cast<unsigned char>(input[0]);
    const auto method = api_methods[flags & 7U];
    const bool read = method == http::verb::get || method == http::verb::head;
    const bool bearer = (flags & 8U) != 0 || !read;
    std::array<std::string_view, 3> lines{};
    auto rest = input.substr(1);
    for (auto& line : lines) {
        const auto end = rest.find('\n');
        line = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    }
    const auto [target, accept_encoding, if_none_match] = lines;
    if (target.empty() || !api_deliverable(target, false) || !api_deliverable(accept_encoding, true) ||
        !api_deliverable(if_none_match, true))
        return;
    // The header readers the router and the handlers apply to these two headers.
    (void)api::accepts_gzip(accept_encoding);
    (void)api::etag_matches(if_none_match, "\"3f2a9c\"");

    api::request req{method, target, 11};
    req.set(http::field::host, "127.0.0.1");
    if (bearer)
        req.set(http::field::authorization, std::string("Bearer ").append(api_stranger_key));
    if (!accept_encoding.empty())
        req.set(http::field::accept_encoding, accept_encoding);
    if (!if_none_match.empty())
        req.set(http::field::if_none_match, if_none_match);
    req.prepare_payload();

    // The answer may come from a storage thread: wait for it. A request never answered is a hang,
    // which libFuzzer's -timeout reports.
    auto answer = std::make_shared<std::promise<api::response>>();
    auto answers = std::make_shared<std::atomic<int>>(0);
    auto arrived = answer->get_future();
    api_the_world().routes->handle(req, api::responder([answer, answers](api::responder::builder build) {
                                       if (answers->fetch_add(1) == 0)
                                           answer->set_value(build());
                                   }));
    const auto res = arrived.get();
    // The router answers 500 only when a handler threw (it logs a bug) or the store failed, and an
    // empty store does not fail.
    if (res.result() == http::status::internal_server_error)
        broken("the router answered 500: " + res.body(), input);
    if (const auto type = res.find(http::field::content_type);
        type != res.end() && type->value().starts_with("application/json") && method != http::verb::head &&
        json::parse(res.body(), nullptr, false).is_discarded())
        broken("the router answered a JSON content type with a body that is not JSON", input);
}

// The input is a query string (after '?'), read as the router reads a request's, then by every
// reader of query parameters the handlers share.
void fuzz_query(std::string_view input)
{
    if (!api_deliverable(input, false))
        return;
    const std::string target = std::string("/api/v1/q?").append(input);
    const auto url = boost::urls::parse_origin_form(target);
    if (!url)
        return;
    // Named members only: the others keep their defaults, whatever members call.hpp adds.
    api::call c{.service = *api_the_world().service,
                .body = json::object(),
                .origin = "http://127.0.0.1",
                .respond = api::responder([](api::responder::builder) {})};
    // As router::dispatch fills a call's query: the first value of each key that has one.
    for (auto p : url->params())
        if (p.has_value)
            c.query.emplace(p.key, p.value);
    (void)api::read_page(c);
    (void)api::read_limit(c);
    (void)api::read_format(c.query, api::listing_formats);
    (void)api::read_format(c.query, api::report_formats);
    for (const auto& [key, value] : c.query) {
        (void)api::positive_number(value);
        (void)engine::export_format_named(value);
        (void)engine::report_kind_named(value);
        (void)engine::text_status_named(value);
    }
}

} // namespace cabildo::fuzz
