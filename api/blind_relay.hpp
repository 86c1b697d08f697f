#pragma once
// The hand-over between a resident's page and the registration desk in an anonymous challenge.
// The page blinds a message it keeps and posts the blinded form here; it gets a short code to
// read out to the clerk, who checks the person's identity and has the desk sign "the request with
// this code" (POST …/tokens/blind {"ref","request"}); the page polls for the signature and
// unblinds it into its token. The server learns nothing it did not learn before (the desk always
// saw the reference beside the blinded message), and the page's secret never leaves the device.
//
// Held in memory only, for ten minutes: a request is worth nothing once the page that made it is
// gone, and a restart only costs the resident a new code. One instance serves one process; a
// deployment of several would need the table in shared storage.

#include "engine/domain/clock.hpp"

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace cabildo::api {

class blind_relay {
public:
    static constexpr std::size_t capacity = 20'000;
    static constexpr auto lifetime = std::chrono::minutes(10);

    struct entry {
        std::string blinded_msg; // raw bytes
        std::string blind_sig;   // raw bytes, empty until the desk signed
        engine::time_point expires_at;
    };

    // A new request for challenge `scope` ("m/c"): its code ("ABCD-2345"), or nullopt when the
    // table is full of live requests.
    std::optional<std::string> open(const std::string& scope, std::string blinded_msg, engine::time_point now);
    // The live request a code names (written in any case, with or without its dash).
    std::optional<entry> find(const std::string& scope, std::string_view code, engine::time_point now) const;
    // Records the desk's signature; false if the request expired meanwhile.
    bool sign(const std::string& scope, std::string_view code, std::string blind_sig, engine::time_point now);

    // The canonical form of a code a person typed: "abcd 2345", "ABCD2345", "abcd-z3i5" (Crockford's
    // base32 reads I and L as 1, O as 0); nullopt when it cannot be one.
    static std::optional<std::string> canonical(std::string_view code);

private:
    void drop_expired(engine::time_point now);
    mutable std::mutex mutex_;
    std::map<std::string, entry> entries_; // "m/c ABCD2345" -> entry
};

} // namespace cabildo::api
