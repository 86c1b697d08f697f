#include "engine/counting/tally.hpp"

#include "ballots/approval.hpp"
#include "ballots/borda.hpp"
#include "ballots/greedy.hpp"
#include "ballots/points.hpp"

#include <utility>

namespace cabildo::engine {

namespace b = cabildo::ballots;

namespace {

tally ranking_only(b::outcome result)
{
    tally t;
    t.result = std::move(result);
    return t;
}

tally irv_with(const tally_input& in, b::irv_ties ties)
{
    tally t;
    t.irv = b::count_irv(in.candidates, in.rankings, in.winners, in.order, b::irv_options{ties});
    t.result = std::move(t.irv->result);
    return t;
}

tally greedy_with(const tally_input& in, bool skip)
{
    b::greedy_options options;
    options.skip = skip;
    options.threshold = in.threshold;
    tally t;
    t.funded = b::count_greedy(in.projects, in.scores, in.budget, in.order, options);
    t.result = std::move(t.funded->result);
    return t;
}

tally equal_shares_with(const tally_input& in, b::mes_completion completion, bool compare)
{
    b::equal_shares_options options;
    options.completion = completion;
    options.compare_with_greedy = compare;
    options.threads = in.threads;
    tally t;
    t.equal_shares = b::count_equal_shares(in.projects, in.scores, in.budget, in.order, options);
    t.funded = std::move(t.equal_shares->funded);
    t.result = std::move(t.funded->result);
    return t;
}

} // namespace

tally count_approval(const tally_input& in)
{
    return ranking_only(b::count_approval(in.candidates, in.approvals, in.winners, in.order));
}

tally count_points(const tally_input& in)
{
    return ranking_only(b::count_points(in.candidates, in.scores, in.winners, in.order));
}

tally count_schulze(const tally_input& in)
{
    tally t;
    t.schulze = b::count_schulze(in.candidates, in.rankings, in.winners, in.order);
    t.result = std::move(t.schulze->result);
    return t;
}

tally count_borda(const tally_input& in)
{
    return ranking_only(b::count_borda(in.candidates, in.rankings, in.winners, in.order));
}

tally count_irv(const tally_input& in) { return irv_with(in, b::irv_ties::overvote); }
tally count_irv_split(const tally_input& in) { return irv_with(in, b::irv_ties::split); }

tally count_greedy(const tally_input& in) { return greedy_with(in, true); }
tally count_greedy_no_skip(const tally_input& in) { return greedy_with(in, false); }

tally count_equal_shares_plain(const tally_input& in) { return equal_shares_with(in, b::mes_completion::none, false); }
tally count_equal_shares_plain_comparison(const tally_input& in)
{
    return equal_shares_with(in, b::mes_completion::none, true);
}
tally count_equal_shares(const tally_input& in) { return equal_shares_with(in, b::mes_completion::add1, false); }
tally count_equal_shares_comparison(const tally_input& in)
{
    return equal_shares_with(in, b::mes_completion::add1, true);
}
tally count_equal_shares_add1e(const tally_input& in) { return equal_shares_with(in, b::mes_completion::add1e, false); }
tally count_equal_shares_add1e_comparison(const tally_input& in)
{
    return equal_shares_with(in, b::mes_completion::add1e, true);
}

} // namespace cabildo::engine
