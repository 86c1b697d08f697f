// Counting speed, one case per process so each reports its own peak memory:
//
//   cabildo_bench_count approval            1,000,000 approval ballots over 1,000 ideas
//   cabildo_bench_count schulze             Schulze on 100,000 ballots ranking 5 of 100 ideas
//   cabildo_bench_count mes FILE.pb [METHOD] Method of Equal Shares (equalshares/add1 unless
//                                           METHOD names another, e.g. plain equalshares),
//                                           parsing included
//
// Synthetic ballots come from a fixed seed; popularity is skewed (Zipf-like) as in real votes.
// Prints figures; never fails on them.

#include "app/count_command.hpp"
#include "app/huge_page_heap.hpp"
#include "ballots/approval.hpp"
#include "ballots/schulze.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <random>
#include <sstream>
#include <string>

namespace b = cabildo::ballots;
using clock_type = std::chrono::steady_clock;

namespace {

double peak_mib()
{
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stod(line.substr(6)) / 1024.0;
    return -1;
}

// Ideas 1..n drawn with weight 1/rank, without repeats inside a ballot.
std::vector<b::idea_id> draw(std::mt19937_64& rng, std::discrete_distribution<int>& pick, std::size_t k)
{
    std::vector<b::idea_id> out;
    while (out.size() < k) {
        const b::idea_id id = pick(rng) + 1;
        if (std::find(out.begin(), out.end(), id) == out.end())
            out.push_back(id);
    }
    return out;
}

std::discrete_distribution<int> zipf(int n)
{
    std::vector<double> w(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        w[static_cast<std::size_t>(i)] = 1.0 / (i + 1);
    return {w.begin(), w.end()};
}

double seconds_since(clock_type::time_point t0)
{
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

} // namespace

int main(int argc, char** argv)
{
    const std::string which = argc > 1 ? argv[1] : "";
    std::mt19937_64 rng(20201001);
    if (which == "approval") {
        const int ideas = 1000;
        std::vector<b::idea_id> candidates(ideas);
        std::iota(candidates.begin(), candidates.end(), 1);
        auto pick = zipf(ideas);
        b::ballot_set set;
        set.reserve(1000000, 3000000);
        for (int i = 0; i < 1000000; ++i)
            set.add(draw(rng, pick, 1 + rng() % 5));
        const auto t0 = clock_type::now();
        const auto out = b::count_approval(candidates, set, 10, {});
        const double s = seconds_since(t0);
        std::printf("approval: 1,000,000 ballots over 1,000 ideas counted in %.3f s (winner idea %lld, %lld votes); "
                    "peak memory %.0f MiB with the ballots held\n",
                    s, static_cast<long long>(out.ranking[0].idea), static_cast<long long>(out.ranking[0].score),
                    peak_mib());
    } else if (which == "schulze") {
        const int ideas = 100;
        std::vector<b::idea_id> candidates(ideas);
        std::iota(candidates.begin(), candidates.end(), 1);
        auto pick = zipf(ideas);
        b::ranking_set set;
        for (int i = 0; i < 100000; ++i)
            set.add(draw(rng, pick, 5));
        const auto t0 = clock_type::now();
        const auto out = b::count_schulze(candidates, set, 1, {});
        const double s = seconds_since(t0);
        std::printf("schulze: 100,000 ballots ranking 5 of 100 ideas counted in %.3f s (winner idea %lld); peak memory "
                    "%.0f MiB\n",
                    s, static_cast<long long>(out.result.ranking[0].idea), peak_mib());
    } else if (which == "mes" && argc > 2) {
        std::ostringstream out, err;
        cabildo::app::grow_heap_in_huge_pages(cabildo::app::count_heap_reserve(argv[2])); // as `cabildo count` does
        const auto t0 = clock_type::now();
        const std::string method = argc > 3 ? argv[3] : "equalshares/add1";
        const int code = cabildo::app::run_count({argv[2], method, std::nullopt}, out, err);
        const double s = seconds_since(t0);
        std::printf("%s: %s parsed and counted in %.3f s (exit %d); peak memory %.0f MiB\n", method.c_str(), argv[2], s,
                    code, peak_mib());
    } else {
        std::fprintf(stderr, "usage: %s approval | schulze | mes FILE.pb [METHOD]\n", argv[0]);
        return 2;
    }
    return 0;
}
