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
            if (repo.ballots_cast(ch->id, jti) >= max_ballots_per_token)
                return fail(errc::too_many_ballots, "token",
                            "a token may cast at most " + std::to_string(max_ballots_per_token) +
                                " ballots; this one has, and its last ballot is the one that counts");
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
            // On the board first (superseding the token's ballot that counts until now), then stored
            // with its leaf, so a receipt finds its entry.
            out.board = runner_.board().append(
                repo, *ch, board_entry_type::ballot,
                ballot_body(jti, in.token, in.content, repo.counted_ballot_leaf(ch->id, jti)), now);
            std::optional<std::uint64_t> leaf;
            if (out.board)
                leaf = out.board->seq;
            out.replaced = repo.replace_ballot(ch->id, jti, out.receipt, encode_ballot(in.content), now,
                                               replaced_ballots_kept, leaf);
            return out;
        },
        std::move(cb));
}

} // namespace cabildo::engine
