// Results: counting the ballots that count, the announcement that publishes them, open data.

#include "ballots/approval.hpp"
#include "engine/documents.hpp"
#include "engine/lottery.hpp"
#include "engine/rfc3339.hpp"
#include "engine/service.hpp"
#include "engine/service_detail.hpp"

#include <charconv>
#include <unordered_map>

namespace cabildo::engine {

using namespace detail;
using json = nlohmann::json;

namespace {

void parse_choices(std::string_view text, std::vector<idea_id>& out)
{
    out.clear();
    const char* p = text.data();
    const char* end = p + text.size();
    while (p < end) {
        idea_id id = 0;
        const auto r = std::from_chars(p, end, id);
        out.push_back(id);
        p = r.ptr < end ? r.ptr + 1 : end;
    }
}

// Counts the ballots that count and writes the results document. Hidden ideas are not
// candidates; choices of them are ignored.
json count(repository& repo, const challenge& ch)
{
    const auto candidates = repo.visible_idea_ids(ch.id);
    ballots::ballot_set set;
    std::vector<idea_id> choices;
    repo.for_each_counted_ballot(ch.id, [&](std::string_view, std::string_view text) {
        parse_choices(text, choices);
        set.add(choices);
    });
    const auto order = draw_lottery(ch.tie_break_seed, candidates);
    const auto out = ballots::count_approval(candidates, set, ch.winners, order);

    std::unordered_map<idea_id, std::string> titles;
    for (const auto& i : repo.list_ideas(ch.id, false, 0, candidates.size() + 1))
        titles.emplace(i.id, i.title);

    json ranking = json::array();
    for (const auto& r : out.ranking)
        ranking.push_back({{"rank", r.rank}, {"idea", r.idea}, {"title", titles[r.idea]}, {"score", r.score}, {"winner", r.winner}});
    json ties = json::array();
    for (const auto& t : out.ties) {
        json lottery = json::array();
        for (const auto id : t.order)
            lottery.push_back({{"idea", id}, {"key", lottery_key(ch.tie_break_seed, id)}});
        ties.push_back({{"score", t.score}, {"ideas", t.order}, {"lottery", lottery}});
    }
    return {{"challenge", ch.slug},
            {"municipality", ch.municipality_slug},
            {"method", out.method},
            {"ballots", out.ballots},
            {"winners", ch.winners},
            {"tie_break_seed", ch.tie_break_seed},
            {"tie_break_rule", "tied ideas ordered by SHA-256(seed || decimal idea id), smaller digest first"},
            {"ranking", ranking},
            {"ties", ties}};
}

// Who may see results now: everyone from the announcement on (published or due), the
// municipality's organisers from the close of voting.
std::optional<failure> may_see_results(const caller& who, const challenge& ch, time_point now)
{
    if (ch.announced_at || now >= ch.timeline.announcement)
        return std::nullopt;
    const bool organiser = who.kind == caller::role::admin ||
                           (who.kind == caller::role::organiser && who.municipality_id == ch.municipality_id);
    if (organiser) {
        if (now < ch.timeline.voting.closes)
            return fail(errc::phase_not_open, "", "results are counted once voting closes at " +
                                                      format_rfc3339(ch.timeline.voting.closes));
        return std::nullopt;
    }
    return fail(errc::phase_not_open, "", "results are public from the announcement at " +
                                              format_rfc3339(ch.timeline.announcement));
}

json results_document(repository& repo, const challenge& ch, time_point now)
{
    json doc = ch.announced_at ? json::parse(ch.announced_result) : count(repo, ch);
    doc["announced"] = ch.announced_at.has_value();
    if (ch.announced_at)
        doc["announced_at"] = format_rfc3339(*ch.announced_at);
    doc["counted_at"] = ch.announced_at ? format_rfc3339(*ch.announced_at) : format_rfc3339(now);
    return doc;
}

std::string csv_field(std::string_view s)
{
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

} // namespace

void service::results(const caller& who, std::string m, std::string c, callback<json> cb)
{
    read_use_case<json>(
        [this, who, m = std::move(m), c = std::move(c)](repository& repo) -> result<json> {
            auto ch = load_challenge(repo, m, c);
            if (!ch)
                return ch.error();
            const auto now = clock_.now();
            if (auto f = may_see_results(who, *ch, now))
                return *f;
            return results_document(repo, *ch, now);
        },
        std::move(cb));
}

void service::announce(const caller& who, std::string m, std::string c, callback<json> cb)
{
    if (who.kind == caller::role::anonymous)
        return cb(*require_organiser(who, 0));
    write_use_case<json>(
        [this, who, m = std::move(m), c = std::move(c)](repository& repo) -> result<json> {
            auto ch = load_challenge(repo, m, c);
            if (!ch)
                return ch.error();
            if (auto f = require_organiser(who, ch->municipality_id))
                return *f;
            const auto now = clock_.now();
            if (ch->announced_at)
                return results_document(repo, *ch, now); // announcing twice publishes the same result
            if (now < ch->timeline.voting.closes)
                return fail(errc::phase_not_open, "", "winners can be announced once voting closes at " +
                                                          format_rfc3339(ch->timeline.voting.closes));
            auto doc = count(repo, *ch);
            ch->announced_at = now;
            ch->announced_result = doc.dump();
            repo.update_challenge(*ch);
            json winners = json::array();
            for (const auto& r : doc["ranking"])
                if (r["winner"])
                    winners.push_back(r["idea"]);
            audit(repo, now, who, ch->municipality_id, ch->id, "challenge.announce",
                  {{"ballots", doc["ballots"]}, {"winners", winners}});
            return results_document(repo, *ch, now);
        },
        std::move(cb));
}

void service::export_data(const caller& who, std::string m, std::string c, export_format format,
                          callback<export_document> cb)
{
    read_use_case<export_document>(
        [this, who, m = std::move(m), c = std::move(c), format](repository& repo) -> result<export_document> {
            auto ch = load_challenge(repo, m, c);
            if (!ch)
                return ch.error();
            const auto now = clock_.now();
            if (auto f = may_see_results(who, *ch, now))
                return *f;
            // Ballots are published without tokens or times: the receipt and the choices only.
            if (format == export_format::csv) {
                std::string body = "receipt,choices\n";
                repo.for_each_counted_ballot(ch->id, [&](std::string_view receipt, std::string_view choices) {
                    std::string list(choices);
                    std::replace(list.begin(), list.end(), ',', ' ');
                    body += csv_field(receipt) + "," + csv_field(list) + "\n";
                });
                return export_document{format, std::move(body)};
            }
            json ballots = json::array();
            std::vector<idea_id> ids;
            repo.for_each_counted_ballot(ch->id, [&](std::string_view receipt, std::string_view choices) {
                parse_choices(choices, ids);
                ballots.push_back({{"receipt", receipt}, {"choices", ids}});
            });
            json ideas = json::array();
            for (idea_id after = 0;;) {
                auto page = repo.list_ideas(ch->id, true, after, 1000);
                for (const auto& i : page)
                    ideas.push_back(to_document(i, false));
                if (page.size() < 1000)
                    break;
                after = page.back().id;
            }
            json doc{{"challenge", to_document(*ch)},
                     {"ideas", ideas},
                     {"ballots", ballots},
                     {"results", results_document(repo, *ch, now)}};
            return export_document{format, doc.dump()};
        },
        std::move(cb));
}

} // namespace cabildo::engine
