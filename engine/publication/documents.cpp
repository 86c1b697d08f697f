#include "engine/publication/documents.hpp"

#include "engine/domain/rfc3339.hpp"
#include "engine/identity/blind_rsa.hpp"
#include "engine/identity/crypto.hpp"
#include "engine/identity/token.hpp"

namespace cabildo::engine {

using json = nlohmann::json;

namespace {

json window_document(const window& w)
{
    return {{"opens", format_rfc3339(w.opens)}, {"closes", format_rfc3339(w.closes)}};
}

// One word for where the challenge stands, for people and simple clients.
std::string status_at(const challenge& c, time_point now)
{
    const auto& t = c.timeline;
    const auto first = t.consultation ? std::min(t.consultation->opens, t.submission.opens) : t.submission.opens;
    if (now < first)
        return "upcoming";
    if (c.announced_at || now >= t.announcement)
        return t.development && t.development->opens <= now ? "development" : "announced";
    if (now < t.voting.closes || now < t.submission.closes)
        return "open";
    return "counting";
}

} // namespace

json to_document(const timeline& t)
{
    json j{{"submission", window_document(t.submission)},
           {"voting", window_document(t.voting)},
           {"announcement", format_rfc3339(t.announcement)}};
    if (t.consultation)
        j["consultation"] = window_document(*t.consultation);
    if (t.development)
        j["development"] = window_document(*t.development);
    return j;
}

json to_document(const ballot_rules& b)
{
    json j{{"kind", name_of(b.kind)}, {"method", name_of(b.method)}};
    switch (info(b.kind).limit) {
    case ballot_limit::points:
        j["points_total"] = b.points_total;
        j["max_per_idea"] = b.max_per_idea;
        break;
    case ballot_limit::ranks: j["max_ranks"] = b.max_ranks; break;
    case ballot_limit::choices: j["max_choices"] = b.max_choices; break;
    }
    if (b.method == count_method::greedy_threshold)
        j["threshold"] = b.threshold;
    return j;
}

json to_document(const municipality& m)
{
    return {{"slug", m.slug},         {"name", m.name},     {"state", m.state},
            {"timezone", m.timezone}, {"locale", m.locale}, {"created_at", format_rfc3339(m.created_at)}};
}

json to_document(const challenge& c, std::optional<time_point> now)
{
    json j{{"slug", c.slug},
           {"municipality", c.municipality_slug},
           {"title", c.title},
           {"description", c.description},
           {"categories", c.categories},
           {"timeline", to_document(c.timeline)},
           {"ballot", to_document(c.ballot)},
           {"winners", c.winners},
           {"tie_break_seed_sha256", to_hex(sha256(c.tie_break_seed))},
           {"max_ideas_per_token", c.max_ideas_per_token},
           {"max_ideas", c.max_ideas},
           {"issuer_key", {{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", base64url_encode(c.issuer_public)}}},
           {"anonymity", std::string(name_of(c.anonymity))},
           {"in_person_policy", std::string(name_of(c.in_person_policy))},
           {"announced", c.announced_at.has_value()},
           {"created_at", format_rfc3339(c.created_at)}};
    j["budget"] = c.budget ? json(*c.budget) : json(nullptr);
    // Committed at the launch (the board's setup has its SHA-256), revealed when voting closes, so
    // no author can time an idea to a favourable lottery key; a consultation's survey draws its
    // ties with it, so its close reveals it too.
    const bool seed_public =
        c.announced_at.has_value() || (now && (c.timeline.voting.closed_at(*now) ||
                                               (c.timeline.consultation && c.timeline.consultation->closed_at(*now))));
    j["tie_break_seed"] = seed_public ? json(c.tie_break_seed) : json(nullptr);
    if (c.announced_at)
        j["announced_at"] = format_rfc3339(*c.announced_at);
    if (now) {
        j["now"] = format_rfc3339(*now);
        j["open_phases"] = open_phases(c.timeline, *now);
        j["status"] = status_at(c, *now);
    }
    return j;
}

json to_document(const idea& i, bool show_hidden_content)
{
    json j{{"id", i.id}, {"status", i.hidden ? "hidden" : "visible"}, {"created_at", format_rfc3339(i.created_at)}};
    if (i.hidden)
        j["hidden_reason"] = i.hidden_reason;
    if (!i.hidden || show_hidden_content) {
        j["title"] = i.title;
        j["description"] = i.description;
        j["category"] = i.category;
        j["cost"] = i.cost ? json(*i.cost) : json(nullptr);
        j["location"] =
            i.location ? json{{"latitude", i.location->latitude}, {"longitude", i.location->longitude}} : json(nullptr);
    }
    return j;
}

json to_document(const audit_entry& e)
{
    json out{{"id", e.id},
             {"at", format_rfc3339(e.at)},
             {"actor", e.actor},
             {"action", e.action},
             {"detail", json::parse(e.detail, nullptr, false)}};
    if (e.key_id)
        out["key_id"] = *e.key_id;
    return out;
}

namespace {

// The RFC 7638 thumbprint of a JWK: SHA-256 over its required members, sorted, without spaces.
std::string thumbprint(const json& required) { return base64url_encode(sha256(required.dump())); }

} // namespace

json ed25519_jwk(std::string_view raw)
{
    const auto x = base64url_encode(raw);
    return {{"kty", "OKP"}, {"crv", "Ed25519"},
            {"x", x},       {"alg", jws_algorithm},
            {"use", "sig"}, {"kid", thumbprint({{"crv", "Ed25519"}, {"kty", "OKP"}, {"x", x}})}};
}

json to_document(const verification_keys& k)
{
    json keys = json::array();
    keys.push_back(ed25519_jwk(k.ed25519));
    if (k.rsa) {
        const auto n = base64url_encode(k.rsa->first);
        const auto e = base64url_encode(k.rsa->second);
        keys.push_back({{"kty", "RSA"},
                        {"n", n},
                        {"e", e},
                        {"alg", std::string(blind_rsa::algorithm)},
                        {"use", "sig"},
                        {"kid", thumbprint({{"e", e}, {"kty", "RSA"}, {"n", n}})}});
    }
    if (!k.board.empty()) {
        auto board = ed25519_jwk(k.board);
        board["purpose"] = "board";
        keys.push_back(std::move(board));
    }
    return json{{"keys", keys}};
}

} // namespace cabildo::engine
