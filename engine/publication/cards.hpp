#pragma once
// Printable participant cards: an A4 HTML sheet with one card per voting token, each carrying a
// QR code of the address that opens the challenge with the token. The page is self-contained
// (no fonts, scripts or images from anywhere) so it prints offline.

#include "engine/domain/clock.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cabildo::engine {

struct card_sheet {
    std::string municipality; // display name, e.g. "Hermosillo"
    std::string challenge_title;
    std::string timezone; // the municipality's IANA zone
    time_point closes;    // when voting closes
    std::string batch_label;
    struct card {
        std::string url;  // opens the challenge page with the card's code in the fragment
        std::string code; // the short code to type, "ABCD-EFGH-JKMN"
    };
    std::vector<card> cards;
};

// A printable A4 HTML page, 10 cards a page (2 columns x 5 rows, dashed cut lines), one card per
// token: municipality, batch, challenge title, the closing date in the municipality's zone (UTC if
// the zone is unknown), instructions in Spanish, a QR code of `url` as inline SVG and the code to
// type, large. Every field is HTML-escaped.
std::string render_card_sheet(const card_sheet& sheet);

// The QR modules of a text, row-major, `size` x `size`, true = dark; no quiet zone.
struct qr_matrix {
    int size = 0;
    std::vector<bool> dark;
};

// `text` as a QR code by libqrencode (8-bit mode, error correction level M, the smallest version
// that fits); nullopt if the text is empty or does not fit a QR code.
std::optional<qr_matrix> qr_code(std::string_view text);

} // namespace cabildo::engine
