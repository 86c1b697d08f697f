#include "engine/publication/survey_results.hpp"

#include "engine/identity/lottery.hpp"
#include "engine/publication/open_data.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

namespace cabildo::engine {

using json = nlohmann::json;

namespace {

double percent(std::size_t part, std::size_t whole)
{
    return whole == 0 ? 0.0 : std::round(static_cast<double>(part) * 1000.0 / static_cast<double>(whole)) / 10.0;
}

const answer* answer_to(const survey_response& r, const std::string& q)
{
    const auto it = std::find_if(r.answers.begin(), r.answers.end(), [&](const auto& a) { return a.question == q; });
    return it == r.answers.end() ? nullptr : &*it;
}

void count_options(json& out, const question& q, const std::vector<const answer*>& as)
{
    std::vector<std::size_t> counts(q.options.size(), 0);
    for (const auto* a : as) {
        if (a->value)
            ++counts[static_cast<std::size_t>(*a->value)];
        for (const int c : a->choices)
            ++counts[static_cast<std::size_t>(c)];
    }
    json options = json::array();
    for (std::size_t i = 0; i < q.options.size(); ++i)
        options.push_back(
            {{"option", i}, {"text", q.options[i]}, {"count", counts[i]}, {"percent", percent(counts[i], as.size())}});
    out["options"] = std::move(options);
}

void count_scale(json& out, const question& q, const std::vector<const answer*>& as)
{
    std::vector<std::size_t> counts(static_cast<std::size_t>(q.points) + 1, 0);
    long sum = 0;
    for (const auto* a : as) {
        ++counts[static_cast<std::size_t>(*a->value)];
        sum += *a->value;
    }
    json distribution = json::array();
    for (int v = 1; v <= q.points; ++v)
        distribution.push_back({{"value", v},
                                {"count", counts[static_cast<std::size_t>(v)]},
                                {"percent", percent(counts[static_cast<std::size_t>(v)], as.size())}});
    out["points"] = q.points;
    out["min_label"] = q.min_label;
    out["max_label"] = q.max_label;
    out["distribution"] = std::move(distribution);
    out["mean"] = as.empty()
                      ? json()
                      : json(std::round(static_cast<double>(sum) * 100.0 / static_cast<double>(as.size())) / 100.0);
}

// Borda: with k options, the first ranked gets k points, the next k - 1, unranked ones none.
void count_ranking(json& out, const question& q, const std::vector<const answer*>& as, std::string_view seed)
{
    const auto k = q.options.size();
    std::vector<long> points(k, 0);
    std::vector<std::size_t> first(k, 0);
    for (const auto* a : as) {
        for (std::size_t p = 0; p < a->choices.size(); ++p)
            points[static_cast<std::size_t>(a->choices[p])] += static_cast<long>(k - p);
        ++first[static_cast<std::size_t>(a->choices.front())];
    }
    const auto lottery_seed = std::string(seed).append("/").append(q.id);
    std::vector<std::pair<std::size_t, std::string>> order; // option, lottery key
    for (std::size_t i = 0; i < k; ++i)
        order.emplace_back(i, lottery_key(lottery_seed, static_cast<ballots::idea_id>(i + 1)));
    std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
        return points[a.first] != points[b.first] ? points[a.first] > points[b.first] : a.second < b.second;
    });
    json options = json::array(), ties = json::array();
    std::map<long, json, std::greater<>> tied;
    std::size_t rank = 0;
    for (const auto& [i, key] : order) {
        options.push_back(
            {{"rank", ++rank}, {"option", i}, {"text", q.options[i]}, {"points", points[i]}, {"first", first[i]}});
        tied[points[i]].push_back({{"option", i}, {"key", key}});
    }
    for (const auto& [score, lottery] : tied) // most points first
        if (lottery.size() > 1)
            ties.push_back({{"points", score}, {"lottery", lottery}});
    out["options"] = std::move(options);
    out["ties"] = std::move(ties);
}

// The published texts are a page (the first `published_texts_in_results`, by id, which is random:
// no order of arrival); the rest are read page by page (`survey_text_page`). Pending and hidden
// ones are only counted.
void list_texts(json& out, const question& q, const std::vector<survey_text>& texts)
{
    std::vector<const survey_text*> published;
    std::size_t pending = 0, hidden = 0;
    for (const auto& t : texts) {
        if (t.question != q.id)
            continue;
        switch (t.status) {
        case text_status::published: published.push_back(&t); break;
        case text_status::hidden: ++hidden; break;
        case text_status::pending: ++pending; break;
        }
    }
    std::sort(published.begin(), published.end(), [](const auto* a, const auto* b) { return a->id < b->id; });
    std::vector<survey_text> first;
    for (std::size_t i = 0; i < published.size() && i < published_texts_in_results; ++i)
        first.push_back(*published[i]);
    out["max_length"] = q.max_length;
    out["published_count"] = published.size();
    auto page = survey_text_page(first, published_texts_in_results);
    out["published"] = std::move(page["texts"]);
    out["published_next_after"] =
        published.size() > published_texts_in_results ? json(published[published_texts_in_results - 1]->id) : json();
    out["pending"] = pending;
    out["hidden"] = hidden;
}

// The answer as the export writes it: option texts, a ranking best first, published text only.
std::string answer_text(const question& q, const answer& a,
                        const std::map<std::pair<std::int64_t, std::string>, const survey_text*>& texts,
                        std::int64_t response)
{
    switch (q.kind) {
    case question_kind::single: return q.options[static_cast<std::size_t>(*a.value)];
    case question_kind::scale: return std::to_string(*a.value);
    case question_kind::multiple:
    case question_kind::ranking: {
        std::string out;
        for (const int c : a.choices)
            out.append(out.empty()                        ? ""
                       : q.kind == question_kind::ranking ? " > "
                                                          : "; ")
                .append(q.options[static_cast<std::size_t>(c)]);
        return out;
    }
    case question_kind::text: {
        const auto it = texts.find({response, q.id});
        return it != texts.end() && it->second->status == text_status::published ? it->second->body : std::string();
    }
    }
    return {};
}

std::map<std::pair<std::int64_t, std::string>, const survey_text*> by_response(const std::vector<survey_text>& texts)
{
    std::map<std::pair<std::int64_t, std::string>, const survey_text*> out;
    for (const auto& t : texts)
        out.emplace(std::make_pair(t.response_id, t.question), &t);
    return out;
}

} // namespace

json survey_results(const std::vector<question>& qs, const std::vector<survey_response>& responses,
                    const std::vector<survey_text>& texts, std::string_view seed)
{
    json questions = json::array();
    for (const auto& q : qs) {
        std::vector<const answer*> as;
        for (const auto& r : responses)
            if (const auto* a = answer_to(r, q.id))
                as.push_back(a);
        json out{{"id", q.id}, {"kind", name_of(q.kind)}, {"prompt", q.prompt}, {"answered", as.size()}};
        switch (q.kind) {
        case question_kind::single:
        case question_kind::multiple: count_options(out, q, as); break;
        case question_kind::scale: count_scale(out, q, as); break;
        case question_kind::ranking: count_ranking(out, q, as, seed); break;
        case question_kind::text: list_texts(out, q, texts); break;
        }
        questions.push_back(std::move(out));
    }
    return {{"responses", responses.size()}, {"questions", std::move(questions)}};
}

std::string survey_csv(const std::vector<question>& qs, const std::vector<survey_response>& responses,
                       const std::vector<survey_text>& texts)
{
    std::string body(export_number_column);
    for (const auto& q : qs)
        body.append(",").append(csv_field(q.id));
    body.append(",").append(export_receipt_column).append("\n");
    const auto text_of = by_response(texts);
    std::size_t n = 0;
    for (const auto& r : responses) {
        body.append(std::to_string(++n));
        for (const auto& q : qs) {
            const auto* a = answer_to(r, q.id);
            body.append(",").append(csv_field(a ? answer_text(q, *a, text_of, r.id) : std::string()));
        }
        body.append(",").append(csv_field(r.receipt)).append("\n");
    }
    return body;
}

json survey_export(const std::vector<question>& qs, const std::vector<survey_response>& responses,
                   const std::vector<survey_text>& texts)
{
    json questions = json::array();
    for (const auto& q : qs)
        questions.push_back(to_document(q));
    const auto text_of = by_response(texts);
    json rows = json::array();
    std::size_t n = 0;
    for (const auto& r : responses) {
        json answers = json::object();
        for (const auto& q : qs) {
            const auto* a = answer_to(r, q.id);
            if (q.kind == question_kind::text) {
                // Published text, or null alike for a text pending, hidden or never written: the
                // file must not tell which responses hold words moderation kept back.
                const auto text = a ? answer_text(q, *a, text_of, r.id) : std::string();
                answers[q.id] = text.empty() ? json() : json(text);
            } else if (a) {
                if (q.kind == question_kind::single || q.kind == question_kind::scale)
                    answers[q.id] = *a->value;
                else
                    answers[q.id] = a->choices;
            }
        }
        rows.push_back({{std::string(export_number_column), ++n},
                        {std::string(export_receipt_column), r.receipt},
                        {"answers", std::move(answers)}});
    }
    return {{"questions", std::move(questions)}, {"responses", std::move(rows)}};
}

json survey_progress(const std::vector<question>& qs, std::size_t received)
{
    json questions = json::array();
    for (const auto& q : qs)
        questions.push_back({{"id", q.id}, {"kind", name_of(q.kind)}, {"prompt", q.prompt}});
    return {{"responses", received}, {"questions", std::move(questions)}};
}

json survey_text_page(const std::vector<survey_text>& texts, std::size_t limit)
{
    json out = json::array();
    for (std::size_t i = 0; i < texts.size() && i < limit; ++i)
        out.push_back({{"id", texts[i].id}, {"text", texts[i].body}});
    return {{"texts", std::move(out)},
            {"next_after", texts.size() > limit && limit > 0 ? json(texts[limit - 1].id) : json()}};
}

json to_document(const question& q)
{
    json out{{"id", q.id}, {"kind", name_of(q.kind)}, {"prompt", q.prompt}, {"required", q.required}};
    switch (q.kind) {
    case question_kind::single: out["options"] = q.options; break;
    case question_kind::multiple:
    case question_kind::ranking:
        out["options"] = q.options;
        out["max"] = q.max > 0 ? q.max : static_cast<int>(q.options.size());
        break;
    case question_kind::scale:
        out["points"] = q.points;
        out["min_label"] = q.min_label;
        out["max_label"] = q.max_label;
        break;
    case question_kind::text: out["max_length"] = q.max_length; break;
    }
    return out;
}

json to_document(const survey_text& t)
{
    json out{{"id", t.id}, {"question", t.question}, {"text", t.body}, {"status", name_of(t.status)}};
    if (t.status == text_status::hidden)
        out["reason"] = t.reason;
    return out;
}

} // namespace cabildo::engine
