#include "ballots/equal_shares_instance.hpp"

#include "ballots/candidate_index.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <limits>
#include <numeric>

namespace cabildo::ballots::mes_detail {

namespace {

// Projects by total support, most popular first (rank -> project), and back (project -> rank).
struct popularity {
    std::vector<std::uint32_t> by_support;
    std::vector<std::uint32_t> rank;
};

popularity rank_by_support(const scored_ballot_set& ballots, const candidate_index& slot, std::size_t m)
{
    std::vector<std::int64_t> support(m, 0);
    for (std::size_t v = 0; v < ballots.size(); ++v) {
        const auto is = ballots.ideas(v);
        const auto ws = ballots.weights(v);
        for (std::size_t k = 0; k < is.size(); ++k)
            if (const auto p = slot.find(is[k]); p != candidate_index::npos && ws[k] > 0)
                support[p] += ws[k];
    }
    popularity out;
    out.by_support.resize(m);
    std::iota(out.by_support.begin(), out.by_support.end(), 0U);
    std::stable_sort(out.by_support.begin(), out.by_support.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return support[a] > support[b]; });
    out.rank.resize(m);
    for (std::uint32_t r = 0; r < m; ++r)
        out.rank[out.by_support[r]] = r;
    return out;
}

// Each ballot as (project, weight) pairs, flat: the project is its popularity rank while the
// ballots are sorted, its position afterwards.
struct item {
    std::uint32_t project;
    std::int64_t weight;
    // clang-tidy takes the defaulted <=> for a comparison with a literal 0 (a known false positive).
    auto operator<=>(const item&) const = default; // NOLINT(modernize-use-nullptr)
};

struct flat_ballots {
    std::vector<item> items;
    std::vector<std::size_t> ends;

    std::size_t size() const { return ends.size(); }
    std::span<const item> operator[](std::size_t v) const
    {
        const std::size_t b = v == 0 ? 0 : ends[v - 1];
        return {items.data() + b, ends[v] - b};
    }
};

// The ballots as (popularity rank, weight) pairs, each ballot sorted by rank.
flat_ballots read_by_rank(const scored_ballot_set& ballots, const candidate_index& slot,
                          const std::vector<std::uint32_t>& rank)
{
    flat_ballots out;
    auto& items = out.items;
    items.reserve(ballots.items());
    out.ends.reserve(ballots.size());
    for (std::size_t v = 0; v < ballots.size(); ++v) {
        const auto is = ballots.ideas(v);
        const auto ws = ballots.weights(v);
        const std::size_t start = items.size();
        for (std::size_t k = 0; k < is.size(); ++k)
            if (const auto p = slot.find(is[k]); p != candidate_index::npos && ws[k] > 0)
                items.push_back({rank[p], ws[k]});
        if (items.size() - start <= 16) { // ballots are short: insertion sort, without std::sort's set-up
            for (std::size_t i = start + 1; i < items.size(); ++i)
                for (std::size_t j = i; j > start && items[j] < items[j - 1]; --j)
                    std::swap(items[j], items[j - 1]);
        } else {
            std::sort(items.begin() + static_cast<std::ptrdiff_t>(start), items.end());
        }
        out.ends.push_back(items.size());
    }
    return out;
}

struct keyed {
    std::uint64_t key;
    std::uint32_t ballot;
};

// Sorting compares ballots lexicographically. Reading two ballots at random places per
// comparison is slow, so with unit weights each ballot's first ranks are packed into a key
// (rank + 1 in `bits` bits each, 0 past the end: a prefix sorts first, as lexicographically)
// and only ballots with equal keys are read. With other weights an earlier weight can decide
// before a later rank does, so the key stays 0 and every comparison reads the ballots.
std::vector<keyed> sort_keys(const flat_ballots& ballots, std::size_t m)
{
    const bool unit =
        std::all_of(ballots.items.begin(), ballots.items.end(), [](const item& x) { return x.weight == 1; });
    const auto bits = static_cast<unsigned>(std::bit_width(m));
    const std::size_t packed = unit && bits > 0 && bits < 64 ? 64 / bits : 0;
    std::vector<keyed> by_ballot(ballots.size());
    for (std::size_t v = 0; v < ballots.size(); ++v) {
        const auto b = ballots[v];
        std::uint64_t key = 0;
        for (std::size_t k = 0; k < packed; ++k)
            key = (key << bits) | (k < b.size() ? b[k].project + 1 : 0);
        by_ballot[v] = {key, static_cast<std::uint32_t>(v)};
    }
    // By key: a least significant digit radix sort, a byte per pass, skipping bytes all keys
    // share.
    std::vector<keyed> buffer(by_ballot.size());
    for (unsigned shift = 0; shift < 64 && packed > 0; shift += 8) {
        std::array<std::size_t, 257> place{};
        for (const keyed& x : by_ballot)
            ++place[((x.key >> shift) & 0xFF) + 1];
        if (std::ranges::any_of(place, [&](std::size_t n) { return n == by_ballot.size(); }))
            continue; // one byte value for every key: this pass would not move anything
        std::partial_sum(place.begin(), place.end(), place.begin());
        for (const keyed& x : by_ballot)
            buffer[place[(x.key >> shift) & 0xFF]++] = x;
        by_ballot.swap(buffer);
    }
    return by_ballot;
}

// Sorts the ballots lexicographically, identical ones side by side.
void sort_ballots(flat_ballots& ballots, std::size_t m)
{
    std::vector<keyed> by_ballot = sort_keys(ballots, m);
    // Ballots with equal keys (equal ballots, unless longer than the key holds) by reading them.
    const auto before = [&](const keyed& a, const keyed& b) {
        const auto x = ballots[a.ballot];
        const auto y = ballots[b.ballot];
        return std::lexicographical_compare(x.begin(), x.end(), y.begin(), y.end());
    };
    for (auto run = by_ballot.begin(); run != by_ballot.end();) {
        const auto end = std::find_if(run, by_ballot.end(), [&](const keyed& x) { return x.key != run->key; });
        if (end - run > 1)
            std::sort(run, end, before);
        run = end;
    }
    // The ballots rewritten in sorted order: the passes then read them in sequence.
    flat_ballots sorted;
    sorted.items.reserve(ballots.items.size());
    sorted.ends.reserve(ballots.ends.size());
    for (const keyed& k : by_ballot) {
        const auto b = ballots[k.ballot];
        sorted.items.insert(sorted.items.end(), b.begin(), b.end());
        sorted.ends.push_back(sorted.items.size());
    }
    ballots = std::move(sorted);
}

// A representative ballot per type, as sorted; sets the types' multiplicities.
std::vector<std::uint32_t> merge_types(const flat_ballots& ballots, instance& in)
{
    std::vector<std::uint32_t> types;
    for (std::size_t i = 0; i < ballots.size(); ++i) {
        const auto cur = ballots[i];
        if (cur.empty())
            continue; // supports nothing: holds a share, never pays
        if (!types.empty() && std::ranges::equal(cur, ballots[types.back()])) {
            ++in.multiplicity.back();
            continue;
        }
        types.push_back(static_cast<std::uint32_t>(i));
        in.multiplicity.push_back(1);
    }
    return types;
}

// Each project's supporting types, in type order, with their weights and the projects' totals.
void list_supporters(flat_ballots& ballots, const std::vector<std::uint32_t>& types,
                     const std::vector<std::uint32_t>& by_support, instance& in)
{
    const std::size_t m = by_support.size();
    std::vector<std::size_t> count(m + 1, 0);
    for (item& x : ballots.items)
        x.project = by_support[x.project]; // back from ranks to project positions
    for (const std::uint32_t v : types)
        for (const item& x : ballots[v])
            ++count[x.project + 1];
    std::partial_sum(count.begin(), count.end(), count.begin());
    in.begin = count;
    in.type.resize(in.begin[m]);
    in.weight.resize(in.begin[m]);
    in.slot_multiplicity.resize(in.begin[m]);
    in.total_weight.assign(m, 0);
    in.max_weight.assign(m, 0);
    std::vector<std::size_t> fill(in.begin.begin(), in.begin.end() - 1);
    in.ballot_begin.reserve(types.size() + 1);
    in.ballot_begin.push_back(0);
    in.ballot.reserve(in.begin[m]);
    in.ballot_slots.assign(m, 0);
    for (std::size_t t = 0; t < types.size(); ++t) {
        const auto b = ballots[types[t]];
        for (const item& x : b) {
            in.ballot.push_back(x.project);
            in.ballot_slots[x.project] += b.size();
        }
        in.ballot_begin.push_back(in.ballot.size());
        for (const item& x : b) {
            in.type[fill[x.project]] = static_cast<std::uint32_t>(t);
            in.slot_multiplicity[fill[x.project]] = static_cast<std::uint32_t>(in.multiplicity[t]);
            in.weight[fill[x.project]++] = x.weight;
            in.total_weight[x.project] += x.weight * in.multiplicity[t];
            in.max_weight[x.project] = std::max(in.max_weight[x.project], x.weight);
            in.unit_weights = in.unit_weights && x.weight == 1;
        }
    }
}

// Lottery ranks, and which supported projects MES decides (payable) or funds anyway (free).
void rank_lottery(const std::vector<idea_id>& ideas, const lottery& order, instance& in)
{
    const std::size_t m = ideas.size();
    std::vector<std::size_t> by_lottery(m);
    std::iota(by_lottery.begin(), by_lottery.end(), std::size_t{0});
    std::sort(by_lottery.begin(), by_lottery.end(),
              [&](std::size_t a, std::size_t b) { return lottery_before(order, ideas[a], ideas[b]); });
    in.lottery_rank.resize(m);
    for (std::size_t r = 0; r < m; ++r)
        in.lottery_rank[by_lottery[r]] = r;
    for (std::size_t p = 0; p < m; ++p) {
        if (in.total_weight[p] == 0)
            continue;
        (in.cost[p] > 0 ? in.payable : in.free).push_back(p);
    }
}

} // namespace

instance make_instance(std::span<const project> projects, const scored_ballot_set& ballots, const lottery& order,
                       mes_utility utility)
{
    instance in;
    in.voters = ballots.size();
    std::vector<idea_id> ideas;
    for (const auto& p : projects) {
        ideas.push_back(p.idea);
        in.cost.push_back(p.cost);
        in.scale.push_back(utility == mes_utility::cost ? p.cost : 1);
    }
    const candidate_index slot(ideas);
    const popularity popular = rank_by_support(ballots, slot, projects.size());
    flat_ballots flat = read_by_rank(ballots, slot, popular.rank);
    sort_ballots(flat, projects.size());
    const std::vector<std::uint32_t> types = merge_types(flat, in);
    list_supporters(flat, types, popular.by_support, in);
    rank_lottery(ideas, order, in);
    return in;
}

std::int64_t cost_of(const instance& in, const std::vector<std::size_t>& selected)
{
    std::int64_t total = 0;
    for (const std::size_t p : selected)
        if (__builtin_add_overflow(total, in.cost[p], &total))
            return std::numeric_limits<std::int64_t>::max();
    return total;
}

} // namespace cabildo::ballots::mes_detail
