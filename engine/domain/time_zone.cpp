#include "engine/domain/time_zone.hpp"

#include <cstdlib>

#include <algorithm>
#include <array>
#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace cabildo::engine {
namespace {

// RFC 8536 section 3.1: every TZif file starts with these four bytes.
constexpr std::string_view tzif_magic = "TZif";

namespace chr = std::chrono;
using chr::seconds;

constexpr std::string_view zoneinfo_dir = "/usr/share/zoneinfo/";
constexpr std::size_t max_zone_name = 128;
constexpr std::size_t max_tzif_bytes = std::size_t{1} << 20; // real files are under 4 KiB
// Past this instant (9999-12-31T23:59:59Z) the calendar arithmetic below is not attempted.
constexpr std::int64_t last_calendar_second = 253402300799;

// A date of a POSIX TZ rule (POSIX.1-2017 section 8.3 "TZ", with RFC 8536 section 3.3.1's
// extension of the time to -167..167 hours).
struct rule_date {
    enum class form { julian_no_leap, zero_based, month_week_day };
    form kind = form::month_week_day;
    int day = 0;            // Jn: 1..365 (February 29 never counted); n: 0..365; Mm.w.d: d, 0 = Sunday
    int month = 0;          // Mm.w.d: 1..12
    int week = 0;           // Mm.w.d: 1..5, 5 = the last such weekday of the month
    seconds time{2 * 3600}; // the local wall time of the change, in the time then in effect
};

// The footer of a TZif file: the rule for instants after the last transition. Offsets are
// east of UTC, as TZif stores them (the TZ string writes them the other way round).
struct posix_tz {
    seconds std_offset{0};
    std::optional<seconds> dst_offset;
    rule_date dst_start;
    rule_date dst_end;
};

struct zone_data {
    std::vector<std::int64_t> transitions; // UTC seconds, ascending
    std::vector<std::uint8_t> transition_types;
    std::vector<seconds> type_offsets;
    std::optional<posix_tz> footer;
};

bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Parses the footer string, e.g. "MST7", "<-03>3" or "PST8PDT,M3.2.0,M11.1.0".
class tz_string_parser {
public:
    explicit tz_string_parser(std::string_view s) : s_(s) {}

    std::optional<posix_tz> parse()
    {
        posix_tz tz;
        const auto std_offset = name() ? offset(24) : std::nullopt;
        if (!std_offset)
            return std::nullopt;
        tz.std_offset = -*std_offset;
        if (done())
            return tz;
        if (!name())
            return std::nullopt;
        tz.dst_offset = tz.std_offset + seconds{3600};
        if (!done() && peek() != ',') {
            const auto dst_offset = offset(24);
            if (!dst_offset)
                return std::nullopt;
            tz.dst_offset = -*dst_offset;
        }
        // Without a rule POSIX leaves the dates to the implementation; zic always writes one.
        const auto start = eat(',') ? date() : std::nullopt;
        const auto end = start && eat(',') ? date() : std::nullopt;
        if (!end || !done())
            return std::nullopt;
        tz.dst_start = *start;
        tz.dst_end = *end;
        return tz;
    }

private:
    bool done() const { return pos_ == s_.size(); }
    char peek() const { return done() ? '\0' : s_[pos_]; }
    bool eat(char c)
    {
        if (peek() != c)
            return false;
        ++pos_;
        return true;
    }

    // An abbreviation: three or more letters, or <...> quoting letters, digits, '+' and '-'.
    bool name()
    {
        const auto begin = pos_;
        if (eat('<')) {
            while (is_alpha(peek()) || is_digit(peek()) || peek() == '+' || peek() == '-')
                ++pos_;
            return pos_ - begin - 1 >= 3 && eat('>');
        }
        while (is_alpha(peek()))
            ++pos_;
        return pos_ - begin >= 3;
    }

    std::optional<int> number(int max)
    {
        if (!is_digit(peek()))
            return std::nullopt;
        int n = 0;
        for (int digits = 0; is_digit(peek()); ++digits, ++pos_) {
            if (digits == 3)
                return std::nullopt;
            n = n * 10 + (s_[pos_] - '0');
        }
        if (n > max)
            return std::nullopt;
        return n;
    }

    // [+|-]hh[:mm[:ss]], hours at most `max_hours`.
    std::optional<seconds> offset(int max_hours)
    {
        const bool negative = eat('-');
        if (!negative)
            eat('+');
        const auto hours = number(max_hours);
        if (!hours)
            return std::nullopt;
        auto total = seconds{*hours * 3600};
        for (const int unit : {60, 1}) {
            if (!eat(':'))
                break;
            const auto part = number(59);
            if (!part)
                return std::nullopt;
            total += seconds{*part * unit};
        }
        return negative ? -total : total;
    }

    std::optional<rule_date> date()
    {
        rule_date r;
        std::optional<int> day;
        if (eat('J')) {
            r.kind = rule_date::form::julian_no_leap;
            day = number(365);
            if (day == 0)
                return std::nullopt;
        } else if (eat('M')) {
            r.kind = rule_date::form::month_week_day;
            const auto month = number(12);
            const auto week = month && eat('.') ? number(5) : std::nullopt;
            day = week && eat('.') ? number(6) : std::nullopt;
            if (!day || *month < 1 || *week < 1)
                return std::nullopt;
            r.month = *month;
            r.week = *week;
        } else {
            r.kind = rule_date::form::zero_based;
            day = number(365);
        }
        if (!day)
            return std::nullopt;
        r.day = *day;
        if (eat('/')) {
            const auto time = offset(167);
            if (!time)
                return std::nullopt;
            r.time = *time;
        }
        return r;
    }

    std::string_view s_;
    std::size_t pos_ = 0;
};

chr::sys_days rule_day(const rule_date& r, chr::year y)
{
    const chr::sys_days january_1{y / chr::January / 1};
    switch (r.kind) {
    case rule_date::form::julian_no_leap: return january_1 + chr::days{r.day - 1 + (y.is_leap() && r.day >= 60)};
    case rule_date::form::zero_based: return january_1 + chr::days{r.day};
    case rule_date::form::month_week_day: break;
    }
    const chr::month m{static_cast<unsigned>(r.month)};
    const chr::weekday wd{static_cast<unsigned>(r.day)};
    if (r.week == 5)
        return chr::sys_days{y / m / wd[chr::last]};
    return chr::sys_days{y / m / wd[static_cast<unsigned>(r.week)]};
}

seconds footer_offset(const posix_tz& tz, time_point at)
{
    if (!tz.dst_offset || at.time_since_epoch().count() > last_calendar_second)
        return tz.std_offset;
    const auto y = chr::year_month_day{chr::floor<chr::days>(at + tz.std_offset)}.year();
    // The start is written in standard time, the end in daylight time.
    const time_point start = rule_day(tz.dst_start, y) + tz.dst_start.time - tz.std_offset;
    const time_point end = rule_day(tz.dst_end, y) + tz.dst_end.time - *tz.dst_offset;
    // In the southern hemisphere daylight time spans the new year.
    const bool dst = start < end ? start <= at && at < end : !(end <= at && at < start);
    return dst ? *tz.dst_offset : tz.std_offset;
}

class byte_reader {
public:
    explicit byte_reader(std::string_view bytes) : bytes_(bytes) {}

    std::optional<std::string_view> take(std::size_t n)
    {
        if (bytes_.size() < n)
            return std::nullopt;
        const auto taken = bytes_.substr(0, n);
        bytes_.remove_prefix(n);
        return taken;
    }
    // A big-endian unsigned integer of `n` bytes (n <= 8).
    std::optional<std::uint64_t> unsigned_be(std::size_t n)
    {
        const auto b = take(n);
        if (!b)
            return std::nullopt;
        std::uint64_t v = 0;
        for (const char c : *b)
            v = v << 8 | static_cast<unsigned char>(c);
        return v;
    }
    std::string_view rest() const { return bytes_; }

private:
    std::string_view bytes_;
};

// RFC 8536 section 3.1.
struct tzif_header {
    char version = 0;
    std::uint64_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;
};

std::optional<tzif_header> read_header(byte_reader& r)
{
    tzif_header h;
    const auto magic = r.take(4);
    const auto version = r.take(1);
    if (magic != tzif_magic || !version || !r.take(15))
        return std::nullopt;
    h.version = version->front();
    for (auto* count : {&h.isutcnt, &h.isstdcnt, &h.leapcnt, &h.timecnt, &h.typecnt, &h.charcnt}) {
        const auto v = r.unsigned_be(4);
        if (!v)
            return std::nullopt;
        *count = *v;
    }
    if (h.typecnt == 0 || h.typecnt > 256 || h.charcnt == 0 || (h.isutcnt != 0 && h.isutcnt != h.typecnt) ||
        (h.isstdcnt != 0 && h.isstdcnt != h.typecnt) || h.timecnt > max_tzif_bytes || h.leapcnt > max_tzif_bytes ||
        h.charcnt > max_tzif_bytes)
        return std::nullopt;
    return h;
}

std::uint64_t block_size(const tzif_header& h, std::uint64_t time_size)
{
    return h.timecnt * time_size + h.timecnt + h.typecnt * 6 + h.charcnt + h.leapcnt * (time_size + 4) + h.isstdcnt +
           h.isutcnt;
}

// The data block (RFC 8536 section 3.2) with `time_size`-byte times: 4 in version 1, 8 after.
bool read_block(byte_reader& r, const tzif_header& h, std::size_t time_size, zone_data& z)
{
    for (std::uint64_t i = 0; i < h.timecnt; ++i) {
        const auto t = r.unsigned_be(time_size);
        if (!t)
            return false;
        const auto at = time_size == 4 ? std::int64_t{static_cast<std::int32_t>(*t)} : static_cast<std::int64_t>(*t);
        if (!z.transitions.empty() && at <= z.transitions.back())
            return false;
        z.transitions.push_back(at);
    }
    for (std::uint64_t i = 0; i < h.timecnt; ++i) {
        const auto type = r.unsigned_be(1);
        if (!type || *type >= h.typecnt)
            return false;
        z.transition_types.push_back(static_cast<std::uint8_t>(*type));
    }
    for (std::uint64_t i = 0; i < h.typecnt; ++i) {
        const auto utoff = r.unsigned_be(4);
        if (!utoff || !r.take(2)) // isdst and the abbreviation index
            return false;
        const auto offset = static_cast<std::int32_t>(*utoff);
        if (offset == INT32_MIN)
            return false;
        z.type_offsets.emplace_back(offset);
    }
    return r.take(h.charcnt + h.leapcnt * (time_size + 4) + h.isstdcnt + h.isutcnt).has_value();
}

std::optional<zone_data> parse_tzif(std::string_view bytes)
{
    byte_reader r{bytes};
    const auto v1 = read_header(r);
    if (!v1)
        return std::nullopt;
    zone_data z;
    if (v1->version == '\0')
        return read_block(r, *v1, 4, z) ? std::optional{std::move(z)} : std::nullopt;
    // Version 2+: the 32-bit block is only for old readers; the 64-bit one and the footer follow.
    if (!r.take(block_size(*v1, 4)))
        return std::nullopt;
    const auto v2 = read_header(r);
    if (!v2 || !read_block(r, *v2, 8, z))
        return std::nullopt;
    // The footer: "\n" TZ string "\n" (RFC 8536 section 3.3). A string we cannot read leaves the
    // last transition's type in force.
    const auto rest = r.rest();
    if (rest.size() >= 2 && rest.front() == '\n') {
        const auto end = rest.find('\n', 1);
        if (end != std::string_view::npos && end > 1)
            z.footer = tz_string_parser{rest.substr(1, end - 1)}.parse();
    }
    return z;
}

seconds offset_at(const zone_data& z, time_point at)
{
    const auto t = at.time_since_epoch().count();
    if (z.footer && (z.transitions.empty() || t >= z.transitions.back()))
        return footer_offset(*z.footer, at);
    // Before the first transition the first time type applies (RFC 8536 section 3.2).
    const auto next = std::upper_bound(z.transitions.begin(), z.transitions.end(), t);
    if (next == z.transitions.begin())
        return z.type_offsets.front();
    return z.type_offsets[z.transition_types[static_cast<std::size_t>(next - z.transitions.begin() - 1)]];
}

std::optional<std::string> read_file(const std::string& path)
{
    std::ifstream in{path, std::ios::binary};
    if (!in)
        return std::nullopt;
    std::string bytes(max_tzif_bytes + 1, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (in.bad() || static_cast<std::size_t>(in.gcount()) > max_tzif_bytes)
        return std::nullopt;
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    return bytes;
}

// Zones are read once and kept: there are a few hundred at most, and only known ones are kept.
std::shared_ptr<const zone_data> load_zone(std::string_view zone)
{
    if (!is_zone_name(zone))
        return nullptr;
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<const zone_data>, std::less<>> cache;
    {
        const std::lock_guard lock{mutex};
        if (const auto it = cache.find(zone); it != cache.end())
            return it->second;
    }
    const auto bytes = read_file(std::string{zoneinfo_dir} + std::string{zone});
    auto parsed = bytes ? parse_tzif(*bytes) : std::nullopt;
    if (!parsed)
        return nullptr;
    const std::lock_guard lock{mutex};
    return cache.try_emplace(std::string{zone}, std::make_shared<const zone_data>(std::move(*parsed))).first->second;
}

std::string two_digits(long n)
{
    const char digits[] = {static_cast<char>('0' + n / 10 % 10), static_cast<char>('0' + n % 10)};
    return {digits, 2};
}

} // namespace

bool is_zone_name(std::string_view zone)
{
    if (zone.empty() || zone.size() > max_zone_name)
        return false;
    bool component_start = true;
    for (const char c : zone) {
        if (c == '/') {
            if (component_start)
                return false; // leading '/' or "//"
            component_start = true;
            continue;
        }
        // Every component starts with a letter, so "." and ".." (and "-option") cannot appear.
        if (component_start ? !is_alpha(c) : !(is_alpha(c) || is_digit(c) || c == '_' || c == '+' || c == '-'))
            return false;
        component_start = false;
    }
    return !component_start; // no trailing '/'
}

std::optional<seconds> utc_offset(std::string_view zone, time_point at)
{
    const auto z = load_zone(zone);
    if (!z)
        return std::nullopt;
    return offset_at(*z, at);
}

std::optional<std::string> format_local_es(time_point at, std::string_view zone)
{
    static constexpr std::array<std::string_view, 12> months = {"enero",      "febrero", "marzo",     "abril",
                                                                "mayo",       "junio",   "julio",     "agosto",
                                                                "septiembre", "octubre", "noviembre", "diciembre"};
    const auto t = at.time_since_epoch().count();
    if (t < -62135596800 || t > last_calendar_second) // years 1 to 9999
        return std::nullopt;
    const auto offset = utc_offset(zone, at);
    if (!offset)
        return std::nullopt;
    const auto local = at + *offset;
    const auto day = chr::floor<chr::days>(local);
    const chr::year_month_day ymd{day};
    const chr::hh_mm_ss time{local - day};
    // The zone as people read it: its offset, not its IANA name ("America/Hermosillo" means nothing
    // on a card in a resident's hand).
    const auto minutes = chr::duration_cast<chr::minutes>(*offset).count();
    std::string utc = "UTC";
    if (minutes != 0) {
        utc += minutes < 0 ? "\u2212" : "+";
        utc += std::to_string(std::abs(minutes) / 60);
        if (std::abs(minutes) % 60 != 0)
            utc.append(":").append(two_digits(std::abs(minutes) % 60)); // not ":" + …: GCC 12 bug 105329
    }
    return std::to_string(static_cast<unsigned>(ymd.day())) + " de " +
           std::string{months[static_cast<unsigned>(ymd.month()) - 1]} + " de " +
           std::to_string(static_cast<int>(ymd.year())) + ", " + two_digits(time.hours().count()) + ":" +
           two_digits(time.minutes().count()) + " (hora local, " + utc + ")";
}

} // namespace cabildo::engine
