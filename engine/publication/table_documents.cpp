#include "engine/publication/table_documents.hpp"

#include "engine/domain/rfc3339.hpp"
#include "engine/identity/crypto.hpp"

namespace cabildo::engine {

using json = nlohmann::json;

json table_document(const polling_table& t, const std::vector<access_key>& officers,
                    const std::optional<stored_act>& counted)
{
    json observers = json::array();
    for (const auto& o : t.observers)
        observers.push_back({{"name", o.name}, {"organisation", o.organisation}});
    json keys = json::array();
    for (const auto& k : officers)
        keys.push_back({{"id", k.id}, {"label", k.label}, {"signing_key", base64url_encode(k.signing_key)}});
    return json{{"id", t.id},
                {"name", t.name},
                {"address", t.address},
                {"district", t.district ? json(*t.district) : json(nullptr)},
                {"opens", format_rfc3339(t.opens)},
                {"closes", format_rfc3339(t.closes)},
                {"observers", std::move(observers)},
                {"officers", std::move(keys)},
                {"checked_in", t.checked_in},
                {"edition", t.edition},
                {"reported", counted.has_value()},
                {"act", counted ? json(counted->id) : json(nullptr)}};
}

json act_document(const stored_act& a)
{
    auto doc = json::parse(a.message);
    doc["id"] = a.id;
    doc["message"] = a.message;
    doc["difference"] = doc.at("ballots_in_box").get<std::int64_t>() - doc.at("checked_in").get<std::int64_t>();
    doc["signers"] = json::parse(a.signers);
    doc["signatures"] = json::parse(a.signatures);
    doc["closed"] = a.closed_at.has_value();
    doc["closed_at"] = a.closed_at ? json(format_rfc3339(*a.closed_at)) : json(nullptr);
    doc["leaf"] = a.leaf ? json(*a.leaf) : json(nullptr);
    return doc;
}

json reconciliation_document(const std::vector<table_report>& tables, bool set_aside_public)
{
    const auto shown = [&](std::int64_t n) { return set_aside_public ? json(n) : json(nullptr); };
    json lines = json::array();
    json missing = json::array();
    std::int64_t reported = 0, checked_in = 0, in_box = 0, valid = 0, blank = 0, null = 0, set_aside = 0, refused = 0,
                 duplicates = 0;
    for (const auto& [t, act] : tables) {
        json line{{"table", t.id},
                  {"name", t.name},
                  {"district", t.district ? json(*t.district) : json(nullptr)},
                  {"reported", act.has_value()},
                  {"checked_in", t.checked_in},
                  {"online_set_aside", shown(t.set_aside)},
                  {"refused", t.refused},
                  {"roll_duplicates", t.duplicates}};
        checked_in += t.checked_in;
        set_aside += t.set_aside;
        refused += t.refused;
        duplicates += t.duplicates;
        if (act) {
            const auto m = json::parse(act->message);
            std::int64_t nulls = 0;
            for (const auto& [reason, n] : m.at("null").items())
                nulls += n.get<std::int64_t>();
            const auto box = m.at("ballots_in_box").get<std::int64_t>();
            line["ballots_in_box"] = box;
            line["difference"] = box - t.checked_in;
            line["valid"] = m.at("valid");
            line["blank"] = m.at("blank");
            line["null"] = nulls;
            line["edition"] = m.at("edition");
            ++reported;
            in_box += box;
            valid += m.at("valid").get<std::int64_t>();
            blank += m.at("blank").get<std::int64_t>();
            null += nulls;
        } else {
            for (const char* f : {"ballots_in_box", "difference", "valid", "blank", "null"})
                line[f] = nullptr;
            missing.push_back(t.id);
        }
        lines.push_back(std::move(line));
    }
    // The difference counts the reported tables only: a table not reported has no box yet.
    std::int64_t reported_checked_in = 0;
    for (const auto& [t, act] : tables)
        if (act)
            reported_checked_in += t.checked_in;
    return json{{"tables", std::move(lines)},
                {"total",
                 {{"tables", tables.size()},
                  {"reported", reported},
                  {"checked_in", checked_in},
                  {"ballots_in_box", in_box},
                  {"difference", in_box - reported_checked_in},
                  {"valid", valid},
                  {"blank", blank},
                  {"null", null},
                  {"online_set_aside", shown(set_aside)},
                  {"refused", refused},
                  {"roll_duplicates", duplicates}}},
                {"missing", std::move(missing)}};
}

} // namespace cabildo::engine
