// Ideas: uploaded with a participant token, listed, read and moderated.

#include "api/handlers.hpp"
#include "api/inputs.hpp"
#include "engine/publication/documents.hpp"

#include <charconv>

namespace cabildo::api::handlers {

namespace {

// Hidden content goes to the admin here; organisers read it through ?include_hidden=true on the
// listing, which checks their municipality.
bool organiser_view(const call& c) { return c.who.kind == engine::role::admin; }

} // namespace

void submit_idea(call& c)
{
    auto in = read_idea(c.body);
    if (!in)
        return refuse_body(c, in.error());
    c.service.challenges().submit_idea(c.challenge(), std::move(*in),
                                       reply<engine::idea>(c.respond, http::status::created,
                                                           [](const auto& i) { return engine::to_document(i, true); }));
}

void list_ideas(call& c)
{
    const auto page = read_page(c);
    if (!page)
        return c.respond(error_response(page.error()));
    const bool include_hidden = c.query.count("include_hidden") && c.query["include_hidden"] == "true";
    c.service.challenges().list_ideas(
        c.who, c.challenge(), page->after, page->limit, include_hidden,
        reply<engine::idea_page>(c.respond, http::status::ok, [include_hidden](const auto& page) {
            json out = json::array();
            for (const auto& i : page.ideas)
                out.push_back(engine::to_document(i, include_hidden));
            return json{{"ideas", out}, {"next_after", page.next_after ? json(*page.next_after) : json(nullptr)}};
        }));
}

void get_idea(call& c)
{
    const auto id = positive_number(c.id);
    if (!id)
        return c.respond(error_response(engine::errc::not_found, "idea ids are positive whole numbers"));
    const bool full = organiser_view(c);
    c.service.challenges().get_idea(c.who, c.challenge(), *id,
                                    reply<engine::idea>(c.respond, http::status::ok, [full](const auto& i) {
                                        return engine::to_document(i, full);
                                    }));
}

void moderate_idea(call& c)
{
    const auto id = positive_number(c.id);
    if (!id)
        return c.respond(error_response(engine::errc::not_found, "idea ids are positive whole numbers"));
    auto in = read_moderation(c.body);
    if (!in)
        return c.respond(error_response(in.error()));
    c.service.challenges().moderate_idea(
        c.who, c.challenge(), *id, in->hide, std::move(in->reason),
        reply<engine::idea>(c.respond, http::status::ok, [](const auto& i) { return engine::to_document(i, true); }));
}

} // namespace cabildo::api::handlers
