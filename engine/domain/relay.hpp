#pragma once
// The hand-over between a resident's page and the registration desk in an anonymous challenge.
// The page blinds a message it keeps and opens a request with the blinded form; it gets a short
// code to read out to the clerk, who checks the person's identity and has the desk sign "the
// request with this code"; the page collects the signature, unblinds it into its token and says
// so. The server learns nothing it did not learn before (the desk always saw the reference beside
// the blinded message), and the page's secret never leaves the device.
//
// Kept in the database, so every node of a deployment serves the same requests and a signed one
// survives a restart: a request waits ten minutes for the desk; once signed it waits a day for its
// page (a phone that discarded the tab still finishes), and a signature the page never fetched
// frees the person for a new request once that day is over. Rows are deleted an hour after they
// expire, except a signed one never fetched, kept without its signature (it is what frees the
// person); a collected one holds neither message nor signature any more. The page that opened a
// request gets a secret with its code; only that secret withdraws it, so a bystander who heard the
// code read out cannot destroy the signature.

#include "engine/domain/clock.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cabildo::engine {

// waiting: for the desk. signing: the desk's signature is being made. signed: ready, never fetched.
// delivered: the page fetched the signature. collected: the page made its token (and said so).
// voided: signed, never fetched, expired, and replaced by a new request for the same person.
enum class relay_state { waiting, signing, signed_by_desk, delivered, collected, voided };
std::string_view name_of(relay_state s);
std::optional<relay_state> relay_state_named(std::string_view name);

struct relay_request {
    std::int64_t challenge_id = 0;
    std::string code;        // canonical (short_code.hpp)
    std::string blinded_msg; // raw bytes; wiped once collected
    time_point expires_at;
    std::optional<std::string> ref_hmac; // the person the desk signs it for, from its first try on
    std::string blind_sig;               // raw bytes, once signed; wiped once collected
    relay_state state = relay_state::waiting;
    std::string secret_sha256; // of the secret only the page that opened it holds; empty before it had one
};

inline constexpr auto relay_wait_for_desk = std::chrono::minutes(10);
inline constexpr auto relay_wait_for_page = std::chrono::hours(24);
inline constexpr auto relay_kept_after_expiry = std::chrono::hours(1);
// Open requests (waiting for a desk) a challenge holds at most: an anonymous client fills its own
// allowance (the API's per-address limit), never everybody's.
inline constexpr std::size_t max_open_relay_requests = 2000;

} // namespace cabildo::engine
