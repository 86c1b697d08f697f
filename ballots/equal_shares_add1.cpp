#include "ballots/equal_shares_add1.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace cabildo::ballots::mes_detail {

namespace {

// Per-voter budgets [from, until) whose runs all take the decisions of `run` (the run with
// `from`): the plain +1 loop would see the same outcome at each of them.
struct stretch {
    std::int64_t from = 0;
    std::int64_t until = 0;
    run_result run;
    std::size_t exact_runs = 0;
    bool ends = false;
};

// Whether to compute `stable`: not after a few runs in a row certified nothing beyond
// themselves (supporters cross payment lines at every raise on large files), except every
// few runs to notice when that changes. Only which runs are computed depends on it.
struct tracking {
    int misses = 0;    // tracked runs in a row that certified nothing
    int untracked = 0; // runs since the last tracked one
    // Up to 3 misses, then retry after 8, 16, ... 64 untracked runs.
    bool next() const { return misses < 3 || untracked >= 8 << std::min(misses - 3, 3); }
    void saw(bool tracked, std::int64_t stable)
    {
        untracked = tracked ? 0 : untracked + 1;
        if (tracked)
            misses = stable > 1 ? 0 : std::min(misses + 1, 100);
    }
};

// Blocks of stretches computed by the workers, by block number, until consumed.
struct block_queue {
    std::mutex mutex;
    std::condition_variable published;
    std::map<std::size_t, std::vector<stretch>> blocks;
    std::size_t working = 0; // workers still computing

    void publish(std::size_t k, std::vector<stretch> covered)
    {
        const std::lock_guard lock(mutex);
        blocks.emplace(k, std::move(covered));
        published.notify_all();
    }
    void finished()
    {
        const std::lock_guard lock(mutex);
        --working;
        published.notify_all();
    }
    // Block k once computed (empty if every worker stopped before it); drops the blocks before.
    std::vector<stretch> take(std::size_t k)
    {
        std::vector<stretch> covered;
        std::unique_lock lock(mutex);
        published.wait(lock, [&] { return blocks.contains(k) || working == 0; });
        if (const auto it = blocks.find(k); it != blocks.end())
            covered = std::move(it->second);
        blocks.erase(blocks.begin(), blocks.upper_bound(k));
        return covered;
    }
};

class add1_driver {
public:
    add1_driver(const instance& in, std::int64_t budget, std::int64_t voters, const equal_shares_options& options,
                equal_shares_outcome& out)
        : in_(in)
        , budget_(budget)
        , voters_(voters)
        , options_(options)
        , out_(out)
        , base_(budget / voters + 1)
        , next_(base_)
        , own_tallies_(make_tallies())
    {}

    run_result run()
    {
        // Starting a thread costs about what a run over a few thousand supporters does. With
        // unit weights the runs share one thread's tallies (see equal_shares_tallies.hpp): each
        // thread would rebuild its own, and on Warszawa 2026 two threads took 0.25 to 0.29 s
        // where one took 0.17 to 0.19 s, on two cores shared with other work.
        const bool worth_threads = in_.type.size() >= 20'000 && own_tallies_ == nullptr;
        const std::size_t threads = worth_threads ? std::max<std::size_t>(options_.threads, 1) : 1;
        if (threads == 1)
            run_alone();
        else
            run_threaded(threads);
        out_.computed_runs += computed_.load();
        return std::move(chosen_);
    }

private:
    // Each thread keeps the supporters' groups of its own runs (unit weights, fast pass only).
    std::unique_ptr<supporter_tallies> make_tallies() const
    {
        if (!in_.unit_weights || options_.exact_only)
            return nullptr;
        return std::make_unique<supporter_tallies>(in_);
    }

    // Ends the raises: an outcome over the budget, one that funds every supported project (more
    // money cannot change it), or for add1e one that is exhaustive.
    bool ends(const run_result& r) const
    {
        const std::int64_t spent = cost_of(in_, r.selected);
        if (spent > budget_)
            return true;
        if (r.selected.size() == in_.payable.size())
            return true;
        if (options_.completion != mes_completion::add1e)
            return false;
        std::vector<bool> funded(in_.cost.size(), false);
        for (const std::size_t p : r.selected)
            funded[p] = true;
        return std::none_of(in_.payable.begin(), in_.payable.end(),
                            [&](std::size_t p) { return !funded[p] && in_.cost[p] <= budget_ - spent; });
    }

    // The run with budget / voters each; with threads, computed while they start.
    void first_run()
    {
        chosen_ = run_mes(in_, budget_, voters_, options_.exact_only, out_.exact_runs, false, own_tallies_.get());
        done_ = ends(chosen_); // the first run fits (it spends at most budget / voters each)
    }

    // The stretch starting at per-voter budget z. Any thread.
    stretch run_at(std::int64_t z, tracking& track, supporter_tallies* tallies)
    {
        stretch s;
        s.from = z;
        const bool tracked = options_.skip && track.next();
        if (tallies != nullptr)
            tallies->trim();
        s.run = run_mes(in_, z, 1, options_.exact_only, s.exact_runs, tracked, tallies);
        track.saw(tracked, s.run.stable);
        computed_.fetch_add(1);
        const std::int64_t room = std::numeric_limits<std::int64_t>::max() - z;
        s.until = z + (options_.skip ? std::min(s.run.stable, room) : 1);
        s.ends = ends(s.run);
        if (s.ends) {
            std::int64_t known = stop_at_.load();
            while (z < known && !stop_at_.compare_exchange_weak(known, z)) {}
        }
        return s;
    }

    // The stretches covering [start, end), one run each, unless the loop ends before. Any thread.
    void cover(std::int64_t start, std::int64_t end, std::vector<stretch>& into, tracking& track,
               supporter_tallies* tallies)
    {
        into.clear();
        for (std::int64_t z = start; z < end && z < stop_at_.load() && !over_.load();) {
            into.push_back(run_at(z, track, tallies));
            if (into.back().ends)
                break;
            z = into.back().until;
        }
    }

    // Consumes budgets from next_ on, in order, exactly as the +1 loop would.
    void consume(stretch& s)
    {
        if (done_ || s.until <= next_ || s.from > next_)
            return; // already passed, or not reached: the next round starts at next_
        ++out_.runs;
        out_.exact_runs += s.exact_runs;
        s.exact_runs = 0;
        if (s.ends) {
            done_ = true;
            if (cost_of(in_, s.run.selected) > budget_)
                return;
            out_.voter_budget_numerator = next_; // the loop stops at the stretch's first budget
        } else {
            out_.runs += static_cast<std::size_t>(s.until - next_ - 1);
            out_.voter_budget_numerator = s.until - 1;
            next_ = s.until;
        }
        chosen_ = std::move(s.run);
        out_.voter_budget_denominator = 1;
    }

    void run_alone()
    {
        first_run();
        while (!done_) {
            stretch s = run_at(next_, own_track_, own_tallies_.get());
            consume(s);
        }
    }

    // Worker t computes the blocks t, t + threads, ... until the loop ends before them.
    void compute_blocks(std::size_t t, std::size_t threads, std::int64_t block, block_queue& queue)
    {
        tracking track;
        const std::unique_ptr<supporter_tallies> tallies = make_tallies();
        for (std::size_t k = t; !over_.load(); k += threads) {
            const std::int64_t from = base_ + static_cast<std::int64_t>(k) * block;
            if (from >= stop_at_.load())
                break; // the loop ends before
            std::vector<stretch> covered;
            cover(from, from + block, covered, track, tallies.get());
            queue.publish(k, std::move(covered));
        }
        queue.finished();
    }

    // Stretches of successive budgets are independent, so with several threads each computes
    // blocks of budgets ahead (thread t the blocks t, t + threads, ...), and the blocks are
    // consumed strictly in order, as one thread would: the outcome never depends on the thread
    // count, only the time does. A block's first run may fall inside its predecessor's last
    // stretch (wasted): blocks span a few stretches.
    void run_threaded(std::size_t threads)
    {
        const std::int64_t block = options_.skip ? 8 : 1;
        block_queue queue;
        queue.working = threads;
        std::vector<std::thread> workers;
        // Stops and joins the workers however this scope is left (a run may throw bad_alloc).
        struct joiner {
            std::atomic<bool>& over;
            std::vector<std::thread>& workers;
            ~joiner()
            {
                over.store(true);
                for (auto& t : workers)
                    if (t.joinable())
                        t.join();
            }
        } const join_at_exit{over_, workers};
        for (std::size_t t = 0; t < threads; ++t)
            workers.emplace_back([this, t, threads, block, &queue] { compute_blocks(t, threads, block, queue); });
        first_run();
        while (!done_) {
            std::vector<stretch> covered = queue.take(static_cast<std::size_t>((next_ - base_) / block));
            const std::int64_t before = next_;
            for (stretch& s : covered)
                consume(s);
            if (!done_ && next_ == before) { // not covered (cannot happen; cheap to be safe)
                stretch s = run_at(next_, own_track_, own_tallies_.get());
                consume(s);
            }
        }
    }

    const instance& in_;
    const std::int64_t budget_;
    const std::int64_t voters_;
    const equal_shares_options& options_;
    equal_shares_outcome& out_;
    // No run above stop_at_ is needed: the loop ends there or earlier. No run at all once over_.
    std::atomic<std::int64_t> stop_at_{std::numeric_limits<std::int64_t>::max()};
    std::atomic<bool> over_{false};
    std::atomic<std::size_t> computed_{0};
    const std::int64_t base_; // the first raised per-voter budget
    std::int64_t next_;       // the next per-voter budget the +1 loop would run
    bool done_ = false;
    run_result chosen_;
    tracking own_track_;
    std::unique_ptr<supporter_tallies> own_tallies_;
};

} // namespace

run_result complete_add1(const instance& in, std::int64_t budget, std::int64_t voters,
                         const equal_shares_options& options, equal_shares_outcome& out)
{
    return add1_driver(in, budget, voters, options, out).run();
}

} // namespace cabildo::ballots::mes_detail
