#pragma once
// Shared by the tests: the path of a file under tests/data (CABILDO_TEST_DATA) and its
// contents. Tests may read files; ballots/ itself never does.

#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>

namespace cabildo::test {

inline std::string data_path(const std::string& relative) { return std::string(CABILDO_TEST_DATA) + "/" + relative; }

inline std::string read_data(const std::string& relative)
{
    std::ifstream in(data_path(relative), std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot open test data " + relative);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace cabildo::test
