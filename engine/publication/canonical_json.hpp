#pragma once
// RFC 8785 JSON Canonicalization Scheme (JCS): one byte sequence per JSON value, so anyone who
// reads a bulletin-board entry can serialise it again byte for byte and hash it (issue 21).
// Objects' members sorted by their names as UTF-16 code units, no white space, strings escaped as
// ECMAScript's JSON.stringify does (only '"', '\\' and the controls below 0x20; the five with short
// forms as \b \t \n \f \r, the others as \u00xx in lower case; everything else as its UTF-8),
// numbers as ECMAScript writes them (RFC 8785 3.2.2.3: fractional votes in a count's detail are
// doubles). Refused (std::invalid_argument): a whole number stored as an integer beyond 2^53 - 1
// that a JavaScript reader would write back as another (2^53 + 1; not 2^60 written as ECMAScript
// writes it, 1152921504606847000, which is how a float of that size is written: what this writes,
// read again, is written the same), and NaN or infinity; a string that is not UTF-8 is refused by
// nlohmann's own check (nlohmann::json::type_error).

#include <nlohmann/json.hpp>

#include <string>

namespace cabildo::engine {

std::string canonical_json(const nlohmann::json& value);

} // namespace cabildo::engine
