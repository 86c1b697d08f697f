#include "api/blind_relay.hpp"

#include "engine/identity/crypto.hpp"

#include <cctype>

namespace cabildo::api {

namespace {

// Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives.
constexpr std::string_view alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t code_length = 8;

std::string key_of(const std::string& scope, const std::string& code) { return scope + ' ' + code; }

std::string display(const std::string& code) { return code.substr(0, 4) + '-' + code.substr(4); }

} // namespace

std::optional<std::string> blind_relay::canonical(std::string_view code)
{
    std::string out;
    for (const char raw : code) {
        if (raw == '-' || raw == ' ')
            continue;
        char ch = static_cast<char>(std::toupper(static_cast<unsigned char>(raw)));
        if (ch == 'I' || ch == 'L')
            ch = '1';
        else if (ch == 'O')
            ch = '0';
        if (alphabet.find(ch) == std::string_view::npos || out.size() == code_length)
            return std::nullopt;
        out.push_back(ch);
    }
    if (out.size() != code_length)
        return std::nullopt;
    return out;
}

void blind_relay::drop_expired(engine::time_point now)
{
    std::erase_if(entries_, [now](const auto& e) { return e.second.expires_at <= now; });
}

std::optional<std::string> blind_relay::open(const std::string& scope, std::string blinded_msg, engine::time_point now)
{
    const std::lock_guard lock(mutex_);
    if (entries_.size() >= capacity)
        drop_expired(now);
    if (entries_.size() >= capacity)
        return std::nullopt;
    // 40 random bits: a guessed code yields at most a blind signature, useless without the
    // page's secret inverse; the draw repeats on the rare collision.
    for (;;) {
        const auto bytes = engine::random_bytes(code_length);
        std::string code;
        for (const char b : bytes)
            code.push_back(alphabet[static_cast<unsigned char>(b) % alphabet.size()]);
        if (entries_.emplace(key_of(scope, code), entry{std::move(blinded_msg), {}, now + lifetime}).second)
            return display(code);
    }
}

std::optional<blind_relay::entry> blind_relay::find(const std::string& scope, std::string_view code,
                                                    engine::time_point now) const
{
    const auto canon = canonical(code);
    if (!canon)
        return std::nullopt;
    const std::lock_guard lock(mutex_);
    const auto it = entries_.find(key_of(scope, *canon));
    if (it == entries_.end() || it->second.expires_at <= now)
        return std::nullopt;
    return it->second;
}

bool blind_relay::sign(const std::string& scope, std::string_view code, std::string blind_sig, engine::time_point now)
{
    const auto canon = canonical(code);
    if (!canon)
        return false;
    const std::lock_guard lock(mutex_);
    const auto it = entries_.find(key_of(scope, *canon));
    if (it == entries_.end() || it->second.expires_at <= now)
        return false;
    it->second.blind_sig = std::move(blind_sig);
    return true;
}

} // namespace cabildo::api
