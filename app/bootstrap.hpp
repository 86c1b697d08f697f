#pragma once
// What a server needs before it takes requests: the HMAC secret for identity references, the
// admin key (hashed), and the organiser keys (hashed).
//
// The HMAC secret is kept outside the database (CABILDO_HMAC_SECRET, or a 0600 file: beside a
// SQLite database by default, named by --secret-file for PostgreSQL, the same on every node),
// so a copy of the database, or a `cabildo backup`, cannot be used to brute-force identity
// references such as ID numbers. The database keeps only the secret's fingerprint, and a server
// started with another secret refuses to run: it would hand a second token to every person.

#include "engine/storage/sql_store.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cabildo::app {

struct server_secrets {
    std::string hmac_secret;
    std::string admin_key_hash;
    std::optional<std::string> generated_admin_key; // set only on the start that created it
    std::vector<engine::access_key> keys;           // every municipality's live keys, hashed
};

struct secret_sources {
    std::optional<std::string> admin_key;   // CABILDO_ADMIN_KEY
    std::optional<std::string> hmac_secret; // CABILDO_HMAC_SECRET
    std::filesystem::path hmac_secret_file; // used when hmac_secret is not given; created if missing
};

// Secrets are at least this many bytes once decoded (the admin key and the HMAC secret alike).
inline constexpr std::size_t min_secret_bytes = 32;

// The bytes of a secret written as base64url (the secret file's form), standard base64 or hex;
// nullopt when it is not one of those, decodes to fewer than 32 bytes, or is plainly not random.
std::optional<std::string> decode_secret(std::string_view text);

// `admin_key` wins and replaces the stored one; otherwise the key stored last (the environment's,
// or the one generated on the first start and shown once) is kept as its hash. Signing keys still
// in clear from an older version are sealed. Throws std::runtime_error, with a sentence for the
// operator, when a secret is too weak or the HMAC secret does not match the database's.
server_secrets load_secrets(engine::sql_store& storage, const secret_sources& sources);

} // namespace cabildo::app
