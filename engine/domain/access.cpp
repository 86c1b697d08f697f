#include "engine/domain/access.hpp"

#include <array>
#include <utility>

namespace cabildo::engine {

namespace {

constexpr std::array<std::pair<role, std::string_view>, 7> roles{{
    {role::admin, "admin"},
    {role::organiser, "organiser"},
    {role::issuer, "issuer"},
    {role::verifier, "verifier"},
    {role::officer, "officer"},
    {role::system, "system"},
    {role::anonymous, "anonymous"},
}};

constexpr std::array<std::pair<permission, std::string_view>, 7> permissions{{
    {permission::anyone, "anyone"},
    {permission::administer, "admin"},
    {permission::organise, "organiser"},
    {permission::issue, "issuer"},
    {permission::track, "tracker"},
    {permission::keyed, "keyed"},
    {permission::officiate, "officer"},
}};

// The table: for each role, what it may do. The admin and the system may do everything.
struct grant {
    role who;
    std::array<permission, 5> may; // permission::anyone pads
};
constexpr std::array<grant, 5> grants{{
    {role::anonymous, {permission::anyone}},
    {role::organiser, {permission::organise, permission::issue, permission::track, permission::keyed}},
    {role::issuer, {permission::issue, permission::keyed}},
    {role::verifier, {permission::track, permission::keyed}},
    {role::officer, {permission::officiate, permission::keyed}},
}};

// How to get in, by what the act needs (401).
std::string_view how_to_ask(permission p)
{
    switch (p) {
    case permission::administer: return "send the admin key as Authorization: Bearer <key>";
    case permission::issue: return "send an organiser or issuer key as Authorization: Bearer <key>";
    case permission::track: return "send an organiser or verifier key as Authorization: Bearer <key>";
    case permission::keyed: return "send a key as Authorization: Bearer <key>";
    case permission::officiate: return "send the table officer's key as Authorization: Bearer <key>";
    case permission::organise:
    case permission::anyone: break;
    }
    return "send an organiser key as Authorization: Bearer <key>";
}

// What a key of the wrong role is told (403).
std::string_view what_it_may(permission p, role r)
{
    if (p == permission::administer)
        return "only the admin may do this";
    if (r == role::issuer)
        return "an issuer key may only issue and revoke tokens";
    if (r == role::officer)
        return "a table officer's key may only check people in and enter its table's ballots and act";
    if (p == permission::officiate)
        return "only the table's officers may do this";
    return "a verifier key may only verify or reject commitments";
}

} // namespace

std::string_view name_of(role r) { return name_in<role>(roles, r); }

std::optional<role> role_named(std::string_view name) { return value_in<role>(roles, name); }

bool is_key_role(role r)
{
    return r == role::organiser || r == role::issuer || r == role::verifier || r == role::officer;
}

std::optional<role> key_role_named(std::string_view name)
{
    const auto r = value_in<role>(roles, name);
    // An officer's key is made on its table (it belongs to one), never by this name alone.
    if (!r || !is_key_role(*r) || *r == role::officer)
        return std::nullopt;
    return r;
}

std::string_view name_of(permission p) { return name_in<permission>(permissions, p); }

bool allows(role r, permission p)
{
    if (r == role::admin || r == role::system || p == permission::anyone)
        return true;
    for (const auto& g : grants)
        if (g.who == r)
            for (const permission q : g.may)
                if (q == p)
                    return true;
    return false;
}

std::optional<failure> refusal(permission p, role r)
{
    if (allows(r, p))
        return std::nullopt;
    if (r == role::anonymous)
        return fail(errc::unauthorized, "", std::string(how_to_ask(p)));
    return fail(errc::forbidden, "", std::string(what_it_may(p, r)));
}

std::optional<failure> refusal(permission p, role r, std::int64_t key_municipality, std::int64_t owner)
{
    if (auto f = refusal(p, r))
        return f;
    if (is_key_role(r) && key_municipality != owner)
        return fail(errc::forbidden, "", "this key belongs to another municipality");
    return std::nullopt;
}

} // namespace cabildo::engine
