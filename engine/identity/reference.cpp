#include "engine/identity/reference.hpp"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <limits>

namespace cabildo::engine {

namespace {

bool is_separator(UChar32 c)
{
    // Whitespace of any kind, and the hyphens a keyboard or a word processor may insert.
    return u_isUWhiteSpace(c) || c == 0x2D || c == 0x00AD || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 ||
           c == 0xFE63 || c == 0xFF0D;
}

enum class form { nfc, nfkc };

std::optional<std::string> canonical(std::string_view ref, form f)
{
    if (ref.size() > static_cast<std::size_t>(std::numeric_limits<int32_t>::max()))
        return std::nullopt;
    // ICU replaces ill-formed UTF-8 with U+FFFD; a reference holding one was not valid text.
    const auto text = icu::UnicodeString::fromUTF8(icu::StringPiece(ref.data(), static_cast<int32_t>(ref.size())));
    if (text.indexOf(static_cast<UChar32>(0xFFFD)) >= 0)
        return std::nullopt;
    UErrorCode status = U_ZERO_ERROR;
    const auto* normalizer =
        f == form::nfkc ? icu::Normalizer2::getNFKCInstance(status) : icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status))
        return std::nullopt;
    auto normal = normalizer->normalize(text, status);
    if (U_FAILURE(status))
        return std::nullopt;
    icu::UnicodeString kept;
    for (int32_t i = 0; i < normal.length();) {
        const UChar32 c = normal.char32At(i);
        i += U16_LENGTH(c);
        if (is_separator(c))
            continue;
        if (u_iscntrl(c))
            return std::nullopt;
        kept.append(c);
    }
    // Full case folding first (ς and σ, ſ and s are one letter), then upper case, the form
    // references have always been hashed in. Both may decompose (ß -> SS is fine; some letters
    // gain combining marks): normalise again.
    if (f == form::nfkc)
        kept.foldCase();
    kept.toUpper(icu::Locale::getRoot());
    kept = normalizer->normalize(kept, status);
    if (U_FAILURE(status))
        return std::nullopt;
    std::string out;
    kept.toUTF8String(out);
    return out;
}

} // namespace

std::optional<std::string> canonical_reference(std::string_view ref) { return canonical(ref, form::nfkc); }

std::optional<std::string> nfc_reference(std::string_view ref) { return canonical(ref, form::nfc); }

} // namespace cabildo::engine
