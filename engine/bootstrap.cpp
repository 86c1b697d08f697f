#include "engine/bootstrap.hpp"

#include "engine/crypto.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace cabildo::engine {

namespace {

std::string read_or_create_secret(const std::filesystem::path& path)
{
    if (std::filesystem::exists(path)) {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream body;
        body << in.rdbuf();
        const auto decoded = base64url_decode(body.str().substr(0, body.str().find_first_of("\r\n")));
        if (!decoded || decoded->size() < 32)
            throw std::runtime_error(path.string() + " does not hold a base64url secret of 32 bytes or more");
        return *decoded;
    }
    const auto secret = random_bytes(32);
    const auto text = base64url_encode(secret) + "\n";
    // Created 0600 from the start, never world-readable even for a moment.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0 || ::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()) || ::fsync(fd) != 0) {
        if (fd >= 0)
            ::close(fd);
        throw std::runtime_error("cannot write the HMAC secret to " + path.string());
    }
    ::close(fd);
    return secret;
}

} // namespace

server_secrets load_secrets(sqlite_store& storage, const secret_sources& sources)
{
    server_secrets out;
    out.hmac_secret = sources.hmac_secret ? *sources.hmac_secret : read_or_create_secret(sources.hmac_secret_file);
    const auto fingerprint = to_hex(sha256("cabildo hmac secret fingerprint:" + out.hmac_secret));
    storage.run_now([&](repository& repo) {
        if (auto known = repo.meta("hmac_secret_fingerprint")) {
            if (*known != fingerprint)
                throw std::runtime_error("the HMAC secret is not the one this database was started with; refusing to "
                                         "start, as the same person would be given a second token (restore " +
                                         sources.hmac_secret_file.string() + " or CABILDO_HMAC_SECRET)");
        } else {
            repo.set_meta("hmac_secret_fingerprint", fingerprint);
        }
        if (sources.admin_key) {
            out.admin_key_hash = sha256(*sources.admin_key);
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
