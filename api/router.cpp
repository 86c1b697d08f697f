#include "api/router.hpp"

#include "api/call.hpp"
#include "api/handlers.hpp"
#include "engine/rfc3339.hpp"

#include <boost/url/parse.hpp>

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

namespace {

using handler_fn = void (*)(call&);

struct route {
    http::verb method;
    // Segments after /api/v1; "{m}", "{c}" and "{id}" capture.
    std::vector<std::string_view> pattern;
    handler_fn fn;
};

const std::vector<route>& routes()
{
    using v = http::verb;
    using namespace handlers;
    static const std::vector<route> table{
        {v::get, {"health"}, health},
        {v::post, {"municipalities"}, create_municipality},
        {v::get, {"municipalities"}, list_municipalities},
        {v::get, {"municipalities", "{m}"}, get_municipality},
        {v::post, {"municipalities", "{m}", "keys"}, create_key},
        {v::post, {"municipalities", "{m}", "challenges"}, create_challenge},
        {v::get, {"municipalities", "{m}", "challenges"}, list_challenges},
        {v::get, {"municipalities", "{m}", "challenges", "{c}"}, get_challenge},
        {v::patch, {"municipalities", "{m}", "challenges", "{c}"}, patch_challenge},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "audit"}, audit_log},
        {v::post, {"municipalities", "{m}", "challenges", "{c}", "tokens"}, issue_tokens},
        {v::post, {"municipalities", "{m}", "challenges", "{c}", "tokens", "revoke"}, revoke_tokens},
        {v::post, {"municipalities", "{m}", "challenges", "{c}", "ideas"}, submit_idea},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "ideas"}, list_ideas},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "ideas", "{id}"}, get_idea},
        {v::post, {"municipalities", "{m}", "challenges", "{c}", "ideas", "{id}", "moderation"}, moderate_idea},
        {v::put, {"municipalities", "{m}", "challenges", "{c}", "ballot"}, cast_ballot},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "results"}, results},
        {v::post, {"municipalities", "{m}", "challenges", "{c}", "announcement"}, announce},
        {v::get, {"municipalities", "{m}", "challenges", "{c}", "export"}, export_data},
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
            if (out) out->m = segments[i];
        } else if (p == "{c}") {
            if (out) out->c = segments[i];
        } else if (p == "{id}") {
            if (out) out->id = segments[i];
        } else if (p != segments[i]) {
            return false;
        }
    }
    return true;
}

std::string_view bearer_of(const request& req)
{
    const auto it = req.find(http::field::authorization);
    if (it == req.end())
        return {};
    const std::string_view value = it->value();
    constexpr std::string_view scheme = "Bearer ";
    if (value.size() <= scheme.size() || !std::equal(scheme.begin(), scheme.end(), value.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        }))
        return {};
    return value.substr(scheme.size());
}

void set_clock(engine::manual_clock& clock, const engine::service& service, const request& req, const responder& respond)
{
    if (service.authenticate(bearer_of(req)).kind != engine::caller::role::admin)
        return respond(error_response(http::status::unauthorized, "unauthorized", "the test clock needs the admin key"));
    auto body = parse_object(req.body());
    if (!body)
        return respond(error_response(body.error()));
    field_reader r(*body);
    const auto text = r.text("now", true);
    const auto t = text ? engine::parse_rfc3339(*text) : std::nullopt;
    if (!t)
        return respond(error_response(http::status::bad_request, "invalid_field", "now must be an RFC 3339 time", "now"));
    clock.set(*t);
    respond(json_response(http::status::ok, {{"now", engine::format_rfc3339(*t)}}));
}

} // namespace

void router::handle(const request& req, responder respond) const
{
    const auto target = boost::urls::parse_origin_form(req.target());
    if (!target)
        return respond(error_response(http::status::bad_request, "invalid_target", "the request target is not a valid path"));

    std::vector<std::string> segments;
    for (auto s : target->segments()) {
        if (segments.size() > 16)
            return respond(error_response(http::status::not_found, "not_found", "no such path"));
        segments.push_back(s);
    }
    const bool api = segments.size() >= 2 && segments[0] == "api" && segments[1] == "v1";
    if (!api) {
        if (!segments.empty() && segments[0] == "api")
            return respond(error_response(http::status::not_found, "not_found", "the API lives under /api/v1"));
        if (req.method() != http::verb::get && req.method() != http::verb::head)
            return respond(error_response(http::status::method_not_allowed, "method_not_allowed", "only GET is served here"));
        if (auto res = files_.get(target->path(), req.method() == http::verb::head))
            return respond(std::move(*res));
        return respond(error_response(http::status::not_found, "not_found", "no such file"));
    }
    segments.erase(segments.begin(), segments.begin() + 2);

    if (test_clock_ && segments.size() == 2 && segments[0] == "test" && segments[1] == "clock" &&
        req.method() == http::verb::post)
        return set_clock(*test_clock_, service_, req, respond);

    std::string allowed;
    for (const auto& r : routes()) {
        if (!matches(r, segments, nullptr))
            continue;
        if (r.method != req.method()) {
            allowed += (allowed.empty() ? "" : ", ") + std::string(http::to_string(r.method));
            continue;
        }
        call c{service_, service_.authenticate(bearer_of(req)), {}, {}, {}, {}, json::object(), std::move(respond)};
        matches(r, segments, &c);
        for (auto p : target->params())
            if (p.has_value)
                c.query.emplace(p.key, p.value);
        if (r.method == http::verb::post || r.method == http::verb::put || r.method == http::verb::patch) {
            // Bodyless POSTs (keys, announcement) are fine; a body present must be a JSON object.
            if (!req.body().empty() || r.method != http::verb::post) {
                auto body = parse_object(req.body());
                if (!body)
                    return c.respond(error_response(body.error()));
                c.body = std::move(*body);
            }
        }
        return r.fn(c);
    }
    if (!allowed.empty()) {
        auto res = error_response(http::status::method_not_allowed, "method_not_allowed", "use " + allowed);
        res.set(http::field::allow, allowed);
        return respond(std::move(res));
    }
    respond(error_response(http::status::not_found, "not_found", "no such endpoint"));
}

} // namespace cabildo::api
