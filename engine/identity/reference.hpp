#pragma once
// Identity references (an ID number, a CURP, a voter card) as a desk types them: "abc-123",
// "ABC 123", " abc123 " and the full-width "ＡＢＣ１２３" a phone keyboard may produce are one
// person. The canonical form is what gets hashed, so the same person gets the same token
// whichever way the reference was written.

#include <optional>
#include <string>
#include <string_view>

namespace cabildo::engine {

// Unicode NFKC (so "É" typed as E + combining accent is the precomposed É, and compatibility
// forms fold to their plain letters: full-width "ＧＯＭＡ" is "GOMA", the ligature "ﬁ" is "fi",
// a superscript "²" is "2"), spaces and hyphens of every kind removed (ASCII, no-break, the
// Unicode dashes and the minus sign), then case-folded and upper-cased (Unicode, root locale:
// every reference kind Cabildo meets, CURP, voter card, INE, is case-insensitive); nullopt when
// `ref` is not valid UTF-8 or holds a control character. The empty string stays empty: the
// caller refuses it.
std::optional<std::string> canonical_reference(std::string_view ref);

// The canonical form of the version before NFKC (NFC, no case folding beyond upper-casing), for
// finding tokens issued then: it differs from canonical_reference only where compatibility forms
// or special case mappings were typed.
std::optional<std::string> nfc_reference(std::string_view ref);

} // namespace cabildo::engine
