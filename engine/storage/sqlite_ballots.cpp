// Ballots: one counted per token (the latest), replaced ones kept a while; receipts and turnout.

#include "engine/storage/sqlite_repository.hpp"

#include "engine/storage/sqlite_rows.hpp"

namespace cabildo::engine {

using namespace sqlite_rows;

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the interface names them
bool sqlite_repository::replace_ballot(std::int64_t challenge_id, std::string_view jti, std::string_view receipt,
                                       std::string_view choices, time_point at, std::size_t keep_replaced)
{
    auto& mark =
        prepared("UPDATE ballots SET replaced_at = ? WHERE challenge_id = ? AND jti = ? AND replaced_at IS NULL");
    mark.bind(1, secs(at));
    mark.bind(2, challenge_id);
    bind_text(mark, 3, jti);
    const bool replaced = mark.exec() > 0;
    auto& insert =
        prepared("INSERT INTO ballots (challenge_id, jti, receipt, choices, cast_at) VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, challenge_id);
    bind_text(insert, 2, jti);
    bind_text(insert, 3, receipt);
    bind_text(insert, 4, choices);
    insert.bind(5, secs(at));
    insert.exec();
    if (replaced) {
        // The token's replaced ballots past the newest `keep_replaced`: deleted, and counted.
        auto& prune = prepared("DELETE FROM ballots WHERE id IN (SELECT id FROM ballots WHERE challenge_id = ? AND "
                               "jti = ? AND replaced_at IS NOT NULL ORDER BY id DESC LIMIT -1 OFFSET ?)");
        prune.bind(1, challenge_id);
        bind_text(prune, 2, jti);
        prune.bind(3, static_cast<std::int64_t>(keep_replaced));
        if (const int pruned = prune.exec(); pruned > 0) {
            auto& count = prepared("UPDATE tokens SET replaced_pruned = replaced_pruned + ? WHERE challenge_id = ? AND "
                                   "jti = ?");
            count.bind(1, pruned);
            count.bind(2, challenge_id);
            bind_text(count, 3, jti);
            count.exec();
        }
    }
    return replaced;
}

std::int64_t sqlite_repository::ballots_cast(std::int64_t challenge_id, std::string_view jti)
{
    // Each part from an index: the counted ballot's partial unique index, the replaced ones'.
    auto& s =
        prepared("SELECT (SELECT count(*) FROM ballots WHERE challenge_id = ?1 AND jti = ?2 AND replaced_at IS NULL)"
                 " + (SELECT count(*) FROM ballots WHERE challenge_id = ?1 AND jti = ?2 AND replaced_at IS NOT NULL)"
                 " + coalesce((SELECT replaced_pruned FROM tokens WHERE challenge_id = ?1 AND jti = ?2), 0)");
    s.bind(1, challenge_id);
    bind_text(s, 2, jti);
    s.executeStep();
    return s.getColumn(0).getInt64();
}

repository::ballot_log sqlite_repository::ballot_log_summary(std::int64_t challenge_id)
{
    auto& t = prepared("SELECT coalesce(sum(replaced_pruned), 0) FROM tokens WHERE challenge_id = ?");
    t.bind(1, challenge_id);
    t.executeStep();
    ballot_log out;
    out.replaced_pruned = t.getColumn(0).getInt64();
    auto& b = prepared("SELECT count(*), count(replaced_at) FROM ballots WHERE challenge_id = ?");
    b.bind(1, challenge_id);
    b.executeStep();
    out.cast = b.getColumn(0).getInt64() + out.replaced_pruned;
    out.replaced_kept = b.getColumn(1).getInt64();
    return out;
}

engine::turnout sqlite_repository::turnout(std::int64_t challenge_id)
{
    // A blind token has a row only once it was used: blind signatures count as issued instead.
    auto& s = prepared("SELECT (SELECT count(*) FROM tokens WHERE challenge_id = ?1 AND jti NOT LIKE 'blind:%') + "
                       "(SELECT count(*) FROM blind_issuances WHERE challenge_id = ?1), "
                       "(SELECT count(*) FROM tokens WHERE challenge_id = ?1 AND revoked_at IS NOT NULL), "
                       "(SELECT count(DISTINCT jti) FROM ballots WHERE challenge_id = ?1), "
                       "(SELECT count(*) FROM ideas WHERE challenge_id = ?1), "
                       "(SELECT count(*) FROM survey_responses WHERE challenge_id = ?1)");
    s.bind(1, challenge_id);
    s.executeStep();
    const auto n = [&](int i) { return static_cast<std::size_t>(s.getColumn(i).getInt64()); };
    return {n(0), n(1), n(2), n(3), n(4)};
}

std::optional<ballot_state> sqlite_repository::ballot_by_receipt(std::int64_t challenge_id, std::string_view receipt)
{
    auto& s = prepared("SELECT b.replaced_at IS NOT NULL, t.revoked_at IS NOT NULL FROM ballots b JOIN tokens t ON "
                       "t.challenge_id = b.challenge_id AND t.jti = b.jti WHERE b.challenge_id = ? AND b.receipt = ?");
    s.bind(1, challenge_id);
    bind_text(s, 2, receipt);
    if (!s.executeStep())
        return std::nullopt;
    if (s.getColumn(0).getInt() != 0)
        return ballot_state::replaced;
    return s.getColumn(1).getInt() != 0 ? ballot_state::revoked : ballot_state::counted;
}

void sqlite_repository::for_each_counted_ballot(std::int64_t challenge_id,
                                                const std::function<void(std::string_view, std::string_view)>& f)
{
    auto& s =
        prepared("SELECT b.receipt, b.choices FROM ballots b JOIN tokens t ON t.challenge_id = b.challenge_id AND "
                 "t.jti = b.jti WHERE b.challenge_id = ? AND b.replaced_at IS NULL AND t.revoked_at IS NULL "
                 "ORDER BY b.receipt");
    s.bind(1, challenge_id);
    while (s.executeStep()) {
        const auto& r = s.getColumn(0);
        const auto& c = s.getColumn(1);
        f(std::string_view(r.getText(), static_cast<std::size_t>(r.getBytes())),
          std::string_view(c.getText(), static_cast<std::size_t>(c.getBytes())));
    }
}

} // namespace cabildo::engine
