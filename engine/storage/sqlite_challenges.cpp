// The challenges table: a challenge with its municipality's slug, its rules and keys, and the
// challenges due for publication.

#include "engine/storage/sqlite_repository.hpp"

#include "engine/storage/sqlite_rows.hpp"

namespace cabildo::engine {

using namespace sqlite_rows;

namespace {

const std::string select_challenge = std::string("SELECT ") + challenge_columns +
                                     " FROM challenges c JOIN municipalities m ON m.id = c.municipality_id"
                                     " WHERE c.municipality_id = ? AND c.slug = ?";
const std::string list_challenges_sql = std::string("SELECT ") + challenge_columns +
                                        " FROM challenges c JOIN municipalities m ON m.id = c.municipality_id"
                                        " WHERE c.municipality_id = ? ORDER BY c.id";

} // namespace

void sqlite_repository::insert_challenge(challenge& c)
{
    auto& s =
        prepared("INSERT INTO challenges (municipality_id, slug, title, description, categories, timeline, ballot, "
                 "winners, budget, tie_break_seed, max_ideas_per_token, issuer_key_sealed, issuer_public, "
                 "created_at, max_ideas, anonymity, blind_key_sealed, blind_public) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, c.municipality_id);
    bind_text(s, 2, c.slug);
    bind_text(s, 3, c.title);
    bind_text(s, 4, c.description);
    s.bind(5, json(c.categories).dump());
    s.bind(6, timeline_text(c.timeline));
    s.bind(7, ballot_text(c.ballot));
    s.bind(8, static_cast<std::int64_t>(c.winners));
    if (c.budget)
        s.bind(9, *c.budget);
    bind_text(s, 10, c.tie_break_seed);
    s.bind(11, static_cast<std::int64_t>(c.max_ideas_per_token));
    bind_blob(s, 12, c.issuer_key_sealed);
    bind_blob(s, 13, c.issuer_public);
    s.bind(14, secs(c.created_at));
    s.bind(15, static_cast<std::int64_t>(c.max_ideas));
    bind_text(s, 16, name_in<anonymity>(anonymity_column, c.anonymity));
    if (c.anonymity == anonymity::blind) {
        bind_blob(s, 17, c.blind_key_sealed);
        bind_blob(s, 18, c.blind_public);
    }
    s.exec();
    c.id = db_.getLastInsertRowid();
}

std::optional<challenge> sqlite_repository::find_challenge(std::int64_t municipality_id, std::string_view slug)
{
    auto& s = prepared(select_challenge.c_str());
    s.bind(1, municipality_id);
    bind_text(s, 2, slug);
    if (!s.executeStep())
        return std::nullopt;
    return challenge_from(s);
}

std::vector<challenge> sqlite_repository::list_challenges(std::int64_t municipality_id)
{
    auto& s = prepared(list_challenges_sql.c_str());
    s.bind(1, municipality_id);
    std::vector<challenge> out;
    while (s.executeStep())
        out.push_back(challenge_from(s));
    return out;
}

void sqlite_repository::update_challenge(const challenge& c)
{
    auto& s = prepared("UPDATE challenges SET title = ?, description = ?, categories = ?, timeline = ?, ballot = ?, "
                       "winners = ?, budget = ?, tie_break_seed = ?, max_ideas_per_token = ?, announced_at = ?, "
                       "announced_result = ?, max_ideas = ? WHERE id = ?");
    bind_text(s, 1, c.title);
    bind_text(s, 2, c.description);
    s.bind(3, json(c.categories).dump());
    s.bind(4, timeline_text(c.timeline));
    s.bind(5, ballot_text(c.ballot));
    s.bind(6, static_cast<std::int64_t>(c.winners));
    if (c.budget)
        s.bind(7, *c.budget);
    bind_text(s, 8, c.tie_break_seed);
    s.bind(9, static_cast<std::int64_t>(c.max_ideas_per_token));
    if (c.announced_at) {
        s.bind(10, secs(*c.announced_at));
        bind_text(s, 11, c.announced_result);
    }
    s.bind(12, static_cast<std::int64_t>(c.max_ideas));
    s.bind(13, c.id);
    s.exec();
}

std::vector<repository::issuer_key_row> sqlite_repository::issuer_keys()
{
    auto& s = prepared("SELECT id, issuer_key_sealed, issuer_public FROM challenges ORDER BY id");
    std::vector<issuer_key_row> out;
    while (s.executeStep())
        out.push_back({s.getColumn(0).getInt64(), blob(s.getColumn(1)), blob(s.getColumn(2))});
    return out;
}

void sqlite_repository::set_issuer_key_sealed(std::int64_t challenge_id, std::string_view sealed)
{
    auto& s = prepared("UPDATE challenges SET issuer_key_sealed = ? WHERE id = ?");
    bind_blob(s, 1, sealed);
    s.bind(2, challenge_id);
    s.exec();
}

std::vector<challenge_ref> sqlite_repository::due_for_publication(time_point now)
{
    auto& s =
        prepared("SELECT m.slug, c.slug FROM challenges c JOIN municipalities m ON m.id = c.municipality_id "
                 "WHERE c.announced_at IS NULL AND json_extract(c.timeline, '$.announcement') <= ? ORDER BY c.id");
    s.bind(1, secs(now));
    return challenge_refs_from(s);
}

} // namespace cabildo::engine
