// The challenges table: a challenge with its municipality's slug, its rules and keys, and the
// challenges due for publication.

#include "engine/storage/sql/repository.hpp"
#include "engine/storage/sql/rows.hpp"

namespace cabildo::engine {

using namespace rows;

namespace {

const sql::query insert_challenge_sql{
    "INSERT INTO challenges (municipality_id, slug, title, description, categories, timeline, ballot, "
    "winners, budget, tie_break_seed, max_ideas_per_token, issuer_key_sealed, issuer_public, "
    "created_at, max_ideas, anonymity, blind_key_sealed, blind_public, in_person_policy) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"};
const sql::query find_challenge_sql{select(challenge_columns,
                                           "FROM challenges c JOIN municipalities m ON m.id = c.municipality_id "
                                           "WHERE c.municipality_id = ? AND c.slug = ?")};
const sql::query find_challenge_at_sql{select(challenge_columns,
                                              "FROM challenges c JOIN municipalities m ON m.id = c.municipality_id "
                                              "WHERE m.slug = ? AND c.slug = ?")};
const sql::query list_challenges_sql{select(
    challenge_columns,
    "FROM challenges c JOIN municipalities m ON m.id = c.municipality_id WHERE c.municipality_id = ? ORDER BY c.id")};
const sql::query update_challenge_sql{
    "UPDATE challenges SET title = ?, description = ?, categories = ?, timeline = ?, ballot = ?, "
    "winners = ?, budget = ?, tie_break_seed = ?, max_ideas_per_token = ?, announced_at = ?, "
    "announced_result = ?, max_ideas = ?, in_person_policy = ? WHERE id = ?"};
const sql::query issuer_keys_sql{"SELECT id, issuer_key_sealed, issuer_public FROM challenges ORDER BY id"};
const sql::query seal_issuer_key_sql{"UPDATE challenges SET issuer_key_sealed = ? WHERE id = ?"};
// announcement_due: the timeline's announcement time, a column each dialect computes from the JSON.
const sql::query due_for_publication_sql{
    "SELECT m.slug, c.slug FROM challenges c JOIN municipalities m ON m.id = c.municipality_id "
    "WHERE c.announced_at IS NULL AND c.announcement_due <= ? ORDER BY c.id"};

std::optional<sql::blob> blind_key(const challenge& c, const std::string& key)
{
    if (c.anonymity != anonymity::blind)
        return std::nullopt;
    return sql::blob{key};
}

std::optional<std::string_view> announced_result(const challenge& c)
{
    if (!c.announced_at)
        return std::nullopt;
    return c.announced_result;
}

} // namespace

void sql_repository::insert_challenge(challenge& c)
{
    auto& s = prepared(insert_challenge_sql)
                  .bind(c.municipality_id, c.slug, c.title, c.description, json(c.categories).dump(),
                        timeline_text(c.timeline), ballot_text(c.ballot), c.winners, c.budget, c.tie_break_seed,
                        c.max_ideas_per_token, sql::blob{c.issuer_key_sealed}, sql::blob{c.issuer_public}, c.created_at,
                        c.max_ideas, name_in<anonymity>(anonymity_column, c.anonymity),
                        blind_key(c, c.blind_key_sealed), blind_key(c, c.blind_public), name_of(c.in_person_policy));
    s.step();
    c.id = s.int_at(0);
}

std::optional<challenge> sql_repository::find_challenge_at(std::string_view municipality_slug, std::string_view slug)
{
    return first_row(prepared(find_challenge_at_sql).bind(municipality_slug, slug), challenge_from);
}

std::optional<challenge> sql_repository::find_challenge(std::int64_t municipality_id, std::string_view slug)
{
    return first_row(prepared(find_challenge_sql).bind(municipality_id, slug), challenge_from);
}

std::vector<challenge> sql_repository::list_challenges(std::int64_t municipality_id)
{
    return all_rows(prepared(list_challenges_sql).bind(municipality_id), challenge_from);
}

void sql_repository::update_challenge(const challenge& c)
{
    prepared(update_challenge_sql)
        .bind(c.title, c.description, json(c.categories).dump(), timeline_text(c.timeline), ballot_text(c.ballot),
              c.winners, c.budget, c.tie_break_seed, c.max_ideas_per_token, c.announced_at, announced_result(c),
              c.max_ideas, name_of(c.in_person_policy), c.id)
        .exec();
}

std::vector<repository::issuer_key_row> sql_repository::issuer_keys()
{
    auto& s = prepared(issuer_keys_sql);
    std::vector<issuer_key_row> out;
    while (s.step()) {
        sql::row r{s};
        issuer_key_row k;
        k.challenge_id = r.int64();
        k.sealed = r.bytes();
        k.public_key = r.bytes();
        out.push_back(std::move(k));
    }
    return out;
}

void sql_repository::set_issuer_key_sealed(std::int64_t challenge_id, std::string_view sealed)
{
    prepared(seal_issuer_key_sql).bind(sql::blob{sealed}, challenge_id).exec();
}

std::vector<challenge_ref> sql_repository::due_for_publication(time_point now)
{
    return challenge_refs_from(prepared(due_for_publication_sql).bind(now));
}

} // namespace cabildo::engine
