// The bulletin boards: appending entries inside the other areas' writes, one signed head per batch,
// and the public's reads (heads, proofs, leaf hashes, the entries once voting has closed).

#include "engine/domain/rfc3339.hpp"
#include "engine/identity/merkle.hpp"
#include "engine/use_cases/board.hpp"
#include "engine/use_cases/service_detail.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

namespace cabildo::engine {

using namespace detail;
using json = nlohmann::json;

namespace {

std::int64_t millis(time_point t)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// A challenge with its board; 404 for a challenge that is not there or was made before boards.
struct challenge_board {
    challenge ch;
    stored_board board;
};
result<challenge_board> load_board(repository& repo, const challenge_ref& which)
{
    auto ch = load_challenge(repo, which);
    if (!ch)
        return ch.error();
    auto b = repo.find_board(ch->id);
    if (!b)
        return fail(errc::not_found, "", "this challenge was made before bulletin boards and has none");
    return challenge_board{std::move(*ch), std::move(*b)};
}

// Entries are public once voting has closed (the board's close entry), or once it is due, and the
// challenge's last in-person table has closed: an in-person day after online voting must not see
// the online ballots while people still vote.
time_point entries_public_from(repository& repo, const challenge& ch)
{
    const auto tables = repo.last_table_close(ch.id);
    return tables ? std::max(*tables, ch.timeline.voting.closes) : ch.timeline.voting.closes;
}
bool entries_public(repository& repo, const challenge& ch, const stored_board& b, time_point now)
{
    const auto from = entries_public_from(repo, ch);
    return (b.closed.has_value() || ch.timeline.voting.closed_at(now)) && now >= from;
}

} // namespace

std::function<std::string(unsigned, std::uint64_t)> stored_subtrees(board_repository& repo, std::int64_t challenge_id)
{
    return [&repo, challenge_id](unsigned level, std::uint64_t index) {
        auto hash = repo.board_node(challenge_id, level, index);
        if (hash.empty())
            throw std::runtime_error("the board misses a stored subtree (level " + std::to_string(level) + ", index " +
                                     std::to_string(index) + ")");
        return hash;
    };
}

board_log::board_log(const key_vault& vault, const engine::clock& clock) : vault_(vault), clock_(clock) {}

void board_log::open(repository& repo, const challenge& ch, const verification_keys& keys)
{
    auto keys_with_board = keys;
    const auto key = ed25519_key::generate();
    keys_with_board.board = key.public_raw();
    stored_board b{vault_.seal(key.private_raw(), keys_with_board.board), keys_with_board.board, std::nullopt, 0};
    repo.insert_board(ch.id, b.key_sealed, b.key_public);
    append_to(repo, ch, b, board_entry_type::setup, setup_body(ch, keys_with_board), ch.created_at);
}

std::optional<stored_board> board_log::board_at(repository& repo, const challenge& ch, time_point now)
{
    auto b = repo.find_board(ch.id);
    if (b && !b->closed && ch.timeline.voting.closed_at(now))
        append_to(repo, ch, *b, board_entry_type::close, close_body(b->size, ch.tie_break_seed), now);
    return b;
}

std::optional<board_log::appended> board_log::append(repository& repo, const challenge& ch, board_entry_type type,
                                                     json body, time_point now)
{
    auto b = board_at(repo, ch, now);
    if (!b)
        return std::nullopt;
    return append_to(repo, ch, *b, type, std::move(body), now);
}

void board_log::close_if_due(repository& repo, const challenge& ch, time_point now) { board_at(repo, ch, now); }

board_log::appended board_log::append_to(repository& repo, const challenge& ch, stored_board& b, board_entry_type type,
                                         json body, time_point now)
{
    const auto seq = b.size;
    const auto at = ch.anonymity == anonymity::blind ? std::chrono::floor<anonymous_time_granularity>(now) : now;
    auto entry = board_entry(std::move(body), ch.ref(), seq, type, at);
    auto subtrees = merkle::append(stored_subtrees(repo, ch.id), seq, merkle::leaf_hash(entry));
    std::vector<board_repository::node> nodes;
    nodes.reserve(subtrees.size());
    for (const auto& s : subtrees)
        nodes.push_back({s.level, s.index, s.hash});
    repo.append_board_entry(ch.id, seq, entry, nodes);
    if (type == board_entry_type::close) {
        repo.set_board_closed(ch.id, seq);
        b.closed = seq;
    }
    ++b.size;
    auto& g = grown_[ch.id];
    if (!g.head)
        g = {ch.ref(), std::make_shared<pending_head>()};
    return {seq, std::move(entry), g.head};
}

std::optional<ed25519_key> board_log::key_of(std::int64_t challenge_id, const stored_board& b)
{
    const std::lock_guard lock(keys_mutex_);
    // Held only while it is the stored key: a challenge whose creation was rolled back leaves its
    // id free for the next one, which has a key of its own.
    if (const auto it = keys_.find(challenge_id); it != keys_.end() && it->second.public_raw() == b.key_public)
        return it->second;
    const auto raw = vault_.open(b.key_sealed, b.key_public);
    auto key = raw ? ed25519_key::from_private(*raw) : std::nullopt;
    if (key)
        keys_.insert_or_assign(challenge_id, *key);
    return key;
}

void board_log::sign_heads(repository& repo)
{
    auto grown = std::exchange(grown_, {});
    for (auto& [id, g] : grown) {
        const auto b = repo.find_board(id);
        if (!b || b->size == 0)
            continue; // the write that grew it was rolled back
        const auto latest = repo.latest_board_head(id);
        if (latest && latest->size == b->size) {
            g.head->head = *latest;
            continue;
        }
        const auto key = key_of(id, *b);
        if (!key) {
            spdlog::error("the board key of {} does not open with this server's secret: no head signed", g.ref.key());
            continue;
        }
        stored_head h;
        h.size = b->size;
        h.timestamp = std::max(millis(clock_.now()), latest ? latest->timestamp : 0);
        h.root = merkle::root(stored_subtrees(repo, id), h.size);
        h.signature = key->sign(head_message(g.ref, h.size, h.timestamp, h.root));
        repo.insert_board_head(id, h);
        g.head->head = std::move(h);
    }
}

board_use_cases::board_use_cases(use_case_runner& runner) : runner_(runner) {}

void board_use_cases::head(challenge_ref which, callback<stored_head> cb)
{
    runner_.read<stored_head>(
        [which = std::move(which)](repository& repo) -> result<stored_head> {
            auto found = load_board(repo, which);
            if (!found)
                return found.error();
            auto h = repo.latest_board_head(found->ch.id);
            if (!h)
                return fail(errc::not_found, "", "no tree head has been signed yet");
            return std::move(*h);
        },
        std::move(cb));
}

void board_use_cases::inclusion(challenge_ref which, std::uint64_t leaf, std::optional<std::uint64_t> size,
                                callback<board_inclusion> cb)
{
    runner_.read<board_inclusion>(
        [which = std::move(which), leaf, size](repository& repo) -> result<board_inclusion> {
            auto found = load_board(repo, which);
            if (!found)
                return found.error();
            const auto& [ch, b] = *found;
            const auto n = size.value_or(b.size);
            if (n > b.size)
                return fail(errc::invalid_field, "size",
                            "the board holds " + std::to_string(b.size) + " entries; size must not exceed it");
            if (leaf >= n)
                return fail(errc::invalid_field, "leaf", "leaf must be below size (" + std::to_string(n) + ")");
            const auto nodes = stored_subtrees(repo, ch.id);
            return board_inclusion{leaf, n, nodes(0, leaf), merkle::inclusion_proof(nodes, leaf, n)};
        },
        std::move(cb));
}

void board_use_cases::consistency(challenge_ref which, std::uint64_t first, std::uint64_t second,
                                  callback<board_consistency> cb)
{
    runner_.read<board_consistency>(
        [which = std::move(which), first, second](repository& repo) -> result<board_consistency> {
            auto found = load_board(repo, which);
            if (!found)
                return found.error();
            const auto& [ch, b] = *found;
            if (second > b.size)
                return fail(errc::invalid_field, "second",
                            "the board holds " + std::to_string(b.size) + " entries; second must not exceed it");
            if (first == 0 || first > second)
                return fail(errc::invalid_field, "first", "first must be at least 1 and at most second");
            return board_consistency{first, second,
                                     merkle::consistency_proof(stored_subtrees(repo, ch.id), first, second)};
        },
        std::move(cb));
}

void board_use_cases::page(challenge_ref which, std::uint64_t from, std::size_t limit, callback<board_page> cb)
{
    runner_.read<board_page>(
        [this, which = std::move(which), from, limit](repository& repo) -> result<board_page> {
            auto found = load_board(repo, which);
            if (!found)
                return found.error();
            const auto& [ch, b] = *found;
            board_page out{which, b.size, entries_public(repo, ch, b, runner_.clock().now()), {}};
            // Until the timer appends the close entry the entries are public but the board still
            // grows by it: a page read then is a prefix, as every page is.
            repo.for_each_board_entry(
                ch.id, from, limit,
                [&](std::uint64_t seq, std::string_view bytes) { out.items.emplace_back(seq, std::string(bytes)); },
                out.closed);
            return out;
        },
        std::move(cb));
}

void board_use_cases::file(challenge_ref which, callback<std::string> cb)
{
    runner_.read<std::string>(
        [this, which = std::move(which)](repository& repo) -> result<std::string> {
            auto found = load_board(repo, which);
            if (!found)
                return found.error();
            const auto& [ch, b] = *found;
            if (!b.closed || !entries_public(repo, ch, b, runner_.clock().now()))
                return fail(errc::phase_not_open, "",
                            "the board's entries are published when voting closes and the last in-person table "
                            "has closed, at " +
                                format_rfc3339(entries_public_from(repo, ch)) +
                                "; until then its heads and leaf hashes");
            std::string out;
            constexpr std::size_t page_size = 10'000;
            for (std::uint64_t from = 0; from < b.size; from += page_size)
                repo.for_each_board_entry(
                    ch.id, from, page_size,
                    [&](std::uint64_t, std::string_view bytes) {
                        out.append(bytes);
                        out += '\n';
                    },
                    true);
            for (std::uint64_t after = 0;;) {
                const auto heads = repo.board_heads(ch.id, after, page_size);
                for (const auto& h : heads)
                    out += json{{"head", to_document(which, h)}}.dump() + '\n';
                if (heads.size() < page_size)
                    break;
                after = heads.back().size;
            }
            return out;
        },
        std::move(cb));
}

void board_use_cases::close_due(std::function<void(std::size_t)> done)
{
    runner_.for_each_due([this](repository& repo) { return repo.boards_due_for_close(runner_.clock().now()); },
                         "boards to close",
                         [this](const challenge_ref& which) {
                             runner_.write<done_t>(
                                 [this, which](repository& repo) -> result<done_t> {
                                     auto ch = load_challenge(repo, which);
                                     if (!ch)
                                         return ch.error();
                                     runner_.board().close_if_due(repo, *ch, runner_.clock().now());
                                     return done_t{};
                                 },
                                 [key = which.key()](result<done_t> r) {
                                     if (!r)
                                         spdlog::error("closing the board of {} failed (tried again in a second): {}",
                                                       key, r.error().message);
                                 });
                         },
                         std::move(done));
}

} // namespace cabildo::engine
