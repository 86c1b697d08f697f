#pragma once
// One API call as the handlers see it: who is calling, the path's parameters, the query, the
// parsed body and the responder. Handlers know nothing about sockets.

#include "api/errors.hpp"
#include "api/http_types.hpp"
#include "api/json_body.hpp"
#include "api/metrics.hpp"
#include "api/rate_limiter.hpp"
#include "engine/use_cases/service.hpp"

#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace cabildo::api {

struct call {
    engine::service& service;
    engine::caller who;
    std::string m;  // municipality slug, when the path has one
    std::string c;  // challenge slug
    std::string id; // idea id, as written in the path
    std::map<std::string, std::string> query;
    json body;                                             // an object for POST, PUT and PATCH
    std::string if_none_match;                             // the If-None-Match header, for answers with an ETag
    const std::atomic<std::size_t>* connections = nullptr; // open connections, when the server counts them
    std::string origin; // the web app's scheme, host and port, for links the server prints
    responder respond;
    std::string e = {};      // exercise slug, when the path has one
    std::string t = {};      // in-person table id, as written in the path
    std::string client = {}; // who is asking, as the limits count it (rate_limiter.hpp's client_of)
    rate_limiter* relay_opens = nullptr;
    rate_limiter* wrong_codes = nullptr;
    token_buckets* replacements = nullptr; // one token's replaced ballots; null where no limit applies
    api::metrics* metrics = nullptr;       // what handlers count besides requests (ballots, tokens)

    // The challenge, or the exercise, the path names.
    engine::challenge_ref challenge() const { return {m, c}; }
    engine::exercise_ref exercise() const { return {m, e}; }
};

// A positive whole number written in a path or a query (an id, a page size); nullopt otherwise.
std::optional<std::int64_t> positive_number(std::string_view text);

// Whether `if_none_match` (a list of entity tags, or *) names `etag`; weak tags compare too.
bool etag_matches(std::string_view if_none_match, std::string_view etag);

// A listing's page from the query: ?after=ID (exclusive, default 0) and ?limit=N (1 to
// engine::max_page_size, default engine::default_page_size); each refusal names its field.
struct page_request {
    std::int64_t after = 0;
    std::size_t limit = engine::default_page_size;
};
engine::result<page_request> read_page(const call& c);
// ?limit=N alone, for listings whose position is not an id (the board's leaves count from 0).
engine::result<std::size_t> read_limit(const call& c);

response json_response(http::status status, const json& body);
// The same for a JSON document already written (a stored published one, served as stored).
response json_text_response(http::status status, std::string body);

// A participant's body that does not read (`body_error`) is refused for its token first when the
// token is bad: the shape of a valid body is for participants.
void refuse_body(call& c, engine::failure body_error);

// An engine callback that answers with `status` and `to_json(value)`, or the failure's error.
template <class T, class F>
engine::callback<T> reply(responder respond, http::status status, F to_json)
{
    return [respond = std::move(respond), status, to_json = std::move(to_json)](engine::result<T> r) {
        if (!r.ok())
            return respond(error_response(r.error()));
        respond.later([status, to_json, value = std::make_shared<T>(std::move(r.value()))] {
            return json_response(status, to_json(*value));
        });
    };
}

// An engine callback that answers 204 (nothing to say), or the failure's error.
engine::callback<engine::done_t> reply_no_content(responder respond);

} // namespace cabildo::api
