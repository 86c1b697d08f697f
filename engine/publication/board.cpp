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
    if (type == board_entry_type::ballot || type == board_entry_type::revocation)
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
