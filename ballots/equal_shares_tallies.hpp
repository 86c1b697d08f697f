#pragma once
// Internal to the Method of Equal Shares: the supporters of a project grouped by what they paid
// for, kept across the runs of one count (unit weights only).
//
// With unit weights, two voters hold the same budget in a run exactly when they voted for the
// same projects among those funded so far: a voter's budget is x minus the payments for the
// funded projects on their ballot, in funding order, or 0 once they paid all they had. So which
// voters a run tells apart at a step depends only on the set F of projects funded before it,
// not on x, nor on the order they were funded in: a voter's group is their ballot's intersection
// with F (a "pattern"). A project's supporters tallied by pattern at F, once computed, serve
// every later run that reaches F (Warszawa 2026: 186 add1 runs of about 45 steps reach only 292
// sets), and a run evaluates a project by reading its few hundred groups instead of its thousands
// of supporters, and pays for one by updating its groups' budgets.
//
// A run keeps one budget per pattern. The groups of a tally are listed in the order their first
// supporter appears in the project's supporter list, and the patterns a run has exhausted (budget
// 0) are read as one group at the first one's place: so a run sees exactly the groups, in exactly
// the order, that tallying its own budget classes supporter by supporter would give, and its
// arithmetic is the same to the bit whatever the cache holds.
//
// A tally missing at F is derived from the same project's tally at the nearest set before F on the
// run's path (or from the empty set): each supporter's group there, split by which of the
// projects funded since they voted for, one project f at a time and touching only the supporters
// of p who also chose f (listed once per project p). Not thread-safe: one cache per thread.

#include "ballots/equal_shares_instance.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <vector>

namespace cabildo::ballots::mes_detail {

// The supporters of one project at one funded set, by pattern.
struct project_tally {
    std::vector<std::uint32_t> pattern; // by group, in order of first supporter
    std::vector<double> voters;         // by group (whole numbers: doubles, as the runs read them)
    // By supporter slot (as in instance::type): its group, in two bytes. Empty when the cache was
    // full or the tally has more than 65,536 groups: it still serves runs but derives no other.
    std::vector<std::uint16_t> group_of_slot;
    // By group, once the project is funded at this set: the pattern with the project added.
    std::vector<std::uint32_t> funded_pattern;
};

// A run's budget for the voters of one pattern and its rate of change with x (see fast_pass), by
// pattern. Kept with the cache so that runs reuse the memory: a run reads only what it wrote.
struct pattern_budget {
    double budget;
    double error;
};
struct pattern_rate {
    double slope;
    double slope_err;
};

// A group's money as a run reads it (fast_pass::evaluate_near): its budget, the budget's error
// bound and its voters.
struct group_money {
    group_money() {} // NOLINT(modernize-use-equals-default): left uninitialised, so a resize writes nothing
    group_money(double b, double e, double n) : budget(b), error(e), count(n) {}
    double budget;
    double error;
    double count;
};

class supporter_tallies {
public:
    static constexpr std::uint32_t empty_set = 0;     // node of the empty funded set
    static constexpr std::uint32_t empty_pattern = 0; // the pattern of a voter who paid for nothing

    explicit supporter_tallies(const instance& in);

    // The node of the funded set `node` plus project p.
    std::uint32_t add(std::uint32_t node, std::size_t p);

    // The supporters of p at the last node of a run's path: `nodes` from the empty set on, and
    // `funded[i]` the project funded between nodes[i] and nodes[i + 1]. The reference stays valid
    // until clear().
    const project_tally& tally(std::span<const std::uint32_t> nodes, std::span<const std::size_t> funded,
                               std::size_t p);

    // tally(...) of p at `node` with funded_pattern filled in (p is being funded there).
    const project_tally& funded(std::uint32_t node, std::size_t p);

    std::size_t patterns() const { return patterns_; }
    // At least patterns() long; the values are the last run's.
    std::vector<pattern_budget>& budgets() { return budgets_; }
    std::vector<pattern_rate>& rates() { return rates_; }
    // Room for a run's groups, kept here too: each run would otherwise take fresh memory.
    std::vector<group_money>& group_scratch() { return group_scratch_; }

    // Between runs: forget everything once the cache holds more than its share of memory (a
    // bound proportional to the instance). Only speed depends on it.
    void trim();

private:
    struct node {
        std::vector<std::unique_ptr<project_tally>> by_project;
        std::vector<std::uint32_t> next; // by project: the node with it added, or none
    };
    std::uint32_t pattern_with(std::uint32_t pattern, std::size_t p);
    std::uint32_t successor_of(std::uint32_t pattern, std::size_t p);
    std::uint32_t find_or_add_pattern(std::uint64_t hash, std::uint32_t from, std::size_t p);
    void grow_pattern_table();
    std::span<const std::uint32_t> shared_supporters(std::size_t p, std::size_t f);
    std::unique_ptr<project_tally> derive(const project_tally* before, std::span<const std::size_t> since,
                                          std::size_t p);
    const project_tally& keep(std::uint32_t at, std::size_t p, std::unique_ptr<project_tally> made);
    void clear();

    const instance& in_;
    std::size_t words_; // 64-bit words in a set of projects
    std::vector<node> nodes_;
    std::map<std::vector<std::uint64_t>, std::uint32_t> node_of_set_;
    std::vector<std::vector<std::uint64_t>> node_sets_;
    // Patterns as sets of project positions, each a record of words_ words and its hash (the XOR
    // of one random word per project: adding a project is one XOR), flat; an open-addressing
    // table of (hash, pattern id), equal hashes told apart by the sets themselves. A lookup reads
    // the record it starts from, a slot, and the record of a pattern with the same hash; the
    // successors' cache saves most of them.
    struct pattern_slot {
        std::uint64_t hash;
        std::uint32_t id; // none: free
    };
    std::vector<std::uint64_t> pattern_records_;
    std::size_t patterns_ = 0;
    std::vector<pattern_slot> pattern_table_;
    struct successor {
        std::uint32_t pattern; // none: empty
        std::uint32_t project;
        std::uint32_t with; // the pattern plus the project
    };
    static constexpr unsigned successor_bits = 15;
    std::vector<successor> successors_; // direct-mapped by a hash of (pattern, project)
    std::vector<std::uint64_t> project_hash_;
    std::vector<std::vector<std::uint32_t>> derivable_; // by project: nodes whose tally of it derives others
    std::vector<pattern_budget> budgets_;
    std::vector<pattern_rate> rates_;
    std::vector<group_money> group_scratch_;
    std::size_t stored_ = 0; // group_of_slot entries held
    std::size_t capacity_;   // ... at most, before trim() forgets
    // By project p, made when a derivation first needs it: for each project f, the supporter
    // slots of p (offsets in its list, ascending) whose voters also chose f, as
    // shared_slots_[p][shared_begin_[p][f] .. shared_begin_[p][f + 1]).
    std::vector<std::vector<std::uint32_t>> shared_begin_;
    std::vector<std::vector<std::uint32_t>> shared_slots_;
    std::size_t shared_stored_ = 0; // entries held in shared_slots_, counted against capacity_ too
    // Derivation scratch: the groups while they split.
    std::vector<std::uint32_t> groups_of_slots_; // by supporter slot: its group while they split
    std::vector<std::uint32_t> split_pattern_;   // by group
    std::vector<double> split_voters_;           // by group
    std::vector<std::uint32_t> child_;           // by group: the group its voters who chose f join
    std::vector<std::uint32_t> renumber_;        // by group: its place in order of first supporter
};

} // namespace cabildo::ballots::mes_detail
