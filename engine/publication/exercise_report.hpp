#pragma once
// The interim and final reports of a local action plan: the 13 steps with their dates and
// documents, each challenge's consultation results, winners and commitments (status, progress,
// evidence, history), and the plan's overall progress. The JSON is the report; the HTML, printed
// from it, says the same in Spanish with print CSS.

#include "engine/domain/exercise.hpp"
#include "engine/domain/model.hpp"
#include "engine/domain/ranking.hpp"
#include "engine/publication/commitment_documents.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cabildo::engine {

// What the exercise's documents say of one of its challenges. Its page needs the flags and the
// plan; a report adds the winners, the consultation's results and each commitment's ideas and
// newest history.
struct report_part {
    engine::challenge challenge;
    bool survey_public = false;        // it has a survey whose consultation has closed: its results are public
    bool ideas_open = false;           // idea submission has opened: there is an ideas page to link to
    std::vector<ranking_line> winners; // the announced winners, best first
    std::optional<std::string> survey; // the consultation's results document as kept (JSON text), once public
    std::vector<commitment_view> plan; // its commitments; in a report with their ideas and newest history
};

// What moderation has withdrawn since a report was issued, by challenge slug: hidden free-text
// answers of its consultation and hidden ideas (a winner's or a commitment's idea title).
struct withdrawn_content {
    struct of_challenge {
        std::vector<std::int64_t> texts;
        std::vector<std::int64_t> ideas;
    };
    std::map<std::string, of_challenge> by_challenge;
};

// The step as the report and the exercise document show it, with links to what exists.
nlohmann::json to_document(const exercise_step& s, const municipality& m, const std::vector<report_part>& parts);
// The report as things stand at `at`: steps, each challenge's winners, consultation and commitments
// (with their newest history), and the plan's summary. `kind` is "interim", or "final" when issued.
nlohmann::json report_document(std::string_view kind, const municipality& m, const exercise& e,
                               const std::vector<report_part>& parts, time_point at);

// A final report as issued: the JSON text stored then, never written again.
struct issued_report_text {
    std::string body;
    std::string digest;               // as stored; empty for a report issued before digests were kept
    std::int64_t last_history_id = 0; // the newest commitment history entry it saw
};

// A report as it is served (report_document below): the interim one as things stand at `at`, or
// the final one as issued with what moderation withdrew since and an addendum of what changed
// after it (the report as things stand now, and the exercise's history entries after the issue).
struct report_view {
    report_kind kind = report_kind::interim;
    engine::municipality municipality; // its timezone prints the dates
    engine::exercise exercise;
    std::vector<report_part> challenges; // as things stand at `at`; a final report's addendum compares them
    time_point at;
    std::optional<issued_report_text> issued; // the final report
    struct since_issue {
        withdrawn_content withdrawn;
        std::vector<exercise_update> exercise_history;
    };
    std::optional<since_issue> since; // nullopt for a final report just issued: nothing withdrawn, no addendum
};
nlohmann::json report_document(const report_view& v);
// An entry of the exercise's public history: {id, at, by, changes} (changes as stored).
nlohmann::json to_document(const exercise_update& u);
// What changed after a final report was issued: steps that differ from it, and commitments' history
// entries newer than the newest it saw (`last_history_id`; times have only seconds).
nlohmann::json report_addendum(const nlohmann::json& issued, const nlohmann::json& now, std::int64_t last_history_id);

// An issued report's texts that moderation withdrew since stop being served: each becomes
// {"withdrawn": true, "sha256": <hex of the text>} in place (a free-text answer's `text`, a
// winner's or a commitment idea's `title`). Returns how many.
std::size_t withdraw(nlohmann::json& report, const withdrawn_content& w);
// The report's digest, SHA-256 (hex) of its sealed form: the report without `digest`, `withdrawn`
// and `addendum`, every withdrawable text (those `withdraw` names) replaced by {"sha256": <hex of the
// text>} and every withdrawn one by its {"sha256"}, serialised as nlohmann::json dumps it (keys
// sorted, no spaces). Withdrawing text does not change it, so anyone checks that a served report
// is the one issued.
std::string report_digest(const nlohmann::json& report);
std::string report_html(const nlohmann::json& report, std::string_view timezone);

} // namespace cabildo::engine
