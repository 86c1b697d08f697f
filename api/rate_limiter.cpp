#include "api/rate_limiter.hpp"

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace cabildo::api {

bool rate_limiter::allow(const std::string& key, engine::time_point now)
{
    const std::lock_guard lock(mutex_);
    auto it = counters_.find(key);
    if (it == counters_.end()) {
        // A full table is swept of clients whose window ended, at most once a sweep interval (a
        // sweep reads every entry). A table full of live clients (a flood from as many addresses)
        // refuses the new ones until a sweep frees room: it never stops counting those it holds.
        if (counters_.size() >= max_keys_ && now >= next_sweep_) {
            std::erase_if(counters_, [&](const auto& c) { return now - c.second.since >= window_; });
            next_sweep_ = now + sweep_interval(window_);
        }
        if (counters_.size() >= max_keys_)
            return false;
        it = counters_.emplace(key, counter{now, 0}).first;
    }
    auto& c = it->second;
    if (now - c.since >= window_)
        c = counter{now, 0};
    if (c.count >= allowed_)
        return false;
    ++c.count;
    return true;
}

bool rate_limiter::exhausted(const std::string& key, engine::time_point now)
{
    const std::lock_guard lock(mutex_);
    const auto it = counters_.find(key);
    return it != counters_.end() && now - it->second.since < window_ && it->second.count >= allowed_;
}

token_buckets::bucket* token_buckets::find(std::string_view key, clock::time_point now)
{
    const auto refill = [&](bucket& b) {
        const std::chrono::duration<double> elapsed = now - b.at;
        b.tokens = std::min(rule_.burst, b.tokens + std::max(0.0, elapsed.count()) * rule_.per_second);
        b.at = now;
    };
    if (auto it = buckets_.find(std::string(key)); it != buckets_.end()) {
        refill(it->second);
        return &it->second;
    }
    // A sweep reads every bucket: at most one a second.
    if (buckets_.size() >= max_keys_ && now >= next_sweep_) {
        for (auto it = buckets_.begin(); it != buckets_.end();) {
            refill(it->second);
            it = it->second.tokens >= rule_.burst ? buckets_.erase(it) : std::next(it);
        }
        next_sweep_ = now + std::chrono::seconds(1);
    }
    if (buckets_.size() >= max_keys_)
        return nullptr;
    return &buckets_.emplace(std::string(key), bucket{rule_.burst, now}).first->second;
}

std::chrono::seconds token_buckets::wait_of(const bucket& b) const
{
    if (b.tokens >= 1)
        return std::chrono::seconds(0);
    return std::chrono::seconds(std::max<long long>(1, std::llround(std::ceil((1 - b.tokens) / rule_.per_second))));
}

std::chrono::seconds token_buckets::take(std::string_view key, clock::time_point now)
{
    if (!rule_.on())
        return std::chrono::seconds(0);
    const std::lock_guard lock(mutex_);
    auto* b = find(key, now);
    if (!b)
        return std::chrono::seconds(0);
    const auto w = wait_of(*b);
    if (w.count() == 0)
        b->tokens -= 1;
    return w;
}

std::chrono::seconds token_buckets::wait(std::string_view key, clock::time_point now)
{
    if (!rule_.on())
        return std::chrono::seconds(0);
    const std::lock_guard lock(mutex_);
    const auto* b = find(key, now);
    return b ? wait_of(*b) : std::chrono::seconds(0);
}

void token_buckets::spend(std::string_view key, clock::time_point now)
{
    if (!rule_.on())
        return;
    const std::lock_guard lock(mutex_);
    if (auto* b = find(key, now))
        b->tokens = std::max(0.0, b->tokens - 1);
}

namespace {

// Each act's name (`--rate-limit`, the README) and what its refusal tells the client.
struct limited_act_words {
    limited_act act;
    std::string_view name;
    std::string_view refusal;
};
constexpr std::array<limited_act_words, limited_act_count> limited_act_names{{
    {limited_act::issuance, "issuance", "many token requests came from this address lately"},
    {limited_act::ideas, "ideas", "many ideas came from this address lately"},
    {limited_act::ballots, "ballots", "many ballots came from this address lately"},
    {limited_act::replacements, "replacements", "this token replaced its ballot many times lately"},
}};

std::optional<double> limit_number(std::string_view text)
{
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value) || value < 0 || value > 1e9)
        return std::nullopt;
    return value;
}

} // namespace

std::string_view name_of(limited_act a)
{
    for (const auto& w : limited_act_names)
        if (w.act == a)
            return w.name;
    return "unknown";
}

std::string_view refusal_of(limited_act a)
{
    for (const auto& w : limited_act_names)
        if (w.act == a)
            return w.refusal;
    return "many requests came from this address lately";
}

std::optional<limited_act> limited_act_named(std::string_view name)
{
    for (const auto& w : limited_act_names)
        if (w.name == name)
            return w.act;
    return std::nullopt;
}

bucket_rule& client_limits::operator[](limited_act a)
{
    switch (a) {
    case limited_act::issuance: return issuance;
    case limited_act::ideas: return ideas;
    case limited_act::ballots: return ballots;
    case limited_act::replacements: break;
    }
    return replacements;
}

std::optional<std::string> set_limit(client_limits& limits, std::string_view spec)
{
    const auto eq = spec.find('=');
    const auto act = limited_act_named(spec.substr(0, eq));
    if (eq == std::string_view::npos || !act)
        return "a limit is written ACT=PER_SECOND/BURST, ACT one of issuance, ideas, ballots, replacements";
    const auto value = spec.substr(eq + 1);
    const auto slash = value.find('/');
    const auto rate = limit_number(value.substr(0, slash));
    const auto burst =
        slash == std::string_view::npos ? std::optional<double>(0) : limit_number(value.substr(slash + 1));
    if (!rate || !burst || (*rate > 0 && *burst < 1))
        return "the limit '" + std::string(spec) +
               "' needs a rate a second and a burst of at least 1 (ballots=20/600), or 0 to turn it off";
    limits[*act] = bucket_rule{*rate, *burst};
    return std::nullopt;
}

std::string client_of(std::string_view address)
{
    boost::system::error_code ec;
    const auto parsed = boost::asio::ip::make_address(std::string(address), ec);
    if (ec)
        return std::string(address);
    if (parsed.is_v6() && !parsed.to_v6().is_v4_mapped()) {
        auto bytes = parsed.to_v6().to_bytes();
        std::fill(bytes.begin() + 8, bytes.end(), 0);
        return boost::asio::ip::address_v6(bytes).to_string() + "/64";
    }
    if (parsed.is_v6())
        return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, parsed.to_v6()).to_string();
    return parsed.to_string();
}

} // namespace cabildo::api
