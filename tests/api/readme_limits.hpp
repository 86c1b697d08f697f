#pragma once
// README.md's limits table, read by the tests that probe the server at each limit: a limit the
// code changes without the README (or the other way round) fails a test.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <regex>
#include <string>

namespace cabildo::test {

// The first number in the value column of the row whose first cell starts with `label`
// (thousands separators dropped).
inline std::int64_t readme_limit(const std::string& label)
{
    std::ifstream in(CABILDO_README);
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("| " + label, 0) != 0)
            continue;
        std::string cell = line.substr(line.find('|', 2) + 1);
        cell = cell.substr(0, cell.find('|'));
        cell.erase(std::remove(cell.begin(), cell.end(), ','), cell.end());
        std::smatch number;
        if (std::regex_search(cell, number, std::regex("[0-9]+")))
            return std::stoll(number.str());
    }
    BOOST_FAIL("README.md has no limits row for '" << label << "'");
    return 0;
}

} // namespace cabildo::test
