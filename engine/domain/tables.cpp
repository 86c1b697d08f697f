#include "engine/domain/tables.hpp"

#include "engine/domain/limits.hpp"
#include "engine/domain/rfc3339.hpp"
#include "engine/domain/validation.hpp"

namespace cabildo::engine {

namespace {

constexpr std::string_view valid_prefix = "v:";
constexpr std::string_view null_prefix = "null:";
constexpr std::string_view blank_text = "blank";

} // namespace

std::string encode_mark(const paper_mark& m)
{
    switch (m.kind) {
    case mark_kind::valid: return std::string(valid_prefix) + encode_ballot(m.content);
    case mark_kind::blank: return std::string(blank_text);
    case mark_kind::null: return std::string(null_prefix) + std::string(name_of(m.reason));
    }
    return std::string(blank_text);
}

std::optional<paper_mark> decode_mark(std::string_view text)
{
    paper_mark m;
    if (text == blank_text)
        return m;
    if (text.starts_with(null_prefix)) {
        const auto reason = value_in<null_reason>(null_reason_names, text.substr(null_prefix.size()));
        if (!reason)
            return std::nullopt;
        m.kind = mark_kind::null;
        m.reason = *reason;
        return m;
    }
    if (text.starts_with(valid_prefix)) {
        m.kind = mark_kind::valid;
        decode_ballot(text.substr(valid_prefix.size()), m.content);
        return m;
    }
    return std::nullopt;
}

std::optional<failure> check_in_hours(const polling_table& t, time_point now)
{
    if (now < t.opens)
        return fail(errc::phase_not_open, "opens", "the table opens at " + format_rfc3339(t.opens));
    if (now >= t.closes)
        return fail(errc::phase_closed, "closes", "the table closed at " + format_rfc3339(t.closes));
    return std::nullopt;
}

std::optional<failure> check_table(const polling_table& t, time_point voting_opens, time_point announcement,
                                   std::string_view prefix)
{
    const auto field = [&](std::string_view name) { return std::string(prefix).append(name); };
    if (auto f = check_text(t.name, field("name"), table_name_limit))
        return f;
    if (auto f = check_text(t.address, field("address"), table_address_limit))
        return f;
    if (t.district)
        if (auto f = check_text(*t.district, field("district"), table_district_limit))
            return f;
    if (t.closes <= t.opens)
        return fail(errc::invalid_field, field("closes"), field("closes") + " must come after " + field("opens"));
    if (t.opens < voting_opens)
        return fail(errc::invalid_field, field("opens"),
                    "a table opens once voting has opened, at " + format_rfc3339(voting_opens) + " or later");
    if (t.closes > announcement)
        return fail(errc::invalid_field, field("closes"),
                    "a table closes before the announcement at " + format_rfc3339(announcement) +
                        ": its ballots are entered and its act signed before results are published");
    if (t.observers.size() > max_observers)
        return fail(errc::invalid_field, field("observers"),
                    "a table names at most " + std::to_string(max_observers) + " observers");
    for (std::size_t i = 0; i < t.observers.size(); ++i) {
        const auto at = field("observers[" + std::to_string(i) + "].");
        if (auto f = check_text(t.observers[i].name, at + "name", observer_text_limit))
            return f;
        if (auto f = check_text(t.observers[i].organisation, at + "organisation", observer_text_limit))
            return f;
    }
    return std::nullopt;
}

std::int64_t act_totals::null_total() const
{
    std::int64_t n = 0;
    for (const auto& [reason, count] : nulls)
        n += count;
    return n;
}

act_totals total_of(std::span<const paper_mark> ballots, ballot_kind kind)
{
    act_totals out;
    out.ballots_in_box = static_cast<std::int64_t>(ballots.size());
    for (const auto& m : ballots) {
        switch (m.kind) {
        case mark_kind::blank: ++out.blank; break;
        case mark_kind::null: ++out.nulls[m.reason]; break;
        case mark_kind::valid:
            ++out.valid;
            add_votes(out.votes, m.content, kind);
            break;
        }
    }
    return out;
}

void add_votes(std::map<idea_id, std::int64_t>& votes, const ballot_content& content, ballot_kind kind)
{
    if (kind == ballot_kind::points) {
        for (std::size_t i = 0; i < content.ideas.size(); ++i)
            votes[content.ideas[i]] += i < content.points.size() ? content.points[i] : 0;
    } else if (kind == ballot_kind::ranking) {
        if (!content.ideas.empty())
            ++votes[content.ideas.front()];
    } else {
        for (const auto id : content.ideas)
            ++votes[id];
    }
}

} // namespace cabildo::engine
