#include "ballots/preflib.hpp"

#include "ballots/text_fields.hpp"

#include <istream>
#include <iterator>

namespace cabildo::ballots {

std::optional<preflib_kind> preflib_kind_from_extension(std::string_view extension)
{
    if (extension.starts_with('.'))
        extension.remove_prefix(1);
    std::string lower(extension);
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    if (lower == "soc")
        return preflib_kind::soc;
    if (lower == "soi")
        return preflib_kind::soi;
    if (lower == "toc")
        return preflib_kind::toc;
    if (lower == "toi")
        return preflib_kind::toi;
    return std::nullopt;
}

std::vector<idea_id> preflib_file::candidates() const
{
    std::vector<idea_id> out(alternatives);
    for (std::size_t i = 0; i < alternatives; ++i)
        out[i] = static_cast<idea_id>(i + 1);
    return out;
}

std::string preflib_file::name(idea_id alternative) const
{
    const auto it = names.find(alternative);
    return it == names.end() ? std::string() : it->second;
}

lottery preflib_file::number_order() const
{
    lottery order;
    order.reserve(alternatives);
    for (std::size_t i = 0; i < alternatives; ++i)
        order.emplace(static_cast<idea_id>(i + 1), i);
    return order;
}

namespace {

class preflib_parser {
public:
    preflib_parser(std::string_view text, preflib_kind kind) : lines_(text) { file_.kind = kind; }

    parse_result<preflib_file> run()
    {
        std::string_view line;
        while (lines_.next(line)) {
            const std::size_t n = lines_.number();
            const std::string_view t = text::trim(line);
            if (t.empty())
                continue;
            if (t.starts_with('#')) {
                if (auto e = read_header(t.substr(1), n))
                    return *e;
                continue;
            }
            if (auto e = read_order(t, n))
                return *e;
        }
        if (!have_alternatives_)
            return parse_failure(lines_.number(), "missing '# NUMBER ALTERNATIVES' header");
        if (voters_line_ != 0 && declared_voters_ != file_.ballots.total_weight())
            return parse_failure(voters_line_, "NUMBER VOTERS is " + std::to_string(declared_voters_) +
                                                   " but the orders count " +
                                                   std::to_string(file_.ballots.total_weight()) + " voters");
        if (orders_line_ != 0 && declared_orders_ != static_cast<std::int64_t>(file_.ballots.size()))
            return parse_failure(orders_line_, "NUMBER UNIQUE ORDERS is " + std::to_string(declared_orders_) +
                                                   " but the file has " + std::to_string(file_.ballots.size()) +
                                                   " order lines");
        return std::move(file_);
    }

private:
    using failure = std::optional<parse_error>;

    failure read_header(std::string_view body, std::size_t n)
    {
        const std::size_t colon = body.find(':');
        if (colon == std::string_view::npos)
            return std::nullopt; // a plain comment
        const std::string_view key = text::trim(body.substr(0, colon));
        const std::string_view value = text::trim(body.substr(colon + 1));
        const auto number = [&](std::int64_t& out) -> failure {
            if (!text::parse_int(value, out) || out < 0)
                return parse_failure(n, "bad number " + text::quoted(value) + " for " + std::string(key));
            return std::nullopt;
        };
        if (key == "TITLE") {
            file_.title = std::string(value);
        } else if (key == "NUMBER ALTERNATIVES") {
            std::int64_t v = 0;
            if (auto e = number(v))
                return e;
            if (have_orders_)
                return parse_failure(n, "NUMBER ALTERNATIVES after the first order line");
            if (v == 0 || v > 1'000'000)
                return parse_failure(n, "NUMBER ALTERNATIVES must be between 1 and 1000000");
            file_.alternatives = static_cast<std::size_t>(v);
            seen_.assign(file_.alternatives, false);
            have_alternatives_ = true;
        } else if (key == "NUMBER VOTERS") {
            if (auto e = number(declared_voters_))
                return e;
            voters_line_ = n;
        } else if (key == "NUMBER UNIQUE ORDERS") {
            if (auto e = number(declared_orders_))
                return e;
            orders_line_ = n;
        } else if (key.starts_with("ALTERNATIVE NAME")) {
            std::int64_t i = 0;
            if (!text::parse_int(key.substr(16), i))
                return parse_failure(n, "bad alternative number in " + text::quoted(key));
            if (!have_alternatives_)
                return parse_failure(n, "ALTERNATIVE NAME before NUMBER ALTERNATIVES");
            if (i < 1 || static_cast<std::size_t>(i) > file_.alternatives)
                return parse_failure(n, "alternative " + std::to_string(i) + " is outside 1.." +
                                            std::to_string(file_.alternatives));
            file_.names[i] = std::string(value);
        }
        return std::nullopt;
    }

    // `count: a,b,{c,d}`
    failure read_order(std::string_view line, std::size_t n)
    {
        if (!have_alternatives_)
            return parse_failure(n, "order line before the '# NUMBER ALTERNATIVES' header");
        have_orders_ = true;
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos)
            return parse_failure(n, "expected 'count: order', found " + text::quoted(line));
        std::int64_t count = 0;
        if (!text::parse_int(line.substr(0, colon), count) || count < 1)
            return parse_failure(n, "bad count " + text::quoted(text::trim(line.substr(0, colon))));
        const bool strict = file_.kind == preflib_kind::soc || file_.kind == preflib_kind::soi;
        const bool complete = file_.kind == preflib_kind::soc || file_.kind == preflib_kind::toc;
        // Only the previous line's alternatives are unmarked, so a line costs its own length and not
        // the declared number of alternatives (up to a million, on every line).
        for (const auto a : ideas_)
            seen_[static_cast<std::size_t>(a - 1)] = false;
        ideas_.clear();
        tiers_.clear();
        std::string_view rest = text::trim(line.substr(colon + 1));
        std::uint32_t tier = 0;
        bool in_group = false;
        std::size_t group_size = 0;
        while (!rest.empty()) {
            if (rest.front() == '{') {
                if (in_group)
                    return parse_failure(n, "nested '{'");
                in_group = true;
                group_size = 0;
                rest = text::trim(rest.substr(1));
                continue;
            }
            const std::size_t end = rest.find_first_of(",}");
            const std::string_view item = text::trim(rest.substr(0, end));
            std::int64_t a = 0;
            if (!text::parse_int(item, a))
                return parse_failure(n, "bad alternative " + text::quoted(item));
            if (a < 1 || static_cast<std::size_t>(a) > file_.alternatives)
                return parse_failure(n, "alternative " + std::to_string(a) + " is outside 1.." +
                                            std::to_string(file_.alternatives));
            if (seen_[static_cast<std::size_t>(a - 1)])
                return parse_failure(n, "alternative " + std::to_string(a) + " appears twice in one order");
            seen_[static_cast<std::size_t>(a - 1)] = true;
            ideas_.push_back(a);
            tiers_.push_back(tier);
            if (in_group)
                ++group_size;
            else
                ++tier;
            rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
            if (!rest.empty() && rest.front() == '}') {
                if (!in_group)
                    return parse_failure(n, "'}' without '{'");
                if (group_size == 0)
                    return parse_failure(n, "empty '{}' group");
                if (strict && group_size > 1)
                    return parse_failure(n, "a tie in a strict-order file (." + extension() + ")");
                in_group = false;
                ++tier;
                rest = text::trim(rest.substr(1));
            }
            if (!rest.empty()) {
                if (rest.front() != ',')
                    return parse_failure(n, "expected ',' in " + text::quoted(line));
                rest = text::trim(rest.substr(1));
                if (rest.empty())
                    return parse_failure(n, "trailing ',' in " + text::quoted(line));
            }
        }
        if (in_group)
            return parse_failure(n, "'{' without '}'");
        if (complete && ideas_.size() != file_.alternatives)
            return parse_failure(n, "a complete-order file (." + extension() + ") ranks " +
                                        std::to_string(ideas_.size()) + " of " + std::to_string(file_.alternatives) +
                                        " alternatives");
        file_.ballots.add(ideas_, tiers_, count);
        return std::nullopt;
    }

    std::string extension() const
    {
        switch (file_.kind) {
        case preflib_kind::soc: return "soc";
        case preflib_kind::soi: return "soi";
        case preflib_kind::toc: return "toc";
        case preflib_kind::toi: return "toi";
        }
        return "?";
    }

    text::line_reader lines_;
    preflib_file file_;
    bool have_alternatives_ = false;
    bool have_orders_ = false;
    std::int64_t declared_voters_ = 0;
    std::int64_t declared_orders_ = 0;
    std::size_t voters_line_ = 0;
    std::size_t orders_line_ = 0;
    std::vector<bool> seen_;
    std::vector<idea_id> ideas_;
    std::vector<std::uint32_t> tiers_;
};

} // namespace

parse_result<preflib_file> parse_preflib(std::string_view text, preflib_kind kind)
{
    return preflib_parser(text, kind).run();
}

parse_result<preflib_file> parse_preflib(std::istream& in, preflib_kind kind)
{
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    return parse_preflib(std::string_view(text), kind);
}

} // namespace cabildo::ballots
