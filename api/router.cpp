#include "api/router.hpp"

#include "api/call.hpp"
#include "api/handlers.hpp"
#include "engine/domain/rfc3339.hpp"
#include "engine/identity/crypto.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace cabildo::api {

response json_response(http::status status, const json& body)
{
    response res{status, 11};
    res.set(http::field::content_type, "application/json; charset=utf-8");
    res.body() = body.dump(-1, ' ', false, json::error_handler_t::replace);
    res.prepare_payload();
    return res;
}

response json_text_response(http::status status, std::string body)
{
    response res{status, 11};
    res.set(http::field::content_type, "application/json; charset=utf-8");
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

namespace {

using handler_fn = void (*)(call&);

struct route {
    http::verb method;
    // Segments after /api/v1; "{m}", "{c}", "{e}" and "{id}" capture.
    std::vector<std::string_view> pattern;
    // Who may call it (domain/access.hpp), checked before its body is read: a request without the
    // credential a route needs learns nothing of its body's shape. `anyone` routes may still answer
    // more to a key.
    engine::permission who;
    handler_fn fn;
    // The client bucket a request of this route takes a token from, if any (router::limits).
    std::optional<limited_act> limit = std::nullopt;
};

const std::vector<route>& routes()
{
    using v = http::verb;
    using namespace handlers;
    using a = engine::permission;
    static const std::vector<route> table{
        {v::get, {"health"}, a::anyone, health},
        {v::get, {"openapi.json"}, a::anyone, openapi},
        {v::get, {"status"}, a::administer, status},
        {v::get, {"whoami"}, a::keyed, whoami},
        {v::get, {"audit"}, a::administer, server_audit_log},
        {v::post, {"municipalities"}, a::administer, create_municipality},
        {v::get, {"municipalities"}, a::anyone, list_municipalities},
        {v::get, {"municipalities", "{m}"}, a::anyone, get_municipality},
        {v::post, {"municipalities", "{m}", "keys"}, a::administer, create_key},
        {v::get, {"municipalities", "{m}", "keys"}, a::administer, list_keys},
        {v::delete_, {"municipalities", "{m}", "keys", "{id}"}, a::administer, revoke_key},
        {v::post, {"municipalities", "{m}", "exercises"}, a::organise, create_exercise},
        {v::get, {"municipalities", "{m}", "exercises"}, a::anyone, list_exercises},
        {v::get, {"municipalities", "{m}", "exercises", "{e}"}, a::anyone, get_exercise},
        {v::patch, {"municipalities", "{m}", "exercises", "{e}"}, a::organise, patch_exercise},
        {v::get, {"municipalities", "{m}", "exercises", "{e}", "history"}, a::anyone, exercise_history},
        {v::get, {"municipalities", "{m}", "exercises", "{e}", "report"}, a::anyone, exercise_report},
        {v::post, {"municipalities", "{m}", "exercises", "{e}", "report"}, a::organise, issue_report},
        {v::post, {"municipalities", "{m}", "challenges"}, a::organise, create_challenge},
        {v::get, {"municipalities", "{m}", "challenges"}, a::anyone, list_challenges},
        {v::get, {"municipalities", "{m}", "challenges", "{c}"}, a::anyone, get_challenge},
        {v::patch, {"municipalities", "{m}", "challenges", "{c}"}, a::organise, patch_challenge},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "audit"}, a::anyone, audit_log},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "keys"}, a::anyone, challenge_keys},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "board"}, a::anyone, board_page},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "board", "head"}, a::anyone, board_head},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "board", "proof"}, a::anyone, board_proof},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "board", "consistency"}, a::anyone, board_consistency},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "board", "file"}, a::anyone, board_file},
        {v::post,
         {"municipalities", "{m}", "challenges", "{c}", "tokens"},
         a::issue,
         issue_tokens,
         limited_act::issuance},
        {v::post, {"municipalities", "{m}", "challenges", "{c}", "tokens", "revoke"}, a::issue, revoke_tokens},
        {v::post,
         {"municipalities", "{m}", "challenges", "{c}", "tokens", "code"},
         a::anyone,
         redeem_card_code,
         limited_act::issuance},
        {v::post,
         {"municipalities", "{m}", "challenges", "{c}", "tokens", "blind"},
         a::issue,
         blind_sign,
         limited_act::issuance},
        {v::post,
         {"municipalities", "{m}", "challenges", "{c}", "tokens", "blind", "requests"},
         a::anyone,
         open_blind_request,
         limited_act::issuance},
        {v::get,
         {"municipalities", "{m}", "challenges", "{c}", "tokens", "blind", "requests", "{id}"},
         a::anyone,
         blind_request_status},
        {v::delete_,
         {"municipalities", "{m}", "challenges", "{c}", "tokens", "blind", "requests", "{id}"},
         a::anyone,
         collect_blind_request},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "tokens", "batches"}, a::organise, list_batches},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "turnout"}, a::organise, turnout},
        {v::get,
         {"municipalities", "{m}", "challenges", "{c}", "tokens", "batches", "{id}", "cards"},
         a::organise,
         print_cards},
        {v::post, {"municipalities", "{m}", "challenges", "{c}", "ideas"}, a::anyone, submit_idea, limited_act::ideas},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "ideas"}, a::anyone, list_ideas},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "ideas", "{id}"}, a::anyone, get_idea},
        {v::post,
         {"municipalities", "{m}", "challenges", "{c}", "ideas", "{id}", "moderation"},
         a::organise,
         moderate_idea},
        {v::put,
         {"municipalities", "{m}", "challenges", "{c}", "ballot"},
         a::anyone,
         cast_ballot,
         limited_act::ballots},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "results"}, a::anyone, results},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "receipts", "{id}"}, a::anyone, ballot_receipt},
        {v::post, {"municipalities", "{m}", "challenges", "{c}", "announcement"}, a::organise, announce},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "export"}, a::anyone, export_data},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "survey"}, a::anyone, get_survey},
        {v::put, {"municipalities", "{m}", "challenges", "{c}", "survey"}, a::organise, put_survey},
        {v::put, {"municipalities", "{m}", "challenges", "{c}", "survey", "response"}, a::anyone, answer_survey},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "survey", "results"}, a::anyone, survey_results},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "survey", "export"}, a::anyone, survey_export},
        {v::get,
         {"municipalities", "{m}", "challenges", "{c}", "survey", "receipts", "{id}"},
         a::anyone,
         survey_receipt},
        {v::get,
         {"municipalities", "{m}", "challenges", "{c}", "survey", "results", "texts"},
         a::anyone,
         published_survey_texts},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "survey", "texts"}, a::organise, list_survey_texts},
        {v::post,
         {"municipalities", "{m}", "challenges", "{c}", "survey", "texts", "{id}", "moderation"},
         a::organise,
         moderate_survey_text},
        {v::post, {"municipalities", "{m}", "challenges", "{c}", "survey", "categories"}, a::organise, seed_categories},
        {v::post, {"municipalities", "{m}", "challenges", "{c}", "tables"}, a::organise, create_tables},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "tables"}, a::anyone, list_tables},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "tables", "{t}"}, a::anyone, get_table},
        {v::post,
         {"municipalities", "{m}", "challenges", "{c}", "tables", "{t}", "officers"},
         a::organise,
         create_officer},
        {v::delete_,
         {"municipalities", "{m}", "challenges", "{c}", "tables", "{t}", "officers", "{id}"},
         a::organise,
         revoke_officer},
        {v::post, {"municipalities", "{m}", "challenges", "{c}", "tables", "{t}", "check-ins"}, a::officiate, check_in},
        {v::put,
         {"municipalities", "{m}", "challenges", "{c}", "tables", "{t}", "ballots", "{id}"},
         a::officiate,
         enter_paper_ballot},
        {v::get,
         {"municipalities", "{m}", "challenges", "{c}", "tables", "{t}", "ballots"},
         a::officiate,
         paper_ballots},
        {v::post, {"municipalities", "{m}", "challenges", "{c}", "tables", "{t}", "act"}, a::officiate, draft_act},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "tables", "{t}", "act"}, a::keyed, current_act},
        {v::post,
         {"municipalities", "{m}", "challenges", "{c}", "tables", "{t}", "act", "signatures"},
         a::officiate,
         sign_act},
        {v::post,
         {"municipalities", "{m}", "challenges", "{c}", "tables", "{t}", "corrections"},
         a::officiate,
         open_correction},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "tables", "{t}", "acts"}, a::anyone, table_acts},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "reconciliation"}, a::anyone, reconciliation},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "commitments"}, a::anyone, list_commitments},
        {v::post, {"municipalities", "{m}", "challenges", "{c}", "commitments"}, a::organise, create_commitment},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "commitments", "{id}"}, a::anyone, get_commitment},
        {v::patch,
         {"municipalities", "{m}", "challenges", "{c}", "commitments", "{id}"},
         a::organise,
         patch_commitment},
        {v::post,
         {"municipalities", "{m}", "challenges", "{c}", "commitments", "{id}", "updates"},
         a::track,
         update_commitment},
    };
    return table;
}

bool matches(const route& r, const std::vector<std::string>& segments, call* out)
{
    if (r.pattern.size() != segments.size())
        return false;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const auto p = r.pattern[i];
        if (p == "{m}") {
            if (out)
                out->m = segments[i];
        } else if (p == "{c}") {
            if (out)
                out->c = segments[i];
        } else if (p == "{id}") {
            if (out)
                out->id = segments[i];
        } else if (p == "{e}") {
            if (out)
                out->e = segments[i];
        } else if (p == "{t}") {
            if (out)
                out->t = segments[i];
        } else if (p != segments[i]) {
            return false;
        }
    }
    return true;
}

// The key of `Authorization: Bearer <key>`; nullopt when the header is absent, empty when it is
// there but not a bearer key (which no key matches).
std::optional<std::string_view> bearer_of(const request& req)
{
    const auto it = req.find(http::field::authorization);
    if (it == req.end())
        return std::nullopt;
    const std::string_view value = it->value();
    constexpr std::string_view scheme = "Bearer ";
    if (value.size() <= scheme.size() || !std::equal(scheme.begin(), scheme.end(), value.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        }))
        return std::string_view{};
    return value.substr(scheme.size());
}

// 401 for a credential that matches no key (on any route), or for none where the route needs
// one; 403 for a key without the route's role.
std::optional<response> refusal(engine::permission who, const std::optional<std::string_view>& bearer,
                                const engine::caller& caller)
{
    if (bearer && caller.kind == engine::role::anonymous)
        return error_response(engine::errc::unauthorized, "the Authorization header holds no valid key");
    if (auto f = engine::refusal(who, caller.kind))
        return error_response(*f);
    return std::nullopt;
}

// The cache policy of the class comment, applied to every API answer on its way out.
responder with_cache_policy(responder respond, bool credentials, bool read)
{
    return responder([respond = std::move(respond), credentials, read](responder::builder build) {
        respond.later([build = std::move(build), credentials, read] {
            response res = build();
            res.set(http::field::vary, "Authorization");
            if (credentials || !read || res.result_int() >= 400)
                res.set(http::field::cache_control, "no-store");
            else if (res.find(http::field::cache_control) == res.end())
                res.set(http::field::cache_control, "no-cache");
            return res;
        });
    });
}

// A Host header as a browser sends it: a name or address, and a port. Anything else (a header
// crafted to inject markup or a path into a printed link) falls back to the loopback address.
// A connection from this machine (127.0.0.0/8, ::1, or IPv4 mapped into IPv6).
bool is_loopback(std::string_view peer)
{
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(std::string(peer), ec);
    if (ec)
        return false;
    if (address.is_v6() && address.to_v6().is_v4_mapped())
        return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6()).is_loopback();
    return address.is_loopback();
}

bool plausible_host(std::string_view host)
{
    if (host.empty() || host.size() > 255)
        return false;
    return std::all_of(host.begin(), host.end(), [](char ch) {
        return std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-' || ch == ':' || ch == '[' ||
               ch == ']';
    });
}

void set_clock(engine::manual_clock& clock, call& c)
{
    field_reader r(c.body);
    const auto text = r.text("now", true);
    const auto t = text ? engine::parse_rfc3339(*text) : std::nullopt;
    if (!t)
        return c.respond(error_response(engine::errc::invalid_field, "now must be an RFC 3339 time", "now"));
    c.service.admin().move_test_clock(c.who, clock, *t,
                                      reply<engine::time_point>(c.respond, http::status::ok, [](auto now) {
                                          return json{{"now", engine::format_rfc3339(now)}};
                                      }));
}

} // namespace

std::vector<route_template> route_templates()
{
    std::vector<route_template> out;
    for (const auto& r : routes()) {
        std::string path;
        for (const auto segment : r.pattern)
            path.append("/").append(segment);
        out.push_back({std::string(http::to_string(r.method)), std::move(path), std::string(engine::name_of(r.who))});
    }
    return out;
}

namespace {

std::vector<std::string> route_names()
{
    std::vector<std::string> out;
    for (const auto& t : route_templates())
        out.push_back(t.method + " " + t.path);
    return out;
}

} // namespace

router::router(engine::service& service, const static_files& files, engine::manual_clock* test_clock)
    : service_(service)
    , files_(files)
    , test_clock_(test_clock)
    , metrics_(route_names())
    , request_id_prefix_(engine::to_hex(engine::random_bytes(4)))
{}

// GET /metrics: the admin key or the scrape key; 401 without a key that is either, 403 for
// another key (a municipality's).
void router::serve_metrics(const request& req, const responder& respond) const
{
    const auto bearer = bearer_of(req);
    const auto who = bearer ? service_.authenticate(*bearer) : engine::caller{};
    const bool scraper = bearer && !metrics_key_hash_.empty() &&
                         engine::equal_in_constant_time(engine::sha256(*bearer), metrics_key_hash_);
    if (!scraper && who.kind != engine::role::admin)
        return respond(who.kind == engine::role::anonymous
                           ? error_response(engine::errc::unauthorized,
                                            "send the admin key or the scrape key (CABILDO_METRICS_KEY) as "
                                            "Authorization: Bearer <key>")
                           : error_response(engine::errc::forbidden, "only the admin and the scrape key read metrics"));
    response res{http::status::ok, 11};
    res.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
    res.set(http::field::cache_control, "no-store");
    res.body() = metrics_.exposition(service_.storage_load(), connections_ ? connections_->load() : 0);
    res.prepare_payload();
    respond(std::move(res));
}

void router::handle(const request& req, responder respond, std::string_view peer) const
{
    std::string client = client_of(peer);
    if (forwarded_for_)
        if (const auto it = req.find("X-Forwarded-For"); it != req.end()) {
            std::string_view list = it->value();
            const auto last = list.rfind(',');
            auto address = last == std::string_view::npos ? list : list.substr(last + 1);
            while (!address.empty() && address.front() == ' ')
                address.remove_prefix(1);
            while (!address.empty() && address.back() == ' ')
                address.remove_suffix(1);
            if (!address.empty())
                client = client_of(address);
        }
    // Every answer names its request (X-Request-Id), as the log lines about it do, and is counted
    // under its route's template with its status and time.
    const auto started = std::chrono::steady_clock::now();
    auto route = std::make_shared<std::size_t>(metrics_.unmatched_route());
    // The process's random prefix and a counter: unique, and cheaper than randomness per request.
    const auto request_id =
        request_id_prefix_ + "-" + std::to_string(next_request_id_.fetch_add(1, std::memory_order_relaxed));
    // A handler that throws is a bug: logged and answered 500, unless it had answered already.
    auto answered = std::make_shared<std::atomic<bool>>(false);
    responder once([answered, respond, route, started, request_id, this](responder::builder build) {
        if (answered->exchange(true))
            return;
        respond.later([build = std::move(build), route, started, request_id, this] {
            auto res = build();
            res.set("X-Request-Id", request_id);
            metrics_.observe(*route, res.result_int(), std::chrono::steady_clock::now() - started);
            return res;
        });
    });
    try {
        dispatch(req, once, std::move(client), forwarded_for_ || !is_loopback(peer), *route);
    } catch (const std::exception& e) {
        spdlog::error("request {}: {} {} threw: {}", request_id, std::string(http::to_string(req.method())),
                      std::string(req.target()), e.what());
        if (!answered->exchange(true))
            respond(error_response(engine::errc::internal, "the server failed on this request (a bug, logged)"));
    }
}

std::string router::origin_of(const request& req) const
{
    if (!public_url_.empty())
        return public_url_.back() == '/' ? public_url_.substr(0, public_url_.size() - 1) : public_url_;
    const auto host = req.find(http::field::host);
    if (host != req.end() && plausible_host(host->value()))
        return "http://" + std::string(host->value());
    return "http://127.0.0.1";
}

void router::limits(const client_limits& l)
{
    issuance_.rule(l.issuance);
    ideas_.rule(l.ideas);
    ballots_.rule(l.ballots);
    replacements_.rule(l.replacements);
}

token_buckets& router::buckets(limited_act a) const
{
    switch (a) {
    case limited_act::issuance: return issuance_;
    case limited_act::ideas: return ideas_;
    case limited_act::ballots: return ballots_;
    case limited_act::replacements: break;
    }
    return replacements_;
}

void router::dispatch(const request& req, responder respond, std::string client, bool limited,
                      std::size_t& counted_as) const
{
    const auto target = boost::urls::parse_origin_form(req.target());
    if (!target)
        return respond(error_response(transport_errc::invalid_target, "the request target is not a valid path"));

    std::vector<std::string> segments;
    for (auto s : target->segments()) {
        if (segments.size() > 16)
            return respond(error_response(engine::errc::not_found, "no such path"));
        segments.push_back(s);
    }
    const bool api = segments.size() >= 2 && segments[0] == "api" && segments[1] == "v1";
    if (!api) {
        if (!segments.empty() && segments[0] == "api")
            return respond(error_response(engine::errc::not_found, "the API lives under /api/v1"));
        if (segments.size() == 1 && segments[0] == "metrics" && req.method() == http::verb::get)
            return serve_metrics(req, respond);
        counted_as = metrics_.files_route();
        if (req.method() != http::verb::get && req.method() != http::verb::head)
            return respond(error_response(transport_errc::method_not_allowed, "only GET is served here"));
        const auto encoding = req.find(http::field::accept_encoding);
        const bool gzip = encoding != req.end() && accepts_gzip(encoding->value());
        if (auto res = files_.get(target->path(), req.method() == http::verb::head, gzip))
            return respond(std::move(*res));
        return respond(error_response(engine::errc::not_found, "no such file"));
    }
    segments.erase(segments.begin(), segments.begin() + 2);

    const auto bearer = bearer_of(req);
    const bool read = req.method() == http::verb::get || req.method() == http::verb::head;
    respond = with_cache_policy(std::move(respond), bearer.has_value(), read);
    const auto run = [&](const route& r) {
        if (const auto& table = routes(); &r >= table.data() && &r < table.data() + table.size())
            counted_as = static_cast<std::size_t>(&r - table.data());
        if (limited && r.limit)
            if (const auto wait = buckets(*r.limit).take(client, token_buckets::clock::now()); wait.count() > 0)
                return respond(rate_limited_response(refusal_of(*r.limit), wait));
        const auto who = bearer ? service_.authenticate(*bearer) : engine::caller{};
        if (auto refused = refusal(r.who, bearer, who))
            return respond(std::move(*refused));
        call c{service_, who, {}, {}, {}, {}, json::object(), {}, connections_, origin_of(req), std::move(respond)};
        c.client = client;
        c.relay_opens = &relay_opens_;
        c.wrong_codes = &wrong_codes_;
        if (limited)
            c.replacements = &replacements_;
        c.metrics = &metrics_;
        matches(r, segments, &c);
        for (auto p : target->params())
            if (p.has_value)
                c.query.emplace(p.key, p.value);
        if (const auto it = req.find(http::field::if_none_match); it != req.end())
            c.if_none_match = it->value();
        if (r.method == http::verb::post || r.method == http::verb::put || r.method == http::verb::patch) {
            // Bodyless POSTs (keys, announcement) are fine; a body present must be a JSON object.
            if (!req.body().empty() || r.method != http::verb::post) {
                auto body = parse_object(req.body());
                if (!body)
                    return c.respond(error_response(body.error()));
                c.body = std::move(*body);
            }
        }
        if (r.fn)
            return r.fn(c);
        set_clock(*test_clock_, c);
    };

    if (test_clock_ && segments.size() == 2 && segments[0] == "test" && segments[1] == "clock" &&
        req.method() == http::verb::post) {
        static const route clock_route{http::verb::post, {"test", "clock"}, engine::permission::administer, nullptr};
        return run(clock_route);
    }

    std::string allowed;
    for (const auto& r : routes()) {
        if (!matches(r, segments, nullptr))
            continue;
        if (r.method != req.method()) {
            allowed += (allowed.empty() ? "" : ", ") + std::string(http::to_string(r.method));
            continue;
        }
        return run(r);
    }
    if (!allowed.empty()) {
        auto res = error_response(transport_errc::method_not_allowed, "use " + allowed);
        res.set(http::field::allow, allowed);
        return respond(std::move(res));
    }
    respond(error_response(engine::errc::not_found, "no such endpoint"));
}

} // namespace cabildo::api
