// In-person tables: the tables, check-ins, the officers' entries, the acts and their paper ballots.

#include "engine/storage/sql/repository.hpp"
#include "engine/storage/sql/rows.hpp"

namespace cabildo::engine {

using namespace rows;

namespace {

constexpr std::string_view table_columns =
    "id, challenge_id, name, address, district, opens, closes, observers, checked_in, set_aside, refused, duplicates, "
    "edition, correction, created_at";
constexpr std::string_view act_columns =
    "id, table_id, challenge_id, edition, message, signers, signatures, created_at, closed_at, leaf";

const sql::query insert_table_sql{
    "INSERT INTO polling_tables (challenge_id, name, address, district, opens, closes, observers, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"};
const sql::query list_tables_sql{select(table_columns, "FROM polling_tables WHERE challenge_id = ? ORDER BY id")};
const sql::query find_table_sql{select(table_columns, "FROM polling_tables WHERE challenge_id = ? AND id = ?")};
const sql::query count_tables_sql{"SELECT count(*) FROM polling_tables WHERE challenge_id = ?"};
const sql::query last_close_sql{"SELECT max(closes) FROM polling_tables WHERE challenge_id = ?"};
const sql::query set_edition_sql{"UPDATE polling_tables SET edition = ?, correction = ? WHERE id = ?"};
const sql::query add_to_table_sql{"UPDATE polling_tables SET checked_in = checked_in + ?, set_aside = set_aside + ?, "
                                  "refused = refused + ?, duplicates = duplicates + ? WHERE id = ?"};
const sql::query officers_sql{select(key_columns, "FROM access_keys WHERE revoked_at IS NULL AND challenge_id = ?1 "
                                                  "AND (?2 IS NULL OR table_id = ?2) ORDER BY id")};
const sql::query checked_in_sql{"SELECT count(*) FROM check_ins WHERE challenge_id = ? AND ref_hmac = ?"};
const sql::query insert_check_in_sql{"INSERT INTO check_ins (challenge_id, ref_hmac) VALUES (?, ?)"};
const sql::query put_entry_sql{
    "INSERT INTO paper_entries (table_id, edition, box_position, officer_id, mark, at) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (table_id, edition, box_position, officer_id) DO UPDATE SET mark = excluded.mark, at = excluded.at"};
const sql::query paper_entries_sql{"SELECT box_position, officer_id, mark FROM paper_entries WHERE table_id = ? AND "
                                   "edition = ? ORDER BY box_position, officer_id"};
const sql::query entries_at_sql{"SELECT box_position, officer_id, mark FROM paper_entries WHERE table_id = ? AND "
                                "edition = ? AND box_position = ? ORDER BY officer_id"};
const sql::query insert_act_sql{
    "INSERT INTO table_acts (table_id, challenge_id, edition, message, signers, signatures, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id"};
const sql::query latest_act_sql{select(act_columns, "FROM table_acts WHERE table_id = ? ORDER BY id DESC LIMIT 1")};
const sql::query counted_act_sql{
    select(act_columns, "FROM table_acts WHERE table_id = ? AND closed_at IS NOT NULL ORDER BY id DESC LIMIT 1")};
const sql::query closed_acts_sql{select(act_columns, "FROM table_acts WHERE challenge_id = ?1 AND closed_at IS NOT "
                                                     "NULL AND (?2 IS NULL OR table_id = ?2) ORDER BY id")};
const sql::query delete_act_sql{"DELETE FROM table_acts WHERE id = ? AND closed_at IS NULL"};
const sql::query act_signatures_sql{"UPDATE table_acts SET signatures = ? WHERE id = ? AND closed_at IS NULL"};
const sql::query close_act_sql{"UPDATE table_acts SET closed_at = ?, leaf = ? WHERE id = ? AND closed_at IS NULL"};
const sql::query insert_paper_ballot_sql{
    "INSERT INTO paper_ballots (act_id, box_position, challenge_id, table_id, mark, leaf) VALUES (?, ?, ?, ?, ?, ?)"};
const sql::query counted_paper_sql{
    "SELECT p.table_id, p.mark, p.leaf FROM paper_ballots p WHERE p.challenge_id = ?1 AND p.act_id = "
    "(SELECT max(a.id) FROM table_acts a WHERE a.table_id = p.table_id AND a.closed_at IS NOT NULL) "
    "ORDER BY p.table_id, p.box_position"};

const sql::query defer_revocation_sql{"INSERT INTO deferred_revocations (challenge_id, jti) VALUES (?, ?)"};
const sql::query deferred_sql{"DELETE FROM deferred_revocations WHERE challenge_id = ? RETURNING jti"};

std::string observers_text(const std::vector<observer>& os)
{
    json out = json::array();
    for (const auto& o : os)
        out.push_back({{"name", o.name}, {"organisation", o.organisation}});
    return out.dump();
}

polling_table table_from(sql::statement& s)
{
    sql::row r{s};
    polling_table t;
    t.id = r.int64();
    t.challenge_id = r.int64();
    t.name = r.text();
    t.address = r.text();
    t.district = r.optional_text();
    t.opens = r.time();
    t.closes = r.time();
    for (const auto& o : json::parse(r.text()))
        t.observers.push_back({o.at("name").get<std::string>(), o.at("organisation").get<std::string>()});
    t.checked_in = r.int64();
    t.set_aside = r.int64();
    t.refused = r.int64();
    t.duplicates = r.int64();
    t.edition = r.int64();
    t.correction = r.text();
    t.created_at = r.time();
    return t;
}

stored_act act_from(sql::statement& s)
{
    sql::row r{s};
    stored_act a;
    a.id = r.int64();
    a.table_id = r.int64();
    a.challenge_id = r.int64();
    a.edition = r.int64();
    a.message = r.text();
    a.signers = r.text();
    a.signatures = r.text();
    a.created_at = r.time();
    a.closed_at = r.optional_time();
    if (const auto leaf = r.optional_int64())
        a.leaf = static_cast<std::uint64_t>(*leaf);
    return a;
}

std::optional<std::int64_t> leaf_value(std::optional<std::uint64_t> leaf)
{
    return leaf ? std::optional(static_cast<std::int64_t>(*leaf)) : std::nullopt;
}

} // namespace

void sql_repository::insert_table(polling_table& t)
{
    auto& s = prepared(insert_table_sql)
                  .bind(t.challenge_id, t.name, t.address, t.district, t.opens, t.closes, observers_text(t.observers),
                        t.created_at);
    s.step();
    t.id = s.int_at(0);
}

std::vector<polling_table> sql_repository::list_tables(std::int64_t challenge_id)
{
    return all_rows(prepared(list_tables_sql).bind(challenge_id), table_from);
}

std::optional<polling_table> sql_repository::find_table(std::int64_t challenge_id, std::int64_t id)
{
    return first_row(prepared(find_table_sql).bind(challenge_id, id), table_from);
}

std::size_t sql_repository::count_tables(std::int64_t challenge_id)
{
    return static_cast<std::size_t>(scalar(prepared(count_tables_sql).bind(challenge_id)));
}

std::optional<time_point> sql_repository::last_table_close(std::int64_t challenge_id)
{
    auto& s = prepared(last_close_sql).bind(challenge_id);
    if (!s.step() || s.is_null(0))
        return std::nullopt;
    return sql::at_secs(s.int_at(0));
}

void sql_repository::set_table_edition(std::int64_t table_id, std::int64_t edition, std::string_view correction)
{
    prepared(set_edition_sql).bind(edition, correction, table_id).exec();
}

void sql_repository::add_to_table(std::int64_t table_id, const table_counts& add)
{
    prepared(add_to_table_sql).bind(add.checked_in, add.set_aside, add.refused, add.duplicates, table_id).exec();
}

std::vector<access_key> sql_repository::table_officers(std::int64_t challenge_id, std::optional<std::int64_t> table_id)
{
    return all_rows(prepared(officers_sql).bind(challenge_id, table_id), key_from);
}

bool sql_repository::checked_in(std::int64_t challenge_id, std::string_view ref_hmac)
{
    return scalar(prepared(checked_in_sql).bind(challenge_id, sql::blob{ref_hmac})) > 0;
}

void sql_repository::insert_check_in(std::int64_t challenge_id, std::string_view ref_hmac)
{
    prepared(insert_check_in_sql).bind(challenge_id, sql::blob{ref_hmac}).exec();
}

void sql_repository::put_entry(std::int64_t table_id, std::int64_t edition, const paper_entry& e, time_point at)
{
    prepared(put_entry_sql).bind(table_id, edition, e.position, e.officer_id, e.mark, at).exec();
}

namespace {

paper_entry entry_from(sql::statement& s)
{
    sql::row r{s};
    paper_entry e;
    e.position = r.int64();
    e.officer_id = r.int64();
    e.mark = r.text();
    return e;
}

} // namespace

std::vector<paper_entry> sql_repository::entries(std::int64_t table_id, std::int64_t edition)
{
    return all_rows(prepared(paper_entries_sql).bind(table_id, edition), entry_from);
}

std::vector<paper_entry> sql_repository::entries_at(std::int64_t table_id, std::int64_t edition, std::int64_t position)
{
    return all_rows(prepared(entries_at_sql).bind(table_id, edition, position), entry_from);
}

void sql_repository::insert_act(stored_act& a)
{
    auto& s = prepared(insert_act_sql)
                  .bind(a.table_id, a.challenge_id, a.edition, a.message, a.signers, a.signatures, a.created_at);
    s.step();
    a.id = s.int_at(0);
}

std::optional<stored_act> sql_repository::latest_act(std::int64_t table_id)
{
    return first_row(prepared(latest_act_sql).bind(table_id), act_from);
}

std::optional<stored_act> sql_repository::counted_act(std::int64_t table_id)
{
    return first_row(prepared(counted_act_sql).bind(table_id), act_from);
}

std::vector<stored_act> sql_repository::closed_acts(std::int64_t challenge_id, std::optional<std::int64_t> table_id)
{
    return all_rows(prepared(closed_acts_sql).bind(challenge_id, table_id), act_from);
}

void sql_repository::delete_act(std::int64_t act_id) { prepared(delete_act_sql).bind(act_id).exec(); }

void sql_repository::set_act_signatures(std::int64_t act_id, std::string_view signatures)
{
    prepared(act_signatures_sql).bind(signatures, act_id).exec();
}

void sql_repository::close_act(std::int64_t act_id, time_point at, std::optional<std::uint64_t> leaf)
{
    prepared(close_act_sql).bind(at, leaf_value(leaf), act_id).exec();
}

void sql_repository::insert_paper_ballot(std::int64_t challenge_id, std::int64_t table_id, std::int64_t act_id,
                                         std::int64_t position, std::string_view mark,
                                         std::optional<std::uint64_t> leaf)
{
    prepared(insert_paper_ballot_sql).bind(act_id, position, challenge_id, table_id, mark, leaf_value(leaf)).exec();
}

void sql_repository::defer_revocation(std::int64_t challenge_id, std::string_view jti)
{
    prepared(defer_revocation_sql).bind(challenge_id, jti).exec();
}

std::vector<std::string> sql_repository::take_deferred_revocations(std::int64_t challenge_id)
{
    return all_rows(prepared(deferred_sql).bind(challenge_id), [](sql::statement& s) { return sql::row{s}.text(); });
}

void sql_repository::for_each_counted_paper_ballot(
    std::int64_t challenge_id,
    const std::function<void(std::int64_t, std::string_view, std::optional<std::uint64_t>)>& f)
{
    auto& s = prepared(counted_paper_sql).bind(challenge_id);
    while (s.step()) {
        const auto leaf = s.is_null(2) ? std::optional<std::uint64_t>() : static_cast<std::uint64_t>(s.int_at(2));
        f(s.int_at(0), s.text_at(1), leaf);
    }
}

} // namespace cabildo::engine
