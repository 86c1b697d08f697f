#pragma once
// Who may do what: the roles a caller can have, what an act needs, and the one table between
// them. The router's gate (api/router.cpp) reads it before a request's body is read; the use cases
// read it again with the resource in hand, adding the municipality a key belongs to. The refusals
// are written here once.

#include "engine/domain/names.hpp"
#include "engine/domain/result.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace cabildo::engine {

// Who is asking, as their bearer key makes them. A municipality's keys are organisers (they run
// challenges), issuers (a registration desk, or the city's identity system: they issue and revoke
// tokens and nothing else) and verifiers (the local technical secretariat, or civil society: they
// verify or reject the commitments an organiser says are complete, and nothing else). The system
// is the server itself, e.g. publishing results when the announcement instant passes.
// Table officers (issue 22) staff one in-person table: their key is scoped to it, and signs its act.
enum class role { anonymous, admin, organiser, issuer, verifier, officer, system };
std::string_view name_of(role r);
std::optional<role> role_named(std::string_view name);
// The roles a municipality's key can be made with by name: organiser, issuer, verifier; nullopt
// for any other name (an officer's key is made on its table).
std::optional<role> key_role_named(std::string_view name);
bool is_key_role(role r);

// What an act needs of its caller.
enum class permission {
    anyone,
    administer, // the admin alone
    organise,   // an organiser key, or the admin
    issue,      // an issuer or organiser key (a desk issues and revokes tokens), or the admin
    track,      // an organiser or verifier key (commitments' progress and verdicts), or the admin
    keyed,      // any valid key
    officiate,  // a table officer's key (the use case checks it is that table's), or the admin
};
// As the route list names them: anyone, admin, organiser, issuer, tracker, keyed, officer.
std::string_view name_of(permission p);

// Whether a caller of role `r` may do what `p` needs, anywhere.
bool allows(role r, permission p);

// Why a caller of role `r` may not do what `p` needs: 401 without a key, 403 with a key of the
// wrong role; nullopt when the table allows it.
std::optional<failure> refusal(permission p, role r);
// The same on something of the municipality `owner`: a municipality's key acts on its own
// municipality only (403 otherwise); the admin and the system act anywhere.
std::optional<failure> refusal(permission p, role r, std::int64_t key_municipality, std::int64_t owner);

} // namespace cabildo::engine
