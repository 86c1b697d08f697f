// The consultation's routes: the survey, its results and export, free-text moderation and the
// categories it seeds, and the answers a participant's token sends.
#include "api/call.hpp"
#include "api/handlers.hpp"
#include "api/inputs.hpp"
#include "engine/domain/rfc3339.hpp"
#include "engine/publication/documents.hpp"
#include "engine/publication/survey_results.hpp"

namespace cabildo::api::handlers {

namespace {

json survey_document(const engine::survey_view& v)
{
    json questions = json::array();
    for (const auto& q : v.questions)
        questions.push_back(engine::to_document(q));
    json out{{"questions", questions}, {"consultation", nullptr}, {"open", false}, {"frozen", false}};
    if (v.consultation) {
        out["consultation"] = {{"opens", engine::format_rfc3339(v.consultation->opens)},
                               {"closes", engine::format_rfc3339(v.consultation->closes)}};
        out["open"] = v.consultation->open_at(v.now);
        out["frozen"] = v.now >= v.consultation->opens;
    }
    return out;
}

} // namespace

void get_survey(call& c)
{
    c.service.consultation().get_survey(c.challenge(),
                                        reply<engine::survey_view>(c.respond, http::status::ok, survey_document));
}

void put_survey(call& c)
{
    auto qs = read_survey(c.body);
    if (!qs)
        return c.respond(error_response(qs.error()));
    c.service.consultation().put_survey(c.who, c.challenge(), std::move(*qs),
                                        reply<engine::survey_view>(c.respond, http::status::ok, survey_document));
}

void survey_results(call& c)
{
    c.service.consultation().survey_results(
        c.who, c.challenge(), [respond = c.respond](engine::result<engine::survey_results_view> r) {
            if (!r.ok())
                return respond(error_response(r.error()));
            if (!r->progress)
                return respond(json_text_response(http::status::ok, std::move(r->frozen)));
            auto doc = engine::survey_progress(r->progress->questions, r->progress->responses);
            doc["closed"] = false;
            respond(json_response(http::status::ok, doc));
        });
}

void survey_export(call& c)
{
    const auto asked = read_format(c.query, listing_formats);
    if (!asked)
        return c.respond(error_response(asked.error()));
    const auto format = asked->value_or(document_format::json);
    const bool csv = format == document_format::csv;
    c.service.consultation().survey_export(
        c.who, c.challenge(), csv,
        [respond = c.respond, csv, format = std::string(engine::name_in<document_format>(listing_formats, format)),
         slug = c.c](engine::result<std::string> r) {
            if (!r.ok())
                return respond(error_response(r.error()));
            response res{http::status::ok, 11};
            res.set(http::field::content_type, csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8");
            res.set(http::field::content_disposition, "attachment; filename=\"" + slug + "-survey." + format + "\"");
            res.body() = std::move(*r);
            res.prepare_payload();
            respond(std::move(res));
        });
}

void published_survey_texts(call& c)
{
    const auto page = read_page(c);
    if (!page)
        return c.respond(error_response(page.error()));
    const auto question = c.query.find("question");
    if (question == c.query.end())
        return c.respond(error_response(engine::errc::invalid_field, "question is required", "question"));
    c.service.consultation().published_survey_texts(
        c.challenge(), question->second, page->after, page->limit,
        reply<std::vector<engine::survey_text>>(c.respond, http::status::ok, [limit = page->limit](const auto& texts) {
            return engine::survey_text_page(texts, limit);
        }));
}

void list_survey_texts(call& c)
{
    std::optional<engine::text_status> status;
    if (const auto it = c.query.find("status"); it != c.query.end()) {
        status = engine::text_status_named(it->second);
        if (!status)
            return c.respond(
                error_response(engine::errc::invalid_field, "status must be pending, published or hidden", "status"));
    }
    c.service.consultation().survey_texts(
        c.who, c.challenge(), status,
        reply<std::vector<engine::survey_text>>(c.respond, http::status::ok, [](const auto& list) {
            json out = json::array();
            for (const auto& t : list)
                out.push_back(engine::to_document(t));
            return json{{"answers", out}};
        }));
}

void moderate_survey_text(call& c)
{
    const auto id = positive_number(c.id);
    if (!id)
        return c.respond(error_response(engine::errc::not_found, "answer ids are positive whole numbers"));
    auto in = read_text_moderation(c.body);
    if (!in)
        return c.respond(error_response(in.error()));
    c.service.consultation().moderate_survey_text(
        c.who, c.challenge(), *id, in->publish, std::move(in->reason),
        reply<engine::survey_text>(c.respond, http::status::ok, [](const auto& t) { return engine::to_document(t); }));
}

void seed_categories(call& c)
{
    field_reader r(c.body);
    auto question = r.text("question", true);
    const auto count = r.integer("count", false, 1, 10).value_or(3);
    if (!r.ok())
        return c.respond(error_response(r.error()));
    c.service.consultation().seed_categories(
        c.who, c.challenge(), std::move(*question), static_cast<std::size_t>(count),
        reply<engine::challenge_view>(c.respond, http::status::ok,
                                      [](const auto& v) { return engine::to_document(v.challenge, v.now); }));
}

void answer_survey(call& c)
{
    auto in = read_survey_answers(c.body);
    if (!in)
        return refuse_body(c, in.error());
    c.service.consultation().answer_survey(
        c.challenge(), std::move(*in), reply<engine::ballot_receipt>(c.respond, http::status::ok, [](const auto& r) {
            return json{{"receipt", r.receipt}, {"replaced", r.replaced}};
        }));
}

} // namespace cabildo::api::handlers
