#pragma once
// Domain failures as values (Beast's error-enum pattern): each code is one reason a use case
// refused, api/ maps each to one HTTP status in one table.

#include <iosfwd>
#include <string>
#include <string_view>
#include <system_error>

namespace cabildo::engine {

enum class errc {
    ok = 0,
    invalid_field, // a field is missing, of the wrong type or out of range
    unknown_idea,  // a ballot names an idea that is not a visible idea of this challenge
    unauthorized,  // no credentials, or credentials that match no key
    invalid_token, // a participant token that fails signature, audience or format checks
    token_expired,
    token_revoked,
    forbidden,          // valid credentials, but not for this municipality or action
    limit_reached,      // a per-token allowance is used up (ideas per token)
    challenge_full,     // the challenge holds its maximum of ideas (sent as "limit_reached", 409)
    too_many_ballots,   // a token cast its maximum of ballots (429)
    too_many_responses, // a token answered the survey its maximum of times (429)
    rate_limited,       // one client address asked too often (a card's code guessed, the relay flooded) (429)
    not_found,
    phase_not_open, // the window for this action has not opened yet
    phase_closed,   // the window for this action has closed
    slug_taken,
    already_issued,  // a person's blind signature was made already, for another message (409)
    timeline_locked, // a timeline or ballot-rule edit that the rules forbid at this moment
    wrong_status,    // a commitment's status does not allow this update (verify what is not completed) (409)
    already_voted, // a person checked in at a table has voted already (at a table, or online under first_counts) (409)
    act_closed,    // a table's act is closed: its ballots no longer change, a correction opens a new one (409)
    busy,          // a bounded queue is full (a challenge's open blind-token requests); try again later (503)
    overloaded, // the store's write or read queue is full: refused at once, nothing stored; try again in a second (503)
    storage_failure,     // the database refused; nothing was stored
    storage_unavailable, // the database cannot be reached or written now (restarting, disk full); nothing was stored
    shutting_down,
    internal, // a bug: something threw where nothing should (logged; 500)
};

const std::error_category& domain_category() noexcept;
std::error_code make_error_code(errc e) noexcept;

// The snake_case code sent to clients: the enum name.
std::string_view code_name(errc e) noexcept;
std::ostream& operator<<(std::ostream& os, errc e);

} // namespace cabildo::engine

template <>
struct std::is_error_code_enum<cabildo::engine::errc> : std::true_type {};
