// The blind-token relay: a page's requests, waiting for the desk and then for the page
// (domain/relay.hpp).

#include "engine/storage/sql/repository.hpp"
#include "engine/storage/sql/rows.hpp"

#include <stdexcept>

namespace cabildo::engine {

using namespace rows;

namespace {

constexpr std::string_view request_columns =
    "challenge_id, code, blinded_msg, expires_at, ref_hmac, blind_sig, state, secret_sha256";

const sql::query purge_expired_sql{
    "DELETE FROM blind_requests WHERE expires_at < ? AND state NOT IN ('signing', 'signed')"};
const sql::query wipe_expired_sql{"UPDATE blind_requests SET blind_sig = NULL WHERE expires_at < ? AND "
                                  "state = 'signed' AND blind_sig IS NOT NULL"};
const sql::query open_requests_sql{
    "SELECT count(*) FROM blind_requests WHERE challenge_id = ? AND state = 'waiting' AND expires_at > ?"};
const sql::query insert_request_sql{
    "INSERT INTO blind_requests (challenge_id, code, blinded_msg, expires_at, state, secret_sha256) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"};
const sql::query find_request_sql{select(request_columns, "FROM blind_requests WHERE challenge_id = ? AND code = ?")};
const sql::query request_of_sql{select(request_columns, "FROM blind_requests WHERE challenge_id = ? AND "
                                                        "ref_hmac = ? ORDER BY expires_at DESC LIMIT 1")};
const sql::query update_request_sql{
    "UPDATE blind_requests SET blinded_msg = ?, expires_at = ?, ref_hmac = ?, blind_sig = ?, state = ? "
    "WHERE challenge_id = ? AND code = ?"};

relay_request request_from(sql::statement& s)
{
    sql::row r{s};
    relay_request out;
    out.challenge_id = r.int64();
    out.code = r.text();
    out.blinded_msg = r.bytes();
    out.expires_at = r.time();
    out.ref_hmac = r.optional_bytes();
    if (auto sig = r.optional_bytes())
        out.blind_sig = std::move(*sig);
    const auto state = relay_state_named(r.text());
    if (!state)
        throw std::runtime_error("a stored blind-token request has an unknown state");
    out.state = *state;
    if (auto secret = r.optional_bytes())
        out.secret_sha256 = std::move(*secret);
    return out;
}

} // namespace

// A request signed but never fetched (or left half-signed) stays, without its signature: it is
// what lets the desk sign a new request for that person (service_relay.cpp).
void sql_repository::purge_relay_requests(time_point expired_before)
{
    prepared(purge_expired_sql).bind(expired_before).exec();
    prepared(wipe_expired_sql).bind(expired_before).exec();
}

std::size_t sql_repository::open_relay_requests(std::int64_t challenge_id, time_point now)
{
    return static_cast<std::size_t>(scalar(prepared(open_requests_sql).bind(challenge_id, now)));
}

bool sql_repository::insert_relay_request(const relay_request& r)
{
    return prepared(insert_request_sql)
               .bind(r.challenge_id, r.code, sql::blob{r.blinded_msg}, r.expires_at, name_of(r.state),
                     sql::blob{r.secret_sha256})
               .exec() > 0;
}

std::optional<relay_request> sql_repository::find_relay_request(std::int64_t challenge_id, std::string_view code)
{
    return first_row(prepared(find_request_sql).bind(challenge_id, code), request_from);
}

std::optional<relay_request> sql_repository::relay_request_of(std::int64_t challenge_id, std::string_view ref_hmac)
{
    return first_row(prepared(request_of_sql).bind(challenge_id, sql::blob{ref_hmac}), request_from);
}

void sql_repository::update_relay_request(const relay_request& r)
{
    std::optional<sql::blob> ref;
    if (r.ref_hmac)
        ref = sql::blob{*r.ref_hmac};
    std::optional<sql::blob> sig;
    if (!r.blind_sig.empty())
        sig = sql::blob{r.blind_sig};
    prepared(update_request_sql)
        .bind(sql::blob{r.blinded_msg}, r.expires_at, ref, sig, name_of(r.state), r.challenge_id, r.code)
        .exec();
}

} // namespace cabildo::engine
