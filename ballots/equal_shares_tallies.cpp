#include "ballots/equal_shares_tallies.hpp"

#include <algorithm>
#include <bit>
#include <limits>
#include <numeric>

namespace cabildo::ballots::mes_detail {

namespace {

constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();

} // namespace

supporter_tallies::supporter_tallies(const instance& in)
    : in_(in), words_((in.cost.size() + 63) / 64), capacity_(16 * in.type.size() + (std::size_t{1} << 20))
{
    // splitmix64 of the position: a fixed, well-mixed word per project.
    for (std::uint64_t p = 0; p < in.cost.size(); ++p) {
        std::uint64_t z = (p + 1) * 0x9E3779B97F4A7C15ULL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        project_hash_.push_back(z ^ (z >> 31));
    }
    budgets_.resize(1);
    rates_.resize(1);
    successors_.resize(std::size_t{1} << successor_bits);
    clear();
}

void supporter_tallies::clear()
{
    const std::vector<std::uint64_t> nothing(words_, 0);
    nodes_.clear();
    node_of_set_.clear();
    node_sets_.clear();
    pattern_records_.assign(words_ + 1, 0); // the empty pattern, hash 0
    successors_.assign(successors_.size(), successor{none, 0, 0});
    patterns_ = 1;
    pattern_table_.assign(64, pattern_slot{0, none});
    pattern_table_[0] = {0, empty_pattern};
    derivable_.assign(in_.cost.size(), {});
    stored_ = 0;
    shared_begin_.assign(in_.cost.size(), {});
    shared_slots_.assign(in_.cost.size(), {});
    shared_stored_ = 0;
    nodes_.push_back({std::vector<std::unique_ptr<project_tally>>(in_.cost.size()),
                      std::vector<std::uint32_t>(in_.cost.size(), none)});
    node_of_set_.emplace(nothing, empty_set);
    node_sets_.push_back(nothing);
}

void supporter_tallies::trim()
{
    if (stored_ + shared_stored_ > capacity_)
        clear();
}

std::uint32_t supporter_tallies::add(std::uint32_t at, std::size_t p)
{
    if (const std::uint32_t known = nodes_[at].next[p]; known != none)
        return known;
    std::vector<std::uint64_t> set = node_sets_[at];
    set[p / 64] |= std::uint64_t{1} << (p % 64);
    auto [it, added] = node_of_set_.emplace(set, static_cast<std::uint32_t>(nodes_.size()));
    if (added) {
        nodes_.push_back({std::vector<std::unique_ptr<project_tally>>(in_.cost.size()),
                          std::vector<std::uint32_t>(in_.cost.size(), none)});
        node_sets_.push_back(std::move(set));
    }
    nodes_[at].next[p] = it->second;
    return it->second;
}

std::uint32_t supporter_tallies::pattern_with(std::uint32_t pattern, std::size_t p)
{
    const std::uint64_t* from = &pattern_records_[pattern * (words_ + 1)];
    const std::uint64_t bit = std::uint64_t{1} << (p % 64);
    if ((from[p / 64] & bit) != 0)
        return pattern;
    return find_or_add_pattern(from[words_] ^ project_hash_[p], pattern, p);
}

// pattern_with through a direct-mapped cache of (pattern, project) -> pattern: the runs ask for
// the same ones again and again (on Warszawa 2026, 319,000 times for 36,000 different ones), and
// a cache entry is one place in memory where a lookup reads three.
std::uint32_t supporter_tallies::successor_of(std::uint32_t pattern, std::size_t p)
{
    const auto project = static_cast<std::uint32_t>(p);
    const std::uint64_t key = (std::uint64_t{pattern} << 32 | project) * 0x9E3779B97F4A7C15ULL;
    successor& s = successors_[key >> (64 - successor_bits)];
    if (s.pattern == pattern && s.project == project)
        return s.with;
    const std::uint32_t with = pattern_with(pattern, p);
    s = {pattern, project, with};
    return with;
}

// The pattern `from` plus project p, whose hash is `hash`.
std::uint32_t supporter_tallies::find_or_add_pattern(std::uint64_t hash, std::uint32_t from, std::size_t p)
{
    const std::size_t stride = words_ + 1;
    const std::size_t mask = pattern_table_.size() - 1;
    const std::size_t w = p / 64;
    const std::uint64_t bit = std::uint64_t{1} << (p % 64);
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        const pattern_slot slot = pattern_table_[i];
        if (slot.id == none) {
            const auto added = static_cast<std::uint32_t>(patterns_);
            ++patterns_;
            for (std::size_t k = 0; k < words_; ++k)
                pattern_records_.push_back(pattern_records_[from * stride + k] | (k == w ? bit : 0));
            pattern_records_.push_back(hash);
            pattern_table_[i] = {hash, added};
            if (2 * patterns_ > pattern_table_.size())
                grow_pattern_table();
            if (budgets_.size() < patterns_) {
                budgets_.resize(2 * patterns_);
                rates_.resize(2 * patterns_);
            }
            return added;
        }
        if (slot.hash != hash)
            continue;
        bool same = true;
        for (std::size_t k = 0; k < words_ && same; ++k)
            same = pattern_records_[slot.id * stride + k] == (pattern_records_[from * stride + k] | (k == w ? bit : 0));
        if (same)
            return slot.id;
    }
}

void supporter_tallies::grow_pattern_table()
{
    std::vector<pattern_slot> old(2 * pattern_table_.size(), pattern_slot{0, none});
    old.swap(pattern_table_);
    const std::size_t mask = pattern_table_.size() - 1;
    for (const pattern_slot& slot : old) {
        if (slot.id == none)
            continue;
        std::size_t i = slot.hash & mask;
        while (pattern_table_[i].id != none)
            i = (i + 1) & mask;
        pattern_table_[i] = slot;
    }
}

const project_tally& supporter_tallies::tally(std::span<const std::uint32_t> nodes, std::span<const std::size_t> funded,
                                              std::size_t p)
{
    const std::size_t last = nodes.size() - 1;
    if (const auto& known = nodes_[nodes[last]].by_project[p])
        return *known;
    // The nearest node before on the path whose tally of p can derive others; the empty set's
    // groups (every supporter in one) need none.
    std::size_t from = last;
    const project_tally* before = nullptr;
    while (from > 0) {
        --from;
        const auto& t = nodes_[nodes[from]].by_project[p];
        if (t && !t->group_of_slot.empty()) {
            before = t.get();
            break;
        }
    }
    // A set from another run's path may be nearer: any set inside this one where p was tallied.
    const std::uint32_t at = nodes[last];
    std::size_t nearest = last - from;
    std::uint32_t other = none;
    for (const std::uint32_t g : derivable_[p]) {
        std::size_t missing = 0;
        bool inside = true;
        for (std::size_t w = 0; w < words_ && inside; ++w) {
            inside = (node_sets_[g][w] & ~node_sets_[at][w]) == 0;
            missing += static_cast<std::size_t>(std::popcount(node_sets_[at][w] & ~node_sets_[g][w]));
        }
        if (inside && missing < nearest) {
            nearest = missing;
            other = g;
        }
    }
    if (other != none) {
        std::vector<std::size_t> since;
        for (std::size_t w = 0; w < words_; ++w)
            for (std::uint64_t bits = node_sets_[at][w] & ~node_sets_[other][w]; bits != 0; bits &= bits - 1)
                since.push_back(64 * w + static_cast<std::size_t>(std::countr_zero(bits)));
        return keep(at, p, derive(nodes_[other].by_project[p].get(), since, p));
    }
    return keep(at, p, derive(before, funded.subspan(from, last - from), p));
}

const project_tally& supporter_tallies::keep(std::uint32_t at, std::size_t p, std::unique_ptr<project_tally> made)
{
    auto& slot = nodes_[at].by_project[p];
    slot = std::move(made);
    stored_ += slot->group_of_slot.size() + 2 * slot->pattern.size();
    if (stored_ > capacity_) { // full: it serves runs but derives no other
        stored_ -= slot->group_of_slot.size();
        slot->group_of_slot = {};
    } else if (!slot->group_of_slot.empty()) {
        derivable_[p].push_back(at);
    }
    return *slot;
}

const project_tally& supporter_tallies::funded(std::uint32_t at, std::size_t p)
{
    project_tally& t = *nodes_[at].by_project[p];
    if (t.funded_pattern.empty()) {
        t.funded_pattern.resize(t.pattern.size());
        for (std::size_t g = 0; g < t.pattern.size(); ++g)
            t.funded_pattern[g] = successor_of(t.pattern[g], p);
    }
    return t;
}

// The supporter slots of p (offsets in its list, ascending) whose voters also chose f. Made for
// every f at once, from the ballots of p's supporters.
std::span<const std::uint32_t> supporter_tallies::shared_supporters(std::size_t p, std::size_t f)
{
    std::vector<std::uint32_t>& begin = shared_begin_[p];
    std::vector<std::uint32_t>& slots = shared_slots_[p];
    if (begin.empty()) {
        const std::size_t m = in_.cost.size();
        const std::size_t lo = in_.begin[p];
        const std::size_t hi = in_.begin[p + 1];
        begin.assign(m + 1, 0);
        for (std::size_t k = lo; k < hi; ++k) {
            const std::uint32_t t = in_.type[k];
            for (std::size_t j = in_.ballot_begin[t]; j < in_.ballot_begin[t + 1]; ++j)
                ++begin[in_.ballot[j] + 1];
        }
        begin[p + 1] = 0; // every supporter chose p: never asked for, no list kept
        std::partial_sum(begin.begin(), begin.end(), begin.begin());
        slots.resize(begin[m]);
        std::vector<std::uint32_t> fill(begin.begin(), begin.end() - 1);
        for (std::size_t k = lo; k < hi; ++k) {
            const std::uint32_t t = in_.type[k];
            for (std::size_t j = in_.ballot_begin[t]; j < in_.ballot_begin[t + 1]; ++j)
                if (in_.ballot[j] != p)
                    slots[fill[in_.ballot[j]]++] = static_cast<std::uint32_t>(k - lo);
        }
        shared_stored_ += slots.size() + m;
    }
    return std::span<const std::uint32_t>(slots).subspan(begin[f], begin[f + 1] - begin[f]);
}

// The tally of p at the set `before` was taken at plus the projects `since`: each supporter's
// group there, split by which of `since` they voted for, one project at a time (the supporters
// of p who chose f join a group of their own, pattern plus f), touching only the supporters
// shared with f. Groups are then numbered in order of their first supporter, as a tally lists
// them (empty ones vanish).
std::unique_ptr<project_tally> supporter_tallies::derive(const project_tally* before,
                                                         std::span<const std::size_t> since, std::size_t p)
{
    const std::size_t lo = in_.begin[p];
    const std::size_t n = in_.begin[p + 1] - lo;
    auto out = std::make_unique<project_tally>();
    std::vector<std::uint32_t>& group = groups_of_slots_;
    if (before != nullptr) {
        group.assign(before->group_of_slot.begin(), before->group_of_slot.end());
        split_pattern_ = before->pattern;
        split_voters_ = before->voters;
    } else {
        group.assign(n, 0);
        double all = 0;
        for (std::size_t k = lo; k < lo + n; ++k)
            all += in_.slot_multiplicity[k];
        split_pattern_.assign(1, empty_pattern);
        split_voters_.assign(1, all);
    }
    for (const std::size_t f : since) {
        child_.assign(split_pattern_.size(), none);
        for (const std::uint32_t s : shared_supporters(p, f)) {
            const std::uint32_t g = group[s];
            std::uint32_t c = child_[g];
            if (c == none) {
                c = child_[g] = static_cast<std::uint32_t>(split_pattern_.size());
                const std::uint32_t pattern = successor_of(split_pattern_[g], f);
                split_pattern_.push_back(pattern);
                split_voters_.push_back(0);
            }
            group[s] = c;
            const double m = in_.slot_multiplicity[lo + s];
            split_voters_[g] -= m;
            split_voters_[c] += m;
        }
    }
    renumber_.assign(split_pattern_.size(), none);
    for (std::uint32_t& g : group) {
        std::uint32_t r = renumber_[g];
        if (r == none) {
            r = renumber_[g] = static_cast<std::uint32_t>(out->pattern.size());
            out->pattern.push_back(split_pattern_[g]);
            out->voters.push_back(split_voters_[g]);
        }
        g = r;
    }
    if (out->pattern.size() <= std::size_t{std::numeric_limits<std::uint16_t>::max()} + 1)
        out->group_of_slot.assign(group.begin(), group.end());
    return out;
}

} // namespace cabildo::ballots::mes_detail
