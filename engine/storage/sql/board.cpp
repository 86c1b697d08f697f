// The bulletin boards: entries, stored subtrees, signed heads and each board's sealed key.

#include "engine/storage/sql/repository.hpp"
#include "engine/storage/sql/rows.hpp"

namespace cabildo::engine {

using namespace rows;

namespace {

const sql::query insert_board_sql{"INSERT INTO boards (challenge_id, key_sealed, key_public) VALUES (?, ?, ?)"};
const sql::query find_board_sql{"SELECT key_sealed, key_public, closed_leaf, "
                                "coalesce((SELECT max(seq) + 1 FROM board_entries WHERE challenge_id = ?1), 0) FROM "
                                "boards WHERE challenge_id = ?1"};
const sql::query insert_entry_sql{"INSERT INTO board_entries (challenge_id, seq, body) VALUES (?, ?, ?)"};
// A subtree by the leaf that completed it, (index + 1) * 2^level - 1 (schema.cpp, migration 11).
const sql::query insert_node_sql{"INSERT INTO board_nodes (challenge_id, leaf, level, hash) VALUES (?, ?, ?, ?)"};
const sql::query close_board_sql{"UPDATE boards SET closed_leaf = ? WHERE challenge_id = ? AND closed_leaf IS NULL"};
const sql::query node_sql{"SELECT hash FROM board_nodes WHERE challenge_id = ? AND leaf = ? AND level = ?"};
const sql::query entries_sql{
    "SELECT seq, body FROM board_entries WHERE challenge_id = ? AND seq >= ? ORDER BY seq LIMIT ?"};
const sql::query leaves_sql{
    "SELECT leaf, hash FROM board_nodes WHERE challenge_id = ? AND leaf >= ? AND level = 0 ORDER BY leaf LIMIT ?"};
const sql::query insert_head_sql{
    "INSERT INTO board_heads (challenge_id, size, at, root, signature) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (challenge_id, size) DO NOTHING"};
const sql::query latest_head_sql{
    "SELECT size, at, root, signature FROM board_heads WHERE challenge_id = ? ORDER BY size DESC LIMIT 1"};
const sql::query heads_sql{
    "SELECT size, at, root, signature FROM board_heads WHERE challenge_id = ? AND size > ? ORDER BY size LIMIT ?"};
const sql::query due_for_close_sql{
    "SELECT m.slug, c.slug FROM boards b JOIN challenges c ON c.id = b.challenge_id "
    "JOIN municipalities m ON m.id = c.municipality_id WHERE b.closed_leaf IS NULL AND c.voting_closes <= ? "
    "ORDER BY c.id"};
const sql::query counted_leaves_sql{
    "SELECT b.leaf FROM ballots b JOIN tokens t ON t.challenge_id = b.challenge_id AND t.jti = b.jti "
    "WHERE b.challenge_id = ? AND b.replaced_at IS NULL AND t.revoked_at IS NULL AND b.leaf IS NOT NULL "
    "ORDER BY b.leaf"};
const sql::query receipt_leaf_sql{
    "SELECT leaf FROM ballots WHERE challenge_id = ? AND receipt = ? AND leaf IS NOT NULL"};

stored_head head_of(sql::statement& s)
{
    sql::row r{s};
    stored_head h;
    h.size = static_cast<std::uint64_t>(r.int64());
    h.timestamp = r.int64();
    h.root = r.bytes();
    h.signature = r.bytes();
    return h;
}

std::uint64_t leaf_of(sql::statement& s) { return static_cast<std::uint64_t>(sql::row{s}.int64()); }

// The leaf that completes the subtree `index` of `level`: the last of its range.
std::int64_t completing_leaf(unsigned level, std::uint64_t index)
{
    return static_cast<std::int64_t>(((index + 1) << level) - 1);
}

} // namespace

void sql_repository::insert_board(std::int64_t challenge_id, std::string_view key_sealed, std::string_view key_public)
{
    prepared(insert_board_sql).bind(challenge_id, sql::blob{key_sealed}, sql::blob{key_public}).exec();
}

std::optional<stored_board> sql_repository::find_board(std::int64_t challenge_id)
{
    return first_row(prepared(find_board_sql).bind(challenge_id), [](sql::statement& s) {
        sql::row r{s};
        stored_board b;
        b.key_sealed = r.bytes();
        b.key_public = r.bytes();
        if (const auto closed = r.optional_int64())
            b.closed = static_cast<std::uint64_t>(*closed);
        b.size = static_cast<std::uint64_t>(r.int64());
        return b;
    });
}

void sql_repository::append_board_entry(std::int64_t challenge_id, std::uint64_t seq, std::string_view body,
                                        const std::vector<node>& nodes)
{
    prepared(insert_entry_sql).bind(challenge_id, static_cast<std::int64_t>(seq), body).exec();
    for (const auto& n : nodes)
        prepared(insert_node_sql)
            .bind(challenge_id, completing_leaf(n.level, n.index), static_cast<std::int64_t>(n.level),
                  sql::blob{n.hash})
            .exec();
}

void sql_repository::set_board_closed(std::int64_t challenge_id, std::uint64_t close_leaf)
{
    prepared(close_board_sql).bind(static_cast<std::int64_t>(close_leaf), challenge_id).exec();
}

std::string sql_repository::board_node(std::int64_t challenge_id, unsigned level, std::uint64_t index)
{
    auto& s = prepared(node_sql).bind(challenge_id, completing_leaf(level, index), static_cast<std::int64_t>(level));
    return s.step() ? std::string(s.blob_at(0)) : std::string();
}

void sql_repository::for_each_board_entry(std::int64_t challenge_id, std::uint64_t from, std::size_t limit,
                                          const std::function<void(std::uint64_t, std::string_view)>& f, bool bodies)
{
    auto& s = prepared(bodies ? entries_sql : leaves_sql)
                  .bind(challenge_id, static_cast<std::int64_t>(from), static_cast<std::int64_t>(limit));
    while (s.step())
        f(static_cast<std::uint64_t>(s.int_at(0)), bodies ? s.text_at(1) : s.blob_at(1));
}

void sql_repository::insert_board_head(std::int64_t challenge_id, const stored_head& h)
{
    prepared(insert_head_sql)
        .bind(challenge_id, static_cast<std::int64_t>(h.size), h.timestamp, sql::blob{h.root}, sql::blob{h.signature})
        .exec();
}

std::optional<stored_head> sql_repository::latest_board_head(std::int64_t challenge_id)
{
    return first_row(prepared(latest_head_sql).bind(challenge_id), head_of);
}

std::vector<stored_head> sql_repository::board_heads(std::int64_t challenge_id, std::uint64_t after, std::size_t limit)
{
    return all_rows(
        prepared(heads_sql).bind(challenge_id, static_cast<std::int64_t>(after), static_cast<std::int64_t>(limit)),
        head_of);
}

std::vector<challenge_ref> sql_repository::boards_due_for_close(time_point now)
{
    return challenge_refs_from(prepared(due_for_close_sql).bind(now));
}

std::optional<std::uint64_t> sql_repository::ballot_leaf(std::int64_t challenge_id, std::string_view receipt)
{
    return first_row(prepared(receipt_leaf_sql).bind(challenge_id, receipt), leaf_of);
}

std::vector<std::uint64_t> sql_repository::counted_ballot_leaves(std::int64_t challenge_id)
{
    return all_rows(prepared(counted_leaves_sql).bind(challenge_id), leaf_of);
}

} // namespace cabildo::engine
