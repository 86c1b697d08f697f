// Results: counting the ballots that count, the announcement that publishes them, open data.

#include "engine/counting.hpp"
#include "engine/documents.hpp"
#include "engine/open_data.hpp"
#include "engine/rfc3339.hpp"
#include "engine/service.hpp"
#include "engine/service_detail.hpp"


namespace cabildo::engine {

using namespace detail;
using json = nlohmann::json;

namespace {

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
    json doc = ch.announced_at ? json::parse(ch.announced_result) : count_challenge(repo, ch);
    doc["announced"] = ch.announced_at.has_value();
    if (ch.announced_at)
        doc["announced_at"] = format_rfc3339(*ch.announced_at);
    doc["counted_at"] = ch.announced_at ? format_rfc3339(*ch.announced_at) : format_rfc3339(now);
    return doc;
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
            auto doc = count_challenge(repo, *ch);
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
            auto muni = load_municipality(repo, m);
            if (!muni)
                return muni.error();
            return build_export(repo, *ch, *muni, format, results_document(repo, *ch, now));
        },
        std::move(cb));
}

} // namespace cabildo::engine
