#include "engine/domain/errc.hpp"

#include <ostream>

namespace cabildo::engine {

std::string_view code_name(errc e) noexcept
{
    switch (e) {
    case errc::ok: return "ok";
    case errc::invalid_field: return "invalid_field";
    case errc::unknown_idea: return "unknown_idea";
    case errc::unauthorized: return "unauthorized";
    case errc::invalid_token: return "invalid_token";
    case errc::token_expired: return "token_expired";
    case errc::token_revoked: return "token_revoked";
    case errc::forbidden: return "forbidden";
    case errc::limit_reached: return "limit_reached";
    case errc::challenge_full: return "limit_reached"; // the same word for clients; the status tells which
    case errc::too_many_ballots: return "too_many_ballots";
    case errc::too_many_responses: return "too_many_responses";
    case errc::rate_limited: return "rate_limited";
    case errc::not_found: return "not_found";
    case errc::phase_not_open: return "phase_not_open";
    case errc::phase_closed: return "phase_closed";
    case errc::slug_taken: return "slug_taken";
    case errc::already_issued: return "already_issued";
    case errc::timeline_locked: return "timeline_locked";
    case errc::wrong_status: return "wrong_status";
    case errc::already_voted: return "already_voted";
    case errc::act_closed: return "act_closed";
    case errc::busy: return "busy";
    case errc::overloaded: return "overloaded";
    case errc::storage_failure: return "storage_failure";
    case errc::storage_unavailable: return "storage_unavailable";
    case errc::shutting_down: return "shutting_down";
    case errc::internal: return "internal";
    }
    return "unknown";
}

std::ostream& operator<<(std::ostream& os, errc e) { return os << code_name(e); }

namespace {

class category final : public std::error_category {
public:
    const char* name() const noexcept override { return "cabildo.engine"; }
    std::string message(int ev) const override { return std::string(code_name(static_cast<errc>(ev))); }
};

} // namespace

const std::error_category& domain_category() noexcept
{
    static const category instance;
    return instance;
}

std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), domain_category()}; }

} // namespace cabildo::engine
