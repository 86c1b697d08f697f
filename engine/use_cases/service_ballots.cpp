// Ballots: one per live token inside the voting window, the latest counting.

#include "engine/use_cases/ballots.hpp"

#include "engine/domain/validation.hpp"
#include "engine/use_cases/service_detail.hpp"

namespace cabildo::engine {

using namespace detail;

void ballot_use_cases::cast_ballot(challenge_ref which, ballot_input in, callback<ballot_receipt> cb)
{
    const std::string token = in.token;
    runner_.as_participant<ballot_receipt>(
        std::move(which), token,
        [](const timeline& t, time_point now) { return require_open(t.voting, "voting", now); },
        [this, in = std::move(in)](repository& repo, const challenge* ch, const std::string& jti,
                                   time_point now) -> result<ballot_receipt> {
            const auto expected = ballot_field(ch->ballot);
            if (in.field != expected)
                return fail(errc::invalid_field, std::string(expected),
                            std::string("this challenge takes ").append(name_of(ch->ballot.kind)) + " ballots: send " +
                                std::string(expected));
            const auto lookup = [&](idea_id id) -> std::optional<std::int64_t> {
                const auto idea = repo.find_idea(ch->id, id);
                if (!idea || idea->hidden)
                    return std::nullopt;
                return idea->cost.value_or(0);
            };
            if (auto f = check_ballot(ch->ballot, in.content, ch->budget, lookup))
                return *f;
            // A random receipt: the resident finds it in the published ballots, nobody can
            // trace it back to the token.
            ballot_receipt out{new_receipt(), false, std::nullopt};
            // Stored with the leaf its entry takes (so a receipt finds it), learning in the same
            // statement the leaf of the ballot it supersedes; then on the board.
            auto board = runner_.board().board_at(repo, *ch, now);
            std::optional<std::uint64_t> leaf;
            if (board)
                leaf = board->size;
            const auto replaced = repo.replace_ballot(ch->id, jti, out.receipt, encode_ballot(in.content), now,
                                                      replaced_ballots_kept, leaf);
            out.replaced = replaced.replaced;
            // A token's first ballot is within the limit; a replacement is counted once stored (the
            // count then includes it), and one past the limit is refused, its savepoint undoing it.
            if (replaced.replaced && repo.ballots_cast(ch->id, jti) > max_ballots_per_token)
                return fail(errc::too_many_ballots, "token",
                            "a token may cast at most " + std::to_string(max_ballots_per_token) +
                                " ballots; this one has, and its last ballot is the one that counts");
            if (board)
                out.board = runner_.board().append_to(repo, *ch, *board, board_entry_type::ballot,
                                                      ballot_body(jti, in.token, in.content, replaced.board_leaf), now);
            return out;
        },
        std::move(cb));
}

} // namespace cabildo::engine
