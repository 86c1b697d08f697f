#include "app/bootstrap.hpp"

#include "engine/identity/crypto.hpp"
#include "engine/identity/key_vault.hpp"

#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace cabildo::app {

using namespace cabildo::engine;

namespace {

std::optional<std::string> hex_decode(std::string_view text)
{
    if (text.size() % 2 != 0)
        return std::nullopt;
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += 2) {
        const auto digit = [](char c) -> int {
            if (c >= '0' && c <= '9')
                return c - '0';
            if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
            if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
            return -1;
        };
        const int hi = digit(text[i]), lo = digit(text[i + 1]);
        if (hi < 0 || lo < 0)
            return std::nullopt;
        out.push_back(static_cast<char>(hi * 16 + lo));
    }
    return out;
}

// Writes a new file with `mode` and makes it durable: the file's data, and its folder's entry
// (without the folder's fsync a crash may leave the database knowing a secret whose file is gone).
void create_durably(const std::filesystem::path& path, std::string_view text, mode_t mode)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    const bool written =
        fd >= 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    if (fd >= 0)
        ::close(fd);
    const auto folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    const int dir = written ? ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    const bool listed = dir >= 0 && ::fsync(dir) == 0;
    if (dir >= 0)
        ::close(dir);
    if (!listed)
        throw std::runtime_error("cannot write " + path.string() + " durably");
}

std::string read_or_create_secret(const std::filesystem::path& path)
{
    if (std::filesystem::exists(path)) {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream body;
        body << in.rdbuf();
        const auto decoded = decode_secret(body.str());
        if (!decoded)
            throw std::runtime_error(path.string() + " does not hold a base64url secret of 32 random bytes or more");
        return *decoded;
    }
    auto secret = random_bytes(min_secret_bytes);
    // Created 0600 from the start, never world-readable even for a moment.
    create_durably(path, base64url_encode(secret) + "\n", 0600);
    return secret;
}

std::string fingerprint_of(std::string_view secret)
{
    return to_hex(sha256("cabildo hmac secret fingerprint:" + std::string(secret)));
}

// The HMAC secret from the environment, decoded like the secret file. A deployment that set an
// undecoded (or weak) string before the variable was decoded and checked keeps it, loudly: its
// fingerprint is the database's, and another secret would give every person a second token.
std::string secret_from_environment(std::string_view text, const std::optional<std::string>& known_fingerprint)
{
    const auto decoded = decode_secret(text);
    if (known_fingerprint && *known_fingerprint == fingerprint_of(text) &&
        (!decoded || *known_fingerprint != fingerprint_of(*decoded))) {
        if (!decoded)
            spdlog::warn("CABILDO_HMAC_SECRET is weaker than 32 random bytes; it is kept because this database was "
                         "started with it (identity references are hashed under it), but a copy of the database "
                         "with it makes ID numbers guessable: start new consultations with a strong secret");
        return std::string(text);
    }
    if (!decoded)
        throw std::runtime_error("CABILDO_HMAC_SECRET must be a base64url (or base64, or hex) encoding of at least 32 "
                                 "random bytes, e.g. the content of the <db>.secret file or `openssl rand -base64 32`");
    return *decoded;
}

} // namespace

std::optional<std::string> decode_secret(std::string_view text)
{
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
        text.remove_suffix(1);
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    std::optional<std::string> bytes;
    if (text.size() >= 64 && text.find_first_not_of("0123456789abcdefABCDEF") == std::string_view::npos)
        bytes = hex_decode(text);
    if (!bytes) {
        // base64url, or standard base64 with padding, as `openssl rand -base64 32` writes it.
        std::string url(text);
        while (!url.empty() && url.back() == '=')
            url.pop_back();
        for (auto& c : url)
            c = c == '+' ? '-' : c == '/' ? '_' : c;
        bytes = base64url_decode(url);
    }
    if (!bytes || bytes->size() < min_secret_bytes)
        return std::nullopt;
    // Not proof of entropy, but it refuses the obvious non-secrets (one byte repeated, a short
    // pattern): 32 random bytes have about 30 distinct values.
    if (std::set<char>(bytes->begin(), bytes->end()).size() < min_secret_bytes / 2)
        return std::nullopt;
    return bytes;
}

server_secrets load_secrets(sql_store& storage, const secret_sources& sources)
{
    server_secrets out;
    if (sources.admin_key && !decode_secret(*sources.admin_key))
        throw std::runtime_error("CABILDO_ADMIN_KEY must be a base64url (or base64, or hex) encoding of at least 32 "
                                 "random bytes, e.g. `openssl rand -base64 32`; unset it to have one generated");
    std::optional<std::string> known_fingerprint;
    storage.run_now([&](repository& repo) { known_fingerprint = repo.meta("hmac_secret_fingerprint"); });
    out.hmac_secret = sources.hmac_secret ? secret_from_environment(*sources.hmac_secret, known_fingerprint)
                                          : read_or_create_secret(sources.hmac_secret_file);
    const auto fingerprint = fingerprint_of(out.hmac_secret);
    const key_vault vault(out.hmac_secret);
    bool sealed_any = false;
    storage.run_now([&](repository& repo) {
        if (known_fingerprint) {
            if (*known_fingerprint != fingerprint)
                throw std::runtime_error("the HMAC secret is not the one this database was started with; refusing to "
                                         "start, as the same person would be given a second token (restore " +
                                         sources.hmac_secret_file.string() + " or CABILDO_HMAC_SECRET)");
        } else {
            repo.set_meta("hmac_secret_fingerprint", fingerprint);
        }
        // Signing keys an older version stored in clear are sealed now that the secret is known.
        for (const auto& row : repo.issuer_keys())
            if (key_vault::is_clear(row.sealed)) {
                repo.set_issuer_key_sealed(row.challenge_id, vault.seal(row.sealed, row.public_key));
                sealed_any = true;
            }
        // The admin key given in the environment replaces any earlier one, generated or given, so
        // unsetting the variable later keeps this key rather than reviving an older one.
        if (sources.admin_key) {
            out.admin_key_hash = sha256(*sources.admin_key);
            repo.set_meta("admin_key_hash", out.admin_key_hash);
        } else if (auto stored = repo.meta("admin_key_hash")) {
            out.admin_key_hash = *stored;
        } else {
            out.generated_admin_key = base64url_encode(random_bytes(32));
            out.admin_key_hash = sha256(*out.generated_admin_key);
            repo.set_meta("admin_key_hash", out.admin_key_hash);
        }
        out.keys = repo.live_keys();
    });
    // Earlier versions rewrote a challenge's row, clear key included, on every edit, leaving old
    // copies in free pages: the whole database is rewritten once (SQLite's file, and its WAL).
    if (sealed_any)
        storage.rewrite_clean();
    return out;
}

} // namespace cabildo::app
