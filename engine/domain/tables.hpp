#pragma once
// In-person voting (issue 22): a challenge's tables (mesas receptoras), what a check-in does to a
// person's online ballot, the marks officers enter for the paper ballots taken out of a box, and
// the totals of a table's act (acta de escrutinio y cómputo). Pure: storage, signatures and the
// board are the use cases' (use_cases/tables.hpp).

#include "engine/domain/ballot_rules.hpp"
#include "engine/domain/clock.hpp"
#include "engine/domain/names.hpp"
#include "engine/domain/result.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cabildo::engine {

// What a check-in does to a person's earlier online ballot. `paper_replaces_online`: the paper
// ballot counts and the online one is set aside (in-person voting is the defence against a coerced
// online vote). `first_counts`: a person who voted online is refused at the table. A blind
// challenge cannot tell which online ballot is a person's, so it only has `first_counts`, where
// having obtained a token counts as having taken part.
enum class in_person_policy { paper_replaces_online, first_counts };
inline constexpr std::array<std::pair<in_person_policy, std::string_view>, 2> in_person_policy_names{{
    {in_person_policy::paper_replaces_online, "paper_replaces_online"},
    {in_person_policy::first_counts, "first_counts"},
}};
inline std::string_view name_of(in_person_policy p) { return name_in<in_person_policy>(in_person_policy_names, p); }

// Why a paper ballot is null (nulo): the fixed list an officer chooses from.
enum class null_reason { too_many_choices, breaks_rules, illegible, identifies_voter, not_official };
inline constexpr std::array<std::pair<null_reason, std::string_view>, 5> null_reason_names{{
    {null_reason::too_many_choices, "too_many_choices"}, // more choices than the ballot allows
    {null_reason::breaks_rules, "breaks_rules"},         // another of the kind's rules (ranks, points, budget)
    {null_reason::illegible, "illegible"},
    {null_reason::identifies_voter, "identifies_voter"}, // marked so the voter could be identified
    {null_reason::not_official, "not_official"},         // not an official ballot of this table
}};
inline std::string_view name_of(null_reason r) { return name_in<null_reason>(null_reason_names, r); }

// How one paper ballot reads: valid with its content, blank, or null with its reason.
enum class mark_kind { valid, blank, null };
struct paper_mark {
    mark_kind kind = mark_kind::blank;
    ballot_content content;                      // valid only
    null_reason reason = null_reason::illegible; // null only
    bool operator==(const paper_mark& o) const
    {
        return kind == o.kind &&
               (kind != mark_kind::valid || (content.ideas == o.content.ideas && content.points == o.content.points)) &&
               (kind != mark_kind::null || reason == o.reason);
    }
};
// Stored form: "v:" and the ballot's encode_ballot, "blank", or "null:" and the reason's name.
std::string encode_mark(const paper_mark& m);
std::optional<paper_mark> decode_mark(std::string_view text);

struct observer {
    std::string name;
    std::string organisation;
};

// A table: where and when people vote in person, and its running figures.
struct polling_table {
    std::int64_t id = 0;
    std::int64_t challenge_id = 0;
    std::string name;
    std::string address;
    std::optional<std::string> district;
    time_point opens;
    time_point closes;
    std::vector<observer> observers;
    std::int64_t checked_in = 0; // check-ins at this table
    std::int64_t set_aside = 0;  // online ballots its check-ins set aside
    std::int64_t refused = 0;    // people refused as having voted already
    std::int64_t duplicates = 0; // people entered from the paper roll who had voted already
    std::int64_t edition = 1;    // of its act: one more for each correction opened
    std::string correction;      // why the current edition corrects the last (empty for the first)
    time_point created_at;
};

// Whether a check-in at `now` falls in the table's hours: nullopt, or the refusal naming the bound.
std::optional<failure> check_in_hours(const polling_table& t, time_point now);
// The table's fields as an organiser gives them (the challenge's voting window and announcement
// bound them): each refusal names `prefix` + the field.
std::optional<failure> check_table(const polling_table& t, time_point voting_opens, time_point announcement,
                                   std::string_view prefix);

// An act's figures: ballots found in the box by their reading, and votes per idea (ballots naming
// the idea for choices, points summed for points ballots, first preferences for rankings).
struct act_totals {
    std::int64_t checked_in = 0;
    std::int64_t ballots_in_box = 0;
    std::int64_t valid = 0;
    std::int64_t blank = 0;
    std::map<null_reason, std::int64_t> nulls;
    std::map<idea_id, std::int64_t> votes;
    std::int64_t null_total() const;
};
act_totals total_of(std::span<const paper_mark> ballots, ballot_kind kind);
// Adds one valid ballot's votes per idea, as an act counts them.
void add_votes(std::map<idea_id, std::int64_t>& votes, const ballot_content& content, ballot_kind kind);

} // namespace cabildo::engine
