#pragma once
// Writing text into the HTML the server prints (card sheets, reports): every character that could
// open markup or close an attribute is escaped.

#include <string>
#include <string_view>

namespace cabildo::engine {

inline void append_escaped(std::string& out, std::string_view text)
{
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
}

} // namespace cabildo::engine
