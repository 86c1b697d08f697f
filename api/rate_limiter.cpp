#include "api/rate_limiter.hpp"

#include <boost/asio/ip/address.hpp>

#include <algorithm>

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
