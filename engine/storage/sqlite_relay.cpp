// The blind-token relay part of sqlite_repository: a page's requests, waiting for the desk and
// then for the page (domain/relay.hpp).
#include "engine/storage/sqlite_columns.hpp"
#include "engine/storage/sqlite_repository.hpp"

#include <stdexcept>

namespace cabildo::engine {

namespace {

using namespace sqlite_columns;

constexpr const char* columns =
    "challenge_id, code, blinded_msg, expires_at, ref_hmac, blind_sig, state, secret_sha256";

relay_request request_from(SQLite::Statement& s)
{
    relay_request r;
    r.challenge_id = s.getColumn(0).getInt64();
    r.code = s.getColumn(1).getString();
    r.blinded_msg = blob(s.getColumn(2));
    r.expires_at = at_secs(s.getColumn(3).getInt64());
    if (!s.getColumn(4).isNull())
        r.ref_hmac = blob(s.getColumn(4));
    if (!s.getColumn(5).isNull())
        r.blind_sig = blob(s.getColumn(5));
    const auto state = relay_state_named(s.getColumn(6).getString());
    if (!state)
        throw std::runtime_error("a stored blind-token request has an unknown state");
    r.state = *state;
    if (!s.getColumn(7).isNull())
        r.secret_sha256 = blob(s.getColumn(7));
    return r;
}

} // namespace

// A request signed but never fetched (or left half-signed) stays, without its signature: it is
// what lets the desk sign a new request for that person (service_relay.cpp).
void sqlite_repository::purge_relay_requests(time_point expired_before)
{
    auto& purge = prepared("DELETE FROM blind_requests WHERE expires_at < ? AND state NOT IN ('signing', 'signed')");
    purge.bind(1, secs(expired_before));
    purge.exec();
    auto& wipe = prepared("UPDATE blind_requests SET blind_sig = NULL WHERE expires_at < ? AND state = 'signed' AND "
                          "blind_sig IS NOT NULL");
    wipe.bind(1, secs(expired_before));
    wipe.exec();
}

std::size_t sqlite_repository::open_relay_requests(std::int64_t challenge_id, time_point now)
{
    auto& s = prepared("SELECT count(*) FROM blind_requests WHERE challenge_id = ? AND state = 'waiting' AND "
                       "expires_at > ?");
    s.bind(1, challenge_id);
    s.bind(2, secs(now));
    s.executeStep();
    return static_cast<std::size_t>(s.getColumn(0).getInt64());
}

bool sqlite_repository::insert_relay_request(const relay_request& r)
{
    auto& s = prepared("INSERT OR IGNORE INTO blind_requests (challenge_id, code, blinded_msg, expires_at, state, "
                       "secret_sha256) VALUES (?, ?, ?, ?, ?, ?)");
    s.bind(1, r.challenge_id);
    bind_text(s, 2, r.code);
    bind_blob(s, 3, r.blinded_msg);
    s.bind(4, secs(r.expires_at));
    bind_text(s, 5, name_of(r.state));
    bind_blob(s, 6, r.secret_sha256);
    return s.exec() > 0;
}

std::optional<relay_request> sqlite_repository::find_relay_request(std::int64_t challenge_id, std::string_view code)
{
    static const std::string sql =
        std::string("SELECT ") + columns + " FROM blind_requests WHERE challenge_id = ? AND code = ?";
    auto& s = prepared(sql.c_str());
    s.bind(1, challenge_id);
    bind_text(s, 2, code);
    if (!s.executeStep())
        return std::nullopt;
    return request_from(s);
}

std::optional<relay_request> sqlite_repository::relay_request_of(std::int64_t challenge_id, std::string_view ref_hmac)
{
    static const std::string sql = std::string("SELECT ") + columns +
                                   " FROM blind_requests WHERE challenge_id = ? AND ref_hmac = ? "
                                   "ORDER BY expires_at DESC LIMIT 1";
    auto& s = prepared(sql.c_str());
    s.bind(1, challenge_id);
    bind_blob(s, 2, ref_hmac);
    if (!s.executeStep())
        return std::nullopt;
    return request_from(s);
}

void sqlite_repository::update_relay_request(const relay_request& r)
{
    auto& s = prepared("UPDATE blind_requests SET blinded_msg = ?, expires_at = ?, ref_hmac = ?, blind_sig = ?, "
                       "state = ? WHERE challenge_id = ? AND code = ?");
    bind_blob(s, 1, r.blinded_msg);
    s.bind(2, secs(r.expires_at));
    if (r.ref_hmac)
        bind_blob(s, 3, *r.ref_hmac);
    else
        s.bind(3);
    if (r.blind_sig.empty())
        s.bind(4);
    else
        bind_blob(s, 4, r.blind_sig);
    bind_text(s, 5, name_of(r.state));
    s.bind(6, r.challenge_id);
    bind_text(s, 7, r.code);
    s.exec();
}

} // namespace cabildo::engine
