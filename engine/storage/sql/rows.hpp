#pragma once
// The row codecs the area files share: the columns a query selects (`*_columns`) and the record
// they decode into (`*_from`), in that order; and how the JSON-valued columns (a challenge's
// timeline and ballot rules) are written and read. A codec used by one area only lives in its file.

#include "engine/domain/model.hpp"
#include "engine/storage/sql/session.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cabildo::engine::rows {

using json = nlohmann::json;
using sql::at_secs;
using sql::secs;

// How the challenges table spells a challenge's anonymity (older than the API's "none").
inline constexpr std::array<std::pair<anonymity, std::string_view>, 2> anonymity_column{{
    {anonymity::signed_tokens, "signed"},
    {anonymity::blind, "blind"},
}};

inline json window_json(const window& w) { return {{"opens", secs(w.opens)}, {"closes", secs(w.closes)}}; }
inline window window_from(const json& j) { return {at_secs(j.at("opens")), at_secs(j.at("closes"))}; }

inline std::string timeline_text(const timeline& t)
{
    json j{{"submission", window_json(t.submission)},
           {"voting", window_json(t.voting)},
           {"announcement", secs(t.announcement)}};
    if (t.consultation)
        j["consultation"] = window_json(*t.consultation);
    if (t.development)
        j["development"] = window_json(*t.development);
    return j.dump();
}

inline timeline timeline_from(std::string_view text)
{
    const auto j = json::parse(text);
    timeline t;
    t.submission = window_from(j.at("submission"));
    t.voting = window_from(j.at("voting"));
    t.announcement = at_secs(j.at("announcement"));
    if (j.contains("consultation"))
        t.consultation = window_from(j["consultation"]);
    if (j.contains("development"))
        t.development = window_from(j["development"]);
    return t;
}

inline std::string ballot_text(const ballot_rules& b)
{
    return json{{"kind", name_of(b.kind)},        {"max_choices", b.max_choices}, {"points_total", b.points_total},
                {"max_per_idea", b.max_per_idea}, {"max_ranks", b.max_ranks},     {"threshold", b.threshold},
                {"method", name_of(b.method)}}
        .dump();
}

inline ballot_rules ballot_from(std::string_view text)
{
    const auto j = json::parse(text);
    ballot_rules b;
    // Stored by this code from checked rules: a name it does not know is a damaged file.
    const auto kind = kind_named(j.at("kind").get<std::string>());
    const auto method = method_named(j.at("method").get<std::string>());
    if (!kind || !method)
        throw std::runtime_error("a challenge's stored ballot rules name an unknown kind or method");
    b.kind = *kind;
    b.method = *method;
    b.max_choices = j.value("max_choices", std::size_t{0});
    b.points_total = j.value("points_total", std::int64_t{0});
    b.max_per_idea = j.value("max_per_idea", std::int64_t{0});
    b.max_ranks = j.value("max_ranks", std::size_t{0});
    b.threshold = j.value("threshold", std::int64_t{0});
    return b;
}

// A challenge is read again for every ballot cast on it: its JSON columns are parsed only when their
// text is not one of the last few this thread parsed (keyed on the exact text, so a changed
// challenge is parsed afresh; a parse that throws is not kept).
template <class T, T (*parse)(std::string_view)>
T parsed_once(std::string_view text)
{
    struct entry {
        std::string text;
        T value;
    };
    constexpr std::size_t kept = 4;
    thread_local std::vector<entry> memo;
    thread_local std::size_t next = 0;
    for (const auto& e : memo)
        if (e.text == text)
            return e.value;
    entry fresh{std::string(text), parse(text)};
    if (memo.size() < kept) {
        memo.push_back(std::move(fresh));
        return memo.back().value;
    }
    auto& slot = memo[next++ % kept];
    slot = std::move(fresh);
    return slot.value;
}

inline std::vector<std::string> categories_from(std::string_view text)
{
    return json::parse(text).get<std::vector<std::string>>();
}

inline constexpr std::string_view challenge_columns =
    "c.id, c.municipality_id, m.slug, c.slug, c.title, c.description, c.categories, c.timeline, c.ballot, "
    "c.winners, c.budget, c.tie_break_seed, c.max_ideas_per_token, c.issuer_key_sealed, c.issuer_public, "
    "c.announced_at, c.announced_result, c.created_at, c.max_ideas, c.anonymity, c.blind_key_sealed, c.blind_public, "
    "c.in_person_policy";

inline challenge challenge_from(sql::statement& s)
{
    sql::row r{s};
    challenge c;
    c.id = r.int64();
    c.municipality_id = r.int64();
    c.municipality_slug = r.text();
    c.slug = r.text();
    c.title = r.text();
    c.description = r.text();
    c.categories = parsed_once<std::vector<std::string>, categories_from>(r.text_view());
    c.timeline = parsed_once<timeline, timeline_from>(r.text_view());
    c.ballot = parsed_once<ballot_rules, ballot_from>(r.text_view());
    c.winners = r.count();
    c.budget = r.optional_int64();
    c.tie_break_seed = r.text();
    c.max_ideas_per_token = r.count();
    c.issuer_key_sealed = r.bytes();
    c.issuer_public = r.bytes();
    c.announced_at = r.optional_time();
    if (auto result = r.optional_text())
        c.announced_result = std::move(*result);
    c.created_at = r.time();
    c.max_ideas = r.count();
    c.anonymity = value_in<anonymity>(anonymity_column, r.text()).value_or(anonymity::signed_tokens);
    if (auto key = r.optional_bytes())
        c.blind_key_sealed = std::move(*key);
    if (auto key = r.optional_bytes())
        c.blind_public = std::move(*key);
    c.in_person_policy =
        value_in<in_person_policy>(in_person_policy_names, r.text()).value_or(in_person_policy::first_counts);
    return c;
}

inline constexpr std::string_view municipality_columns = "id, slug, name, state, timezone, locale, created_at";

inline municipality municipality_from(sql::statement& s)
{
    sql::row r{s};
    municipality m;
    m.id = r.int64();
    m.slug = r.text();
    m.name = r.text();
    m.state = r.text();
    m.timezone = r.text();
    m.locale = r.text();
    m.created_at = r.time();
    return m;
}

inline constexpr std::string_view idea_columns =
    "id, challenge_id, author_jti, title, description, category, cost, latitude, "
    "longitude, created_at, hidden, hidden_reason, counted";

inline idea idea_from(sql::statement& s)
{
    sql::row r{s};
    idea i;
    i.id = r.int64();
    i.challenge_id = r.int64();
    i.author_jti = r.text();
    i.title = r.text();
    i.description = r.text();
    i.category = r.text();
    i.cost = r.optional_int64();
    if (r.null()) {
        r.skip();
        r.skip();
    } else {
        const double latitude = r.real();
        i.location = location{latitude, r.real()};
    }
    i.created_at = r.time();
    i.hidden = r.flag();
    i.hidden_reason = r.text();
    i.counted = r.flag();
    return i;
}

// Tokens as most queries select them; `token_with_batch_columns` adds the card batch.
inline constexpr std::string_view token_columns = "jti, ref_hmac, issued_at, expires_at, revoked_at";
inline constexpr std::string_view token_with_batch_columns =
    "jti, ref_hmac, issued_at, expires_at, revoked_at, batch_id";

inline issued_token token_from(sql::statement& s, bool with_batch)
{
    sql::row r{s};
    issued_token t;
    t.jti = r.text();
    t.ref_hmac = r.optional_bytes();
    t.issued_at = r.time();
    t.expires_at = r.time();
    t.revoked_at = r.optional_time();
    if (with_batch)
        t.batch_id = r.optional_int64();
    return t;
}

inline constexpr std::string_view key_columns =
    "id, key_hash, municipality_id, role, label, created_at, last_used_at, challenge_id, table_id, signing_key";

inline access_key key_from(sql::statement& s)
{
    sql::row r{s};
    access_key k;
    k.id = r.int64();
    k.hash = r.bytes();
    k.municipality_id = r.int64();
    // A role this version does not know (a newer one wrote it) gives the key no role at all.
    const auto named = role_named(r.text());
    k.role = named && is_key_role(*named) ? *named : role::anonymous;
    k.label = r.text();
    k.created_at = r.time();
    k.last_used_at = r.optional_time();
    k.challenge_id = r.optional_int64();
    k.table_id = r.optional_int64();
    k.signing_key = r.optional_bytes().value_or("");
    return k;
}

inline constexpr std::string_view batch_columns = "b.id, b.challenge_id, b.label, b.count, b.created_at, b.key_id";

inline token_batch batch_from(sql::statement& s)
{
    sql::row r{s};
    token_batch b;
    b.id = r.int64();
    b.challenge_id = r.int64();
    b.label = r.text();
    b.count = r.count();
    b.created_at = r.time();
    b.key_id = r.optional_int64();
    return b;
}

// The challenges a query lists as (municipality slug, challenge slug) rows: the timer's sweeps.
inline std::vector<challenge_ref> challenge_refs_from(sql::statement& s)
{
    std::vector<challenge_ref> out;
    while (s.step()) {
        sql::row r{s};
        auto municipality = r.text();
        out.push_back({std::move(municipality), r.text()});
    }
    return out;
}

// Every row of a query, each decoded by `from`; its first row only; the first column of its one
// row (a count, a sum, a maximum; 0 when it has none).
template <class From>
auto all_rows(sql::statement& s, From from)
{
    std::vector<decltype(from(s))> out;
    while (s.step())
        out.push_back(from(s));
    return out;
}
template <class From>
auto first_row(sql::statement& s, From from) -> std::optional<decltype(from(s))>
{
    if (!s.step())
        return std::nullopt;
    return from(s);
}
inline std::int64_t scalar(sql::statement& s) { return s.step() ? s.int_at(0) : 0; }

// SELECT `columns` ...: how the area files compose a query from a codec's column list.
inline std::string select(std::string_view columns, std::string_view rest)
{
    std::string out = "SELECT ";
    out += columns;
    out += ' ';
    out += rest;
    return out;
}

} // namespace cabildo::engine::rows
