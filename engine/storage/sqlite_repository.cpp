#include "engine/storage/sqlite_repository.hpp"

#include "engine/storage/sqlite_columns.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <stdexcept>

namespace cabildo::engine {

namespace {

// How the challenges table spells a challenge's anonymity (older than the API's "none").
constexpr std::array<std::pair<anonymity, std::string_view>, 2> anonymity_column{{
    {anonymity::signed_tokens, "signed"},
    {anonymity::blind, "blind"},
}};

using json = nlohmann::json;

using namespace sqlite_columns;

json window_json(const window& w) { return {{"opens", secs(w.opens)}, {"closes", secs(w.closes)}}; }
window window_from(const json& j) { return {at_secs(j.at("opens")), at_secs(j.at("closes"))}; }

std::string timeline_text(const timeline& t)
{
    json j{{"submission", window_json(t.submission)},
           {"voting", window_json(t.voting)},
           {"announcement", secs(t.announcement)}};
    if (t.consultation)
        j["consultation"] = window_json(*t.consultation);
    if (t.development)
        j["development"] = window_json(*t.development);
    return j.dump();
}

timeline timeline_from(std::string_view text)
{
    const auto j = json::parse(text);
    timeline t;
    t.submission = window_from(j.at("submission"));
    t.voting = window_from(j.at("voting"));
    t.announcement = at_secs(j.at("announcement"));
    if (j.contains("consultation"))
        t.consultation = window_from(j["consultation"]);
    if (j.contains("development"))
        t.development = window_from(j["development"]);
    return t;
}

std::string ballot_text(const ballot_rules& b)
{
    return json{{"kind", name_of(b.kind)},        {"max_choices", b.max_choices}, {"points_total", b.points_total},
                {"max_per_idea", b.max_per_idea}, {"max_ranks", b.max_ranks},     {"threshold", b.threshold},
                {"method", name_of(b.method)}}
        .dump();
}

ballot_rules ballot_from(std::string_view text)
{
    const auto j = json::parse(text);
    ballot_rules b;
    // Stored by this code from checked rules: a name it does not know is a damaged file.
    const auto kind = kind_named(j.at("kind").get<std::string>());
    const auto method = method_named(j.at("method").get<std::string>());
    if (!kind || !method)
        throw std::runtime_error("a challenge's stored ballot rules name an unknown kind or method");
    b.kind = *kind;
    b.method = *method;
    b.max_choices = j.value("max_choices", std::size_t{0});
    b.points_total = j.value("points_total", std::int64_t{0});
    b.max_per_idea = j.value("max_per_idea", std::int64_t{0});
    b.max_ranks = j.value("max_ranks", std::size_t{0});
    b.threshold = j.value("threshold", std::int64_t{0});
    return b;
}

constexpr const char* challenge_columns =
    "c.id, c.municipality_id, m.slug, c.slug, c.title, c.description, c.categories, c.timeline, c.ballot, "
    "c.winners, c.budget, c.tie_break_seed, c.max_ideas_per_token, c.issuer_key_sealed, c.issuer_public, "
    "c.announced_at, c.announced_result, c.created_at, c.max_ideas, c.anonymity, c.blind_key_sealed, c.blind_public";

challenge challenge_from(SQLite::Statement& s)
{
    challenge c;
    c.id = s.getColumn(0).getInt64();
    c.municipality_id = s.getColumn(1).getInt64();
    c.municipality_slug = s.getColumn(2).getString();
    c.slug = s.getColumn(3).getString();
    c.title = s.getColumn(4).getString();
    c.description = s.getColumn(5).getString();
    c.categories = json::parse(s.getColumn(6).getString()).get<std::vector<std::string>>();
    c.timeline = timeline_from(s.getColumn(7).getString());
    c.ballot = ballot_from(s.getColumn(8).getString());
    c.winners = static_cast<std::size_t>(s.getColumn(9).getInt64());
    if (!s.getColumn(10).isNull())
        c.budget = s.getColumn(10).getInt64();
    c.tie_break_seed = s.getColumn(11).getString();
    c.max_ideas_per_token = static_cast<std::size_t>(s.getColumn(12).getInt64());
    c.issuer_key_sealed = blob(s.getColumn(13));
    c.issuer_public = blob(s.getColumn(14));
    if (!s.getColumn(15).isNull())
        c.announced_at = at_secs(s.getColumn(15).getInt64());
    if (!s.getColumn(16).isNull())
        c.announced_result = s.getColumn(16).getString();
    c.created_at = at_secs(s.getColumn(17).getInt64());
    c.max_ideas = static_cast<std::size_t>(s.getColumn(18).getInt64());
    c.anonymity = value_in<anonymity>(anonymity_column, s.getColumn(19).getString()).value_or(anonymity::signed_tokens);
    if (!s.getColumn(20).isNull())
        c.blind_key_sealed = blob(s.getColumn(20));
    if (!s.getColumn(21).isNull())
        c.blind_public = blob(s.getColumn(21));
    return c;
}

municipality municipality_from(SQLite::Statement& s)
{
    return {s.getColumn(0).getInt64(),         s.getColumn(1).getString(), s.getColumn(2).getString(),
            s.getColumn(3).getString(),        s.getColumn(4).getString(), s.getColumn(5).getString(),
            at_secs(s.getColumn(6).getInt64())};
}

constexpr const char* idea_columns = "id, challenge_id, author_jti, title, description, category, cost, latitude, "
                                     "longitude, created_at, hidden, hidden_reason, counted";

idea idea_from(SQLite::Statement& s)
{
    idea i;
    i.id = s.getColumn(0).getInt64();
    i.challenge_id = s.getColumn(1).getInt64();
    i.author_jti = s.getColumn(2).getString();
    i.title = s.getColumn(3).getString();
    i.description = s.getColumn(4).getString();
    i.category = s.getColumn(5).getString();
    if (!s.getColumn(6).isNull())
        i.cost = s.getColumn(6).getInt64();
    if (!s.getColumn(7).isNull())
        i.location = location{s.getColumn(7).getDouble(), s.getColumn(8).getDouble()};
    i.created_at = at_secs(s.getColumn(9).getInt64());
    i.hidden = s.getColumn(10).getInt() != 0;
    i.hidden_reason = s.getColumn(11).getString();
    i.counted = s.getColumn(12).getInt() != 0;
    return i;
}

issued_token token_from(SQLite::Statement& s)
{
    issued_token t;
    t.jti = s.getColumn(0).getString();
    if (!s.getColumn(1).isNull())
        t.ref_hmac = blob(s.getColumn(1));
    t.issued_at = at_secs(s.getColumn(2).getInt64());
    t.expires_at = at_secs(s.getColumn(3).getInt64());
    if (!s.getColumn(4).isNull())
        t.revoked_at = at_secs(s.getColumn(4).getInt64());
    if (s.getColumnCount() > 5 && !s.getColumn(5).isNull())
        t.batch_id = s.getColumn(5).getInt64();
    return t;
}

access_key key_from(SQLite::Statement& s)
{
    access_key k;
    k.id = s.getColumn(0).getInt64();
    k.hash = blob(s.getColumn(1));
    k.municipality_id = s.getColumn(2).getInt64();
    k.role = key_role_named(s.getColumn(3).getString()).value_or(role::organiser);
    k.label = s.getColumn(4).getString();
    k.created_at = at_secs(s.getColumn(5).getInt64());
    if (!s.getColumn(6).isNull())
        k.last_used_at = at_secs(s.getColumn(6).getInt64());
    return k;
}

token_batch batch_from(SQLite::Statement& s)
{
    token_batch b;
    b.id = s.getColumn(0).getInt64();
    b.challenge_id = s.getColumn(1).getInt64();
    b.label = s.getColumn(2).getString();
    b.count = static_cast<std::size_t>(s.getColumn(3).getInt64());
    b.created_at = at_secs(s.getColumn(4).getInt64());
    if (!s.getColumn(5).isNull())
        b.key_id = s.getColumn(5).getInt64();
    return b;
}

const std::string select_challenge = std::string("SELECT ") + challenge_columns +
                                     " FROM challenges c JOIN municipalities m ON m.id = c.municipality_id"
                                     " WHERE c.municipality_id = ? AND c.slug = ?";
const std::string list_challenges_sql = std::string("SELECT ") + challenge_columns +
                                        " FROM challenges c JOIN municipalities m ON m.id = c.municipality_id"
                                        " WHERE c.municipality_id = ? ORDER BY c.id";
const std::string select_idea = std::string("SELECT ") + idea_columns + " FROM ideas WHERE challenge_id = ? AND id = ?";
const std::string list_ideas_sql =
    std::string("SELECT ") + idea_columns +
    " FROM ideas WHERE challenge_id = ? AND id > ? AND (hidden = 0 OR ?) ORDER BY id LIMIT ?";
const std::string counted_ideas_sql =
    std::string("SELECT ") + idea_columns + " FROM ideas WHERE challenge_id = ? AND counted = 1 ORDER BY id";

} // namespace

SQLite::Statement& sqlite_repository::prepared(const char* sql)
{
    // A statement that fails to prepare throws before it is kept: the cache never holds an empty
    // slot for reset_statements to trip over after the failed job.
    if (const auto it = statements_.find(sql); it != statements_.end()) {
        it->second->reset();
        it->second->clearBindings();
        return *it->second;
    }
    auto statement = std::make_unique<SQLite::Statement>(db_, sql);
    return *statements_.emplace(sql, std::move(statement)).first->second;
}

void sqlite_repository::reset_statements() noexcept
{
    for (auto& [sql, statement] : statements_)
        statement->tryReset();
}

std::optional<std::string> sqlite_repository::meta(std::string_view key)
{
    auto& s = prepared("SELECT value FROM meta WHERE key = ?");
    bind_text(s, 1, key);
    if (!s.executeStep())
        return std::nullopt;
    return blob(s.getColumn(0));
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): a key and its value
void sqlite_repository::set_meta(std::string_view key, std::string_view value)
{
    auto& s =
        prepared("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    bind_text(s, 1, key);
    bind_blob(s, 2, value);
    s.exec();
}

void sqlite_repository::insert_municipality(municipality& m)
{
    auto& s = prepared(
        "INSERT INTO municipalities (slug, name, state, timezone, locale, created_at) VALUES (?, ?, ?, ?, ?, ?)");
    bind_text(s, 1, m.slug);
    bind_text(s, 2, m.name);
    bind_text(s, 3, m.state);
    bind_text(s, 4, m.timezone);
    bind_text(s, 5, m.locale);
    s.bind(6, secs(m.created_at));
    s.exec();
    m.id = db_.getLastInsertRowid();
}

std::optional<municipality> sqlite_repository::find_municipality(std::string_view slug)
{
    auto& s = prepared("SELECT id, slug, name, state, timezone, locale, created_at FROM municipalities WHERE slug = ?");
    bind_text(s, 1, slug);
    if (!s.executeStep())
        return std::nullopt;
    return municipality_from(s);
}

std::vector<municipality> sqlite_repository::list_municipalities()
{
    auto& s = prepared("SELECT id, slug, name, state, timezone, locale, created_at FROM municipalities ORDER BY slug");
    std::vector<municipality> out;
    while (s.executeStep())
        out.push_back(municipality_from(s));
    return out;
}

void sqlite_repository::insert_key(access_key& k)
{
    auto& s =
        prepared("INSERT INTO access_keys (key_hash, municipality_id, role, label, created_at) VALUES (?, ?, ?, ?, ?)");
    bind_blob(s, 1, k.hash);
    s.bind(2, k.municipality_id);
    s.bind(3, std::string(name_of(k.role)));
    bind_text(s, 4, k.label);
    s.bind(5, secs(k.created_at));
    s.exec();
    k.id = db_.getLastInsertRowid();
}

std::vector<access_key> sqlite_repository::live_keys(std::optional<std::int64_t> municipality_id)
{
    auto& s = prepared("SELECT id, key_hash, municipality_id, role, label, created_at, last_used_at FROM access_keys "
                       "WHERE revoked_at IS NULL AND (?1 IS NULL OR municipality_id = ?1) ORDER BY id");
    if (municipality_id)
        s.bind(1, *municipality_id);
    std::vector<access_key> out;
    while (s.executeStep())
        out.push_back(key_from(s));
    return out;
}

bool sqlite_repository::revoke_key(std::int64_t municipality_id, std::int64_t id, time_point at)
{
    auto& s =
        prepared("UPDATE access_keys SET revoked_at = ? WHERE id = ? AND municipality_id = ? AND revoked_at IS NULL");
    s.bind(1, secs(at));
    s.bind(2, id);
    s.bind(3, municipality_id);
    return s.exec() > 0;
}

void sqlite_repository::set_key_last_used(std::int64_t id, time_point at)
{
    auto& s = prepared("UPDATE access_keys SET last_used_at = max(coalesce(last_used_at, 0), ?) WHERE id = ?");
    s.bind(1, secs(at));
    s.bind(2, id);
    s.exec();
}

void sqlite_repository::insert_challenge(challenge& c)
{
    auto& s =
        prepared("INSERT INTO challenges (municipality_id, slug, title, description, categories, timeline, ballot, "
                 "winners, budget, tie_break_seed, max_ideas_per_token, issuer_key_sealed, issuer_public, "
                 "created_at, max_ideas, anonymity, blind_key_sealed, blind_public) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, c.municipality_id);
    bind_text(s, 2, c.slug);
    bind_text(s, 3, c.title);
    bind_text(s, 4, c.description);
    s.bind(5, json(c.categories).dump());
    s.bind(6, timeline_text(c.timeline));
    s.bind(7, ballot_text(c.ballot));
    s.bind(8, static_cast<std::int64_t>(c.winners));
    if (c.budget)
        s.bind(9, *c.budget);
    bind_text(s, 10, c.tie_break_seed);
    s.bind(11, static_cast<std::int64_t>(c.max_ideas_per_token));
    bind_blob(s, 12, c.issuer_key_sealed);
    bind_blob(s, 13, c.issuer_public);
    s.bind(14, secs(c.created_at));
    s.bind(15, static_cast<std::int64_t>(c.max_ideas));
    bind_text(s, 16, name_in<anonymity>(anonymity_column, c.anonymity));
    if (c.anonymity == anonymity::blind) {
        bind_blob(s, 17, c.blind_key_sealed);
        bind_blob(s, 18, c.blind_public);
    }
    s.exec();
    c.id = db_.getLastInsertRowid();
}

std::optional<challenge> sqlite_repository::find_challenge(std::int64_t municipality_id, std::string_view slug)
{
    auto& s = prepared(select_challenge.c_str());
    s.bind(1, municipality_id);
    bind_text(s, 2, slug);
    if (!s.executeStep())
        return std::nullopt;
    return challenge_from(s);
}

std::vector<challenge> sqlite_repository::list_challenges(std::int64_t municipality_id)
{
    auto& s = prepared(list_challenges_sql.c_str());
    s.bind(1, municipality_id);
    std::vector<challenge> out;
    while (s.executeStep())
        out.push_back(challenge_from(s));
    return out;
}

void sqlite_repository::update_challenge(const challenge& c)
{
    auto& s = prepared("UPDATE challenges SET title = ?, description = ?, categories = ?, timeline = ?, ballot = ?, "
                       "winners = ?, budget = ?, tie_break_seed = ?, max_ideas_per_token = ?, announced_at = ?, "
                       "announced_result = ?, max_ideas = ? WHERE id = ?");
    bind_text(s, 1, c.title);
    bind_text(s, 2, c.description);
    s.bind(3, json(c.categories).dump());
    s.bind(4, timeline_text(c.timeline));
    s.bind(5, ballot_text(c.ballot));
    s.bind(6, static_cast<std::int64_t>(c.winners));
    if (c.budget)
        s.bind(7, *c.budget);
    bind_text(s, 8, c.tie_break_seed);
    s.bind(9, static_cast<std::int64_t>(c.max_ideas_per_token));
    if (c.announced_at) {
        s.bind(10, secs(*c.announced_at));
        bind_text(s, 11, c.announced_result);
    }
    s.bind(12, static_cast<std::int64_t>(c.max_ideas));
    s.bind(13, c.id);
    s.exec();
}

std::vector<repository::issuer_key_row> sqlite_repository::issuer_keys()
{
    auto& s = prepared("SELECT id, issuer_key_sealed, issuer_public FROM challenges ORDER BY id");
    std::vector<issuer_key_row> out;
    while (s.executeStep())
        out.push_back({s.getColumn(0).getInt64(), blob(s.getColumn(1)), blob(s.getColumn(2))});
    return out;
}

void sqlite_repository::set_issuer_key_sealed(std::int64_t challenge_id, std::string_view sealed)
{
    auto& s = prepared("UPDATE challenges SET issuer_key_sealed = ? WHERE id = ?");
    bind_blob(s, 1, sealed);
    s.bind(2, challenge_id);
    s.exec();
}

std::vector<challenge_ref> sqlite_repository::due_for_publication(time_point now)
{
    auto& s =
        prepared("SELECT m.slug, c.slug FROM challenges c JOIN municipalities m ON m.id = c.municipality_id "
                 "WHERE c.announced_at IS NULL AND json_extract(c.timeline, '$.announcement') <= ? ORDER BY c.id");
    s.bind(1, secs(now));
    std::vector<challenge_ref> out;
    while (s.executeStep())
        out.push_back({s.getColumn(0).getString(), s.getColumn(1).getString()});
    return out;
}

void sqlite_repository::insert_token(std::int64_t challenge_id, const issued_token& t)
{
    auto& s = prepared("INSERT INTO tokens (challenge_id, jti, ref_hmac, issued_at, expires_at, batch_id, code_hmac) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, challenge_id);
    bind_text(s, 2, t.jti);
    if (t.ref_hmac)
        bind_blob(s, 3, *t.ref_hmac);
    s.bind(4, secs(t.issued_at));
    s.bind(5, secs(t.expires_at));
    if (t.batch_id)
        s.bind(6, *t.batch_id);
    if (t.code_hmac)
        bind_blob(s, 7, *t.code_hmac);
    s.exec();
}

bool sqlite_repository::insert_token_if_absent(std::int64_t challenge_id, const issued_token& t)
{
    auto& s = prepared("INSERT OR IGNORE INTO tokens (challenge_id, jti, issued_at, expires_at, revoked_at) "
                       "VALUES (?, ?, ?, ?, ?)");
    s.bind(1, challenge_id);
    bind_text(s, 2, t.jti);
    s.bind(3, secs(t.issued_at));
    s.bind(4, secs(t.expires_at));
    if (t.revoked_at)
        s.bind(5, secs(*t.revoked_at));
    return s.exec() > 0;
}

void sqlite_repository::insert_batch(token_batch& b)
{
    auto& s =
        prepared("INSERT INTO token_batches (challenge_id, label, count, created_at, key_id) VALUES (?, ?, ?, ?, ?)");
    s.bind(1, b.challenge_id);
    bind_text(s, 2, b.label);
    s.bind(3, static_cast<std::int64_t>(b.count));
    s.bind(4, secs(b.created_at));
    if (b.key_id)
        s.bind(5, *b.key_id);
    s.exec();
    b.id = db_.getLastInsertRowid();
}

std::optional<token_batch> sqlite_repository::find_batch(std::int64_t challenge_id, std::int64_t id)
{
    auto& s = prepared("SELECT id, challenge_id, label, count, created_at, key_id FROM token_batches "
                       "WHERE challenge_id = ? AND id = ?");
    s.bind(1, challenge_id);
    s.bind(2, id);
    if (!s.executeStep())
        return std::nullopt;
    return batch_from(s);
}

std::vector<token_batch> sqlite_repository::list_batches(std::int64_t challenge_id)
{
    // A card is used once it cast a ballot (its counted or latest one has replaced_at unset) or
    // submitted an idea; both lookups ride an index.
    auto& s =
        prepared("SELECT b.id, b.challenge_id, b.label, b.count, b.created_at, b.key_id, "
                 "(SELECT count(*) FROM tokens t WHERE t.challenge_id = b.challenge_id AND t.batch_id = b.id AND ("
                 "  EXISTS (SELECT 1 FROM ballots x WHERE x.challenge_id = t.challenge_id AND x.jti = t.jti AND "
                 "          x.replaced_at IS NULL) OR "
                 "  EXISTS (SELECT 1 FROM ideas i WHERE i.challenge_id = t.challenge_id AND i.author_jti = t.jti))), "
                 "(SELECT count(*) FROM tokens t WHERE t.challenge_id = b.challenge_id AND t.batch_id = b.id AND "
                 " t.revoked_at IS NOT NULL) "
                 "FROM token_batches b WHERE b.challenge_id = ? ORDER BY b.id");
    s.bind(1, challenge_id);
    std::vector<token_batch> out;
    while (s.executeStep()) {
        auto b = batch_from(s);
        b.used = static_cast<std::size_t>(s.getColumn(6).getInt64());
        b.revoked = static_cast<std::size_t>(s.getColumn(7).getInt64());
        out.push_back(std::move(b));
    }
    return out;
}

std::vector<issued_token> sqlite_repository::batch_tokens(std::int64_t challenge_id, std::int64_t batch_id)
{
    auto& s = prepared("SELECT jti, ref_hmac, issued_at, expires_at, revoked_at, batch_id FROM tokens "
                       "WHERE challenge_id = ? AND batch_id = ? ORDER BY issued_at, jti");
    s.bind(1, challenge_id);
    s.bind(2, batch_id);
    std::vector<issued_token> out;
    while (s.executeStep())
        out.push_back(token_from(s));
    return out;
}

std::optional<std::string> sqlite_repository::blind_issuance(std::int64_t challenge_id, std::string_view ref_hmac)
{
    auto& s = prepared("SELECT blinded_digest FROM blind_issuances WHERE challenge_id = ? AND ref_hmac = ?");
    s.bind(1, challenge_id);
    bind_blob(s, 2, ref_hmac);
    if (!s.executeStep())
        return std::nullopt;
    return blob(s.getColumn(0));
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the interface names them
void sqlite_repository::insert_blind_issuance(std::int64_t challenge_id, std::string_view ref_hmac,
                                              std::string_view blinded_digest, time_point at)
{
    auto& s =
        prepared("INSERT INTO blind_issuances (challenge_id, ref_hmac, blinded_digest, issued_at) VALUES (?, ?, ?, ?)");
    s.bind(1, challenge_id);
    bind_blob(s, 2, ref_hmac);
    bind_blob(s, 3, blinded_digest);
    s.bind(4, secs(at));
    s.exec();
}

std::optional<issued_token> sqlite_repository::live_token_for_ref(std::int64_t challenge_id, std::string_view ref_hmac)
{
    auto& s = prepared("SELECT jti, ref_hmac, issued_at, expires_at, revoked_at FROM tokens "
                       "WHERE challenge_id = ? AND ref_hmac = ? AND revoked_at IS NULL");
    s.bind(1, challenge_id);
    bind_blob(s, 2, ref_hmac);
    if (!s.executeStep())
        return std::nullopt;
    return token_from(s);
}

std::optional<issued_token> sqlite_repository::token_by_jti(std::int64_t challenge_id, std::string_view jti)
{
    auto& s = prepared(
        "SELECT jti, ref_hmac, issued_at, expires_at, revoked_at FROM tokens WHERE challenge_id = ? AND jti = ?");
    s.bind(1, challenge_id);
    bind_text(s, 2, jti);
    if (!s.executeStep())
        return std::nullopt;
    return token_from(s);
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the interface names them
void sqlite_repository::set_token_code(std::int64_t challenge_id, std::string_view jti, std::string_view code_hmac)
{
    auto& s = prepared("UPDATE tokens SET code_hmac = ? WHERE challenge_id = ? AND jti = ? AND code_hmac IS NULL");
    bind_blob(s, 1, code_hmac);
    s.bind(2, challenge_id);
    bind_text(s, 3, jti);
    s.exec();
}

std::optional<issued_token> sqlite_repository::token_by_code(std::int64_t challenge_id, std::string_view code_hmac)
{
    auto& s = prepared("SELECT jti, ref_hmac, issued_at, expires_at, revoked_at, batch_id FROM tokens "
                       "WHERE challenge_id = ? AND code_hmac = ?");
    s.bind(1, challenge_id);
    bind_blob(s, 2, code_hmac);
    if (!s.executeStep())
        return std::nullopt;
    return token_from(s);
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the interface names them
void sqlite_repository::replace_blind_issuance(std::int64_t challenge_id, std::string_view ref_hmac,
                                               std::string_view blinded_digest, time_point at)
{
    auto& s = prepared(
        "UPDATE blind_issuances SET blinded_digest = ?, issued_at = ? WHERE challenge_id = ? AND ref_hmac = ?");
    bind_blob(s, 1, blinded_digest);
    s.bind(2, secs(at));
    s.bind(3, challenge_id);
    bind_blob(s, 4, ref_hmac);
    s.exec();
}

bool sqlite_repository::revoke_token(std::int64_t challenge_id, std::string_view jti, time_point at)
{
    auto& s = prepared("UPDATE tokens SET revoked_at = ? WHERE challenge_id = ? AND jti = ? AND revoked_at IS NULL");
    s.bind(1, secs(at));
    s.bind(2, challenge_id);
    bind_text(s, 3, jti);
    return s.exec() > 0;
}

void sqlite_repository::insert_idea(idea& i)
{
    auto& s = prepared("INSERT INTO ideas (challenge_id, author_jti, title, description, category, cost, latitude, "
                       "longitude, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, i.challenge_id);
    bind_text(s, 2, i.author_jti);
    bind_text(s, 3, i.title);
    bind_text(s, 4, i.description);
    bind_text(s, 5, i.category);
    if (i.cost)
        s.bind(6, *i.cost);
    if (i.location) {
        s.bind(7, i.location->latitude);
        s.bind(8, i.location->longitude);
    }
    s.bind(9, secs(i.created_at));
    s.exec();
    i.id = db_.getLastInsertRowid();
}

std::optional<idea> sqlite_repository::find_idea(std::int64_t challenge_id, idea_id id)
{
    auto& s = prepared(select_idea.c_str());
    s.bind(1, challenge_id);
    s.bind(2, id);
    if (!s.executeStep())
        return std::nullopt;
    return idea_from(s);
}

std::vector<idea> sqlite_repository::list_ideas(std::int64_t challenge_id, bool include_hidden, idea_id after,
                                                std::size_t limit)
{
    auto& s = prepared(list_ideas_sql.c_str());
    s.bind(1, challenge_id);
    s.bind(2, after);
    s.bind(3, include_hidden ? 1 : 0);
    s.bind(4, static_cast<std::int64_t>(limit));
    std::vector<idea> out;
    while (s.executeStep())
        out.push_back(idea_from(s));
    return out;
}

std::size_t sqlite_repository::count_ideas_by_author(std::int64_t challenge_id, std::string_view jti)
{
    auto& s = prepared("SELECT count(*) FROM ideas WHERE challenge_id = ? AND author_jti = ?");
    s.bind(1, challenge_id);
    bind_text(s, 2, jti);
    s.executeStep();
    return static_cast<std::size_t>(s.getColumn(0).getInt64());
}

std::size_t sqlite_repository::count_ideas(std::int64_t challenge_id)
{
    auto& s = prepared("SELECT count(*) FROM ideas WHERE challenge_id = ?");
    s.bind(1, challenge_id);
    s.executeStep();
    return static_cast<std::size_t>(s.getColumn(0).getInt64());
}

void sqlite_repository::set_idea_moderation(idea_id id, bool hidden, std::string_view reason, bool counted)
{
    auto& s = prepared("UPDATE ideas SET hidden = ?, hidden_reason = ?, counted = ? WHERE id = ?");
    s.bind(1, hidden ? 1 : 0);
    bind_text(s, 2, reason);
    s.bind(3, counted ? 1 : 0);
    s.bind(4, id);
    s.exec();
}

std::vector<idea> sqlite_repository::counted_ideas(std::int64_t challenge_id)
{
    auto& s = prepared(counted_ideas_sql.c_str());
    s.bind(1, challenge_id);
    std::vector<idea> out;
    while (s.executeStep())
        out.push_back(idea_from(s));
    return out;
}

std::vector<idea_id> sqlite_repository::hidden_ideas(std::int64_t challenge_id)
{
    auto& s = prepared("SELECT id FROM ideas WHERE challenge_id = ? AND hidden = 1 ORDER BY id");
    s.bind(1, challenge_id);
    std::vector<idea_id> out;
    while (s.executeStep())
        out.push_back(s.getColumn(0).getInt64());
    return out;
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the interface names them
bool sqlite_repository::replace_ballot(std::int64_t challenge_id, std::string_view jti, std::string_view receipt,
                                       std::string_view choices, time_point at, std::size_t keep_replaced)
{
    auto& mark =
        prepared("UPDATE ballots SET replaced_at = ? WHERE challenge_id = ? AND jti = ? AND replaced_at IS NULL");
    mark.bind(1, secs(at));
    mark.bind(2, challenge_id);
    bind_text(mark, 3, jti);
    const bool replaced = mark.exec() > 0;
    auto& insert =
        prepared("INSERT INTO ballots (challenge_id, jti, receipt, choices, cast_at) VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, challenge_id);
    bind_text(insert, 2, jti);
    bind_text(insert, 3, receipt);
    bind_text(insert, 4, choices);
    insert.bind(5, secs(at));
    insert.exec();
    if (replaced) {
        // The token's replaced ballots past the newest `keep_replaced`: deleted, and counted.
        auto& prune = prepared("DELETE FROM ballots WHERE id IN (SELECT id FROM ballots WHERE challenge_id = ? AND "
                               "jti = ? AND replaced_at IS NOT NULL ORDER BY id DESC LIMIT -1 OFFSET ?)");
        prune.bind(1, challenge_id);
        bind_text(prune, 2, jti);
        prune.bind(3, static_cast<std::int64_t>(keep_replaced));
        if (const int pruned = prune.exec(); pruned > 0) {
            auto& count = prepared("UPDATE tokens SET replaced_pruned = replaced_pruned + ? WHERE challenge_id = ? AND "
                                   "jti = ?");
            count.bind(1, pruned);
            count.bind(2, challenge_id);
            bind_text(count, 3, jti);
            count.exec();
        }
    }
    return replaced;
}

std::int64_t sqlite_repository::ballots_cast(std::int64_t challenge_id, std::string_view jti)
{
    // Each part from an index: the counted ballot's partial unique index, the replaced ones'.
    auto& s =
        prepared("SELECT (SELECT count(*) FROM ballots WHERE challenge_id = ?1 AND jti = ?2 AND replaced_at IS NULL)"
                 " + (SELECT count(*) FROM ballots WHERE challenge_id = ?1 AND jti = ?2 AND replaced_at IS NOT NULL)"
                 " + coalesce((SELECT replaced_pruned FROM tokens WHERE challenge_id = ?1 AND jti = ?2), 0)");
    s.bind(1, challenge_id);
    bind_text(s, 2, jti);
    s.executeStep();
    return s.getColumn(0).getInt64();
}

repository::ballot_log sqlite_repository::ballot_log_summary(std::int64_t challenge_id)
{
    auto& t = prepared("SELECT coalesce(sum(replaced_pruned), 0) FROM tokens WHERE challenge_id = ?");
    t.bind(1, challenge_id);
    t.executeStep();
    ballot_log out;
    out.replaced_pruned = t.getColumn(0).getInt64();
    auto& b = prepared("SELECT count(*), count(replaced_at) FROM ballots WHERE challenge_id = ?");
    b.bind(1, challenge_id);
    b.executeStep();
    out.cast = b.getColumn(0).getInt64() + out.replaced_pruned;
    out.replaced_kept = b.getColumn(1).getInt64();
    return out;
}

engine::turnout sqlite_repository::turnout(std::int64_t challenge_id)
{
    // A blind token has a row only once it was used: blind signatures count as issued instead.
    auto& s = prepared("SELECT (SELECT count(*) FROM tokens WHERE challenge_id = ?1 AND jti NOT LIKE 'blind:%') + "
                       "(SELECT count(*) FROM blind_issuances WHERE challenge_id = ?1), "
                       "(SELECT count(*) FROM tokens WHERE challenge_id = ?1 AND revoked_at IS NOT NULL), "
                       "(SELECT count(DISTINCT jti) FROM ballots WHERE challenge_id = ?1), "
                       "(SELECT count(*) FROM ideas WHERE challenge_id = ?1), "
                       "(SELECT count(*) FROM survey_responses WHERE challenge_id = ?1)");
    s.bind(1, challenge_id);
    s.executeStep();
    const auto n = [&](int i) { return static_cast<std::size_t>(s.getColumn(i).getInt64()); };
    return {n(0), n(1), n(2), n(3), n(4)};
}

std::optional<ballot_state> sqlite_repository::ballot_by_receipt(std::int64_t challenge_id, std::string_view receipt)
{
    auto& s = prepared("SELECT b.replaced_at IS NOT NULL, t.revoked_at IS NOT NULL FROM ballots b JOIN tokens t ON "
                       "t.challenge_id = b.challenge_id AND t.jti = b.jti WHERE b.challenge_id = ? AND b.receipt = ?");
    s.bind(1, challenge_id);
    bind_text(s, 2, receipt);
    if (!s.executeStep())
        return std::nullopt;
    if (s.getColumn(0).getInt() != 0)
        return ballot_state::replaced;
    return s.getColumn(1).getInt() != 0 ? ballot_state::revoked : ballot_state::counted;
}

void sqlite_repository::for_each_counted_ballot(std::int64_t challenge_id,
                                                const std::function<void(std::string_view, std::string_view)>& f)
{
    auto& s =
        prepared("SELECT b.receipt, b.choices FROM ballots b JOIN tokens t ON t.challenge_id = b.challenge_id AND "
                 "t.jti = b.jti WHERE b.challenge_id = ? AND b.replaced_at IS NULL AND t.revoked_at IS NULL "
                 "ORDER BY b.receipt");
    s.bind(1, challenge_id);
    while (s.executeStep()) {
        const auto& r = s.getColumn(0);
        const auto& c = s.getColumn(1);
        f(std::string_view(r.getText(), static_cast<std::size_t>(r.getBytes())),
          std::string_view(c.getText(), static_cast<std::size_t>(c.getBytes())));
    }
}

void sqlite_repository::append_audit(const audit_entry& e)
{
    auto& s = prepared(
        "INSERT INTO audit_log (at, actor, municipality_id, challenge_id, action, detail, key_id) VALUES (?, ?, ?, "
        "?, ?, ?, ?)");
    s.bind(1, secs(e.at));
    bind_text(s, 2, e.actor);
    s.bind(3, e.municipality_id);
    if (e.challenge_id)
        s.bind(4, *e.challenge_id);
    bind_text(s, 5, e.action);
    bind_text(s, 6, e.detail);
    if (e.key_id)
        s.bind(7, *e.key_id);
    s.exec();
}

std::vector<audit_entry> sqlite_repository::audit_log(std::optional<std::int64_t> challenge_id, std::int64_t after,
                                                      std::size_t limit)
{
    auto& s = challenge_id ? prepared("SELECT id, at, actor, municipality_id, challenge_id, action, detail, key_id "
                                      "FROM audit_log WHERE challenge_id = ? AND id > ? ORDER BY id LIMIT ?")
                           : prepared("SELECT id, at, actor, municipality_id, challenge_id, action, detail, key_id "
                                      "FROM audit_log WHERE challenge_id IS NULL AND id > ? ORDER BY id LIMIT ?");
    int i = 1;
    if (challenge_id)
        s.bind(i++, *challenge_id);
    s.bind(i++, after);
    s.bind(i, static_cast<std::int64_t>(limit));
    std::vector<audit_entry> out;
    while (s.executeStep()) {
        audit_entry e{s.getColumn(0).getInt64(),  at_secs(s.getColumn(1).getInt64()),
                      s.getColumn(2).getString(), std::nullopt,
                      s.getColumn(3).getInt64(),  std::nullopt,
                      s.getColumn(5).getString(), s.getColumn(6).getString()};
        if (!s.getColumn(4).isNull())
            e.challenge_id = s.getColumn(4).getInt64();
        if (!s.getColumn(7).isNull())
            e.key_id = s.getColumn(7).getInt64();
        out.push_back(std::move(e));
    }
    return out;
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the interface names them
void sqlite_repository::store_published_export(std::int64_t challenge_id, std::string_view format,
                                               std::string_view digest, std::string_view body)
{
    auto& s =
        prepared("INSERT OR IGNORE INTO published_exports (challenge_id, format, digest, body) VALUES (?, ?, ?, ?)");
    s.bind(1, challenge_id);
    bind_text(s, 2, format);
    bind_text(s, 3, digest);
    bind_blob(s, 4, body);
    s.exec();
}

std::optional<repository::published_export> sqlite_repository::find_published_export(std::int64_t challenge_id,
                                                                                     std::string_view format)
{
    auto& s = prepared("SELECT digest, body FROM published_exports WHERE challenge_id = ? AND format = ?");
    s.bind(1, challenge_id);
    bind_text(s, 2, format);
    if (!s.executeStep())
        return std::nullopt;
    return published_export{s.getColumn(0).getString(), blob(s.getColumn(1))};
}

void sqlite_repository::drop_published_exports(std::int64_t challenge_id)
{
    auto& s = prepared("DELETE FROM published_exports WHERE challenge_id = ?");
    s.bind(1, challenge_id);
    s.exec();
}

void sqlite_repository::drop_published_export(std::int64_t challenge_id, std::string_view format)
{
    auto& s = prepared("DELETE FROM published_exports WHERE challenge_id = ? AND format = ?");
    s.bind(1, challenge_id);
    bind_text(s, 2, format);
    s.exec();
}

std::int64_t sqlite_repository::last_audit_id(std::int64_t challenge_id)
{
    auto& s = prepared("SELECT coalesce(max(id), 0) FROM audit_log WHERE challenge_id = ?");
    s.bind(1, challenge_id);
    s.executeStep();
    return s.getColumn(0).getInt64();
}

} // namespace cabildo::engine
