#include "engine/publication/cards.hpp"

#include "engine/publication/html.hpp"

#include "engine/domain/time_zone.hpp"

#include <qrencode.h>

#include <initializer_list>
#include <memory>

namespace cabildo::engine {
namespace {

constexpr std::size_t cards_per_page = 10;
constexpr int quiet_zone = 4; // modules of white around the code (ISO/IEC 18004 section 6.3.8)

struct qrcode_free_deleter {
    void operator()(QRcode* code) const { QRcode_free(code); }
};

// The address to type by hand: the card's URL without its code, which is printed apart, and as the
// page's own path ("https://x/hermosillo/reto", not ".../#/hermosillo/reto"): the web app serves both.
std::string address_without_code(std::string_view url)
{
    std::string address(url.substr(0, url.find('?')));
    if (const auto hash = address.find("/#/"); hash != std::string::npos)
        address.erase(hash, 2);
    return address;
}

void append_all(std::string& out, std::initializer_list<std::string_view> parts)
{
    for (const auto part : parts)
        out += part;
}

// One path of rectangles, one per run of dark modules in a row. The viewBox counts modules and the
// printed size is fixed in millimetres: a card's short link needs a version 4 to 7 code (33 to 45
// modules + the quiet zone), 0.6 mm a module or more in 32 mm, which cheap phone cameras read from a
// laser print (the whole token, before codes, needed version 14 at 0.47 mm).
void append_qr_svg(std::string& out, const qr_matrix& qr)
{
    const auto side = std::to_string(qr.size + 2 * quiet_zone);
    append_all(out, {R"(<svg class="qr" xmlns="http://www.w3.org/2000/svg" width="32mm" height="32mm" viewBox="0 0 )",
                     side, " ", side,
                     R"(" shape-rendering="crispEdges" role="img" aria-label="Código QR de la dirección de votación">)",
                     R"(<rect width=")", side, R"(" height=")", side, R"(" fill="#fff"/><path fill="#000" d=")"});
    for (int y = 0; y < qr.size; ++y) {
        for (int x = 0; x < qr.size;) {
            if (!qr.dark[static_cast<std::size_t>(y) * static_cast<std::size_t>(qr.size) +
                         static_cast<std::size_t>(x)]) {
                ++x;
                continue;
            }
            const int start = x;
            while (
                x < qr.size &&
                qr.dark[static_cast<std::size_t>(y) * static_cast<std::size_t>(qr.size) + static_cast<std::size_t>(x)])
                ++x;
            const auto run = std::to_string(x - start);
            append_all(out, {"M", std::to_string(start + quiet_zone), ",", std::to_string(y + quiet_zone), "h", run,
                             "v1h-", run, "z"});
        }
    }
    out += R"("/></svg>)";
}

constexpr std::string_view sheet_style = R"(
@page { size: A4; margin: 10mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: #fff; color: #000; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif;
       -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.sheet { display: grid; grid-template-columns: 95mm 95mm; grid-template-rows: repeat(5, 55mm);
         width: 190mm; height: 275mm; overflow: hidden; }
.sheet + .sheet { break-before: page; page-break-before: always; }
.card { display: grid; grid-template-columns: 32mm 1fr; grid-template-rows: 1fr auto; column-gap: 3mm;
        row-gap: 1mm; padding: 3mm; border: 0.2mm dashed #777; overflow: hidden;
        break-inside: avoid; page-break-inside: avoid; }
.qr { width: 32mm; height: 32mm; display: block; align-self: start; }
.qr-missing { font-size: 7pt; }
.text { overflow: hidden; font-size: 6.2pt; line-height: 1.18; }
.text p, .text ol { margin: 0 0 0.5mm 0; }
.municipality { font-size: 6.5pt; font-weight: bold; text-transform: uppercase; letter-spacing: 0.03em; }
.title { font-size: 8pt; font-weight: bold; margin: 0 0 0.5mm 0; line-height: 1.15; }
.closes { font-weight: bold; }
.instructions { padding-left: 3.2mm; }
.instructions li { margin-bottom: 0.3mm; }
.address { word-break: break-all; font-weight: bold; }
.code { grid-column: 1 / 3; margin: 0; text-align: center; line-height: 1.1; font-family: "DejaVu Sans Mono",
        "Liberation Mono", "Courier New", monospace; font-size: 14pt; font-weight: bold; letter-spacing: 0.05em; }
.code span { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 7pt; font-weight: normal;
             letter-spacing: 0; }
.empty { margin: 20mm; font-size: 12pt; }
@media screen {
  html { background: #ccc; }
  .sheet { margin: 10mm auto; background: #fff; }
}
)";

void append_card(std::string& out, const card_sheet& sheet, const card_sheet::card& card, const std::string& closes)
{
    out += R"(<article class="card">)";
    if (const auto qr = qr_code(card.url))
        append_qr_svg(out, *qr);
    else
        out += R"(<p class="qr qr-missing">La dirección es demasiado larga para un código QR.</p>)";
    out += R"(<div class="text"><p class="municipality">)";
    append_escaped(out, sheet.municipality);
    if (!sheet.batch_label.empty()) {
        out += " · Lote ";
        append_escaped(out, sheet.batch_label);
    }
    out += R"(</p><h2 class="title">)";
    append_escaped(out, sheet.challenge_title);
    out += R"(</h2><p class="closes">Cierra: )";
    append_escaped(out, closes);
    out += R"(</p><ol class="instructions"><li>Escanea el código QR o abre <span class="address">)";
    append_escaped(out, address_without_code(card.url));
    out += R"(</span> y escribe el código de abajo.</li>)"
           R"(<li>Vale por una persona: guárdala, quien tenga el código puede participar.</li>)"
           R"(<li>Puedes cambiar tu voto mientras la votación esté abierta; cuenta el último.</li></ol></div>)"
           R"(<p class="code"><span>Código </span>)";
    append_escaped(out, card.code);
    out += "</p></article>\n";
}

} // namespace

std::optional<qr_matrix> qr_code(std::string_view text)
{
    if (text.empty())
        return std::nullopt;
    // encodeData, not encodeString8bit: the length is given, so a NUL byte is data, not the end.
    const std::unique_ptr<QRcode, qrcode_free_deleter> code{QRcode_encodeData(
        static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()), 0, QR_ECLEVEL_M)};
    if (!code)
        return std::nullopt;
    qr_matrix qr;
    qr.size = code->width;
    const auto modules = static_cast<std::size_t>(qr.size) * static_cast<std::size_t>(qr.size);
    qr.dark.resize(modules);
    // Each byte describes one module; its lowest bit is 1 for dark (qrencode.h, struct QRcode).
    for (std::size_t i = 0; i < modules; ++i)
        qr.dark[i] = (code->data[i] & 1) != 0;
    return qr;
}

std::string render_card_sheet(const card_sheet& sheet)
{
    const auto closes = format_local_es(sheet.closes, sheet.timezone);
    const auto closes_text = closes ? *closes : format_local_es(sheet.closes, "UTC").value_or("");

    std::string out;
    out.reserve(4096 + sheet.cards.size() * 12000);
    out += "<!DOCTYPE html>\n<html lang=\"es\">\n<head>\n<meta charset=\"utf-8\">\n<title>Tarjetas de votación — ";
    append_escaped(out, sheet.municipality);
    out += " — ";
    append_escaped(out, sheet.challenge_title);
    if (!sheet.batch_label.empty()) {
        out += " — lote ";
        append_escaped(out, sheet.batch_label);
    }
    out += "</title>\n<style>";
    out += sheet_style;
    out += "</style>\n</head>\n<body>\n";
    if (sheet.cards.empty())
        out += R"(<p class="empty">Este lote no tiene tarjetas.</p>)"
               "\n";
    for (std::size_t i = 0; i < sheet.cards.size(); ++i) {
        if (i % cards_per_page == 0)
            out += i == 0 ? "<section class=\"sheet\">\n" : "</section>\n<section class=\"sheet\">\n";
        append_card(out, sheet, sheet.cards[i], closes_text);
    }
    if (!sheet.cards.empty())
        out += "</section>\n";
    out += "</body>\n</html>\n";
    return out;
}

} // namespace cabildo::engine
