// Ballots: one counted per token (the latest), replaced ones kept a while; receipts and turnout.

#include "engine/storage/sql/repository.hpp"
#include "engine/storage/sql/rows.hpp"

#include <limits>

namespace cabildo::engine {

using namespace rows;

namespace {

const sql::query mark_replaced_sql{
    "UPDATE ballots SET replaced_at = ? WHERE challenge_id = ? AND jti = ? AND replaced_at IS NULL RETURNING leaf"};
const sql::query insert_ballot_sql{
    "INSERT INTO ballots (challenge_id, jti, receipt, choices, cast_at, leaf) VALUES (?, ?, ?, ?, ?, ?)"};
// The token's replaced ballots past the newest ?4 (LIMIT ?3 is "all": both dialects need one
// before OFFSET, and spell "no limit" differently).
const sql::query prune_replaced_sql{
    "DELETE FROM ballots WHERE id IN (SELECT id FROM ballots WHERE challenge_id = ?1 AND jti = ?2 AND "
    "replaced_at IS NOT NULL ORDER BY id DESC LIMIT ?3 OFFSET ?4)"};
const sql::query count_pruned_sql{
    "UPDATE tokens SET replaced_pruned = replaced_pruned + ? WHERE challenge_id = ? AND jti = ?"};
// Each part from an index: the counted ballot's partial unique index, the replaced ones'.
const sql::query ballots_cast_sql{
    "SELECT (SELECT count(*) FROM ballots WHERE challenge_id = ?1 AND jti = ?2 AND replaced_at IS NULL)"
    " + (SELECT count(*) FROM ballots WHERE challenge_id = ?1 AND jti = ?2 AND replaced_at IS NOT NULL)"
    " + coalesce((SELECT replaced_pruned FROM tokens WHERE challenge_id = ?1 AND jti = ?2), 0)"};
const sql::query pruned_sum_sql{"SELECT coalesce(sum(replaced_pruned), 0) FROM tokens WHERE challenge_id = ?"};
const sql::query ballots_kept_sql{"SELECT count(*), count(replaced_at) FROM ballots WHERE challenge_id = ?"};
// A blind token has a row only once it was used: blind signatures count as issued instead.
const sql::query turnout_sql{
    "SELECT (SELECT count(*) FROM tokens WHERE challenge_id = ?1 AND jti NOT LIKE 'blind:%') + "
    "(SELECT count(*) FROM blind_issuances WHERE challenge_id = ?1), "
    "(SELECT count(*) FROM tokens WHERE challenge_id = ?1 AND revoked_at IS NOT NULL), "
    "(SELECT count(DISTINCT jti) FROM ballots WHERE challenge_id = ?1), "
    "(SELECT count(*) FROM ideas WHERE challenge_id = ?1), "
    "(SELECT count(*) FROM survey_responses WHERE challenge_id = ?1)"};
const sql::query ballot_by_receipt_sql{
    "SELECT b.replaced_at, t.revoked_at FROM ballots b JOIN tokens t ON t.challenge_id = b.challenge_id AND "
    "t.jti = b.jti WHERE b.challenge_id = ? AND b.receipt = ?"};
const sql::query counted_ballots_sql{
    "SELECT b.receipt, b.choices FROM ballots b JOIN tokens t ON t.challenge_id = b.challenge_id AND "
    "t.jti = b.jti WHERE b.challenge_id = ? AND b.replaced_at IS NULL AND t.revoked_at IS NULL ORDER BY b.receipt"};

} // namespace

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the interface names them
repository::replacement sql_repository::replace_ballot(std::int64_t challenge_id, std::string_view jti,
                                                       std::string_view receipt, std::string_view choices,
                                                       time_point at, std::size_t keep_replaced,
                                                       std::optional<std::uint64_t> leaf)
{
    replacement out;
    // At most one ballot counts per token (a unique index): one row back, or none.
    auto& marked = prepared(mark_replaced_sql).bind(at, challenge_id, jti);
    if (marked.step()) {
        out.replaced = true;
        if (const auto previous = sql::row{marked}.optional_int64())
            out.board_leaf = static_cast<std::uint64_t>(*previous);
        while (marked.step()) { // run to its end: no statement stays open in the transaction
        }
    }
    const bool replaced = out.replaced;
    std::optional<std::int64_t> stored_leaf;
    if (leaf)
        stored_leaf = static_cast<std::int64_t>(*leaf);
    prepared(insert_ballot_sql).bind(challenge_id, jti, receipt, choices, at, stored_leaf).exec();
    if (replaced) {
        // The token's replaced ballots past the newest `keep_replaced`: deleted, and counted.
        const auto pruned = prepared(prune_replaced_sql)
                                .bind(challenge_id, jti, std::numeric_limits<std::int64_t>::max(), keep_replaced)
                                .exec();
        if (pruned > 0)
            prepared(count_pruned_sql).bind(pruned, challenge_id, jti).exec();
    }
    return out;
}

std::int64_t sql_repository::ballots_cast(std::int64_t challenge_id, std::string_view jti)
{
    return scalar(prepared(ballots_cast_sql).bind(challenge_id, jti));
}

repository::ballot_log sql_repository::ballot_log_summary(std::int64_t challenge_id)
{
    ballot_log out;
    out.replaced_pruned = scalar(prepared(pruned_sum_sql).bind(challenge_id));
    auto& b = prepared(ballots_kept_sql).bind(challenge_id);
    b.step();
    sql::row r{b};
    out.cast = r.int64() + out.replaced_pruned;
    out.replaced_kept = r.int64();
    return out;
}

engine::turnout sql_repository::turnout(std::int64_t challenge_id)
{
    auto& s = prepared(turnout_sql).bind(challenge_id);
    s.step();
    sql::row r{s};
    engine::turnout t;
    t.tokens_issued = r.count();
    t.tokens_revoked = r.count();
    t.voters = r.count();
    t.ideas = r.count();
    t.survey_responses = r.count();
    return t;
}

std::optional<ballot_state> sql_repository::ballot_by_receipt(std::int64_t challenge_id, std::string_view receipt)
{
    return first_row(prepared(ballot_by_receipt_sql).bind(challenge_id, receipt), [](sql::statement& s) {
        if (!s.is_null(0))
            return ballot_state::replaced;
        return s.is_null(1) ? ballot_state::counted : ballot_state::revoked;
    });
}

void sql_repository::for_each_counted_ballot(std::int64_t challenge_id,
                                             const std::function<void(std::string_view, std::string_view)>& f)
{
    auto& s = prepared(counted_ballots_sql).bind(challenge_id);
    while (s.step())
        f(s.text_at(0), s.text_at(1));
}

} // namespace cabildo::engine
