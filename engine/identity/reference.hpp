#pragma once
// Identity references (an ID number, a CURP, a voter card) as a desk types them: "abc-123",
// "ABC 123" and " abc123 " are one person. The canonical form is what gets hashed, so the same
// person gets the same token whichever way the reference was written.

#include <optional>
#include <string>
#include <string_view>

namespace cabildo::engine {

// Unicode NFC (so "É" typed as E + combining accent is the precomposed É), spaces and hyphens
// of every kind removed (ASCII, no-break, the Unicode dashes and the minus sign), upper-cased
// (Unicode, root locale); nullopt when `ref` is not valid UTF-8 or holds a control character.
// The empty string stays empty: the caller refuses it.
std::optional<std::string> canonical_reference(std::string_view ref);

} // namespace cabildo::engine
