#pragma once
// Reads participatory budgeting elections in the pabulib format (https://pabulib.org/format):
// three sections META, PROJECTS, VOTES, each a `;`-separated table with a header line; lists
// inside a field are comma-separated; fields may be quoted with `"`. Project ids are strings in
// the file; internally project i (0-based, file order) is idea i + 1, and `projects[i].id` maps
// it back. Money may have decimals: costs and the budget are scaled by one power of ten so all
// arithmetic stays in exact integers.
//
// A malformed or inconsistent file yields a parse_error naming its line: a missing or misplaced
// section, a row whose field count differs from its header, a bad number, a vote for an unknown
// project, a project ranked or given points twice in one ordinal, cumulative or scoring vote,
// points that do not match the vote, META counts that disagree with the sections, an unknown
// vote_type. A project named twice in an approval (or choose-1) vote is one approval: real files
// hold such votes; the file records how many, so a reader can say so.

#include "ballots/budget.hpp"
#include "ballots/parse_result.hpp"
#include "ballots/ranking_set.hpp"
#include "ballots/scored_ballot_set.hpp"

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cabildo::ballots {

struct pabulib_project {
    std::string id;        // as the file writes it
    std::int64_t cost = 0; // in money units: the file's value times 10^money_decimals
    std::string name;
    int selected = -1; // the file's `selected` column, -1 when the file has none
    std::size_t line = 0;
};

struct pabulib_file {
    std::vector<std::pair<std::string, std::string>> meta; // in file order
    std::string vote_type;                                 // approval, cumulative, scoring, ordinal or choose-1
    std::string rule;                                      // META rule, empty when absent
    std::int64_t budget = 0;                               // money units
    int money_decimals = 0;                      // costs and budget are the file's values times 10^money_decimals
    std::optional<std::int64_t> score_threshold; // META min_project_score_threshold
    std::vector<pabulib_project> projects;       // project i is idea i + 1
    // One ballot per VOTES row, ideas in the order the vote lists them. Weights: 1 for approval
    // and choose-1, the points for cumulative and scoring, and for ordinal ballots pabulib's
    // score L - position (L the ballot's length, positions from 0).
    scored_ballot_set votes;
    // Approval and choose-1 votes that named a project more than once (counted once each).
    std::size_t repeated_votes = 0;
    std::size_t first_repeated_vote_line = 0; // 0 when there is none

    const std::string* find_meta(std::string_view key) const;
    std::vector<project> budget_projects() const; // {i + 1, cost} for every project
    std::vector<idea_id> ideas() const;           // 1..projects.size()
    ranking_set rankings() const;                 // the votes as strict rankings (ordinal files)
    lottery file_order() const;                   // the lottery "file order": idea i + 1 at place i
};

parse_result<pabulib_file> parse_pabulib(std::string_view text);
parse_result<pabulib_file> parse_pabulib(std::istream& in);

} // namespace cabildo::ballots
