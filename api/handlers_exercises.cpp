// The local action plan's routes: a municipality's exercises and their interim and final reports,
// as JSON or as a printable page.
#include "api/call.hpp"
#include "api/handlers.hpp"
#include "api/inputs.hpp"
#include "engine/publication/exercise_documents.hpp"
#include "engine/publication/exercise_report.hpp"

namespace cabildo::api::handlers {

namespace {

// Each exercise document, written by publication/exercise_documents.hpp.
template <class T>
json document(const T& view)
{
    return engine::to_document(view);
}

// ?format=html (the printable page, the default for people) or json.
void answer_report(responder respond, document_format format, engine::result<engine::report_view> r)
{
    if (!r.ok())
        return respond(error_response(r.error()));
    respond.later([format, view = std::make_shared<engine::report_view>(std::move(*r))] {
        const auto report = engine::report_document(*view);
        if (format == document_format::json)
            return json_response(http::status::ok, report);
        response res{http::status::ok, 11};
        res.set(http::field::content_type, "text/html; charset=utf-8");
        // Printed from stored text: nothing on it may load from elsewhere or run.
        res.set("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'");
        res.set("Referrer-Policy", "no-referrer");
        res.body() = engine::report_html(report, view->municipality.timezone);
        res.prepare_payload();
        return res;
    });
}

std::optional<document_format> report_format(call& c)
{
    const auto format = read_format(c.query, report_formats);
    if (!format) {
        c.respond(error_response(format.error()));
        return std::nullopt;
    }
    return format->value_or(document_format::html);
}

} // namespace

void create_exercise(call& c)
{
    auto in = read_exercise(c.body);
    if (!in)
        return c.respond(error_response(in.error()));
    c.service.action_plan().create_exercise(
        c.who, c.m, std::move(*in),
        reply<engine::exercise_view>(c.respond, http::status::created, document<engine::exercise_view>));
}

void list_exercises(call& c)
{
    const auto page = read_page(c);
    if (!page)
        return c.respond(error_response(page.error()));
    c.service.action_plan().list_exercises(
        c.m, page->after, page->limit,
        reply<engine::exercise_list>(c.respond, http::status::ok, document<engine::exercise_list>));
}

void exercise_history(call& c)
{
    const auto page = read_page(c);
    if (!page)
        return c.respond(error_response(page.error()));
    c.service.action_plan().exercise_history(
        c.exercise(), page->after, page->limit,
        reply<engine::exercise_history_page>(c.respond, http::status::ok, document<engine::exercise_history_page>));
}

void get_exercise(call& c)
{
    c.service.action_plan().get_exercise(
        c.exercise(), reply<engine::exercise_view>(c.respond, http::status::ok, document<engine::exercise_view>));
}

void patch_exercise(call& c)
{
    auto patch = read_exercise_patch(c.body);
    if (!patch)
        return c.respond(error_response(patch.error()));
    c.service.action_plan().patch_exercise(
        c.who, c.exercise(), std::move(*patch),
        reply<engine::exercise_view>(c.respond, http::status::ok, document<engine::exercise_view>));
}

void exercise_report(call& c)
{
    const auto format = report_format(c);
    if (!format)
        return;
    const auto it = c.query.find("kind");
    const auto kind =
        it == c.query.end() ? std::optional(engine::report_kind::interim) : engine::report_kind_named(it->second);
    if (!kind)
        return c.respond(error_response(engine::errc::invalid_field, "kind must be interim or final", "kind"));
    c.service.action_plan().exercise_report(c.exercise(), *kind, [respond = c.respond, format = *format](auto r) {
        answer_report(respond, format, std::move(r));
    });
}

void issue_report(call& c)
{
    field_reader r(c.body);
    const auto kind = r.text("kind", true);
    if (r.ok() && engine::report_kind_named(*kind) != engine::report_kind::final_report)
        r.refuse("kind", "only the final report is issued (and frozen); the interim report is always current");
    if (!r.ok())
        return c.respond(error_response(r.error()));
    c.service.action_plan().issue_final_report(
        c.who, c.exercise(),
        reply<engine::report_view>(c.respond, http::status::created,
                                   [](const engine::report_view& v) { return engine::report_document(v); }));
}

} // namespace cabildo::api::handlers
