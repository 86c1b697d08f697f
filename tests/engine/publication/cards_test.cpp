#include "engine/publication/cards.hpp"

#include "engine/domain/rfc3339.hpp"

#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>

using namespace cabildo::engine;

namespace {

const std::string zbarimg = "/usr/bin/zbarimg";
const std::string base_url = "http://127.0.0.1:8080/#/hermosillo/reactivacion-economica?token=";
const std::string code_url = "http://127.0.0.1:8080/#/hermosillo/reactivacion-economica?code=";

// A card's code as the service prints it: 12 Crockford characters in groups of four.
std::string code(int seed)
{
    static constexpr std::string_view alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    std::string c;
    for (int i = 0; i < 12; ++i) {
        if (i > 0 && i % 4 == 0)
            c += '-';
        c += alphabet[static_cast<std::size_t>((i * 7 + seed * 5 + i * i) % 32)];
    }
    return c;
}

// A token of the length the issuer makes: 250 base64url characters.
std::string token(int seed)
{
    static constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string t;
    for (int i = 0; i < 250; ++i)
        t += alphabet[static_cast<std::size_t>((i * 37 + seed * 11 + i * i) % 64)];
    return t;
}

card_sheet sheet_of(int cards)
{
    card_sheet s;
    s.municipality = "Hermosillo";
    s.challenge_title = "Reactivación económica";
    s.timezone = "America/Hermosillo";
    s.closes = *parse_rfc3339("2026-12-16T06:59:00Z");
    s.batch_label = "A-1";
    for (int i = 0; i < cards; ++i)
        s.cards.push_back({code_url + code(i), code(i)});
    return s;
}

std::size_t count(const std::string& haystack, std::string_view needle)
{
    std::size_t n = 0;
    for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + needle.size()))
        ++n;
    return n;
}

// A scratch directory removed at the end of the test.
struct temp_dir {
    std::filesystem::path path = std::filesystem::temp_directory_path() /
                                 ("cabildo-cards-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    temp_dir() { std::filesystem::create_directories(path); }
    ~temp_dir()
    {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    static int& counter()
    {
        static int n = 0;
        return n;
    }
};

// The code as a binary PGM (P5), `scale` pixels a module, with the 4-module quiet zone.
void write_pgm(const std::filesystem::path& file, const qr_matrix& qr, int scale)
{
    const int side = (qr.size + 8) * scale;
    std::ofstream out{file, std::ios::binary};
    out << "P5\n" << side << " " << side << "\n255\n";
    for (int py = 0; py < side; ++py)
        for (int px = 0; px < side; ++px) {
            const int x = px / scale - 4;
            const int y = py / scale - 4;
            const bool dark =
                x >= 0 && y >= 0 && x < qr.size && y < qr.size &&
                qr.dark[static_cast<std::size_t>(y) * static_cast<std::size_t>(qr.size) + static_cast<std::size_t>(x)];
            out.put(dark ? '\0' : '\xff');
        }
    BOOST_REQUIRE(out.good());
}

struct decoded {
    int status = -1;
    std::string output; // standard output, the decoded text
    std::string errors; // standard error, for the failure message
};

// zbarimg's reading of an image; `timeout` bounds the wait.
decoded zbar_decode(const std::filesystem::path& image)
{
    BOOST_REQUIRE_MESSAGE(std::filesystem::exists(zbarimg), zbarimg + " is missing: install zbar-tools");
    const auto errors = image.string() + ".stderr";
    const auto command = "timeout 20 " + zbarimg + " --raw -q '" + image.string() + "' 2>'" + errors + "'";
    FILE* pipe = ::popen(command.c_str(), "r");
    BOOST_REQUIRE(pipe);
    decoded d;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
        d.output.append(buffer, n);
    d.status = ::pclose(pipe);
    if (!d.output.empty() && d.output.back() == '\n')
        d.output.pop_back();
    std::ifstream in{errors};
    d.errors.assign(std::istreambuf_iterator<char>{in}, {});
    return d;
}

// The modules a rendered SVG draws, read back from its path ("Mx,yhNv1h-Nz" runs).
qr_matrix modules_of_svg(const std::string& svg, int size)
{
    qr_matrix qr{size, std::vector<bool>(static_cast<std::size_t>(size * size))};
    static const std::regex run{R"(M(\d+),(\d+)h(\d+)v1h-(\d+)z)"};
    for (std::sregex_iterator it{svg.begin(), svg.end(), run}, end; it != end; ++it) {
        const int x = std::stoi((*it)[1]) - 4;
        const int y = std::stoi((*it)[2]) - 4;
        const int length = std::stoi((*it)[3]);
        BOOST_REQUIRE((*it)[3] == (*it)[4]);
        BOOST_REQUIRE(x >= 0 && y >= 0 && y < size && x + length <= size);
        for (int i = 0; i < length; ++i)
            qr.dark[static_cast<std::size_t>(y) * static_cast<std::size_t>(size) + static_cast<std::size_t>(x) +
                    static_cast<std::size_t>(i)] = true;
    }
    return qr;
}

} // namespace

BOOST_AUTO_TEST_SUITE(cards)

BOOST_AUTO_TEST_CASE(a_qr_code_of_a_long_url_decodes_to_the_url)
{
    const auto url = base_url + token(7);
    BOOST_REQUIRE(url.size() > 300);
    const auto qr = qr_code(url);
    BOOST_REQUIRE(qr);
    BOOST_TEST(qr->dark.size() == static_cast<std::size_t>(qr->size * qr->size));
    // 314 bytes need version 13 (69 modules) at level M; level L would fit in 11, Q needs 16.
    BOOST_TEST(url.size() == 314u);
    BOOST_TEST(qr->size == 69);

    temp_dir dir;
    const auto image = dir.path / "card.pgm";
    write_pgm(image, *qr, 4);
    const auto d = zbar_decode(image);
    BOOST_TEST(d.status == 0, "zbarimg exited with " << d.status << ": " << d.errors);
    BOOST_TEST(d.output == url);
}

BOOST_AUTO_TEST_CASE(a_damaged_code_does_not_decode_to_the_url)
{
    // The round trip above can fail: a code with its finder patterns painted over reads as nothing.
    const auto url = base_url + token(7);
    auto qr = qr_code(url);
    BOOST_REQUIRE(qr);
    for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 8; ++x)
            qr->dark[static_cast<std::size_t>(y) * static_cast<std::size_t>(qr->size) + static_cast<std::size_t>(x)] =
                true;
    for (int y = 0; y < 8; ++y)
        for (int x = qr->size - 8; x < qr->size; ++x)
            qr->dark[static_cast<std::size_t>(y) * static_cast<std::size_t>(qr->size) + static_cast<std::size_t>(x)] =
                true;
    temp_dir dir;
    const auto image = dir.path / "damaged.pgm";
    write_pgm(image, *qr, 4);
    BOOST_TEST(zbar_decode(image).output != url);
}

BOOST_AUTO_TEST_CASE(text_that_fits_no_code_has_none)
{
    BOOST_TEST(!qr_code(""));
    BOOST_TEST(!qr_code(std::string(3000, 'a'))); // version 40-M holds 2331 bytes
    const auto small = qr_code("hola");
    BOOST_REQUIRE(small);
    BOOST_TEST(small->size == 21);
}

BOOST_AUTO_TEST_CASE(each_card_has_its_qr_code_and_its_short_code)
{
    const auto sheet = sheet_of(3);
    const auto html = render_card_sheet(sheet);
    BOOST_TEST(count(html, "<svg") == 3u);
    BOOST_TEST(count(html, "<article class=\"card\"") == 3u);
    BOOST_TEST(count(html, "shape-rendering=\"crispEdges\"") == 3u);
    for (const auto& card : sheet.cards)
        BOOST_TEST(count(html, "<span>Código </span>" + card.code + "</p>") == 1u); // printed once, large
    // The first card's SVG draws exactly the modules of its URL's code.
    const auto qr = qr_code(sheet.cards[0].url);
    BOOST_REQUIRE(qr);
    const auto svg_begin = html.find("<svg");
    const auto svg = html.substr(svg_begin, html.find("</svg>", svg_begin) - svg_begin);
    BOOST_TEST((modules_of_svg(svg, qr->size).dark == qr->dark));
    const auto side = std::to_string(qr->size + 8);
    BOOST_TEST(svg.find("viewBox=\"0 0 " + side + " " + side + "\"") != std::string::npos);
}

// Issue 18: the card's typed route (the address and a 250-character key in 5.5 pt type) led
// nowhere, and the QR code carried the whole token, a version-13 code cheap cameras read badly.
BOOST_AUTO_TEST_CASE(a_card_carries_a_short_code_not_its_token)
{
    const auto sheet = sheet_of(1);
    const auto html = render_card_sheet(sheet);
    BOOST_TEST(html.find("token") == std::string::npos);
    BOOST_TEST(html.find("Clave:") == std::string::npos);
    // The QR code holds the short link: a version-5 code (37 modules) instead of version 13.
    const auto qr = qr_code(sheet.cards[0].url);
    BOOST_REQUIRE(qr);
    BOOST_TEST(qr->size <= 41);
    temp_dir dir;
    const auto image = dir.path / "short.pgm";
    write_pgm(image, *qr, 4);
    BOOST_TEST(zbar_decode(image).output == sheet.cards[0].url);
    // The address to type is the page's own path, then the code; all three instructions whole.
    BOOST_TEST(
        html.find("abre <span class=\"address\">http://127.0.0.1:8080/hermosillo/reactivacion-economica</span>") !=
        std::string::npos);
    BOOST_TEST(count(html, "<li>") == 3u);
    BOOST_TEST(html.find("cuenta el último.</li></ol>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(ten_cards_fill_a_page)
{
    BOOST_TEST(count(render_card_sheet(sheet_of(23)), "<section class=\"sheet\"") == 3u);
    BOOST_TEST(count(render_card_sheet(sheet_of(20)), "<section class=\"sheet\"") == 2u);
    BOOST_TEST(count(render_card_sheet(sheet_of(1)), "<section class=\"sheet\"") == 1u);
    const auto html = render_card_sheet(sheet_of(23));
    BOOST_TEST(html.find("@page { size: A4;") != std::string::npos);
    BOOST_TEST(html.find(".sheet + .sheet { break-before: page;") != std::string::npos);
    BOOST_TEST(html.find("break-inside: avoid") != std::string::npos);
    // The third page holds the last three cards.
    const auto third = html.rfind("<section class=\"sheet\"");
    BOOST_TEST(count(html.substr(third), "<article class=\"card\"") == 3u);
}

BOOST_AUTO_TEST_CASE(user_text_is_escaped)
{
    auto sheet = sheet_of(1);
    sheet.challenge_title = R"(<script>alert(1)</script> & "x")";
    sheet.municipality = "<b>Hermosillo</b>";
    sheet.batch_label = "'lote'";
    sheet.cards[0].code = "<img src=x onerror=alert(1)>";
    const auto html = render_card_sheet(sheet);
    BOOST_TEST(html.find("<script") == std::string::npos);
    BOOST_TEST(html.find("<b>") == std::string::npos);
    BOOST_TEST(html.find("<img") == std::string::npos);
    BOOST_TEST(html.find("'lote'") == std::string::npos);
    BOOST_TEST(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;") != std::string::npos);
    BOOST_TEST(count(html, "&lt;script&gt;alert(1)&lt;/script&gt;") == 2u); // the <title> and the card
    BOOST_TEST(html.find("&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
    BOOST_TEST(html.find("&#39;lote&#39;") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_closing_time_is_local_to_the_municipality)
{
    const auto html = render_card_sheet(sheet_of(1));
    BOOST_TEST(html.find("15 de diciembre de 2026, 23:59 (hora local, UTC\u22127)") != std::string::npos);
    auto tijuana = sheet_of(1);
    tijuana.timezone = "America/Tijuana";
    tijuana.closes = *parse_rfc3339("2027-07-04T08:05:00Z");
    BOOST_TEST(render_card_sheet(tijuana).find("4 de julio de 2027, 01:05 (hora local, UTC\u22127)") !=
               std::string::npos);
    // An unknown zone is not passed off as local time.
    auto unknown = sheet_of(1);
    unknown.timezone = "America/Atlantis";
    BOOST_TEST(render_card_sheet(unknown).find("16 de diciembre de 2026, 06:59 (hora local, UTC)") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_page_is_self_contained_spanish_utf8)
{
    for (const int cards : {0, 2}) {
        const auto html = render_card_sheet(sheet_of(cards));
        BOOST_TEST(html.rfind("<!DOCTYPE html>\n<html lang=\"es\">", 0) == 0u);
        BOOST_TEST(html.find("<meta charset=\"utf-8\">") != std::string::npos);
        BOOST_TEST(html.find("<title>Tarjetas de votación — Hermosillo — Reactivación económica — lote A-1</title>") !=
                   std::string::npos);
        BOOST_TEST(html.find("</body>\n</html>\n") != std::string::npos);
        for (const char* external : {"<script", "<link", "<img", "src=", "href=", "url(", "@import", "@font-face"})
            BOOST_TEST(html.find(external) == std::string::npos, external);
    }
}

BOOST_AUTO_TEST_CASE(an_empty_batch_renders_a_page_without_cards)
{
    const auto html = render_card_sheet(sheet_of(0));
    BOOST_TEST(count(html, "<svg") == 0u);
    BOOST_TEST(count(html, "<section") == 0u);
    BOOST_TEST(html.find("Este lote no tiene tarjetas.") != std::string::npos);
    BOOST_TEST(count(html, "<body>") == 1u);
    BOOST_TEST(count(html, "</body>") == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
