#include "api/call.hpp"

#include <charconv>

namespace cabildo::api {

std::optional<std::int64_t> positive_number(std::string_view text)
{
    std::int64_t n = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), n);
    if (r.ec != std::errc{} || r.ptr != text.data() + text.size() || n <= 0)
        return std::nullopt;
    return n;
}

namespace {

std::string_view trimmed(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

} // namespace

bool etag_matches(std::string_view if_none_match, std::string_view etag)
{
    if (etag.empty())
        return false;
    while (!if_none_match.empty()) {
        const auto comma = if_none_match.find(',');
        auto tag = trimmed(if_none_match.substr(0, comma));
        if (tag == "*")
            return true;
        if (tag.starts_with("W/"))
            tag.remove_prefix(2); // If-None-Match compares weakly (RFC 9110 section 13.1.2)
        if (tag == etag)
            return true;
        if (comma == std::string_view::npos)
            break;
        if_none_match.remove_prefix(comma + 1);
    }
    return false;
}

engine::result<page_request> read_page(const call& c)
{
    page_request page;
    if (const auto it = c.query.find("after"); it != c.query.end()) {
        const auto after = positive_number(it->second);
        if (!after)
            return engine::fail(engine::errc::invalid_field, "after", "after must be an id (a positive whole number)");
        page.after = *after;
    }
    auto limit = read_limit(c);
    if (!limit)
        return limit.error();
    page.limit = *limit;
    return page;
}

engine::result<std::size_t> read_limit(const call& c)
{
    const auto it = c.query.find("limit");
    if (it == c.query.end())
        return engine::default_page_size;
    const auto limit = positive_number(it->second);
    if (!limit || *limit > static_cast<std::int64_t>(engine::max_page_size))
        return engine::fail(engine::errc::invalid_field, "limit",
                            "limit must be from 1 to " + std::to_string(engine::max_page_size));
    return static_cast<std::size_t>(*limit);
}

void refuse_body(call& c, engine::failure body_error)
{
    const auto token = c.body.find("token");
    if (token == c.body.end() || !token->is_string() || body_error.field == "token")
        return c.respond(error_response(body_error));
    c.service.participants().check_participant(
        c.challenge(), token->get<std::string>(),
        [respond = c.respond, body_error = std::move(body_error)](engine::result<engine::done_t> r) {
            respond(error_response(r.ok() ? body_error : r.error()));
        });
}

engine::callback<engine::done_t> reply_no_content(responder respond)
{
    return [respond = std::move(respond)](engine::result<engine::done_t> r) {
        if (!r.ok())
            return respond(error_response(r.error()));
        response res{http::status::no_content, 11};
        res.prepare_payload();
        respond(std::move(res));
    };
}

} // namespace cabildo::api
