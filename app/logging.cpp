#include "app/logging.hpp"

#include "engine/domain/names.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <array>
#include <cstdio>
#include <memory>
#include <utility>

namespace cabildo::app {

namespace {

constexpr std::array<std::pair<log_format, std::string_view>, 2> log_format_names{{
    {log_format::plain, "plain"},
    {log_format::json, "json"},
}};

// %j: the message as the inside of a JSON string (RFC 8259 escapes; other bytes as they are).
class json_message : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override
    {
        for (const char ch : msg.payload) {
            switch (ch) {
            case '"': dest.append(std::string_view("\\\"")); break;
            case '\\': dest.append(std::string_view("\\\\")); break;
            case '\n': dest.append(std::string_view("\\n")); break;
            case '\r': dest.append(std::string_view("\\r")); break;
            case '\t': dest.append(std::string_view("\\t")); break;
            default:
                if (static_cast<unsigned char>(ch) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(ch)));
                    dest.append(std::string_view(buf));
                } else {
                    dest.push_back(ch);
                }
            }
        }
    }
    std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<json_message>(); }
};

} // namespace

std::optional<log_format> log_format_named(std::string_view name)
{
    return engine::value_in<log_format>(log_format_names, name);
}

void start_logging(log_format format)
{
    auto logger = spdlog::stderr_color_mt("cabildo");
    if (format == log_format::json) {
        auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
        formatter->add_flag<json_message>('j').set_pattern(
            R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","logger":"%n","message":"%j"})");
        logger->set_formatter(std::move(formatter));
    }
    spdlog::set_default_logger(std::move(logger));
}

} // namespace cabildo::app
