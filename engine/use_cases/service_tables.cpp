// In-person tables: set-up, officers' keys, check-ins, double entry of the paper ballots, the act,
// its corrections.

#include "engine/use_cases/tables.hpp"

#include "engine/domain/rfc3339.hpp"
#include "engine/domain/validation.hpp"
#include "engine/publication/board.hpp"
#include "engine/publication/canonical_json.hpp"
#include "engine/use_cases/service_detail.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace cabildo::engine {

using namespace detail;
using json = nlohmann::json;

namespace {

result<polling_table> load_table(repository& repo, const challenge& ch, std::int64_t id)
{
    auto t = repo.find_table(ch.id, id);
    if (!t)
        return fail(errc::not_found, "", "no table " + std::to_string(id) + " in this challenge");
    return std::move(*t);
}

// The challenge and table, if `who` is an officer of that table (an officer of another table, or
// of another challenge, is told so by the field "table").
struct officer_scope {
    challenge ch;
    polling_table table;
};
result<officer_scope> load_as_officer(repository& repo, const caller& who, const challenge_ref& which,
                                      std::int64_t table)
{
    if (who.kind != role::officer)
        return fail(who.kind == role::anonymous ? errc::unauthorized : errc::forbidden, "",
                    "send the table officer's key as Authorization: Bearer <key>");
    auto ch = load_challenge(repo, which);
    if (!ch)
        return ch.error();
    if (who.challenge_id != ch->id || who.table_id != table)
        return fail(errc::forbidden, "table", "this officer's key is for another table");
    auto t = load_table(repo, *ch, table);
    if (!t)
        return t.error();
    return officer_scope{std::move(*ch), std::move(*t)};
}

// Ballots are entered once the box is opened, when the table has closed, and until results are out.
std::optional<failure> entry_window(const challenge& ch, const polling_table& t, time_point now)
{
    if (now < t.closes)
        return fail(errc::phase_not_open, "closes",
                    "ballots are entered once the table closes at " + format_rfc3339(t.closes));
    if (ch.announced_at)
        return fail(errc::phase_closed, "", "the results are published: the tables' acts are final");
    return std::nullopt;
}

// An officer's table while its box is entered (entry_window), with its latest act and whether
// that act closes the current edition.
struct box_scope {
    challenge ch;
    polling_table table;
    std::optional<stored_act> latest;
    bool closed = false;
};
result<box_scope> load_box(repository& repo, const caller& who, const challenge_ref& which, std::int64_t table,
                           time_point now)
{
    auto scope = load_as_officer(repo, who, which, table);
    if (!scope)
        return scope.error();
    if (auto f = entry_window(scope->ch, scope->table, now))
        return *f;
    box_scope out{std::move(scope->ch), std::move(scope->table), repo.latest_act(table), false};
    out.closed = out.latest && out.latest->edition == out.table.edition && out.latest->closed_at;
    return out;
}

struct position_marks {
    std::vector<std::pair<std::int64_t, paper_mark>> by_officer;
    entry_state state() const
    {
        if (by_officer.size() < 2)
            return entry_state::single;
        for (const auto& [officer, mark] : by_officer)
            if (!(mark == by_officer.front().second))
                return entry_state::mismatch;
        return entry_state::agreed;
    }
};

std::map<std::int64_t, position_marks> by_position(const std::vector<paper_entry>& entries)
{
    std::map<std::int64_t, position_marks> out;
    for (const auto& e : entries)
        if (auto m = decode_mark(e.mark))
            out[e.position].by_officer.emplace_back(e.officer_id, std::move(*m));
    return out;
}

// The entries of the table's live officers: a revoked officer's entries no longer count (a lost
// phone must not leave positions agreed by nobody who can sign, nor an act waiting for them).
std::vector<paper_entry> live_only(repository& repo, const challenge& ch, const polling_table& t,
                                   std::vector<paper_entry> entries)
{
    std::set<std::int64_t> live;
    for (const auto& k : repo.table_officers(ch.id, t.id))
        live.insert(k.id);
    std::erase_if(entries, [&](const paper_entry& e) { return !live.contains(e.officer_id); });
    return entries;
}

// The act of an edition: whether it is the latest act and closed.
bool edition_closed(repository& repo, const polling_table& t)
{
    const auto latest = repo.latest_act(t.id);
    return latest && latest->edition == t.edition && latest->closed_at;
}

std::string joined(const std::vector<std::int64_t>& ns, std::size_t max = 20)
{
    std::string out;
    for (std::size_t i = 0; i < ns.size() && i < max; ++i)
        out += (i ? ", " : "") + std::to_string(ns[i]);
    if (ns.size() > max)
        out += " and " + std::to_string(ns.size() - max) + " more";
    return out;
}

void in_id_order(ballot_content& c)
{
    std::vector<std::pair<idea_id, std::int64_t>> pairs;
    for (std::size_t i = 0; i < c.ideas.size(); ++i)
        pairs.emplace_back(c.ideas[i], i < c.points.size() ? c.points[i] : 0);
    std::sort(pairs.begin(), pairs.end());
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        c.ideas[i] = pairs[i].first;
        if (i < c.points.size())
            c.points[i] = pairs[i].second;
    }
}

bool is_hex_digest(std::string_view s)
{
    return s.size() == 64 &&
           std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::vector<std::int64_t> ids_in(const std::string& json_array)
{
    return json::parse(json_array).get<std::vector<std::int64_t>>();
}

} // namespace

table_use_cases::table_use_cases(use_case_runner& runner) : runner_(runner), clock_(runner.clock()) {}

void table_use_cases::create_tables(const caller& who, challenge_ref which, std::vector<polling_table> tables,
                                    bool rows, callback<std::vector<table_view>> cb)
{
    if (auto f = refused(who, permission::organise))
        return cb(*f);
    if (tables.empty())
        return cb(fail(errc::invalid_field, "rows", "send at least one table"));
    runner_.write<std::vector<table_view>>(
        [this, who, which = std::move(which), tables = std::move(tables),
         rows](repository& repo) mutable -> result<std::vector<table_view>> {
            auto ch = load_challenge_as_organiser(repo, who, which);
            if (!ch)
                return ch.error();
            if (ch->announced_at)
                return fail(errc::phase_closed, "", "the results are published: no table can be added");
            if (repo.count_tables(ch->id) + tables.size() > max_tables)
                return fail(errc::limit_reached, "rows",
                            "a challenge has at most " + std::to_string(max_tables) + " tables");
            const auto now = clock_.now();
            std::vector<table_view> out;
            for (std::size_t i = 0; i < tables.size(); ++i) {
                auto& t = tables[i];
                const auto prefix = rows ? "rows[" + std::to_string(i + 1) + "]." : std::string();
                if (auto f = check_table(t, ch->timeline.voting.opens, ch->timeline.announcement, prefix))
                    return *f;
                t.challenge_id = ch->id;
                t.created_at = now;
                repo.insert_table(t);
                runner_.board().append(repo, *ch, board_entry_type::table, table_body(t), now);
                audit(repo, now, who, ch->municipality_id, ch->id, "table.create", {{"table", t.id}, {"name", t.name}});
                out.push_back({t, {}, std::nullopt});
            }
            return out;
        },
        std::move(cb));
}

void table_use_cases::list_tables(challenge_ref which, callback<std::vector<table_view>> cb)
{
    runner_.read<std::vector<table_view>>(
        [which = std::move(which)](repository& repo) -> result<std::vector<table_view>> {
            auto ch = load_challenge(repo, which);
            if (!ch)
                return ch.error();
            std::map<std::int64_t, std::vector<access_key>> officers;
            for (auto& k : repo.table_officers(ch->id, std::nullopt))
                if (k.table_id)
                    officers[*k.table_id].push_back(std::move(k));
            std::vector<table_view> out;
            for (auto& t : repo.list_tables(ch->id)) {
                auto counted = repo.counted_act(t.id);
                const auto id = t.id;
                out.push_back({std::move(t), std::move(officers[id]), std::move(counted)});
            }
            return out;
        },
        std::move(cb));
}

void table_use_cases::reconciliation(challenge_ref which, callback<reconciliation_view> cb)
{
    runner_.read<reconciliation_view>(
        [which = std::move(which)](repository& repo) -> result<reconciliation_view> {
            auto ch = load_challenge(repo, which);
            if (!ch)
                return ch.error();
            reconciliation_view out;
            out.announced = ch->announced_at.has_value();
            for (auto& t : repo.list_tables(ch->id)) {
                auto counted = repo.counted_act(t.id);
                out.tables.push_back({std::move(t), std::move(counted)});
            }
            return out;
        },
        std::move(cb));
}

void table_use_cases::get_table(challenge_ref which, std::int64_t table, callback<table_view> cb)
{
    runner_.read<table_view>(
        [which = std::move(which), table](repository& repo) -> result<table_view> {
            auto ch = load_challenge(repo, which);
            if (!ch)
                return ch.error();
            auto t = load_table(repo, *ch, table);
            if (!t)
                return t.error();
            return table_view{std::move(*t), repo.table_officers(ch->id, table), repo.counted_act(table)};
        },
        std::move(cb));
}

key_request table_use_cases::officer_key(challenge_ref which, std::int64_t table, std::string label)
{
    key_request req;
    req.role = role::officer;
    req.label = std::move(label);
    auto ch = std::make_shared<challenge>();
    req.scope = [which, table, ch](repository& repo, access_key& k) -> std::optional<failure> {
        auto found = repo.find_challenge(k.municipality_id, which.challenge);
        if (!found || found->municipality_slug != which.municipality)
            return fail(errc::not_found, "", "no challenge " + which.challenge + " in " + which.municipality);
        auto t = load_table(repo, *found, table);
        if (!t)
            return t.error();
        if (found->announced_at)
            return fail(errc::phase_closed, "", "the results are published: the tables are closed");
        k.challenge_id = found->id;
        k.table_id = table;
        *ch = std::move(*found);
        return std::nullopt;
    };
    req.stored = [this, table, ch](repository& repo, const access_key& k) {
        runner_.board().append(repo, *ch, board_entry_type::officer, officer_body(table, k.id, k.signing_key),
                               k.created_at);
    };
    return req;
}

void table_use_cases::check_in(const caller& who, challenge_ref which, std::int64_t table, check_in_request req,
                               callback<check_in_outcome> cb)
{
    auto canonical = checked_reference(req.ref, "ref");
    if (!canonical)
        return cb(canonical.error());
    runner_.write<check_in_outcome>(
        [this, who, which = std::move(which), table, from_roll = req.from_roll, as_sent = std::move(req.ref),
         canonical = std::move(*canonical)](repository& repo) -> result<check_in_outcome> {
            auto scope = load_as_officer(repo, who, which, table);
            if (!scope)
                return scope.error();
            auto& ch = scope->ch;
            auto& t = scope->table;
            const auto now = clock_.now();
            if (ch.announced_at)
                return fail(errc::phase_closed, "", "the results are published: no one checks in any more");
            if (from_roll) {
                // The paper roll of a table whose network was down: entered after it opened, until
                // its first act closes (a correction reopens the ballots, never the roll).
                if (now < t.opens)
                    return fail(errc::phase_not_open, "opens", "the table opens at " + format_rfc3339(t.opens));
                if (repo.counted_act(t.id))
                    return fail(errc::act_closed, "from_roll", "the table's act is closed: its roll is final");
            } else if (auto f = check_in_hours(t, now)) {
                return *f;
            }
            const auto hmac = runner_.reference_hmac(ch.id, canonical);
            // Voted already: at a table; or, under first_counts, online (in a blind challenge,
            // having had a token signed is all the server can know).
            bool voted = repo.checked_in(ch.id, hmac);
            std::optional<issued_token> live;
            bool voted_online = false;
            if (!voted) {
                if (ch.anonymity == anonymity::blind) {
                    voted = repo.blind_issuance(ch.id, hmac).has_value();
                } else {
                    live = live_token_by_reference(repo, runner_, ch.id, canonical, as_sent);
                    voted_online = live && repo.ballots_cast(ch.id, live->jti) > 0;
                    voted = voted_online && ch.in_person_policy == in_person_policy::first_counts;
                }
            }
            if (voted) {
                // Written, not refused: a refusal would roll the count back.
                if (from_roll) {
                    repo.add_to_table(t.id, {.duplicates = 1});
                    return check_in_outcome{true, true, t.checked_in};
                }
                repo.add_to_table(t.id, {.refused = 1});
                return check_in_outcome{false, false, t.checked_in};
            }
            // From now on the person's online token is void: their voice is the paper ballot. Its
            // revocation goes on the board with the tally, not beside this check-in: there it would
            // tell an officer which token (and, once the board is public, which ballot) is theirs.
            // Dated at the opening of voting, not now: the time on the token's row (beside its
            // reference's HMAC) would match this check-in's entry on the board, and so its table.
            if (live) {
                repo.revoke_token(ch.id, live->jti, ch.timeline.voting.opens);
                repo.defer_revocation(ch.id, live->jti);
            }
            // A draft act counted the check-ins before this one: its officers sign it again.
            if (const auto latest = repo.latest_act(t.id); latest && !latest->closed_at)
                repo.delete_act(latest->id);
            repo.insert_check_in(ch.id, hmac);
            repo.add_to_table(t.id, {.checked_in = 1, .set_aside = voted_online ? 1 : 0});
            runner_.board().append(repo, ch, board_entry_type::check_in, check_in_body(t.id, t.checked_in + 1), now);
            return check_in_outcome{true, false, t.checked_in + 1};
        },
        std::move(cb));
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): a table and a position in its box, as the path names them
void table_use_cases::enter_ballot(const caller& who, challenge_ref which, std::int64_t table, std::int64_t position,
                                   paper_mark mark, std::string field, callback<entry_outcome> cb)
{
    if (position < 1 || position > max_ballots_per_table)
        return cb(fail(errc::invalid_field, "position",
                       "a ballot's position in the box is a whole number from 1 to " +
                           std::to_string(max_ballots_per_table)));
    runner_.write<entry_outcome>(
        [this, who, which = std::move(which), table, position, entered = std::move(mark),
         field = std::move(field)](repository& repo) -> result<entry_outcome> {
            auto mark = entered;
            const auto now = clock_.now();
            auto box = load_box(repo, who, which, table, now);
            if (!box)
                return box.error();
            auto& ch = box->ch;
            auto& t = box->table;
            const auto& latest = box->latest;
            if (box->closed)
                return fail(errc::act_closed, "position",
                            "the table's act is closed: its ballots no longer change (open a correction)");
            if (mark.kind == mark_kind::valid) {
                // Choices and points are a set: read in any order, they are the same ballot.
                if (ch.ballot.kind != ballot_kind::ranking)
                    in_id_order(mark.content);
                const auto expected = ballot_field(ch.ballot);
                if (field != expected)
                    return fail(errc::invalid_field, std::string(expected),
                                std::string("this challenge takes ").append(name_of(ch.ballot.kind)) +
                                    " ballots: send " + std::string(expected) + ", or blank or null");
                const auto lookup = [&](idea_id id) -> std::optional<std::int64_t> {
                    const auto idea = repo.find_idea(ch.id, id);
                    if (!idea || !idea->counted)
                        return std::nullopt;
                    return idea->cost.value_or(0);
                };
                if (auto f = check_ballot(ch.ballot, mark.content, ch.budget, lookup))
                    return fail(f->code, f->field,
                                f->message +
                                    ". A paper ballot that breaks the rules is entered as null with its "
                                    "reason: {\"null\": \"too_many_choices\"} or {\"null\": \"breaks_rules\"}");
            }
            // The same entry again (a retry from the page's outbox) changes nothing.
            const auto text = encode_mark(mark);
            auto at_position = live_only(repo, ch, t, repo.entries_at(t.id, t.edition, position));
            const bool same = std::any_of(at_position.begin(), at_position.end(), [&](const paper_entry& e) {
                return e.officer_id == who.key_id && e.mark == text;
            });
            if (!same) {
                // A change of the box's entries voids an unsigned draft: its officers sign what is entered.
                if (latest && !latest->closed_at)
                    repo.delete_act(latest->id);
                repo.put_entry(t.id, t.edition, {position, who.key_id, text}, now);
                at_position = live_only(repo, ch, t, repo.entries_at(t.id, t.edition, position));
            }
            const auto marks = by_position(at_position);
            const auto it = marks.find(position);
            return entry_outcome{position, it == marks.end() ? entry_state::single : it->second.state(), t.edition};
        },
        std::move(cb));
}

void table_use_cases::entries(const caller& who, challenge_ref which, std::int64_t table, callback<table_entries> cb)
{
    runner_.read<table_entries>(
        [who, which = std::move(which), table](repository& repo) -> result<table_entries> {
            auto scope = load_as_officer(repo, who, which, table);
            if (!scope)
                return scope.error();
            auto& ch = scope->ch;
            auto& t = scope->table;
            table_entries out;
            out.edition = t.edition;
            out.closed = edition_closed(repo, t);
            out.rules = ch.ballot;
            for (auto& [position, marks] : by_position(live_only(repo, ch, t, repo.entries(t.id, t.edition)))) {
                position_view v;
                v.position = position;
                v.state = marks.state();
                v.entries = marks.by_officer.size();
                for (auto& [officer, mark] : marks.by_officer) {
                    if (officer == who.key_id)
                        v.mine = mark;
                    else if (v.state == entry_state::mismatch)
                        v.others.push_back(mark);
                }
                out.positions.push_back(std::move(v));
            }
            return out;
        },
        std::move(cb));
}

void table_use_cases::draft_act(const caller& who, challenge_ref which, std::int64_t table, act_request req,
                                callback<act_view> cb)
{
    if (req.ballots_in_box < 0 || req.ballots_in_box > max_ballots_per_table)
        return cb(fail(errc::invalid_field, "ballots_in_box",
                       "ballots_in_box is a whole number from 0 to " + std::to_string(max_ballots_per_table)));
    if (!is_hex_digest(req.photo_sha256))
        return cb(
            fail(errc::invalid_field, "photo_sha256",
                 "photo_sha256 is the SHA-256 of the photograph or scan of the paper act: 64 lowercase hex digits"));
    runner_.write<act_view>(
        [this, who, which = std::move(which), table, req = std::move(req)](repository& repo) -> result<act_view> {
            const auto now = clock_.now();
            auto box = load_box(repo, who, which, table, now);
            if (!box)
                return box.error();
            auto& ch = box->ch;
            auto& t = box->table;
            const auto& latest = box->latest;
            if (box->closed)
                return fail(errc::act_closed, "", "the table's act is closed (open a correction to change it)");
            const auto marks = by_position(live_only(repo, ch, t, repo.entries(t.id, t.edition)));
            std::vector<std::int64_t> not_agreed, beyond;
            std::vector<std::pair<std::int64_t, paper_mark>> ballots;
            std::set<std::int64_t> signers;
            for (std::int64_t p = 1; p <= req.ballots_in_box; ++p) {
                const auto it = marks.find(p);
                if (it == marks.end() || it->second.state() != entry_state::agreed)
                    not_agreed.push_back(p);
                else
                    ballots.emplace_back(p, it->second.by_officer.front().second);
            }
            for (const auto& [p, m] : marks) {
                if (p > req.ballots_in_box)
                    beyond.push_back(p);
                for (const auto& [officer, mark] : m.by_officer)
                    signers.insert(officer);
            }
            if (!not_agreed.empty())
                return fail(errc::wrong_status, "ballots",
                            "every ballot of the box is entered by two officers alike before the act: positions " +
                                joined(not_agreed) + " are not");
            if (!beyond.empty())
                return fail(errc::wrong_status, "ballots_in_box",
                            "ballots were entered at positions beyond ballots_in_box: " + joined(beyond));
            if (signers.empty())
                for (const auto& k : repo.table_officers(ch.id, t.id))
                    signers.insert(k.id);
            if (signers.size() < 2)
                return fail(errc::wrong_status, "ballots",
                            "an act is signed by at least two of the table's officers, who entered its ballots");
            std::vector<paper_mark> read;
            for (const auto& [p, m] : ballots)
                read.push_back(m);
            act_facts facts{t.id,
                            t.edition,
                            std::nullopt,
                            total_of(read, ch.ballot.kind),
                            req.photo_sha256,
                            act_ballots_digest(ballots)};
            facts.totals.checked_in = t.checked_in;
            if (t.edition > 1)
                facts.reason = t.correction;
            const auto message = canonical_json(act_message_json(ch.ref(), facts));
            const auto signer_list = json(std::vector<std::int64_t>(signers.begin(), signers.end())).dump();
            // The same act drafted again (by the other officer, or a retry) keeps its signatures.
            if (latest && !latest->closed_at && latest->edition == t.edition && latest->message == message &&
                latest->signers == signer_list)
                return act_view{ch.ref(), *latest};
            if (latest && !latest->closed_at)
                repo.delete_act(latest->id);
            stored_act a;
            a.table_id = t.id;
            a.challenge_id = ch.id;
            a.edition = t.edition;
            a.message = message;
            a.signers = signer_list;
            a.signatures = "[]";
            a.created_at = now;
            repo.insert_act(a);
            return act_view{ch.ref(), std::move(a)};
        },
        std::move(cb));
}

void table_use_cases::current_act(const caller& who, challenge_ref which, std::int64_t table, callback<act_view> cb)
{
    runner_.read<act_view>(
        [this, who, which = std::move(which), table](repository& repo) -> result<act_view> {
            auto ch = load_challenge(repo, which);
            if (!ch)
                return ch.error();
            const bool officer = who.kind == role::officer && who.challenge_id == ch->id && who.table_id == table;
            if (!officer) {
                if (auto f = refused(who, permission::organise, ch->municipality_id))
                    return *f;
                // An act's votes are a partial count: an organiser sees them when the live count opens.
                if (!ch->announced_at && clock_.now() < ch->timeline.voting.closes)
                    return fail(errc::phase_not_open, "",
                                "a table's act is an organiser's to read once voting closes at " +
                                    format_rfc3339(ch->timeline.voting.closes));
            }
            auto t = load_table(repo, *ch, table);
            if (!t)
                return t.error();
            auto a = repo.latest_act(table);
            if (!a)
                return fail(errc::not_found, "", "the table has no act yet");
            return act_view{ch->ref(), std::move(*a)};
        },
        std::move(cb));
}

void table_use_cases::sign_act(const caller& who, challenge_ref which, std::int64_t table, std::string signature,
                               callback<act_view> cb)
{
    runner_.write<act_view>(
        [this, who, which = std::move(which), table,
         signature = std::move(signature)](repository& repo) -> result<act_view> {
            const auto now = clock_.now();
            auto box = load_box(repo, who, which, table, now);
            if (!box)
                return box.error();
            auto& ch = box->ch;
            auto& t = box->table;
            auto a = box->latest;
            if (!a || a->edition != t.edition)
                return fail(errc::not_found, "", "the table has no act to sign: draft it first");
            if (a->closed_at)
                return fail(errc::act_closed, "signature", "the act is closed and signed already");
            const auto signers = ids_in(a->signers);
            std::set<std::int64_t> live;
            for (const auto& k : repo.table_officers(ch.id, t.id))
                live.insert(k.id);
            if (!std::all_of(signers.begin(), signers.end(), [&](std::int64_t s) { return live.contains(s); }))
                return fail(errc::wrong_status, "signature",
                            "an officer who entered this act's ballots no longer has a key: draft the act again");
            if (std::find(signers.begin(), signers.end(), who.key_id) == signers.end())
                return fail(errc::forbidden, "signature", "the act is signed by the officers who entered its ballots");
            std::optional<ed25519_key> key;
            for (const auto& k : repo.table_officers(ch.id, t.id))
                if (k.id == who.key_id)
                    key = ed25519_key::from_public(k.signing_key);
            if (!key || signature.size() != 64 || !key->verify(a->message, signature))
                return fail(errc::invalid_field, "signature",
                            "the signature does not verify with this officer's signing key over the act's message");
            auto signatures = json::parse(a->signatures);
            std::set<std::int64_t> signed_by;
            json kept = json::array();
            for (const auto& s : signatures)
                if (s.at("officer").get<std::int64_t>() != who.key_id) {
                    signed_by.insert(s.at("officer").get<std::int64_t>());
                    kept.push_back(s);
                }
            kept.push_back({{"officer", who.key_id}, {"signature", base64url_encode(signature)}});
            signed_by.insert(who.key_id);
            a->signatures = kept.dump();
            repo.set_act_signatures(a->id, a->signatures);
            if (signed_by.size() < signers.size())
                return act_view{ch.ref(), std::move(*a)};
            // Every signer signed: the act closes, its ballots go on the board, then the act.
            const auto board = runner_.board().board_at(repo, ch, now);
            auto b = board;
            for (auto& [position, marks] : by_position(live_only(repo, ch, t, repo.entries(t.id, t.edition)))) {
                const auto& mark = marks.by_officer.front().second;
                std::optional<std::uint64_t> leaf;
                if (b)
                    leaf = runner_.board()
                               .append_to(repo, ch, *b, board_entry_type::paper_ballot,
                                          paper_ballot_body(t.id, t.edition, position, mark), now)
                               .seq;
                repo.insert_paper_ballot(ch.id, t.id, a->id, position, encode_mark(mark), leaf);
            }
            std::optional<std::uint64_t> act_leaf;
            if (b) {
                auto body = json::parse(a->message);
                body["signatures"] = std::move(kept);
                act_leaf = runner_.board().append_to(repo, ch, *b, board_entry_type::act, std::move(body), now).seq;
            }
            repo.close_act(a->id, now, act_leaf);
            a->closed_at = now;
            a->leaf = act_leaf;
            audit(repo, now, who, ch.municipality_id, ch.id, "table.act.close",
                  {{"table", t.id}, {"edition", t.edition}});
            return act_view{ch.ref(), std::move(*a)};
        },
        std::move(cb));
}

void table_use_cases::open_correction(const caller& who, challenge_ref which, std::int64_t table, std::string reason,
                                      callback<std::int64_t> cb)
{
    if (auto f = check_text(reason, "reason", correction_reason_limit, true))
        return cb(*f);
    runner_.write<std::int64_t>(
        [this, who, which = std::move(which), table,
         reason = std::move(reason)](repository& repo) -> result<std::int64_t> {
            const auto now = clock_.now();
            auto box = load_box(repo, who, which, table, now);
            if (!box)
                return box.error();
            auto& ch = box->ch;
            auto& t = box->table;
            if (!box->closed)
                return fail(errc::wrong_status, "", "only a closed act is corrected: this table's act is still open");
            // The new edition starts from the closed act's entries: the officers change what was wrong.
            const auto next = t.edition + 1;
            for (const auto& e : live_only(repo, ch, t, repo.entries(t.id, t.edition)))
                repo.put_entry(t.id, next, e, now);
            repo.set_table_edition(t.id, next, reason);
            audit(repo, now, who, ch.municipality_id, ch.id, "table.act.correct",
                  {{"table", t.id}, {"edition", next}, {"reason", reason}});
            return next;
        },
        std::move(cb));
}

void table_use_cases::closed_acts(challenge_ref which, std::int64_t table, callback<std::vector<act_view>> cb)
{
    runner_.read<std::vector<act_view>>(
        [this, which = std::move(which), table](repository& repo) -> result<std::vector<act_view>> {
            auto ch = load_challenge(repo, which);
            if (!ch)
                return ch.error();
            if (auto t = load_table(repo, *ch, table); !t)
                return t.error();
            if (!ch->announced_at && clock_.now() < ch->timeline.voting.closes)
                return fail(errc::phase_not_open, "",
                            "the tables' acts are public once voting closes at " +
                                format_rfc3339(ch->timeline.voting.closes) + ": their votes are a partial count");
            std::vector<act_view> out;
            for (auto& a : repo.closed_acts(ch->id, table))
                out.push_back({ch->ref(), std::move(a)});
            return out;
        },
        std::move(cb));
}

} // namespace cabildo::engine
