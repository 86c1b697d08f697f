// The report printed: Spanish, A4, one section per part, nothing loaded from anywhere.
#include "engine/domain/rfc3339.hpp"
#include "engine/domain/time_zone.hpp"
#include "engine/publication/exercise_report.hpp"
#include "engine/publication/html.hpp"

#include <map>

// GCC 12 reports -Wrestrict on `"literal" + std::string` at -O3 (GCC bug 105329, a false
// positive); this file builds its sentences that way throughout.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

namespace cabildo::engine {

using json = nlohmann::json;

namespace {

constexpr std::string_view report_style = R"(
@page { size: A4; margin: 18mm 16mm; }
body { font: 11pt/1.45 system-ui, sans-serif; color: #111; max-width: 60rem; margin: 1rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { border-bottom: 2px solid #333; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #999; padding: .3rem .4rem; text-align: left; vertical-align: top; }
.bar { height: .7rem; background: #ddd; border: 1px solid #666; } .bar > span { display: block; height: 100%; background: #1b5e20; }
.commitment { border: 1px solid #999; padding: .6rem .8rem; margin: .8rem 0; break-inside: avoid; }
.muted { color: #444; } code { font-size: .85em; word-break: break-all; } a { overflow-wrap: anywhere; }
.withdrawn { font-style: italic; color: #444; }
@media print { a { color: inherit; } .commitment, tr { break-inside: avoid; } }
/* A phone: each table row becomes a block, its cells one under the other, so nothing is wider
   than the screen. */
@media screen and (max-width: 40rem) {
  body { padding: 0 .6rem; }
  table, thead, tbody, tr, th, td { display: block; width: auto; }
  thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  tr { border: 1px solid #999; margin: 0 0 .6rem; }
  th, td { border: none; border-bottom: 1px solid #ddd; }
}
)";

const std::map<std::string, std::string> words{{"not_started", "Por iniciar"},
                                               {"started", "Iniciado"},
                                               {"completed", "Completado"},
                                               {"verified", "Verificado"},
                                               {"pending", "Pendiente"},
                                               {"in_progress", "En curso"},
                                               {"done", "Realizado"},
                                               {"created", "Creado"},
                                               {"edited", "Editado"},
                                               {"milestone_completed", "Hito completado"},
                                               {"milestone_reopened", "Hito reabierto"},
                                               {"rejected", "Rechazado"},
                                               {"note", "Nota"},
                                               {"organiser", "Organización"},
                                               {"verifier", "Verificación"},
                                               {"admin", "Administración"},
                                               {"interim", "Informe intermedio"},
                                               {"final", "Informe final"}};

std::string word(const std::string& key)
{
    const auto it = words.find(key);
    return it == words.end() ? key : it->second;
}

// "1 verificado", "3 verificados": Spanish plurals, never "1 verificados".
std::string count_of(const json& n, std::string_view one, std::string_view many)
{
    const auto value = n.get<long>();
    return std::to_string(value) + " " + std::string(value == 1 ? one : many);
}

// A text of the report, or where moderation withdrew it after the report was issued.
constexpr std::string_view withdrawn_words = "[texto retirado por moderación después de emitir el informe]";

struct writer {
    std::string out;
    std::string_view zone;

    void text(std::string_view s) { append_escaped(out, s); }
    // A text field that moderation may have withdrawn ({"withdrawn": true, "sha256"}).
    void text_or_withdrawn(const json& v)
    {
        if (v.is_string())
            return text(v.get<std::string>());
        raw("<span class=\"withdrawn\">");
        text(withdrawn_words);
        raw("</span>");
    }
    void raw(std::string_view s) { out.append(s); }
    // NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the tag is always a literal
    void element(std::string_view tag, std::string_view s)
    {
        raw("<");
        raw(tag);
        raw(">");
        text(s);
        raw("</");
        raw(tag.substr(0, tag.find(' ')));
        raw(">");
    }
    std::string date(const json& rfc3339) const
    {
        if (!rfc3339.is_string())
            return "—";
        const auto t = parse_rfc3339(rfc3339.get<std::string>());
        const auto local = t ? format_local_es(*t, zone) : std::nullopt;
        return local ? *local : rfc3339.get<std::string>();
    }
    void evidence(const json& e)
    {
        if (e.contains("url")) {
            raw("<a href=\"");
            text(e["url"].get<std::string>());
            raw("\">");
            text(e["url"].get<std::string>());
            raw("</a> ");
        }
        if (e.contains("sha256")) {
            raw("SHA-256 <code>");
            text(e["sha256"].get<std::string>());
            raw("</code>");
        }
    }
};

void steps_section(writer& w, const json& steps)
{
    w.raw("<h2>Los 13 pasos de la estrategia local</h2>\n<table><thead><tr><th>Paso</th><th>Estado</th><th>Fecha</th>"
          "<th>Documento y vínculos</th></tr></thead><tbody>\n");
    for (const auto& s : steps) {
        w.raw("<tr><td>");
        w.text(std::to_string(s["n"].get<int>()) + ". " + s["name"].get<std::string>());
        w.raw("<br><span class=\"muted\">«");
        w.text(s["plain"].get<std::string>());
        w.raw("»</span></td><td>");
        w.text(word(s["status"]));
        w.raw("</td><td>");
        w.text(s.contains("date") ? w.date(s["date"]) : "—");
        w.raw("</td><td>");
        if (s.contains("document"))
            w.evidence(s["document"]);
        for (const auto& l : s["links"]) {
            w.raw("<br><a href=\"");
            w.text(l["href"].get<std::string>());
            w.raw("\">");
            w.text(l["label"].get<std::string>());
            w.raw("</a>");
        }
        w.raw("</td></tr>\n");
    }
    w.raw("</tbody></table>\n");
}

void consultation_section(writer& w, const json& survey)
{
    w.raw("<h3>Consulta</h3><p>");
    w.text(count_of(survey["responses"], "respuesta", "respuestas") + ".");
    w.raw("</p><ul>\n");
    for (const auto& q : survey["questions"]) {
        w.raw("<li><strong>");
        w.text(q["prompt"].get<std::string>());
        w.raw("</strong> ");
        if (q.contains("mean") && !q["mean"].is_null())
            w.text("promedio " + q["mean"].dump() + " de " + std::to_string(q["points"].get<int>()));
        if (q.contains("options"))
            for (const auto& o : q["options"])
                w.text(
                    o["text"].get<std::string>() +
                    (o.contains("percent") ? " " + o["percent"].dump() + " %" : " " + o["points"].dump() + " puntos") +
                    "; ");
        if (q.contains("published"))
            for (const auto& t : q["published"]) {
                w.text("«");
                w.text_or_withdrawn(t["text"]);
                w.text("» ");
            }
        w.raw("</li>\n");
    }
    w.raw("</ul>\n");
}

void commitment_block(writer& w, const json& k)
{
    const int progress = k["progress"].get<int>();
    w.raw("<div class=\"commitment\"><h4>");
    w.text(k["title"].get<std::string>());
    w.raw("</h4><p><strong>");
    w.text(word(k["status"]) + ", " + std::to_string(progress) + " %");
    w.raw("</strong> (");
    w.text(k["progress_formula"].get<std::string>());
    w.raw(")</p><div class=\"bar\" role=\"img\" aria-label=\"");
    w.text(std::to_string(progress) + " %");
    w.raw("\"><span style=\"width:" + std::to_string(progress) + "%\"></span></div><p>");
    w.text("Responsable: " + k["responsible"].get<std::string>() + ". Del " + w.date(k["starts"]) + " al " +
           w.date(k["ends"]) + ". Indicador: " + k["indicator"].get<std::string>() +
           "; meta: " + k["target"].get<std::string>() + ".");
    w.raw("</p>");
    if (!k["verification"].is_null()) {
        w.raw("<p>Verificado el ");
        w.text(w.date(k["verification"]["at"]) + ": " + k["verification"]["note"].get<std::string>() + " ");
        w.evidence(k["verification"]["evidence"]);
        w.raw("</p>");
    }
    if (k.contains("history_total") && k["history_total"].get<std::size_t>() > k["history"].size()) {
        w.raw("<p class=\"muted\">");
        w.text("Las " + std::to_string(k["history"].size()) + " entradas más recientes de " +
               k["history_total"].dump() + "; el historial completo está en la página de avances.");
        w.raw("</p>");
    }
    w.raw("<table><thead><tr><th>Fecha</th><th>Quién</th><th>Qué</th><th>Nota y evidencia</th></tr></thead><tbody>");
    for (const auto& h : k["history"]) {
        w.raw("<tr><td>");
        w.text(w.date(h["at"]));
        w.raw("</td><td>");
        w.text(word(h["by"]));
        w.raw("</td><td>");
        w.text(word(h["action"]) + (h.contains("milestone") ? " " + h["milestone"].dump() : ""));
        w.raw("</td><td>");
        w.text(h["note"].get<std::string>());
        if (h.contains("evidence")) {
            w.raw(" ");
            w.evidence(h["evidence"]);
        }
        w.raw("</td></tr>");
    }
    w.raw("</tbody></table></div>\n");
}

void challenge_section(writer& w, const json& c)
{
    w.raw("<h2>");
    w.text(c["title"].get<std::string>());
    w.raw("</h2>\n");
    if (!c["consultation"].is_null())
        consultation_section(w, c["consultation"]);
    w.raw("<h3>Ideas ganadoras</h3><ol>");
    for (const auto& i : c["winners"]) {
        w.raw("<li>");
        if (i.contains("title"))
            w.text_or_withdrawn(i["title"]);
        else
            w.text("(idea oculta por moderación)");
        w.text(" (" + count_of(i["score"], "voto", "votos") + ")");
        w.raw("</li>");
    }
    w.raw("</ol>\n<h3>Compromisos</h3>\n");
    for (const auto& k : c["commitments"])
        commitment_block(w, k);
}

void summary_line(writer& w, const json& s)
{
    w.raw("<p><strong>");
    w.text("Avance general del plan: " + s["progress"].dump() + " % (" +
           count_of(s["total"], "compromiso", "compromisos") + ": " +
           count_of(s["verified"], "verificado", "verificados") + ", " +
           count_of(s["completed"], "completado", "completados") + ", " +
           count_of(s["started"], "iniciado", "iniciados") + ", " + s["not_started"].dump() + " por iniciar).");
    w.raw("</strong></p>\n");
}

} // namespace

std::string report_html(const json& report, std::string_view timezone)
{
    writer w{{}, timezone};
    const auto title = word(report["kind"]) + " de cumplimiento del Plan de Acción";
    w.raw("<!doctype html>\n<html lang=\"es-MX\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
          "content=\"width=device-width, initial-scale=1\">\n<title>");
    w.text(title + " — " + report["municipality"]["name"].get<std::string>());
    w.raw("</title>\n<style>");
    w.raw(report_style);
    w.raw("</style>\n</head>\n<body>\n<main>\n<h1>");
    w.text(title);
    w.raw("</h1>\n<p class=\"muted\">");
    w.text(report["municipality"]["name"].get<std::string>() + ", " +
           report["municipality"]["state"].get<std::string>() + ". " + report["exercise"]["title"].get<std::string>() +
           ". " +
           (report.contains("issued_at") ? "Emitido el " + w.date(report["issued_at"])
                                         : "Generado el " + w.date(report["generated_at"])) +
           ".");
    w.raw("</p>\n");
    if (report.contains("digest")) {
        // What proves this is the report issued, and where moderation withdrew text since.
        w.raw("<p class=\"muted\">Huella SHA-256 del informe emitido: <code>");
        w.text(report["digest"].get<std::string>());
        w.raw("</code>");
        if (report.value("withdrawn", 0) > 0)
            w.text(". " + count_of(report["withdrawn"], "texto fue retirado", "textos fueron retirados") +
                   " por moderación después de emitirlo; la huella sigue siendo la misma");
        w.raw(".</p>\n");
    }
    summary_line(w, report["summary"]);
    steps_section(w, report["steps"]);
    for (const auto& c : report["challenges"])
        challenge_section(w, c);
    if (report.contains("addendum")) {
        const auto& a = report["addendum"];
        w.raw("<h2>Adenda</h2><p>");
        w.text("Cambios posteriores a la emisión (" + w.date(a["since"]) + "), al " + w.date(a["generated_at"]) + ".");
        w.raw("</p>");
        summary_line(w, a["summary"]);
        if (!a["steps"].empty())
            steps_section(w, a["steps"]);
        for (const auto& k : a["commitments"]) {
            w.raw("<h3>");
            w.text(k["title"].get<std::string>() + ": " + word(k["status"]) + ", " + k["progress"].dump() + " %");
            w.raw("</h3><ul>");
            for (const auto& h : k["entries"]) {
                w.raw("<li>");
                w.text(w.date(h["at"]) + ", " + word(h["by"]) + ": " + word(h["action"]) + ". " +
                       h["note"].get<std::string>());
                w.raw("</li>");
            }
            w.raw("</ul>");
        }
    }
    w.raw("</main>\n</body>\n</html>\n");
    return std::move(w.out);
}

} // namespace cabildo::engine
