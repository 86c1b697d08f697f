#include "ballots/pabulib.hpp"

#include "ballots/text_fields.hpp"

#include <algorithm>
#include <bit>
#include <deque>
#include <functional>
#include <istream>
#include <iterator>
#include <sstream>
#include <unordered_map>

namespace cabildo::ballots {

const std::string* pabulib_file::find_meta(std::string_view key) const
{
    for (const auto& [k, v] : meta)
        if (k == key)
            return &v;
    return nullptr;
}

std::vector<project> pabulib_file::budget_projects() const
{
    std::vector<project> out;
    out.reserve(projects.size());
    for (std::size_t i = 0; i < projects.size(); ++i)
        out.push_back({static_cast<idea_id>(i + 1), projects[i].cost});
    return out;
}

std::vector<idea_id> pabulib_file::ideas() const
{
    std::vector<idea_id> out(projects.size());
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = static_cast<idea_id>(i + 1);
    return out;
}

ranking_set pabulib_file::rankings() const
{
    ranking_set out;
    for (std::size_t b = 0; b < votes.size(); ++b)
        out.add(votes.ideas(b));
    return out;
}

lottery pabulib_file::file_order() const
{
    lottery order;
    order.reserve(projects.size());
    for (std::size_t i = 0; i < projects.size(); ++i)
        order.emplace(static_cast<idea_id>(i + 1), i);
    return order;
}

namespace {

enum class section { none, meta, projects, votes };

section section_named(std::string_view line)
{
    line = text::trim(line);
    if (line == "META")
        return section::meta;
    if (line == "PROJECTS")
        return section::projects;
    if (line == "VOTES")
        return section::votes;
    return section::none;
}

// Finds a column by name in a header; npos when absent.
std::size_t column(const std::vector<std::string>& header, std::string_view name)
{
    const auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? std::string_view::npos : static_cast<std::size_t>(it - header.begin());
}

// Lets unordered containers of strings be searched with string_views, without a copy.
struct string_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// A set of string views, each with a number, by open addressing (linear probing, at most half
// full): a lookup is one probe into one array, where a node-based container allocates a node per
// key and chases a pointer per lookup. A city's file has tens of thousands of voter ids and
// names several projects per vote, so these lookups were most of the parsing time (numeric ids,
// the usual kind, now skip them: see canonical_number). The viewed strings must outlive the table.
class view_table {
public:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    // A hint: the table grows past it as needed.
    void reserve(std::size_t keys)
    {
        if (2 * keys > slots_.size())
            rehash(std::bit_ceil(2 * keys));
    }

    // False, and nothing changes, when `key` is in the table already. Numbers are positions in
    // a list read from the file, so below 2^32.
    bool insert(std::string_view key, std::uint32_t value)
    {
        if (2 * (size_ + 1) > slots_.size())
            rehash(std::max<std::size_t>(16, 2 * slots_.size()));
        if (key.data() == nullptr)
            key = std::string_view(""); // a null data pointer marks a free slot
        const std::size_t h = std::hash<std::string_view>{}(key);
        const auto tag = static_cast<std::uint32_t>(static_cast<std::uint64_t>(h) >> 32);
        for (std::size_t i = h & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
            slot& s = slots_[i];
            if (s.key.data() == nullptr) {
                s = {key, tag, value};
                ++size_;
                return true;
            }
            if (s.tag == tag && s.key == key)
                return false;
        }
    }

    // The number stored with `key`, npos when it is absent.
    std::size_t find(std::string_view key) const
    {
        if (slots_.empty())
            return npos;
        const std::size_t h = std::hash<std::string_view>{}(key);
        const auto tag = static_cast<std::uint32_t>(static_cast<std::uint64_t>(h) >> 32);
        for (std::size_t i = h & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
            const slot& s = slots_[i];
            if (s.key.data() == nullptr)
                return npos;
            if (s.tag == tag && s.key == key)
                return s.value;
        }
    }

private:
    struct slot {
        std::string_view key;  // data() == nullptr: free
        std::uint32_t tag = 0; // the hash's high half (the low bits pick the slot)
        std::uint32_t value = 0;
    };

    void rehash(std::size_t capacity) // a power of two, at least twice the keys
    {
        std::vector<slot> old(capacity);
        old.swap(slots_);
        size_ = 0;
        for (const slot& s : old)
            if (s.key.data() != nullptr)
                insert(s.key, s.value);
    }

    std::vector<slot> slots_;
    std::size_t size_ = 0;
};

// The value of an id written as a canonical decimal number: digits only, no leading zero (but
// "0"), at most 18 digits. Two such ids are the same string exactly when they have the same
// value, so they can be compared and looked up as numbers, without hashing.
bool canonical_number(std::string_view s, std::uint64_t& value)
{
    if (s.empty() || s.size() > 18 || (s[0] == '0' && s.size() > 1))
        return false;
    std::uint64_t v = 0;
    for (const char c : s) {
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    value = v;
    return true;
}

std::int64_t pow10(int k)
{
    std::int64_t p = 1;
    while (k-- > 0)
        p *= 10;
    return p;
}

class pabulib_parser {
public:
    explicit pabulib_parser(std::string_view text) : text_(text), lines_(text) {}

    parse_result<pabulib_file> run()
    {
        if (auto e = read_sections())
            return *e;
        if (auto e = check_meta())
            return *e;
        if (auto e = scale_money())
            return *e;
        return std::move(file_);
    }

private:
    using failure = std::optional<parse_error>;

    failure read_sections()
    {
        section current = section::none;
        bool header_pending = false;
        section seen = section::none;
        std::string_view line;
        while (lines_.next(line)) {
            if (text::trim(line).empty())
                continue;
            const std::size_t n = lines_.number();
            if (const section s = section_named(line); s != section::none) {
                const auto expected = static_cast<section>(static_cast<int>(seen) + 1);
                if (s != expected)
                    return parse_failure(n, "section " + std::string(text::trim(line)) + " where " + name_of(expected) +
                                                " was expected (sections go META, PROJECTS, VOTES)");
                if (header_pending)
                    return parse_failure(n, "section " + name_of(current) + " has no header line");
                current = seen = s;
                section_line_[static_cast<int>(s)] = n;
                header_pending = true;
                continue;
            }
            if (current == section::none)
                return parse_failure(n, "expected the META section first, found " + text::quoted(text::trim(line)));
            if (current == section::votes && !header_pending) {
                if (const auto read = read_plain_vote(line, n)) {
                    if (*read)
                        return *read;
                    continue;
                }
            }
            if (!text::split(line, ';', fields_, storage_))
                return parse_failure(n, "unterminated quote");
            if (header_pending) {
                header_pending = false;
                header_.assign(fields_.begin(), fields_.end());
                if (auto e = read_header(current, n))
                    return e;
                continue;
            }
            failure e;
            switch (current) {
            case section::meta: e = read_meta(n); break;
            case section::projects: e = read_project(n); break;
            case section::votes: e = read_vote(n); break;
            case section::none: break;
            }
            if (e)
                return e;
        }
        last_line_ = lines_.number();
        if (seen != section::votes) {
            const auto missing = static_cast<section>(static_cast<int>(seen) + 1);
            return parse_failure(last_line_, "the file ends before the " + name_of(missing) + " section");
        }
        if (header_pending)
            return parse_failure(last_line_, "section VOTES has no header line");
        return std::nullopt;
    }

    static std::string name_of(section s)
    {
        switch (s) {
        case section::meta: return "META";
        case section::projects: return "PROJECTS";
        case section::votes: return "VOTES";
        case section::none: break;
        }
        return "?";
    }

    failure read_header(section s, std::size_t n)
    {
        for (const auto& column : header_)
            if (column.empty())
                return parse_failure(n, "empty column name in the header");
        if (s == section::meta) {
            if (header_.size() < 2)
                return parse_failure(n, "the META header must be key;value");
            return std::nullopt;
        }
        if (s == section::projects) {
            id_col_ = column(header_, "project_id");
            cost_col_ = column(header_, "cost");
            name_col_ = column(header_, "name");
            selected_col_ = column(header_, "selected");
            if (id_col_ == std::string_view::npos)
                return parse_failure(n, "the PROJECTS header has no project_id column");
            if (cost_col_ == std::string_view::npos)
                return parse_failure(n, "the PROJECTS header has no cost column");
            return std::nullopt;
        }
        // VOTES: the META section is complete now, so the vote type is known.
        if (auto e = read_vote_type())
            return e;
        vote_col_ = column(header_, "vote");
        points_col_ = column(header_, "points");
        voter_col_ = column(header_, "voter_id");
        if (voter_col_ == std::string_view::npos)
            return parse_failure(n, "the VOTES header has no voter_id column");
        if (vote_col_ == std::string_view::npos)
            return parse_failure(n, "the VOTES header has no vote column");
        if (needs_points_ && points_col_ == std::string_view::npos)
            return parse_failure(n, "vote_type " + file_.vote_type + " needs a points column in VOTES");
        if (file_.projects.empty())
            return parse_failure(n, "the PROJECTS section lists no project");
        // The project list is complete: votes look ids up in a flat table over the index's keys
        // (map nodes never move, so the views stay valid), and numeric ids, the usual kind, by
        // value in a plain array (of at most 64 entries per project, or 64 KiB: Warszawa's 83
        // projects are numbered up to 2,200).
        project_lookup_.reserve(project_index_.size());
        const std::size_t numbered = std::max<std::size_t>(64 * project_index_.size(), 8192);
        for (const auto& [id, position] : project_index_) {
            project_lookup_.insert(id, static_cast<std::uint32_t>(position));
            std::uint64_t value = 0;
            if (canonical_number(id, value) && value < numbered) {
                if (project_by_number_.size() <= value)
                    project_by_number_.resize(static_cast<std::size_t>(value) + 1, view_table::npos);
                project_by_number_[static_cast<std::size_t>(value)] = position;
            }
        }
        if (const std::string* declared = file_.find_meta("num_votes")) {
            std::int64_t v = 0;
            if (text::parse_int(*declared, v) && v > 0 && v < 100'000'000) {
                const auto votes = static_cast<std::size_t>(v);
                ascending_voters_.reserve(std::min<std::size_t>(votes, 1U << 20));
                // A guess that only saves reallocations (and the fresh memory each takes): up to 8
                // projects a vote, and no more than the text's bytes could list.
                file_.votes.reserve(votes, std::min(8 * votes, text_.size() / 2));
            }
        }
        return std::nullopt;
    }

    failure read_vote_type()
    {
        const std::string* type = file_.find_meta("vote_type");
        file_.vote_type = type ? *type : "approval";
        const auto& t = file_.vote_type;
        if (t == "cumulative" || t == "scoring")
            needs_points_ = true;
        else if (t == "ordinal")
            ordinal_ = true;
        else if (t == "choose-1")
            choose_one_ = true;
        else if (t != "approval")
            return parse_failure(meta_line_.at("vote_type"), "unknown vote_type " + text::quoted(t) +
                                                                 " (approval, cumulative, scoring, ordinal, choose-1)");
        return std::nullopt;
    }

    failure row_width(std::size_t n) const
    {
        if (fields_.size() != header_.size())
            return parse_failure(n, "expected " + std::to_string(header_.size()) + " fields as in the header, found " +
                                        std::to_string(fields_.size()));
        return std::nullopt;
    }

    failure read_meta(std::size_t n)
    {
        if (fields_.size() < 2)
            return parse_failure(n, "a META row must be key;value");
        std::string key(fields_[0]);
        // A value may itself contain unquoted semicolons (descriptions do): keep them.
        std::string value(fields_[1]);
        for (std::size_t i = 2; i < fields_.size(); ++i)
            value.append(";").append(fields_[i]);
        if (meta_line_.contains(key))
            return parse_failure(n, "META key " + text::quoted(key) + " appears twice");
        meta_line_.emplace(key, n);
        file_.meta.emplace_back(std::move(key), std::move(value));
        return std::nullopt;
    }

    failure read_project(std::size_t n)
    {
        if (auto e = row_width(n))
            return e;
        pabulib_project p;
        p.id = std::string(fields_[id_col_]);
        p.line = n;
        if (p.id.empty())
            return parse_failure(n, "empty project_id");
        text::decimal cost;
        if (!text::parse_decimal(fields_[cost_col_], cost))
            return parse_failure(n,
                                 "bad cost " + text::quoted(fields_[cost_col_]) + " for project " + text::quoted(p.id));
        costs_.push_back(cost);
        if (name_col_ != std::string_view::npos)
            p.name = std::string(fields_[name_col_]);
        if (selected_col_ != std::string_view::npos && !fields_[selected_col_].empty()) {
            std::int64_t sel = 0;
            if (!text::parse_int(fields_[selected_col_], sel) || sel < 0 || sel > 9)
                return parse_failure(n, "bad selected value " + text::quoted(fields_[selected_col_]));
            p.selected = static_cast<int>(sel);
        }
        if (!project_index_.emplace(p.id, file_.projects.size()).second)
            return parse_failure(n, "project " + text::quoted(p.id) + " is listed twice");
        file_.projects.push_back(std::move(p));
        return std::nullopt;
    }

    // Most rows of an approval (or choose-1) file: no quote, every project id known, no error.
    // Read in one pass over the row's separators, keeping only the voter and vote fields, with
    // the result read_vote would give. Any other row (nullopt) goes through split and read_vote,
    // which also word its errors; nothing has changed when it does.
    std::optional<failure> read_plain_vote(std::string_view line, std::size_t n)
    {
        if (needs_points_ || ordinal_ || text::position_of_byte(line, '"') != line.size())
            return std::nullopt;
        const char* const last = line.data() + line.size();
        std::string_view voter;
        std::string_view vote;
        std::size_t fields = 1;
        for (const char* field = line.data();; ++fields) {
            const auto rest = static_cast<std::size_t>(last - field);
            const char* const end = field + text::position_of_byte(std::string_view(field, rest), ';');
            if (fields - 1 == voter_col_)
                voter = text::trim(std::string_view(field, end));
            if (fields - 1 == vote_col_)
                vote = text::trim(std::string_view(field, end));
            if (end == last)
                break;
            field = end + 1;
        }
        if (fields != header_.size())
            return std::nullopt;
        ideas_.clear();
        bool repeated = false;
        const char* const vote_end = vote.data() + vote.size();
        for (const char* id = vote.data(); !vote.empty(); ++id) {
            // The id up to the next comma: digits read as they come (canonical_number's value
            // when it is one), anything else by find_project.
            const char* end = id;
            std::uint64_t value = 0; // wraps past 19 digits, but those ids are not read as numbers
            for (unsigned digit = 0; end != vote_end && (digit = static_cast<unsigned char>(*end) - unsigned{'0'}) < 10;
                 ++end)
                value = value * 10 + digit;
            std::size_t position = view_table::npos;
            if ((end == vote_end || *end == ',') && end != id && end - id <= 18 && (*id != '0' || end - id == 1) &&
                value < project_by_number_.size()) {
                position = project_by_number_[static_cast<std::size_t>(value)];
            } else {
                end = vote.data() + text::position_of(vote, ',', static_cast<std::size_t>(id - vote.data()));
                position = find_project(text::trim(std::string_view(id, end)));
            }
            if (position == view_table::npos)
                return std::nullopt;
            const auto idea = static_cast<idea_id>(position + 1);
            if (std::find(ideas_.begin(), ideas_.end(), idea) != ideas_.end())
                repeated = true;
            else
                ideas_.push_back(idea);
            if (end == vote_end)
                break;
            id = end;
        }
        if (choose_one_ && ideas_.size() > 1)
            return std::nullopt;
        if (!remember_voter(voter))
            return voter_twice(n, voter);
        if (repeated && file_.repeated_votes++ == 0)
            file_.first_repeated_vote_line = n;
        file_.votes.add_approval(ideas_);
        return failure{};
    }

    failure voter_twice(std::size_t n, std::string_view voter) const
    {
        return parse_failure(n, "voter " + text::quoted(voter) + " votes twice");
    }

    failure read_vote(std::size_t n)
    {
        if (auto e = row_width(n))
            return e;
        if (!remember_voter(fields_[voter_col_]))
            return voter_twice(n, fields_[voter_col_]);
        ideas_.clear();
        weights_.clear();
        bool repeated = false;
        const std::string_view vote = fields_[vote_col_];
        if (!vote.empty()) {
            std::size_t start = 0;
            for (;;) {
                const std::size_t end = text::position_of(vote, ',', start);
                const std::string_view id = text::trim(vote.substr(start, end - start));
                const std::size_t position = find_project(id);
                if (position == view_table::npos)
                    return parse_failure(n, "vote for unknown project " + text::quoted(id));
                const auto idea = static_cast<idea_id>(position + 1);
                if (std::find(ideas_.begin(), ideas_.end(), idea) != ideas_.end()) {
                    // An approval named twice is still one approval (real files hold such votes);
                    // a rank or a share of points named twice has no one meaning.
                    if (needs_points_ || ordinal_)
                        return parse_failure(n, "project " + text::quoted(id) + " appears twice in one " +
                                                    file_.vote_type + " vote");
                    repeated = true;
                } else {
                    ideas_.push_back(idea);
                }
                if (end == vote.size())
                    break;
                start = end + 1;
            }
        }
        if (repeated && file_.repeated_votes++ == 0)
            file_.first_repeated_vote_line = n;
        if (choose_one_ && ideas_.size() > 1)
            return parse_failure(n, "a choose-1 vote names " + std::to_string(ideas_.size()) + " projects");
        if (needs_points_) {
            const std::string_view points = fields_[points_col_];
            std::size_t start = 0;
            while (!points.empty()) {
                const std::size_t end = text::position_of(points, ',', start);
                const std::string_view item = points.substr(start, end - start);
                std::int64_t value = 0;
                if (!text::parse_int(item, value))
                    return parse_failure(n, "bad points value " + text::quoted(text::trim(item)));
                weights_.push_back(value);
                if (end == points.size())
                    break;
                start = end + 1;
            }
            if (weights_.size() != ideas_.size())
                return parse_failure(n, "the vote names " + std::to_string(ideas_.size()) +
                                            " projects but points has " + std::to_string(weights_.size()) + " values");
        } else if (ordinal_) {
            // pabulib's ordinal score: L - position, positions from 0.
            const auto length = static_cast<std::int64_t>(ideas_.size());
            for (std::int64_t k = 0; k < length; ++k)
                weights_.push_back(length - k);
        } else {
            weights_.assign(ideas_.size(), 1);
        }
        file_.votes.add(ideas_, weights_);
        return std::nullopt;
    }

    // The position of the project with this id, view_table::npos when there is none.
    std::size_t find_project(std::string_view id) const
    {
        std::uint64_t value = 0;
        if (canonical_number(id, value) && value < project_by_number_.size())
            return project_by_number_[static_cast<std::size_t>(value)]; // no other id has this text
        return project_lookup_.find(id);
    }

    // False when the voter id was seen before. Ids are views into the text, or into owned
    // copies for the rare quoted ones (their unquoted text lives only as long as the row).
    bool remember_voter(std::string_view id)
    {
        const bool in_text = id.data() >= text_.data() && id.data() + id.size() <= text_.data() + text_.size();
        // Voter ids are usually increasing numbers: while they are, none repeats, and they need
        // no table. The first that is not moves them all to the table.
        if (ascending_) {
            std::uint64_t value = 0;
            if (in_text && canonical_number(id, value) && (ascending_voters_.empty() || value > last_voter_)) {
                last_voter_ = value;
                ascending_voters_.push_back(id);
                return true;
            }
            ascending_ = false;
            voter_ids_.reserve(ascending_voters_.size() + 1);
            for (const std::string_view seen : ascending_voters_)
                voter_ids_.insert(seen, 0);
            ascending_voters_ = {};
        }
        if (!in_text) {
            if (voter_ids_.find(id) != view_table::npos)
                return false;
            owned_ids_.emplace_back(id);
            id = owned_ids_.back();
        }
        return voter_ids_.insert(id, 0);
    }

    failure check_meta()
    {
        const std::size_t projects_line = section_line_[static_cast<int>(section::projects)];
        const std::string* budget = file_.find_meta("budget");
        if (!budget)
            return parse_failure(projects_line, "META has no budget");
        if (!text::parse_decimal(*budget, budget_))
            return parse_failure(meta_line_.at("budget"), "bad budget " + text::quoted(*budget));
        if (const std::string* rule = file_.find_meta("rule"))
            file_.rule = *rule;
        if (const std::string* t = file_.find_meta("min_project_score_threshold")) {
            std::int64_t v = 0;
            if (!text::parse_int(*t, v))
                return parse_failure(meta_line_.at("min_project_score_threshold"),
                                     "bad min_project_score_threshold " + text::quoted(*t));
            file_.score_threshold = v;
        }
        const auto check_count = [&](const char* key, std::size_t actual, const char* what) -> failure {
            const std::string* v = file_.find_meta(key);
            if (!v)
                return std::nullopt;
            std::int64_t declared = 0;
            if (!text::parse_int(*v, declared))
                return parse_failure(meta_line_.at(key), std::string("bad ") + key + " " + text::quoted(*v));
            if (declared != static_cast<std::int64_t>(actual))
                return parse_failure(meta_line_.at(key), std::string(key) + " is " + *v + " but the file has " +
                                                             std::to_string(actual) + " " + what);
            return std::nullopt;
        };
        if (auto e = check_count("num_projects", file_.projects.size(), "projects"))
            return e;
        if (auto e = check_count("num_votes", file_.votes.size(), "votes"))
            return e;
        return std::nullopt;
    }

    // One power of ten for every amount, so costs and budget compare as integers.
    failure scale_money()
    {
        int decimals = budget_.decimals;
        for (const auto& c : costs_)
            decimals = std::max(decimals, c.decimals);
        const auto scaled = [&](const text::decimal& d, std::int64_t& out) {
            const std::int64_t f = pow10(decimals - d.decimals);
            if (d.mantissa > INT64_MAX / f / 4) // headroom for sums of costs
                return false;
            out = d.mantissa * f;
            return true;
        };
        if (!scaled(budget_, file_.budget))
            return parse_failure(meta_line_.at("budget"), "budget too large");
        for (std::size_t i = 0; i < costs_.size(); ++i)
            if (!scaled(costs_[i], file_.projects[i].cost))
                return parse_failure(file_.projects[i].line, "cost too large");
        file_.money_decimals = decimals;
        return std::nullopt;
    }

    std::string_view text_;
    text::line_reader lines_;
    pabulib_file file_;
    std::vector<std::string_view> fields_;
    std::vector<std::string> storage_;
    std::vector<std::string> header_;
    std::size_t section_line_[4] = {0, 0, 0, 0};
    std::size_t last_line_ = 0;
    std::unordered_map<std::string, std::size_t> meta_line_;
    std::unordered_map<std::string, std::size_t, string_hash, std::equal_to<>> project_index_;
    view_table project_lookup_;                  // project_index_ again, for the votes
    std::vector<std::size_t> project_by_number_; // by canonical numeric id, view_table::npos: none
    bool ascending_ = true;                      // the voter ids so far are increasing canonical numbers
    std::uint64_t last_voter_ = 0;
    std::vector<std::string_view> ascending_voters_; // while ascending_
    view_table voter_ids_;
    std::deque<std::string> owned_ids_;
    std::vector<text::decimal> costs_;
    text::decimal budget_;
    std::size_t id_col_ = 0, cost_col_ = 0, name_col_ = 0, selected_col_ = 0;
    std::size_t vote_col_ = 0, points_col_ = 0, voter_col_ = 0;
    bool needs_points_ = false;
    bool ordinal_ = false;
    bool choose_one_ = false;
    std::vector<idea_id> ideas_;
    std::vector<std::int64_t> weights_;
};

} // namespace

parse_result<pabulib_file> parse_pabulib(std::string_view text) { return pabulib_parser(text).run(); }

parse_result<pabulib_file> parse_pabulib(std::istream& in)
{
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    return parse_pabulib(std::string_view(text));
}

} // namespace cabildo::ballots
