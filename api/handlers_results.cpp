// Ballots, receipts, results, the announcement and open data.

#include "api/handlers.hpp"
#include "api/inputs.hpp"
#include "engine/identity/crypto.hpp"
#include "engine/publication/results_document.hpp"

namespace cabildo::api::handlers {

namespace {

// Published results and exports change only when a moderation withholds or restores a text: a
// cache may keep them a while, and revalidates by ETag.
constexpr const char* published_cache = "public, max-age=300";

// A strong ETag (RFC 9110 section 8.8.3) of a content digest.
std::string etag_of(std::string_view digest)
{
    std::string tag = "\"";
    tag.append(digest);
    tag.push_back('"');
    return tag;
}

response not_modified(const std::string& etag)
{
    response res{http::status::not_modified, 11};
    res.set(http::field::etag, etag);
    res.set(http::field::cache_control, published_cache);
    res.prepare_payload();
    return res;
}

json receipt_document(const engine::receipt_status& r, std::string_view counted_word)
{
    return {{"receipt", r.receipt},
            {"final", r.final},
            {"status", !r.final                                   ? std::string_view("recorded")
                       : r.state == engine::ballot_state::counted ? counted_word
                                                                  : engine::name_of(r.state)}};
}

} // namespace

void ballot_receipt(call& c)
{
    c.service.ballots().find_ballot_receipt(
        c.challenge(), c.id, reply<engine::receipt_status>(c.respond, http::status::ok, [](const auto& r) {
            return receipt_document(r, "counted");
        }));
}

void survey_receipt(call& c)
{
    c.service.consultation().find_survey_receipt(
        c.challenge(), c.id, reply<engine::receipt_status>(c.respond, http::status::ok, [](const auto& r) {
            auto doc = receipt_document(r, "counted");
            if (r.final && r.state == engine::ballot_state::revoked)
                doc["status"] = "withdrawn";
            return doc;
        }));
}

void results(call& c)
{
    c.service.ballots().results(
        c.who, c.challenge(),
        [respond = c.respond, if_none_match = c.if_none_match](engine::result<engine::challenge_results> r) {
            if (!r.ok())
                return respond(error_response(r.error()));
            respond.later([view = std::make_shared<engine::challenge_results>(std::move(*r)), if_none_match] {
                auto res = json_response(http::status::ok, engine::to_document(*view));
                if (!view->challenge.announced_at)
                    return res; // an organiser's live count
                const auto etag = etag_of(engine::content_digest(res.body()));
                if (etag_matches(if_none_match, etag))
                    return not_modified(etag);
                res.set(http::field::etag, etag);
                res.set(http::field::cache_control, published_cache);
                return res;
            });
        });
}

void announce(call& c)
{
    // {"missing_tables": [ids]}: the in-person tables an organiser publishes without, named.
    field_reader r(c.body);
    auto missing = r.integer_list("missing_tables", false);
    if (!r.ok())
        return c.respond(error_response(r.error()));
    c.service.ballots().announce(c.who, c.challenge(), std::move(missing),
                                 reply<engine::challenge_results>(c.respond, http::status::ok, [](const auto& r) {
                                     return engine::to_document(r);
                                 }));
}

void export_data(call& c)
{
    const auto it = c.query.find("format");
    const auto f = engine::export_format_named(it == c.query.end() ? "json" : it->second);
    if (!f)
        return c.respond(
            error_response(engine::errc::invalid_field, "format must be json, csv, pabulib or preflib", "format"));
    c.service.ballots().export_data(
        c.who, c.challenge(), *f,
        [respond = c.respond, slug = c.c, if_none_match = c.if_none_match](engine::result<engine::export_document> r) {
            if (!r.ok())
                return respond(error_response(r.error()));
            const auto etag = r->digest.empty() ? std::string() : etag_of(r->digest);
            if (etag_matches(if_none_match, etag))
                return respond(not_modified(etag));
            response res{http::status::ok, 11};
            const auto [type, suffix] = [&]() -> std::pair<const char*, const char*> {
                switch (r->format) {
                case engine::export_format::csv: return {"text/csv; charset=utf-8", "-ballots.csv"};
                case engine::export_format::pabulib: return {"text/plain; charset=utf-8", ".pb"};
                case engine::export_format::preflib: return {"text/plain; charset=utf-8", ".soi"};
                case engine::export_format::json: break;
                }
                return {"application/json; charset=utf-8", ".json"};
            }();
            res.set(http::field::content_type, type);
            res.set(http::field::content_disposition, "attachment; filename=\"" + slug + suffix + "\"");
            if (!etag.empty()) {
                res.set(http::field::etag, etag);
                res.set(http::field::cache_control, published_cache);
            }
            res.body() = std::move(r->body);
            res.prepare_payload();
            respond(std::move(res));
        });
}

void cast_ballot(call& c)
{
    auto in = read_ballot(c.body);
    if (!in)
        return refuse_body(c, in.error());
    // One token replacing its ballot in a tight loop waits (router::limits): a replaced ballot
    // takes a token from the token's bucket once it is stored, and an empty bucket refuses before
    // any work. The bucket's key is a hash of the token, never the token.
    std::string token_key;
    if (c.replacements) {
        token_key = std::to_string(std::hash<std::string_view>{}(in->token));
        if (const auto wait = c.replacements->wait(token_key, token_buckets::clock::now()); wait.count() > 0)
            return c.respond(rate_limited_response(refusal_of(limited_act::replacements), wait, "token"));
    }
    c.service.ballots().cast_ballot(
        c.challenge(), std::move(*in),
        [respond = c.respond, which = c.challenge(), metrics = c.metrics, replacements = c.replacements,
         token_key = std::move(token_key)](engine::result<engine::ballot_receipt> r) {
            if (!r.ok())
                return respond(error_response(r.error()));
            if (metrics)
                metrics->ballot_cast(r->replaced);
            if (replacements && r->replaced)
                replacements->spend(token_key, token_buckets::clock::now());
            // Written as text: the entry goes in as its canonical bytes, never parsed again.
            respond.later([which, r = std::make_shared<engine::ballot_receipt>(std::move(r.value()))] {
                auto body = json{{"receipt", r->receipt}, {"replaced", r->replaced}}.dump();
                if (r->board) {
                    body.pop_back();
                    body += ',';
                    body += board_receipt(which, *r->board);
                    body += '}';
                }
                return json_text_response(http::status::ok, std::move(body));
            });
        });
}

} // namespace cabildo::api::handlers
