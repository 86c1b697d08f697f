#include "engine/publication/board_verify.hpp"

#include "engine/domain/limits.hpp"
#include "engine/domain/rfc3339.hpp"
#include "engine/identity/blind_rsa.hpp"
#include "engine/identity/blind_token.hpp"
#include "engine/identity/crypto.hpp"
#include "engine/identity/merkle.hpp"
#include "engine/identity/token.hpp"
#include "engine/publication/board.hpp"
#include "engine/publication/canonical_json.hpp"
#include "engine/publication/results_document.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace cabildo::engine {

using json = nlohmann::json;

namespace {

// A discrepancy in the entry being read: what is wrong with it.
struct wrong : std::runtime_error {
    using std::runtime_error::runtime_error;
};

const json& member(const json& entry, const char* name)
{
    const auto it = entry.find(name);
    if (it == entry.end())
        throw wrong(std::string("it has no \"") + name + "\"");
    return *it;
}

std::string text(const json& entry, const char* name)
{
    const auto& v = member(entry, name);
    if (!v.is_string())
        throw wrong(std::string("\"") + name + "\" is not a string");
    return v.get<std::string>();
}

std::uint64_t whole(const json& v, const char* name)
{
    if (!v.is_number_unsigned())
        throw wrong(std::string("\"") + name + "\" is not a whole number");
    return v.get<std::uint64_t>();
}

std::uint64_t whole_member(const json& entry, const char* name) { return whole(member(entry, name), name); }

std::optional<std::int64_t> optional_int(const json& v, const char* name)
{
    if (v.is_null())
        return std::nullopt;
    if (!v.is_number_integer())
        throw wrong(std::string("\"") + name + "\" is not a whole number or null");
    return v.get<std::int64_t>();
}

// A ballot's limit as the setup entry writes it: left out where the ballot's kind or method has
// none (0), otherwise a whole number. A fraction or a number past the limit's type is refused rather
// than converted, which would be undefined behaviour (the board_entry fuzz target's 2.1e100 as
// "max_choices": tests/fuzz/regressions/).
std::size_t count_limit(const json& ballot, const char* name)
{
    const auto v = ballot.find(name);
    return v == ballot.end() ? 0 : static_cast<std::size_t>(whole(*v, name));
}

std::int64_t amount_limit(const json& ballot, const char* name)
{
    const auto v = ballot.find(name);
    if (v == ballot.end())
        return 0;
    if (!v->is_number_integer())
        throw wrong(std::string("\"") + name + "\" is not a whole number");
    return v->get<std::int64_t>();
}

bool flag(const json& entry, const char* name)
{
    const auto& v = member(entry, name);
    if (!v.is_boolean())
        throw wrong(std::string("\"") + name + "\" is not true or false");
    return v.get<bool>();
}

time_point time_of(const json& v, const char* name)
{
    const auto t = v.is_string() ? parse_rfc3339(v.get<std::string>()) : std::nullopt;
    if (!t)
        throw wrong(std::string("\"") + name + "\" is not an RFC 3339 time");
    return *t;
}

window window_of(const json& setup, const char* name)
{
    const auto& w = member(setup, name);
    return {time_of(member(w, "opens"), "opens"), time_of(member(w, "closes"), "closes")};
}

// The rules a setup entry states, and the keys its tokens and heads are checked against.
struct rules {
    challenge ch;
    std::string seed_sha256;
    std::optional<ed25519_key> token_key, board_key;
    std::shared_ptr<const blind_rsa::public_key> blind;
};

rules rules_of(const json& setup, const std::string& challenge_key)
{
    rules r;
    const auto slash = challenge_key.find('/');
    if (slash == std::string::npos)
        throw wrong("\"challenge\" is not municipality/challenge");
    r.ch.municipality_slug = challenge_key.substr(0, slash);
    r.ch.slug = challenge_key.substr(slash + 1);
    const auto anonymity = anonymity_named(text(setup, "anonymity"));
    if (!anonymity)
        throw wrong("\"anonymity\" is not none or blind");
    r.ch.anonymity = *anonymity;
    const auto& b = member(setup, "ballot");
    const auto kind = kind_named(text(b, "kind"));
    const auto method = method_named(text(b, "method"));
    if (!kind || !method)
        throw wrong("the ballot's kind or method is unknown");
    r.ch.ballot.kind = *kind;
    r.ch.ballot.method = *method;
    r.ch.ballot.max_choices = count_limit(b, "max_choices");
    r.ch.ballot.max_ranks = count_limit(b, "max_ranks");
    r.ch.ballot.points_total = amount_limit(b, "points_total");
    r.ch.ballot.max_per_idea = amount_limit(b, "max_per_idea");
    r.ch.ballot.threshold = amount_limit(b, "threshold");
    r.ch.winners = whole_member(setup, "winners");
    r.ch.budget = optional_int(member(setup, "budget"), "budget");
    r.ch.timeline.submission = window_of(setup, "submission");
    r.ch.timeline.voting = window_of(setup, "voting");
    r.seed_sha256 = text(setup, "tie_break_seed_sha256");
    const auto& keys = member(setup, "keys");
    if (!keys.is_array())
        throw wrong("\"keys\" is not a list");
    for (const auto& k : keys) {
        const auto kty = k.value("kty", std::string());
        if (kty == "OKP") {
            const auto x = base64url_decode(k.value("x", std::string()));
            auto key = x ? ed25519_key::from_public(*x) : std::nullopt;
            if (!key)
                throw wrong("an Ed25519 key does not read");
            (k.value("purpose", std::string()) == "board" ? r.board_key : r.token_key) = std::move(key);
        } else if (kty == "RSA") {
            const auto n = base64url_decode(k.value("n", std::string()));
            const auto e = base64url_decode(k.value("e", std::string()));
            auto key = n && e ? blind_rsa::public_key::from_n_e(*n, *e) : std::nullopt;
            if (!key)
                throw wrong("the RSA key does not read");
            r.blind = std::make_shared<const blind_rsa::public_key>(std::move(*key));
        }
    }
    if (!r.token_key || !r.board_key)
        throw wrong("the keys lack the token key or the board key");
    return r;
}

struct idea_state {
    std::string title;
    std::optional<std::int64_t> cost;
    bool hidden = false;
    bool counted = true;
};

ballot_content content_of(const json& ballot)
{
    const auto& c = member(ballot, "content");
    ballot_content out;
    const auto& ideas = member(c, "ideas");
    if (!ideas.is_array())
        throw wrong("the content's \"ideas\" is not a list");
    for (const auto& i : ideas)
        out.ideas.push_back(whole(i, "ideas"));
    if (const auto p = c.find("points"); p != c.end()) {
        if (!p->is_array() || p->size() != out.ideas.size())
            throw wrong("the content's \"points\" is not a list as long as its ideas");
        for (const auto& n : *p)
            out.points.push_back(optional_int(n, "points").value_or(0));
    }
    return out;
}

class verifier {
public:
    explicit verifier(board_verification& out) : out_(out) {}

    void entry(const std::string& line)
    {
        const auto seq = out_.entries;
        json e = json::parse(line, nullptr, false);
        if (e.is_discarded() || !e.is_object()) {
            out_.readable = false;
            throw wrong("it is not a JSON object");
        }
        tree_.push(merkle::leaf_hash(line));
        ++out_.entries;
        if (canonical_json(e) != line)
            throw wrong("it is not in canonical form (RFC 8785): its bytes are not the ones its content hashes to");
        if (whole_member(e, "seq") != seq)
            throw wrong("its seq is not its place on the board");
        const auto type = board_entry_type_named(text(e, "type"));
        if (!type)
            throw wrong("its type \"" + text(e, "type") + "\" is not one this verifier knows");
        if (seq == 0) {
            if (*type != board_entry_type::setup)
                throw wrong("the board does not start with its setup");
            challenge_ = text(e, "challenge");
        } else if (text(e, "challenge") != challenge_) {
            throw wrong("it belongs to another challenge's board");
        }
        const auto at = time_of(member(e, "at"), "at");
        if (out_.tallied)
            throw wrong("it comes after the tally");
        switch (*type) {
        case board_entry_type::setup: rules_ = rules_of(e, challenge_); break;
        case board_entry_type::idea: idea(e); break;
        case board_entry_type::moderation: moderation(e); break;
        case board_entry_type::ballot: ballot(e, seq, at); break;
        case board_entry_type::revocation:
            if (whole_member(e, "from") != seq)
                throw wrong("a revocation holds from its own leaf on");
            if (revoked_.insert(text(e, "token")).second)
                ++out_.revoked;
            break;
        case board_entry_type::close: close(e, seq); break;
        case board_entry_type::tally: tally(e); break;
        case board_entry_type::table: table(e); break;
        case board_entry_type::officer: officer(e); break;
        case board_entry_type::check_in: check_in(e, at); break;
        case board_entry_type::paper_ballot: paper_ballot(e, seq); break;
        case board_entry_type::act: act(e, seq, at); break;
        }
    }

    // A signed head, checked once the board has its size: its signature and its root. A root that
    // does not match names the first leaf the previous good head did not cover (with a head per
    // batch of writes, usually the changed entry itself).
    void head(const json& doc)
    {
        const auto h = head_from_document(doc);
        if (!h || doc.value("challenge", std::string()) != challenge_)
            throw wrong("a signed head does not read, or names another challenge");
        if (h->size <= last_head_size_ && out_.heads > 0)
            throw wrong("the signed heads are not in growing order");
        if (h->timestamp < last_head_time_)
            throw wrong("the signed head of size " + std::to_string(h->size) + " is dated before the previous one");
        if (h->size <= tree_.size() && tree_.root(h->size) != h->root && out_.discrepancy.empty()) {
            out_.leaf = last_head_size_;
            throw wrong("the entries from leaf " + std::to_string(last_head_size_) + " to " +
                        std::to_string(h->size - 1) + " are not those the signed head of size " +
                        std::to_string(h->size) + " was signed over");
        }
        check_head(*h, "signed head of size " + std::to_string(h->size));
        last_head_size_ = h->size;
        last_head_time_ = h->timestamp;
        ++out_.heads;
    }

    // A head's signature holds and the board's first `size` entries have its root.
    void check_head(const stored_head& h, const std::string& what) const
    {
        if (!rules_)
            throw wrong("the board has no setup");
        const challenge_ref ref{rules_->ch.municipality_slug, rules_->ch.slug};
        if (!rules_->board_key->verify(head_message(ref, h.size, h.timestamp, h.root), h.signature))
            throw wrong("the " + what + " is not signed by the board's key");
        if (h.size > tree_.size())
            throw wrong("the " + what + " holds more entries than the board (" + std::to_string(tree_.size()) + ")");
        if (tree_.root(h.size) != h.root)
            throw wrong("the board's first " + std::to_string(h.size) + " entries do not have the " + what + "'s root");
    }

    void receipt(const json& r)
    {
        const auto leaf = whole_member(r, "leaf");
        const auto& entry = member(r, "entry");
        const auto bytes = canonical_json(entry);
        if (leaf >= tree_.size() || merkle::leaf_hash(bytes) != tree_.leaf(leaf))
            throw wrong("the receipt's entry is not the board's entry at leaf " + std::to_string(leaf));
        if (r.contains("tracker") && text(r, "tracker") != base64url_encode(sha256(bytes)))
            throw wrong("the receipt's tracker is not its entry's");
        if (const auto h = r.find("head"); h != r.end() && !h->is_null()) {
            const auto head = head_from_document(*h);
            if (!head || head->size <= leaf)
                throw wrong("the receipt's head does not read or does not hold its leaf");
            check_head(*head, "receipt's head");
        }
        const auto token = text(entry, "token");
        out_.receipt_state = revoked_.contains(token)              ? ballot_state::revoked
                             : last_ballot_.at(token).leaf == leaf ? ballot_state::counted
                                                                   : ballot_state::replaced;
    }

    void finish()
    {
        if (out_.entries == 0) {
            out_.readable = false;
            throw wrong("the file holds no entries");
        }
    }

private:
    const rules& setup() const
    {
        if (!rules_)
            throw wrong("the board has no setup");
        return *rules_;
    }

    void idea(const json& e)
    {
        if (closed_)
            throw wrong("an idea after the close");
        const auto id = whole_member(e, "idea");
        if (!ideas_.emplace(id, idea_state{text(e, "title"), optional_int(member(e, "cost"), "cost"), false, true})
                 .second)
            throw wrong("idea " + std::to_string(id) + " is on the board twice");
        ++out_.ideas;
    }

    void moderation(const json& e)
    {
        const auto id = whole_member(e, "idea");
        const auto it = ideas_.find(id);
        if (it == ideas_.end())
            throw wrong("it moderates idea " + std::to_string(id) + ", which is not on the board");
        const bool hidden = flag(e, "hidden"), counted = flag(e, "counted");
        // Before the close moderation decides the count; from the close on it cannot change it.
        if (counted != (closed_ ? it->second.counted : !hidden))
            throw wrong("its \"counted\" is not what moderation " +
                        std::string(closed_ ? "after the close keeps" : "before the close makes"));
        it->second.hidden = hidden;
        it->second.counted = counted;
    }

    // The token's proof: a JWS by the setup's Ed25519 key for this challenge, valid at `at`, or an
    // anonymous token under its RSA key; and the reference the entry names must be its own.
    // NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the token and what the entry names it
    void check_proof(const std::string& proof, const std::string& token, time_point at) const
    {
        const auto& r = setup();
        std::string jti;
        if (is_blind_token(proof)) {
            if (!r.blind)
                throw wrong("an anonymous token in a challenge without a blind-signing key");
            auto key = verify_blind_token(proof, *r.blind);
            if (!key)
                throw wrong("its token's blind signature does not verify: " + key.error().message);
            jti = std::move(*key);
        } else {
            auto claims = verify_token(proof, *r.token_key, r.ch.municipality_slug, r.ch.slug, at);
            if (!claims)
                throw wrong("its token does not verify for this challenge: " + claims.error().message);
            jti = std::move(claims->jti);
        }
        if (token_reference(jti) != token)
            throw wrong("its token reference is not its token's");
    }

    void ballot(const json& e, std::uint64_t seq, time_point at)
    {
        const auto& r = setup();
        if (closed_)
            throw wrong("a ballot after the close");
        const auto opens = r.ch.anonymity == anonymity::blind
                               ? std::chrono::floor<anonymous_time_granularity>(r.ch.timeline.voting.opens)
                               : r.ch.timeline.voting.opens;
        if (at < opens || at >= r.ch.timeline.voting.closes)
            throw wrong("a ballot cast outside the voting window");
        const auto proof = text(e, "proof");
        const auto token = text(e, "token");
        // A token voting again with the very proof checked at its first ballot: one signature check.
        auto digest = sha256(proof);
        if (const auto seen = proofs_.find(token); seen == proofs_.end() || seen->second != digest) {
            check_proof(proof, token, at);
            proofs_.insert_or_assign(token, std::move(digest));
        }
        if (revoked_.contains(token))
            throw wrong("a ballot of a revoked token");
        const auto& s = member(e, "supersedes");
        const auto previous = last_ballot_.find(token);
        const bool superseding = previous != last_ballot_.end();
        const std::uint64_t previous_leaf = superseding ? previous->second.leaf : 0;
        const std::uint64_t stated = s.is_null() ? 0 : whole(s, "supersedes");
        if (s.is_null() == superseding || stated != previous_leaf)
            throw wrong("its \"supersedes\" is not this token's previous ballot (" +
                        (superseding ? "leaf " + std::to_string(previous_leaf) : std::string("none")) + ")");
        auto content = content_of(e);
        const auto lookup = [&](idea_id id) -> std::optional<std::int64_t> {
            const auto it = ideas_.find(id);
            if (it == ideas_.end() || it->second.hidden)
                return std::nullopt;
            return it->second.cost.value_or(0);
        };
        if (auto f = check_ballot(r.ch.ballot, content, r.ch.budget, lookup))
            throw wrong("its content breaks the ballot rules (" + f->field + "): " + f->message);
        last_ballot_.insert_or_assign(token, last_ballot{seq, std::move(content)});
        ++out_.ballots;
        if (superseding)
            ++out_.replaced;
    }

    void close(const json& e, std::uint64_t seq)
    {
        if (closed_)
            throw wrong("a second close");
        if (whole_member(e, "size") != seq)
            throw wrong("the close's size is not the entries before it");
        seed_ = text(e, "tie_break_seed");
        if (to_hex(sha256(seed_)) != setup().seed_sha256)
            throw wrong("the revealed tie-break seed is not the one the setup committed to");
        closed_ = true;
        out_.closed = true;
    }

    // A time as the board writes it: to the hour in a blind challenge.
    time_point as_written(time_point t) const
    {
        return setup().ch.anonymity == anonymity::blind ? std::chrono::floor<anonymous_time_granularity>(t) : t;
    }

    struct table_state {
        std::optional<std::string> district;
        time_point opens, closes;
        std::map<std::int64_t, ed25519_key> officers;
        std::uint64_t checked_in = 0;
        std::int64_t edition = 0; // of its last closed act
        // The paper ballots of the edition being entered, then of the act that counts: leaf, position, mark.
        struct paper {
            std::uint64_t leaf = 0;
            std::int64_t position = 0;
            paper_mark mark;
        };
        std::vector<paper> pending, counted;
    };

    table_state& table_of(const json& e)
    {
        const auto id = whole_member(e, "table");
        const auto it = tables_.find(static_cast<std::int64_t>(id));
        if (it == tables_.end())
            throw wrong("it names table " + std::to_string(id) + ", which is not on the board");
        return it->second;
    }

    void table(const json& e)
    {
        setup();
        table_state t;
        const auto& d = member(e, "district");
        if (!d.is_null())
            t.district = text(e, "district");
        t.opens = time_of(member(e, "opens"), "opens");
        t.closes = time_of(member(e, "closes"), "closes");
        if (!tables_.emplace(static_cast<std::int64_t>(whole_member(e, "table")), std::move(t)).second)
            throw wrong("table " + std::to_string(whole_member(e, "table")) + " is on the board twice");
        ++out_.tables;
    }

    void officer(const json& e)
    {
        auto& t = table_of(e);
        const auto raw = base64url_decode(text(e, "signing_key"));
        auto key = raw ? ed25519_key::from_public(*raw) : std::nullopt;
        if (!key)
            throw wrong("the officer's signing key does not read");
        if (!t.officers.emplace(static_cast<std::int64_t>(whole_member(e, "officer")), std::move(*key)).second)
            throw wrong("officer " + std::to_string(whole_member(e, "officer")) + " is on the board twice");
    }

    void check_in(const json& e, time_point at)
    {
        auto& t = table_of(e);
        if (at < as_written(t.opens))
            throw wrong("a check-in before its table opened");
        if (whole_member(e, "checked_in") != t.checked_in + 1)
            throw wrong("its table's count of check-ins is not one more than the last (" +
                        std::to_string(t.checked_in) + ")");
        ++t.checked_in;
        ++out_.check_ins;
    }

    void paper_ballot(const json& e, std::uint64_t seq)
    {
        auto& t = table_of(e);
        if (static_cast<std::int64_t>(whole_member(e, "edition")) != t.edition + 1)
            throw wrong("a paper ballot of edition " + std::to_string(whole_member(e, "edition")) +
                        " of its table's act, whose next is " + std::to_string(t.edition + 1));
        const auto position = static_cast<std::int64_t>(whole_member(e, "position"));
        if (position != static_cast<std::int64_t>(t.pending.size()) + 1)
            throw wrong("its position in the box is not the next (" + std::to_string(t.pending.size() + 1) + ")");
        auto m = mark_of(e);
        if (!m)
            throw wrong("its mark does not read (ideas, blank or null with a known reason)");
        if (m->kind == mark_kind::valid) {
            // Any idea of the board: one moderated out of the count after the ballot was entered is
            // cut from it at the count, as from an online ballot.
            const auto lookup = [&](idea_id id) -> std::optional<std::int64_t> {
                const auto it = ideas_.find(id);
                if (it == ideas_.end())
                    return std::nullopt;
                return it->second.cost.value_or(0);
            };
            if (auto f = check_ballot(setup().ch.ballot, m->content, setup().ch.budget, lookup))
                throw wrong("a valid paper ballot breaks the ballot rules (" + f->field + "): " + f->message);
        }
        t.pending.push_back({seq, position, std::move(*m)});
        ++out_.paper_ballots;
    }

    void act(json e, std::uint64_t seq, time_point at)
    {
        auto& t = table_of(e);
        if (at < as_written(t.closes))
            throw wrong("an act closed before its table did");
        const auto edition = static_cast<std::int64_t>(whole_member(e, "edition"));
        if (edition != t.edition + 1)
            throw wrong("an act of edition " + std::to_string(edition) + ", where its table's next is " +
                        std::to_string(t.edition + 1));
        const auto& supersedes = member(e, "supersedes");
        if (edition == 1 ? !supersedes.is_null() : optional_int(supersedes, "supersedes") != edition - 1)
            throw wrong("its \"supersedes\" is not the edition before it");
        // What the officers signed: the entry without the board's own members and the signatures.
        auto signatures = member(e, "signatures");
        for (const char* board_member : {"seq", "type", "at", "signatures"})
            e.erase(board_member);
        const auto message = canonical_json(e);
        std::vector<paper_mark> marks;
        std::vector<std::pair<std::int64_t, paper_mark>> ballots;
        for (const auto& p : t.pending) {
            marks.push_back(p.mark);
            ballots.emplace_back(p.position, p.mark);
        }
        act_facts facts{0,
                        edition,
                        std::nullopt,
                        total_of(marks, setup().ch.ballot.kind),
                        text(e, "photo_sha256"),
                        act_ballots_digest(ballots)};
        facts.table = static_cast<std::int64_t>(whole_member(e, "table"));
        facts.totals.checked_in = static_cast<std::int64_t>(t.checked_in);
        if (const auto& r = member(e, "reason"); !r.is_null())
            facts.reason = text(e, "reason");
        const challenge_ref ref{setup().ch.municipality_slug, setup().ch.slug};
        if (canonical_json(act_message_json(ref, facts)) != message)
            throw wrong("its figures are not those of its " + std::to_string(t.pending.size()) +
                        " paper ballots and the table's " + std::to_string(t.checked_in) + " check-ins");
        if (!signatures.is_array())
            throw wrong("its \"signatures\" is not a list");
        std::unordered_set<std::int64_t> signers;
        for (const auto& s : signatures) {
            const auto officer = static_cast<std::int64_t>(whole_member(s, "officer"));
            const auto key = t.officers.find(officer);
            if (key == t.officers.end())
                throw wrong("it is signed by " + std::to_string(officer) + ", who is not an officer of its table");
            const auto sig = base64url_decode(text(s, "signature"));
            if (!sig || !key->second.verify(message, *sig))
                throw wrong("officer " + std::to_string(officer) + "'s signature does not verify over the act");
            signers.insert(officer);
        }
        if (signers.size() < 2)
            throw wrong("an act is signed by at least two of its table's officers");
        (void)seq;
        t.edition = edition;
        t.counted = std::move(t.pending);
        t.pending.clear();
        ++out_.acts;
    }

    void tally(const json& e)
    {
        if (!closed_)
            throw wrong("a tally before the close");
        std::vector<std::uint64_t> counted;
        for (const auto& [token, last] : last_ballot_)
            if (!revoked_.contains(token))
                counted.push_back(last.leaf);
        for (const auto& [id, t] : tables_)
            for (const auto& p : t.counted) {
                ++out_.paper_counted;
                if (p.mark.kind == mark_kind::valid)
                    counted.push_back(p.leaf);
            }
        std::sort(counted.begin(), counted.end());
        out_.counted = counted.size();
        if (text(e, "counted") != counted_leaves_digest(counted))
            throw wrong("the counted ballots' digest is not that of each live token's last ballot (" +
                        std::to_string(counted.size()) + " ballots)");
        if (whole_member(e, "ballots") != counted.size())
            throw wrong("the tally's number of ballots is not the counted ballots'");
        auto ch = setup().ch;
        ch.tie_break_seed = seed_;
        std::vector<engine::idea> candidates;
        for (const auto& [id, s] : ideas_)
            if (s.counted) {
                engine::idea i;
                i.id = id;
                i.title = s.title;
                i.cost = s.cost;
                i.hidden = s.hidden;
                candidates.push_back(std::move(i));
            }
        ballot_collector collect(ch, candidates);
        for (auto& [token, last] : last_ballot_)
            if (!revoked_.contains(token))
                collect.add(last.content);
        std::vector<std::int64_t> missing;
        for (auto& [id, t] : tables_) {
            if (t.edition == 0)
                missing.push_back(id);
            for (auto& p : t.counted)
                collect.add_paper(p.mark, t.district);
        }
        auto cast = collect.take();
        cast.channels.tables = !tables_.empty();
        auto count = count_challenge(ch, std::move(candidates), cast);
        count.missing_tables = std::move(missing);
        const auto doc = to_document(count, ch);
        out_.result = doc;
        out_.tallied = true;
        if (canonical_json(doc) != canonical_json(member(e, "result")))
            throw wrong("the result counted again from the board is not the tally's result");
    }

    board_verification& out_;
    merkle::growing_tree tree_;
    std::string challenge_;
    std::optional<rules> rules_;
    std::map<idea_id, idea_state> ideas_;
    struct last_ballot {
        std::uint64_t leaf = 0;
        ballot_content content;
    };
    std::unordered_map<std::string, last_ballot> last_ballot_; // token -> its last ballot
    std::unordered_map<std::string, std::string> proofs_;      // token -> SHA-256 of its proof, once checked
    std::unordered_set<std::string> revoked_;
    std::map<std::int64_t, table_state> tables_;
    std::string seed_;
    bool closed_ = false;
    std::uint64_t last_head_size_ = 0;
    std::int64_t last_head_time_ = 0;
};

} // namespace

board_verification verify_board(std::istream& file, const std::optional<json>& receipt,
                                const std::optional<json>& since)
{
    board_verification out;
    verifier v(out);
    std::vector<std::string> entries;
    std::vector<json> heads;
    std::string line;
    try {
        while (std::getline(file, line)) {
            if (line.empty())
                continue;
            if (!line.starts_with("{\"head\":")) {
                if (!heads.empty())
                    throw wrong("an entry after the signed heads");
                entries.push_back(std::move(line));
                continue;
            }
            auto doc = json::parse(line, nullptr, false);
            if (doc.is_discarded() || !doc.contains("head")) {
                out.readable = false;
                throw wrong("a head line is not JSON");
            }
            heads.push_back(std::move(doc.at("head")));
        }
        // Each entry, then each head the board has reached the size of.
        std::size_t next_head = 0;
        // Where each head is checked; a tree_size that is not a whole number is checked at once, and
        // refused there (a float such as 2e108 must not be converted: that is undefined behaviour).
        const auto head_size = [&](std::size_t i) {
            const auto size = heads[i].find("tree_size");
            return size != heads[i].end() && size->is_number_unsigned() ? size->get<std::uint64_t>() : 0;
        };
        for (const auto& e : entries) {
            out.leaf = out.entries;
            v.entry(e);
            out.leaf.reset();
            while (next_head < heads.size() && head_size(next_head) <= out.entries)
                v.head(heads[next_head++]);
        }
        v.finish();
        while (next_head < heads.size())
            v.head(heads[next_head++]);
        if (since) {
            const auto h = head_from_document(*since);
            if (!h)
                throw wrong("the head given with --since does not read");
            v.check_head(*h, "head given with --since");
        }
        if (receipt)
            v.receipt(receipt->contains("board") ? receipt->at("board") : *receipt);
    } catch (const wrong& w) {
        out.discrepancy = w.what();
    } catch (const std::exception& e) { // a member of the wrong JSON type deep in an entry
        out.discrepancy = e.what();
    }
    return out;
}

} // namespace cabildo::engine
