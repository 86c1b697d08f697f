// Results: counting the ballots that count, the announcement that publishes them, open data.

#include "engine/domain/rfc3339.hpp"
#include "engine/publication/open_data.hpp"
#include "engine/publication/results_document.hpp"
#include "engine/use_cases/ballots.hpp"
#include "engine/use_cases/service_detail.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <set>
#include <unordered_map>

namespace cabildo::engine {

using namespace detail;
using json = nlohmann::json;
namespace {

// Who may see results now: everyone from the announcement on (published or due), the
// municipality's organisers from the close of voting.
std::optional<failure> may_see_results(const caller& who, const challenge& ch, time_point now)
{
    if (ch.announced_at || now >= ch.timeline.announcement)
        return std::nullopt;
    // A desk's key reads what the public reads, and is told plainly it may not read the live count.
    if (who.kind == role::issuer)
        return refusal(permission::organise, who.kind);
    if (!refused(who, permission::organise, ch.municipality_id)) {
        if (now < ch.timeline.voting.closes)
            return fail(errc::phase_not_open, "",
                        "results are counted once voting closes at " + format_rfc3339(ch.timeline.voting.closes));
        return std::nullopt;
    }
    return fail(errc::phase_not_open, "",
                "results are public from the announcement at " + format_rfc3339(ch.timeline.announcement));
}

// The count as it stands on this snapshot: the counted ideas and every counted ballot, counted.
challenge_count count_now(repository& repo, const challenge& ch)
{
    auto ideas = repo.counted_ideas(ch.id);
    const auto cast = read_counted_ballots(repo, repo, ch, ideas);
    return count_challenge(ch, std::move(ideas), cast);
}

// The tables whose act is not closed yet (issue 22).
std::vector<polling_table> unreported_tables(repository& repo, const challenge& ch)
{
    std::vector<polling_table> out;
    for (auto& t : repo.list_tables(ch.id))
        if (!repo.counted_act(t.id))
            out.push_back(std::move(t));
    return out;
}

// Results wait for every table's act; an organiser may publish without some only by naming exactly
// those (the document then names them too), never by accident. The server itself never does.
std::optional<failure> publishable_without(const std::vector<polling_table>& missing,
                                           const std::optional<std::vector<std::int64_t>>& named)
{
    std::set<std::int64_t> ids;
    std::string names;
    for (const auto& t : missing) {
        ids.insert(t.id);
        names += (names.empty() ? "" : ", ") + t.name + " (" + std::to_string(t.id) + ")";
    }
    const std::set<std::int64_t> given =
        named ? std::set<std::int64_t>(named->begin(), named->end()) : std::set<std::int64_t>();
    if (ids == given)
        return std::nullopt;
    if (ids.empty())
        return fail(errc::invalid_field, "missing_tables", "every table has reported: name no missing table");
    return fail(errc::phase_not_open, "missing_tables",
                "results wait for every table's act; these have not reported: " + names +
                    ". An organiser may publish without them only by naming exactly these in missing_tables");
}

// What the in-person tables have changed in the counted set so far: the tables not reported, the
// acts closed (a correction closes one more) and the tokens revoked (check-ins revoke). A
// publication counts on a read snapshot and stores in a write: if these moved in between, the
// tally's leaves would not be the ones its result counted.
struct tables_mark {
    std::vector<std::int64_t> missing;
    std::size_t acts = 0;
    std::size_t revoked = 0;
    bool operator==(const tables_mark&) const = default;
};
tables_mark tables_mark_of(repository& repo, const challenge& ch)
{
    tables_mark out;
    if (repo.count_tables(ch.id) == 0) // nothing moves after the close without tables: no cost on the writer
        return out;
    for (const auto& t : unreported_tables(repo, ch))
        out.missing.push_back(t.id);
    out.acts = repo.closed_acts(ch.id, std::nullopt).size();
    out.revoked = repo.turnout(ch.id).tokens_revoked;
    return out;
}

// The leaves the tally counts: each token's latest online ballot, and the valid paper ballots of
// each table's act that counts, in board order.
std::vector<std::uint64_t> counted_leaves(repository& repo, std::int64_t challenge_id)
{
    auto leaves = repo.counted_ballot_leaves(challenge_id);
    repo.for_each_counted_paper_ballot(challenge_id,
                                       [&](std::int64_t, std::string_view mark, std::optional<std::uint64_t> leaf) {
                                           const auto m = decode_mark(mark);
                                           if (leaf && m && m->kind == mark_kind::valid)
                                               leaves.push_back(*leaf);
                                       });
    std::sort(leaves.begin(), leaves.end());
    return leaves;
}

// The published results: the stored document, its ideas' text as moderation leaves it now.
challenge_results snapshot_of(repository& repo, challenge ch, time_point now)
{
    auto ideas = repo.counted_ideas(ch.id);
    return {std::move(ch), std::nullopt, std::move(ideas), now};
}

// The exports of a publication, built once on its read snapshot; a format that does not apply
// (PrefLib without rankings, an election file without ideas) is left out and refused on request.
struct built_export {
    export_format format;
    std::string digest;
    std::string body;
};

std::vector<built_export> build_exports(repository& repo, const challenge& ch, const nlohmann::json& published)
{
    std::vector<built_export> out;
    const auto muni = repo.find_municipality(ch.municipality_slug);
    if (!muni)
        return out;
    for (const auto& [f, name] : export_format_names)
        if (auto e = build_export(repo, ch, *muni, f, published); e.ok())
            out.push_back({f, content_digest(e->body), std::move(e->body)});
    return out;
}

} // namespace

void ballot_use_cases::results(const caller& who, challenge_ref which, callback<challenge_results> cb)
{
    // nullopt: the announcement instant has passed and nobody announced; publish now.
    runner_.read<std::optional<challenge_results>>(
        [this, who, which](repository& repo) -> result<std::optional<challenge_results>> {
            auto ch = load_challenge(repo, which);
            if (!ch)
                return ch.error();
            const auto now = clock_.now();
            if (auto f = may_see_results(who, *ch, now))
                return *f;
            if (ch->announced_at)
                return std::optional(snapshot_of(repo, std::move(*ch), now));
            if (now >= ch->timeline.announcement)
                return std::optional<challenge_results>();
            // While a table can still check someone in, a check-in changes the live count (the
            // person's online ballot set aside): read before and after, it would tell an organiser
            // how that person had voted.
            if (const auto missing = unreported_tables(repo, *ch); !missing.empty())
                return fail(errc::phase_not_open, "",
                            "the live count waits for every in-person table's act (" + std::to_string(missing.size()) +
                                " to come): until then a check-in would change it");
            auto count = count_now(repo, *ch);
            return std::optional(challenge_results{std::move(*ch), std::move(count), {}, now}); // live
        },
        [this, which, cb = std::move(cb)](result<std::optional<challenge_results>> r) mutable {
            if (!r)
                return cb(r.error());
            if (*r)
                return cb(std::move(**r));
            publish_as_system(std::move(which), std::move(cb));
        });
}

void ballot_use_cases::publish_as_system(challenge_ref which, callback<challenge_results> cb)
{
    const auto key = which.key();
    {
        const std::lock_guard lock(publishing_mutex_);
        if (const auto it = publishing_.find(key); it != publishing_.end())
            return it->second.push_back(std::move(cb)); // the count under way answers this one too
        publishing_[key].push_back(std::move(cb));
    }
    publish({role::system, 0}, std::move(which), std::nullopt, [this, key](result<challenge_results> r) {
        std::vector<callback<challenge_results>> waiting;
        {
            const std::lock_guard lock(publishing_mutex_);
            waiting = std::move(publishing_[key]);
            publishing_.erase(key);
            if (!r.ok()) // the timer tries again in a minute, not every second
                retry_after_[key] = std::chrono::steady_clock::now() + std::chrono::minutes(1);
            else
                retry_after_.erase(key);
        }
        for (auto& w : waiting)
            w(r);
    });
}

void ballot_use_cases::announce(const caller& who, challenge_ref which,
                                std::optional<std::vector<std::int64_t>> missing, callback<challenge_results> cb)
{
    if (who.kind == role::anonymous)
        return cb(*refused(who, permission::organise, 0));
    publish(who, std::move(which), std::move(missing), std::move(cb));
}

// Counting reads a snapshot on a reader thread, and builds the exports from the same snapshot so
// each is built once, not per request; the writer only stores them, and keeps the first result
// if two publications race (announcing twice publishes the same result).
void ballot_use_cases::publish(const caller& who, challenge_ref which, std::optional<std::vector<std::int64_t>> named,
                               callback<challenge_results> cb)
{
    // `published` is set when the snapshot already existed: nothing is left to store.
    struct counted_result {
        std::optional<challenge_results> published;
        std::string text;             // the results document to store
        std::vector<idea> candidates; // the ideas it counted, moderation as when counted
        time_point at;
        std::vector<built_export> exports;
        std::size_t ballots = 0;      // for the audit entry
        std::vector<idea_id> winners; // in ranking order
        tables_mark tables;           // as the count saw them
    };
    runner_.read<counted_result>(
        [this, who, which, named = std::move(named)](repository& repo) -> result<counted_result> {
            auto ch = load_challenge_as_organiser(repo, who, which);
            if (!ch)
                return ch.error();
            const auto now = clock_.now();
            if (ch->announced_at)
                return counted_result{snapshot_of(repo, std::move(*ch), now), {}, {}, now, {}, 0, {}, {}};
            if (now < ch->timeline.voting.closes)
                return fail(errc::phase_not_open, "",
                            "winners can be announced once voting closes at " +
                                format_rfc3339(ch->timeline.voting.closes));
            // The server publishes at the announcement instant (the timer looks every second);
            // an organiser, when they announce.
            const auto at =
                who.kind == role::system && now >= ch->timeline.announcement ? ch->timeline.announcement : now;
            auto missing = unreported_tables(repo, *ch);
            if (auto f = publishable_without(missing, named))
                return *f;
            auto seen = tables_mark_of(repo, *ch);
            auto count = count_now(repo, *ch);
            for (const auto& t : missing)
                count.missing_tables.push_back(t.id);
            const auto doc = to_document(count, *ch);
            counted_result out{std::nullopt, doc.dump(), {}, at, {}, count.counted.result.ballots, {}, std::move(seen)};
            for (const auto& r : count.counted.result.ranking)
                if (r.winner)
                    out.winners.push_back(r.idea);
            challenge announced = *ch;
            announced.announced_at = at;
            out.exports = build_exports(repo, announced, with_announcement(doc, announced, at));
            out.candidates = std::move(count.candidates);
            return out;
        },
        [this, who, which, cb = std::move(cb)](result<counted_result> counted) mutable {
            if (!counted)
                return cb(counted.error());
            if (counted->published)
                return cb(std::move(*counted->published));
            runner_.write<challenge_results>(
                [this, who, which, text = std::move(counted->text), candidates = std::move(counted->candidates),
                 at = counted->at, exports = std::move(counted->exports), ballots = counted->ballots,
                 winners = std::move(counted->winners),
                 seen = std::move(counted->tables)](repository& repo) -> result<challenge_results> {
                    auto ch = load_challenge(repo, which);
                    if (!ch)
                        return ch.error();
                    const auto now = clock_.now();
                    if (ch->announced_at)
                        return snapshot_of(repo, std::move(*ch), now);
                    if (tables_mark_of(repo, *ch) != seen)
                        return fail(errc::busy, "",
                                    "an in-person table changed the count while it was made; nothing was published, "
                                    "try again");
                    // Announced as of the count, the instant the exports were built for.
                    ch->announced_at = at;
                    ch->announced_result = text;
                    repo.update_challenge(*ch);
                    // The check-ins' revocations, in the order of their token references.
                    auto deferred = repo.take_deferred_revocations(ch->id);
                    std::sort(deferred.begin(), deferred.end(), [](const std::string& x, const std::string& y) {
                        return token_reference(x) < token_reference(y);
                    });
                    for (const auto& jti : deferred)
                        runner_.board().append(repo, *ch, board_entry_type::revocation, revocation_body(jti), now);
                    const auto leaves = counted_leaves(repo, ch->id);
                    runner_.board().append(repo, *ch, board_entry_type::tally,
                                           tally_body(counted_leaves_digest(leaves),
                                                      static_cast<std::int64_t>(leaves.size()), json::parse(text)),
                                           now);
                    for (const auto& e : exports)
                        repo.store_published_export(ch->id, format_name(e.format), e.digest, e.body);
                    audit(repo, at, who, ch->municipality_id, ch->id, "challenge.announce",
                          {{"ballots", ballots}, {"winners", winners}});
                    // Served as stored, each text as moderation left it when counted.
                    return challenge_results{std::move(*ch), std::nullopt, candidates, at};
                },
                std::move(cb));
        });
}

void ballot_use_cases::find_ballot_receipt(challenge_ref which, std::string receipt, callback<receipt_status> cb)
{
    runner_.read<receipt_status>(
        [which = std::move(which), receipt = std::move(receipt)](repository& repo) -> result<receipt_status> {
            auto ch = load_challenge(repo, which);
            if (!ch)
                return ch.error();
            const auto state = repo.ballot_by_receipt(ch->id, receipt);
            if (!state)
                return fail(errc::not_found, "", "no ballot of this challenge has this receipt");
            if (!ch->announced_at)
                return receipt_status{receipt, false, ballot_state::counted};
            return receipt_status{receipt, true, *state};
        },
        std::move(cb));
}

void ballot_use_cases::export_data(const caller& who, challenge_ref which, export_format format,
                                   callback<export_document> cb)
{
    // The results decide who may export, and publish them first when they are due.
    results(who, which, [this, which, format, cb = std::move(cb)](result<challenge_results> res) mutable {
        if (!res)
            return cb(res.error());
        // `store` is set when a published file had to be built (published before this version,
        // or dropped by a moderation since): it is kept, so the next request finds it built.
        struct found {
            export_document file;
            std::optional<std::int64_t> store;
            std::int64_t audited = 0; // the newest audit entry when it was built
        };
        runner_.read<found>(
            [which, format,
             res = std::make_shared<const challenge_results>(std::move(*res))](repository& repo) -> result<found> {
                auto ch = load_challenge(repo, which);
                if (!ch)
                    return ch.error();
                // Published: the file built at publication, with its ETag.
                if (ch->announced_at)
                    if (auto stored = repo.find_published_export(ch->id, format_name(format)))
                        return found{{format, std::move(stored->body), std::move(stored->digest)}, std::nullopt, 0};
                // Organisers before the announcement, and formats that do not apply (refused).
                auto muni = load_municipality(repo, which.municipality);
                if (!muni)
                    return muni.error();
                auto built = build_export(repo, *ch, *muni, format, to_document(*res));
                if (!built)
                    return built.error();
                if (!ch->announced_at)
                    return found{std::move(*built), std::nullopt, 0};
                built->digest = content_digest(built->body);
                return found{std::move(*built), ch->id, repo.last_audit_id(ch->id)};
            },
            [this, cb = std::move(cb)](result<found> r) {
                if (!r)
                    return cb(r.error());
                if (r->store) {
                    auto file = std::make_shared<const export_document>(r->file);
                    runner_.write<done_t>(
                        [id = *r->store, audited = r->audited, file](repository& repo) -> result<done_t> {
                            if (repo.last_audit_id(id) == audited) // no moderation since it was built
                                repo.store_published_export(id, format_name(file->format), file->digest, file->body);
                            return done_t{};
                        },
                        [](result<done_t>) {});
                }
                cb(std::move(r->file));
            });
    });
}

void ballot_use_cases::publish_due(std::function<void(std::size_t)> done)
{
    runner_.for_each_due(
        [this](repository& repo) { return repo.due_for_publication(clock_.now()); }, "results due for publication",
        [this](const challenge_ref& which) {
            {
                const std::lock_guard lock(publishing_mutex_);
                const auto key = which.key();
                const auto retry = retry_after_.find(key);
                if (publishing_.contains(key) ||
                    (retry != retry_after_.end() && std::chrono::steady_clock::now() < retry->second))
                    return; // under way, or failed a moment ago
            }
            publish_as_system(which, [key = which.key()](result<challenge_results> r) {
                if (r.ok())
                    spdlog::info("published the results of {} at their announcement instant", key);
                else
                    spdlog::error("publishing {} failed (retried in a minute): {}", key, r.error().message);
            });
        },
        std::move(done));
}

} // namespace cabildo::engine
