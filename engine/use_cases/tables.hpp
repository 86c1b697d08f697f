#pragma once
// In-person tables (service_tables.cpp; issue 22): the tables an organiser sets up, their officers'
// keys, check-ins (one person, one voice across the channels), the paper ballots entered twice by
// two officers, the act each table's officers sign, its corrections, and the reconciliation.
// Every closed act, paper ballot, check-in (by count, never by person), table and officer key is an
// entry on the challenge's board.

#include "engine/domain/tables.hpp"
#include "engine/publication/table_documents.hpp"
#include "engine/storage/repositories/tables.hpp"
#include "engine/use_cases/admin.hpp"
#include "engine/use_cases/runner.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cabildo::engine {

// Where one ballot of the box stands: entered by one officer, agreed by two (or more), or entered
// differently (the officers resolve it by entering it again; the server never picks).
enum class entry_state { single, agreed, mismatch };
inline constexpr std::array<std::pair<entry_state, std::string_view>, 3> entry_state_names{{
    {entry_state::single, "single"},
    {entry_state::agreed, "agreed"},
    {entry_state::mismatch, "mismatch"},
}};
inline std::string_view name_of(entry_state s) { return name_in<entry_state>(entry_state_names, s); }

struct position_view {
    std::int64_t position = 0;
    entry_state state = entry_state::single;
    std::optional<paper_mark> mine; // the calling officer's entry
    std::size_t entries = 0;
    std::vector<paper_mark> others; // the other officers' entries, shown only when they disagree
};

// What the table's officers see of the box they are entering.
struct table_entries {
    std::int64_t edition = 1;
    bool closed = false; // this edition's act is closed
    ballot_rules rules;
    std::vector<position_view> positions;
};

struct entry_outcome {
    std::int64_t position = 0;
    entry_state state = entry_state::single;
    std::int64_t edition = 1;
};

struct check_in_request {
    std::string ref;
    // Entered afterwards from the paper roll a table kept while its network was down: accepted after
    // the table's hours, never refused; a person who had voted already is counted as a duplicate.
    bool from_roll = false;
};

// "may vote here", or not (has voted already: where and how is never said); duplicates only from the roll.
struct check_in_outcome {
    bool may_vote = true;
    bool duplicate = false;
    std::int64_t checked_in = 0; // the table's count now
};

struct act_request {
    std::int64_t ballots_in_box = 0;
    std::string photo_sha256; // of the photograph or scan of the paper act, 64 hex digits
};

// A table with its live officers and the act that counts (the latest closed one).
struct table_view {
    polling_table table;
    std::vector<access_key> officers;
    std::optional<stored_act> counted;
};

// An act as its table's officers and the public read it.
struct act_view {
    challenge_ref challenge;
    stored_act act;
};

class table_use_cases {
public:
    explicit table_use_cases(use_case_runner& runner);

    // Creates every table, or none (with `rows`, as from a CSV, a refusal names "rows[N]." and the
    // field of the Nth, from 1). Organisers'.
    void create_tables(const caller& who, challenge_ref which, std::vector<polling_table> tables, bool rows,
                       callback<std::vector<table_view>> cb);
    void list_tables(challenge_ref which, callback<std::vector<table_view>> cb);
    // Every table's figures and act that counts; `announced` says whether the results are out.
    struct reconciliation_view {
        std::vector<table_report> tables;
        bool announced = false;
    };
    void reconciliation(challenge_ref which, callback<reconciliation_view> cb);
    void get_table(challenge_ref which, std::int64_t table, callback<table_view> cb);
    // The request admin_use_cases::create_key makes an officer's key of `table` with.
    key_request officer_key(challenge_ref which, std::int64_t table, std::string label);

    // The table's officers' (their key scoped to it).
    void check_in(const caller& who, challenge_ref which, std::int64_t table, check_in_request req,
                  callback<check_in_outcome> cb);
    // `field` is the body's ballot field, checked against the challenge's kind.
    void enter_ballot(const caller& who, challenge_ref which, std::int64_t table, std::int64_t position,
                      paper_mark mark, std::string field, callback<entry_outcome> cb);
    void entries(const caller& who, challenge_ref which, std::int64_t table, callback<table_entries> cb);
    void draft_act(const caller& who, challenge_ref which, std::int64_t table, act_request req, callback<act_view> cb);
    // The table's latest act, draft or closed: its officers' and the organisers'.
    void current_act(const caller& who, challenge_ref which, std::int64_t table, callback<act_view> cb);
    // `signature` raw (64 bytes): Ed25519 by the calling officer over the act's message.
    void sign_act(const caller& who, challenge_ref which, std::int64_t table, std::string signature,
                  callback<act_view> cb);
    // A new edition of the table's act, starting from the closed one's entries; its act, once
    // closed, supersedes the earlier one (both kept).
    void open_correction(const caller& who, challenge_ref which, std::int64_t table, std::string reason,
                         callback<std::int64_t> cb);
    // Every closed act of a table: public once voting has closed (before, their votes would be a
    // partial count).
    void closed_acts(challenge_ref which, std::int64_t table, callback<std::vector<act_view>> cb);

private:
    use_case_runner& runner_;
    const engine::clock& clock_;
};

} // namespace cabildo::engine
