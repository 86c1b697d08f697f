#pragma once
// Closed vocabularies: each is an enum with one table of its names, written once beside the enum,
// and read both ways through these two functions (as engine/counting/methods.cpp reads its
// registry). Code compares enums, never the words: a word appears in its table and nowhere else.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace cabildo::engine {

template <class E>
using name_table = std::span<const std::pair<E, std::string_view>>;

// The name of `value` in `table`; every enumerator is in its table (the vocabulary's test checks).
template <class E>
constexpr std::string_view name_in(name_table<E> table, E value)
{
    for (const auto& [v, name] : table)
        if (v == value)
            return name;
    return {};
}

// The value a name stands for in `table`, or nullopt for any other word.
template <class E>
constexpr std::optional<E> value_in(name_table<E> table, std::string_view name)
{
    for (const auto& [v, n] : table)
        if (n == name)
            return v;
    return std::nullopt;
}

// The names of a table joined for an error message: "a, b or c".
template <class E>
std::string names_in(name_table<E> table)
{
    std::string out;
    for (std::size_t i = 0; i < table.size(); ++i) {
        if (i > 0)
            out += i + 1 == table.size() ? " or " : ", ";
        out += table[i].second;
    }
    return out;
}

} // namespace cabildo::engine
