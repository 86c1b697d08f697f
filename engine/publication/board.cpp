#include "engine/publication/board.hpp"

#include "engine/domain/rfc3339.hpp"
#include "engine/identity/blind_token.hpp"
#include "engine/identity/crypto.hpp"
#include "engine/publication/canonical_json.hpp"

namespace cabildo::engine {

using json = nlohmann::json;

std::string token_reference(std::string_view jti)
{
    if (is_blind_jti(jti))
        return std::string(jti.substr(blind_jti_prefix.size()));
    return base64url_encode(sha256(jti));
}

json setup_body(const challenge& ch, const verification_keys& keys)
{
    const auto window = [](const engine::window& w) {
        return json{{"opens", format_rfc3339(w.opens)}, {"closes", format_rfc3339(w.closes)}};
    };
    return json{{"anonymity", name_of(ch.anonymity)},
                {"ballot", to_document(ch.ballot)},
                {"winners", ch.winners},
                {"budget", ch.budget ? json(*ch.budget) : json(nullptr)},
                {"submission", window(ch.timeline.submission)},
                {"voting", window(ch.timeline.voting)},
                {"tie_break_seed_sha256", to_hex(sha256(ch.tie_break_seed))},
                {"in_person_policy", name_of(ch.in_person_policy)},
                {"keys", to_document(keys).at("keys")}};
}

json idea_body(const idea& i)
{
    return json{{"idea", i.id}, {"title", i.title}, {"cost", i.cost ? json(*i.cost) : json(nullptr)}};
}

json moderation_body(idea_id id, bool hidden, bool counted)
{
    return json{{"idea", id}, {"hidden", hidden}, {"counted", counted}};
}

json ballot_body(std::string_view jti, std::string_view proof, const ballot_content& content,
                 std::optional<std::uint64_t> supersedes)
{
    json c{{"ideas", content.ideas}};
    if (!content.points.empty())
        c["points"] = content.points;
    return json{{"token", token_reference(jti)},
                {"proof", proof},
                {"content", std::move(c)},
                {"supersedes", supersedes ? json(*supersedes) : json(nullptr)}};
}

json revocation_body(std::string_view jti) { return json{{"token", token_reference(jti)}}; }

json close_body(std::uint64_t size, std::string_view seed) { return json{{"size", size}, {"tie_break_seed", seed}}; }

json tally_body(std::string_view counted_sha256, std::int64_t ballots, json result)
{
    return json{{"counted", counted_sha256}, {"ballots", ballots}, {"result", std::move(result)}};
}

json table_body(const polling_table& t)
{
    json observers = json::array();
    for (const auto& o : t.observers)
        observers.push_back({{"name", o.name}, {"organisation", o.organisation}});
    return json{{"table", t.id},
                {"name", t.name},
                {"address", t.address},
                {"district", t.district ? json(*t.district) : json(nullptr)},
                {"opens", format_rfc3339(t.opens)},
                {"closes", format_rfc3339(t.closes)},
                {"observers", std::move(observers)}};
}

json officer_body(std::int64_t table, std::int64_t officer, std::string_view signing_key)
{
    return json{{"table", table}, {"officer", officer}, {"signing_key", base64url_encode(signing_key)}};
}

json check_in_body(std::int64_t table, std::int64_t checked_in)
{
    return json{{"table", table}, {"checked_in", checked_in}};
}

json act_mark(const paper_mark& m)
{
    switch (m.kind) {
    case mark_kind::blank: return json{{"blank", true}};
    case mark_kind::null: return json{{"null", name_of(m.reason)}};
    case mark_kind::valid: break;
    }
    json c{{"ideas", m.content.ideas}};
    if (!m.content.points.empty())
        c["points"] = m.content.points;
    return c;
}

std::optional<paper_mark> mark_of(const json& j)
{
    if (!j.is_object())
        return std::nullopt;
    paper_mark m;
    if (const auto b = j.find("blank"); b != j.end())
        return b->is_boolean() && b->get<bool>() ? std::optional(m) : std::nullopt;
    if (const auto n = j.find("null"); n != j.end()) {
        const auto reason =
            n->is_string() ? value_in<null_reason>(null_reason_names, n->get<std::string>()) : std::nullopt;
        if (!reason)
            return std::nullopt;
        m.kind = mark_kind::null;
        m.reason = *reason;
        return m;
    }
    const auto ideas = j.find("ideas");
    if (ideas == j.end() || !ideas->is_array())
        return std::nullopt;
    m.kind = mark_kind::valid;
    for (const auto& id : *ideas) {
        if (!id.is_number_integer())
            return std::nullopt;
        m.content.ideas.push_back(id.get<idea_id>());
    }
    if (const auto points = j.find("points"); points != j.end()) {
        if (!points->is_array() || points->size() != m.content.ideas.size())
            return std::nullopt;
        for (const auto& p : *points) {
            if (!p.is_number_integer())
                return std::nullopt;
            m.content.points.push_back(p.get<std::int64_t>());
        }
    }
    return m;
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): table, edition and position, as the entry names them
json paper_ballot_body(std::int64_t table, std::int64_t edition, std::int64_t position, const paper_mark& m)
{
    auto body = act_mark(m);
    body["table"] = table;
    body["edition"] = edition;
    body["position"] = position;
    return body;
}

std::string act_ballots_digest(const std::vector<std::pair<std::int64_t, paper_mark>>& ballots)
{
    json list = json::array();
    for (const auto& [position, mark] : ballots)
        list.push_back(json::array({position, act_mark(mark)}));
    return to_hex(sha256(canonical_json(list)));
}

json act_message_json(const challenge_ref& ch, const act_facts& a)
{
    json nulls = json::object();
    for (const auto& [reason, n] : a.totals.nulls)
        nulls[std::string(name_of(reason))] = n;
    json votes = json::object();
    for (const auto& [idea, n] : a.totals.votes)
        votes[std::to_string(idea)] = n;
    return json{{"challenge", ch.key()},
                {"table", a.table},
                {"edition", a.edition},
                {"supersedes", a.edition > 1 ? json(a.edition - 1) : json(nullptr)},
                {"reason", a.reason ? json(*a.reason) : json(nullptr)},
                {"checked_in", a.totals.checked_in},
                {"ballots_in_box", a.totals.ballots_in_box},
                {"valid", a.totals.valid},
                {"blank", a.totals.blank},
                {"null", std::move(nulls)},
                {"votes", std::move(votes)},
                {"photo_sha256", a.photo_sha256},
                {"ballots_sha256", a.ballots_sha256}};
}

std::string board_entry(json body, const challenge_ref& ch, std::uint64_t seq, board_entry_type type, time_point at)
{
    body["challenge"] = ch.key();
    body["seq"] = seq;
    body["type"] = name_of(type);
    body["at"] = format_rfc3339(at);
    if (type == board_entry_type::revocation)
        body["from"] = seq;
    // 128 random bits in what stays unpublished until the close: without them, whoever holds a
    // voter's token could find a later ballot or a revocation of it among the leaf hashes by
    // trying the few contents, seconds and leaves it could have (re-voting is the defence against
    // pressure, and must stay unseen).
    // A paper ballot's too: its table, position and few possible marks would give the count away.
    if (type == board_entry_type::ballot || type == board_entry_type::revocation ||
        type == board_entry_type::paper_ballot)
        body["nonce"] = base64url_encode(random_bytes(16));
    return canonical_json(body);
}

std::string counted_leaves_digest(const std::vector<std::uint64_t>& leaves)
{
    return to_hex(sha256(canonical_json(json(leaves))));
}

std::string head_message(const challenge_ref& ch, std::uint64_t size, std::int64_t timestamp, std::string_view root)
{
    return canonical_json(json{
        {"challenge", ch.key()}, {"tree_size", size}, {"timestamp", timestamp}, {"root_hash", base64url_encode(root)}});
}

json to_document(const challenge_ref& ch, const stored_head& h)
{
    return json{{"challenge", ch.key()},
                {"tree_size", h.size},
                {"timestamp", h.timestamp},
                {"root_hash", base64url_encode(h.root)},
                {"signature", base64url_encode(h.signature)}};
}

std::optional<stored_head> head_from_document(const json& doc)
{
    if (!doc.is_object())
        return std::nullopt;
    const auto size = doc.find("tree_size");
    const auto timestamp = doc.find("timestamp");
    const auto root = doc.find("root_hash");
    const auto signature = doc.find("signature");
    if (size == doc.end() || !size->is_number_unsigned() || timestamp == doc.end() || !timestamp->is_number_integer() ||
        root == doc.end() || !root->is_string() || signature == doc.end() || !signature->is_string())
        return std::nullopt;
    auto r = base64url_decode(root->get<std::string>());
    auto s = base64url_decode(signature->get<std::string>());
    if (!r || r->size() != 32 || !s || s->size() != 64)
        return std::nullopt;
    return stored_head{size->get<std::uint64_t>(), timestamp->get<std::int64_t>(), std::move(*r), std::move(*s)};
}

} // namespace cabildo::engine
