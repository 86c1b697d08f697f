#pragma once
// In-person tables (issue 22): the tables, the people checked in (only their reference's HMAC), the
// officers' entries of the paper ballots, the acts and the paper ballots each closed act holds.
// One of the area repositories storage/repository.hpp gathers; a backend implements each.

#include "engine/domain/model.hpp"
#include "engine/domain/tables.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cabildo::engine {

// One officer's entry of the ballot at `position` of an edition of the table's act.
struct paper_entry {
    std::int64_t position = 0;
    std::int64_t officer_id = 0;
    std::string mark; // encode_mark's form
};

// An act as stored: `message` is the canonical JSON its officers sign (publication/tables.hpp),
// `signers` the officers who must sign it, `signatures` [{officer, signature}] as JSON.
struct stored_act {
    std::int64_t id = 0;
    std::int64_t table_id = 0;
    std::int64_t challenge_id = 0;
    std::int64_t edition = 0;
    std::string message;
    std::string signers;    // JSON array of officer ids
    std::string signatures; // JSON array of {"officer", "signature"}
    time_point created_at;
    std::optional<time_point> closed_at;
    std::optional<std::uint64_t> leaf; // its entry on the board, once closed
};

class tables_repository {
public:
    virtual ~tables_repository() = default;

    virtual void insert_table(polling_table& t) = 0; // sets t.id
    virtual std::vector<polling_table> list_tables(std::int64_t challenge_id) = 0;
    virtual std::optional<polling_table> find_table(std::int64_t challenge_id, std::int64_t id) = 0;
    virtual std::size_t count_tables(std::int64_t challenge_id) = 0;
    // When the challenge's last table closes; nullopt without tables.
    virtual std::optional<time_point> last_table_close(std::int64_t challenge_id) = 0;
    // A correction opened: the table's act is at `edition` now, for this reason.
    virtual void set_table_edition(std::int64_t table_id, std::int64_t edition, std::string_view correction) = 0;
    // Adds to the table's running figures.
    struct table_counts {
        std::int64_t checked_in = 0, set_aside = 0, refused = 0, duplicates = 0;
    };
    virtual void add_to_table(std::int64_t table_id, const table_counts& add) = 0;
    // The live officer keys of a table, or of every table of a challenge.
    virtual std::vector<access_key> table_officers(std::int64_t challenge_id, std::optional<std::int64_t> table_id) = 0;

    // Whether a person (by their reference's HMAC) checked in at any table of the challenge.
    virtual bool checked_in(std::int64_t challenge_id, std::string_view ref_hmac) = 0;
    virtual void insert_check_in(std::int64_t challenge_id, std::string_view ref_hmac) = 0;

    // Sets the officer's entry at a position (replacing theirs); the entries of an edition, by
    // position then officer.
    virtual void put_entry(std::int64_t table_id, std::int64_t edition, const paper_entry& e, time_point at) = 0;
    virtual std::vector<paper_entry> entries(std::int64_t table_id, std::int64_t edition) = 0;
    virtual std::vector<paper_entry> entries_at(std::int64_t table_id, std::int64_t edition, std::int64_t position) = 0;

    virtual void insert_act(stored_act& a) = 0; // sets a.id
    // The table's latest act (a draft or closed), its latest closed one, and every closed one.
    virtual std::optional<stored_act> latest_act(std::int64_t table_id) = 0;
    virtual std::optional<stored_act> counted_act(std::int64_t table_id) = 0;
    virtual std::vector<stored_act> closed_acts(std::int64_t challenge_id, std::optional<std::int64_t> table_id) = 0;
    virtual void delete_act(std::int64_t act_id) = 0; // a draft, never a closed act
    virtual void set_act_signatures(std::int64_t act_id, std::string_view signatures) = 0;
    virtual void close_act(std::int64_t act_id, time_point at, std::optional<std::uint64_t> leaf) = 0;
    virtual void insert_paper_ballot(std::int64_t challenge_id, std::int64_t table_id, std::int64_t act_id,
                                     std::int64_t position, std::string_view mark,
                                     std::optional<std::uint64_t> leaf) = 0;
    // Tokens a check-in revoked: on the board only at the tally, all at once, so that no board entry
    // beside a check-in names the token of the person checked in (revoked in the tokens at once).
    virtual void defer_revocation(std::int64_t challenge_id, std::string_view jti) = 0;
    virtual std::vector<std::string> take_deferred_revocations(std::int64_t challenge_id) = 0; // and forgets them
    // The paper ballots that count: those of each table's latest closed act, by table and position.
    virtual void for_each_counted_paper_ballot(std::int64_t challenge_id,
                                               const std::function<void(std::int64_t table_id, std::string_view mark,
                                                                        std::optional<std::uint64_t> leaf)>& f) = 0;
};

} // namespace cabildo::engine
