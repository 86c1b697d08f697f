#include "engine/bootstrap.hpp"

#include "engine/crypto.hpp"

namespace cabildo::engine {

server_secrets load_secrets(sqlite_store& storage, const std::optional<std::string>& admin_key)
{
    server_secrets out;
    storage.run_now([&](repository& repo) {
        auto secret = repo.meta("hmac_secret");
        if (!secret) {
            secret = random_bytes(32);
            repo.set_meta("hmac_secret", *secret);
        }
        out.hmac_secret = *secret;
        if (admin_key) {
            out.admin_key_hash = sha256(*admin_key);
        } else if (auto stored = repo.meta("admin_key_hash")) {
            out.admin_key_hash = *stored;
        } else {
            out.generated_admin_key = base64url_encode(random_bytes(32));
            out.admin_key_hash = sha256(*out.generated_admin_key);
            repo.set_meta("admin_key_hash", out.admin_key_hash);
        }
        out.organiser_keys = repo.organiser_keys();
    });
    return out;
}

} // namespace cabildo::engine
