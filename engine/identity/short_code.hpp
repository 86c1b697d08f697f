#pragma once
// Codes people read aloud or type by hand: a blind-token request's code at the desk
// ("ABCD-2345") and a card's code ("ABCD-EFGH-JKMN"). Crockford's base32 (digits and letters
// without I, L, O and U), grouped by four; read back in any case, with or without dashes and
// spaces, I and L as 1 and O as 0.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cabildo::engine {

inline constexpr std::size_t relay_code_length = 8; // 40 bits: lives ten minutes, worth a blind signature
// 60 bits: a card's code stands for its token for weeks. At the API's limit of failed attempts per
// address, guessing one of 100,000 live cards takes 2^60 / 10^5 tries, ~10^13: hopeless.
inline constexpr std::size_t card_code_length = 12;

// A new random code, canonical (upper case, no dashes).
std::string new_short_code(std::size_t length);
// The code `bytes` (at least 8) stand for: their first length × 5 bits, at most 12 characters.
std::string short_code_of(std::string_view bytes, std::size_t length);
// "ABCD2345EFGH" -> "ABCD-2345-EFGH".
std::string display_code(std::string_view canonical);
// The canonical form of a code as a person typed it; nullopt when it cannot be a code of `length`.
std::optional<std::string> canonical_code(std::string_view typed, std::size_t length);

} // namespace cabildo::engine
