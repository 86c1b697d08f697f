#pragma once
// One row codec per table of the SQLite repository, shared by its area files: the columns a query
// selects (`*_columns`) and the record they decode into (`*_from`), in that order; and how the
// JSON-valued columns (a challenge's timeline and ballot rules) are written and read.

#include "engine/domain/model.hpp"
#include "engine/storage/sqlite_columns.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include <array>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cabildo::engine::sqlite_rows {

using json = nlohmann::json;
using namespace sqlite_columns;

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

inline constexpr const char* challenge_columns =
    "c.id, c.municipality_id, m.slug, c.slug, c.title, c.description, c.categories, c.timeline, c.ballot, "
    "c.winners, c.budget, c.tie_break_seed, c.max_ideas_per_token, c.issuer_key_sealed, c.issuer_public, "
    "c.announced_at, c.announced_result, c.created_at, c.max_ideas, c.anonymity, c.blind_key_sealed, c.blind_public";

inline challenge challenge_from(SQLite::Statement& s)
{
    challenge c;
    c.id = s.getColumn(0).getInt64();
    c.municipality_id = s.getColumn(1).getInt64();
    c.municipality_slug = s.getColumn(2).getString();
    c.slug = s.getColumn(3).getString();
    c.title = s.getColumn(4).getString();
    c.description = s.getColumn(5).getString();
    c.categories = json::parse(s.getColumn(6).getString()).get<std::vector<std::string>>();
    c.timeline = timeline_from(s.getColumn(7).getString());
    c.ballot = ballot_from(s.getColumn(8).getString());
    c.winners = static_cast<std::size_t>(s.getColumn(9).getInt64());
    if (!s.getColumn(10).isNull())
        c.budget = s.getColumn(10).getInt64();
    c.tie_break_seed = s.getColumn(11).getString();
    c.max_ideas_per_token = static_cast<std::size_t>(s.getColumn(12).getInt64());
    c.issuer_key_sealed = blob(s.getColumn(13));
    c.issuer_public = blob(s.getColumn(14));
    if (!s.getColumn(15).isNull())
        c.announced_at = at_secs(s.getColumn(15).getInt64());
    if (!s.getColumn(16).isNull())
        c.announced_result = s.getColumn(16).getString();
    c.created_at = at_secs(s.getColumn(17).getInt64());
    c.max_ideas = static_cast<std::size_t>(s.getColumn(18).getInt64());
    c.anonymity = value_in<anonymity>(anonymity_column, s.getColumn(19).getString()).value_or(anonymity::signed_tokens);
    if (!s.getColumn(20).isNull())
        c.blind_key_sealed = blob(s.getColumn(20));
    if (!s.getColumn(21).isNull())
        c.blind_public = blob(s.getColumn(21));
    return c;
}

inline municipality municipality_from(SQLite::Statement& s)
{
    return {s.getColumn(0).getInt64(),         s.getColumn(1).getString(), s.getColumn(2).getString(),
            s.getColumn(3).getString(),        s.getColumn(4).getString(), s.getColumn(5).getString(),
            at_secs(s.getColumn(6).getInt64())};
}

inline constexpr const char* idea_columns =
    "id, challenge_id, author_jti, title, description, category, cost, latitude, "
    "longitude, created_at, hidden, hidden_reason, counted";

inline idea idea_from(SQLite::Statement& s)
{
    idea i;
    i.id = s.getColumn(0).getInt64();
    i.challenge_id = s.getColumn(1).getInt64();
    i.author_jti = s.getColumn(2).getString();
    i.title = s.getColumn(3).getString();
    i.description = s.getColumn(4).getString();
    i.category = s.getColumn(5).getString();
    if (!s.getColumn(6).isNull())
        i.cost = s.getColumn(6).getInt64();
    if (!s.getColumn(7).isNull())
        i.location = location{s.getColumn(7).getDouble(), s.getColumn(8).getDouble()};
    i.created_at = at_secs(s.getColumn(9).getInt64());
    i.hidden = s.getColumn(10).getInt() != 0;
    i.hidden_reason = s.getColumn(11).getString();
    i.counted = s.getColumn(12).getInt() != 0;
    return i;
}

inline issued_token token_from(SQLite::Statement& s)
{
    issued_token t;
    t.jti = s.getColumn(0).getString();
    if (!s.getColumn(1).isNull())
        t.ref_hmac = blob(s.getColumn(1));
    t.issued_at = at_secs(s.getColumn(2).getInt64());
    t.expires_at = at_secs(s.getColumn(3).getInt64());
    if (!s.getColumn(4).isNull())
        t.revoked_at = at_secs(s.getColumn(4).getInt64());
    if (s.getColumnCount() > 5 && !s.getColumn(5).isNull())
        t.batch_id = s.getColumn(5).getInt64();
    return t;
}

inline access_key key_from(SQLite::Statement& s)
{
    access_key k;
    k.id = s.getColumn(0).getInt64();
    k.hash = blob(s.getColumn(1));
    k.municipality_id = s.getColumn(2).getInt64();
    k.role = key_role_named(s.getColumn(3).getString()).value_or(role::organiser);
    k.label = s.getColumn(4).getString();
    k.created_at = at_secs(s.getColumn(5).getInt64());
    if (!s.getColumn(6).isNull())
        k.last_used_at = at_secs(s.getColumn(6).getInt64());
    return k;
}

inline token_batch batch_from(SQLite::Statement& s)
{
    token_batch b;
    b.id = s.getColumn(0).getInt64();
    b.challenge_id = s.getColumn(1).getInt64();
    b.label = s.getColumn(2).getString();
    b.count = static_cast<std::size_t>(s.getColumn(3).getInt64());
    b.created_at = at_secs(s.getColumn(4).getInt64());
    if (!s.getColumn(5).isNull())
        b.key_id = s.getColumn(5).getInt64();
    return b;
}

// The challenges a query lists as (municipality slug, challenge slug) rows: the timer's sweeps.
inline std::vector<challenge_ref> challenge_refs_from(SQLite::Statement& s)
{
    std::vector<challenge_ref> out;
    while (s.executeStep())
        out.push_back({s.getColumn(0).getString(), s.getColumn(1).getString()});
    return out;
}

} // namespace cabildo::engine::sqlite_rows
