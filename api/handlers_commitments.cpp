// The action plan's routes: commitments, their progress updates and their export.
#include "api/call.hpp"
#include "api/handlers.hpp"
#include "api/inputs.hpp"
#include "engine/publication/commitment_documents.hpp"

namespace cabildo::api::handlers {

namespace {

json view_document(const engine::commitment_view& v, bool with_history)
{
    json out = engine::to_document(v.commitment, v.ideas);
    if (with_history) {
        json history = json::array();
        for (const auto& u : v.history)
            history.push_back(engine::to_document(u));
        out["history"] = std::move(history);
        out["history_total"] = v.history_total;
        out["history_next_after"] = v.history_next_after ? json(*v.history_next_after) : json();
    }
    return out;
}

std::optional<std::int64_t> commitment_id(call& c)
{
    const auto id = positive_number(c.id);
    if (!id)
        c.respond(error_response(engine::errc::not_found, "commitment ids are positive whole numbers"));
    return id;
}

} // namespace

void list_commitments(call& c)
{
    // `?format=` with no word is the JSON listing, as it always was (the other routes refuse it).
    std::optional<document_format> asked;
    if (const auto it = c.query.find("format"); it != c.query.end() && !it->second.empty()) {
        const auto read = read_format(c.query, listing_formats);
        if (!read)
            return c.respond(error_response(read.error()));
        asked = *read;
    }
    // Without ?format= the listing is JSON to read in place; with one, a file to download.
    const std::string format = asked ? std::string(engine::name_in<document_format>(listing_formats, *asked)) : "";
    const bool csv = asked == document_format::csv;
    c.service.action_plan().list_commitments(
        c.challenge(),
        [respond = c.respond, format, csv, slug = c.c](engine::result<std::vector<engine::commitment_view>> r) {
            if (!r.ok())
                return respond(error_response(r.error()));
            std::vector<const engine::commitment*> plan;
            for (const auto& v : *r)
                plan.push_back(&v.commitment);
            response res{http::status::ok, 11};
            if (csv) {
                res.set(http::field::content_type, "text/csv; charset=utf-8");
                res.body() = engine::commitments_csv(plan);
            } else {
                json list = json::array();
                for (const auto& v : *r)
                    list.push_back(view_document(v, false));
                res = json_response(http::status::ok, {{"commitments", list}, {"summary", engine::plan_summary(plan)}});
            }
            if (!format.empty())
                res.set(http::field::content_disposition,
                        "attachment; filename=\"" + slug + "-commitments." + format + "\"");
            res.prepare_payload();
            respond(std::move(res));
        });
}

// The history comes in pages (?after=<entry id>&limit=N, 50 by default): notes are bounded per key,
// but a long-lived commitment's history is not small.
void get_commitment(call& c)
{
    const auto id = commitment_id(c);
    if (!id)
        return;
    const auto page = read_page(c);
    if (!page)
        return c.respond(error_response(page.error()));
    c.service.action_plan().get_commitment(
        c.challenge(), *id, page->after, page->limit,
        reply<engine::commitment_view>(c.respond, http::status::ok,
                                       [](const auto& v) { return view_document(v, true); }));
}

void create_commitment(call& c)
{
    auto in = read_commitment(c.body);
    if (!in)
        return c.respond(error_response(in.error()));
    c.service.action_plan().create_commitment(
        c.who, c.challenge(), std::move(*in),
        reply<engine::commitment_view>(c.respond, http::status::created,
                                       [](const auto& v) { return view_document(v, true); }));
}

void patch_commitment(call& c)
{
    const auto id = commitment_id(c);
    if (!id)
        return;
    auto patch = read_commitment_patch(c.body);
    if (!patch)
        return c.respond(error_response(patch.error()));
    c.service.action_plan().patch_commitment(
        c.who, c.challenge(), *id, std::move(*patch),
        reply<engine::commitment_view>(c.respond, http::status::ok,
                                       [](const auto& v) { return view_document(v, false); }));
}

void update_commitment(call& c)
{
    const auto id = commitment_id(c);
    if (!id)
        return;
    auto act = read_commitment_action(c.body);
    if (!act)
        return c.respond(error_response(act.error()));
    c.service.action_plan().update_commitment(
        c.who, c.challenge(), *id, std::move(*act),
        reply<engine::commitment_change>(c.respond, http::status::created, [](const auto& ch) {
            return json{{"entry", engine::to_document(ch.entry)}, {"commitment", view_document(ch.view, false)}};
        }));
}

} // namespace cabildo::api::handlers
