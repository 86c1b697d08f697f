#pragma once
// The bulletin boards as the public reads them (issue 21): heads, inclusion and consistency proofs
// and leaf hashes at any time, the entries once voting has closed, the whole board as one file
// for `cabildo verify`; and the timer's close of each board when voting closes. The entries are
// written by board_log (board_log.hpp) inside the other areas' writes.

#include "engine/use_cases/board_log.hpp"
#include "engine/use_cases/runner.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cabildo::engine {

struct board_inclusion {
    std::uint64_t leaf = 0, size = 0;
    std::string leaf_hash;
    std::vector<std::string> path;
};
struct board_consistency {
    std::uint64_t first = 0, second = 0;
    std::vector<std::string> path;
};
struct board_page {
    challenge_ref challenge;
    std::uint64_t size = 0;
    bool closed = false;                                      // entries are public
    std::vector<std::pair<std::uint64_t, std::string>> items; // (seq, entry bytes once closed, else leaf hash)

    // The page's last leaf, when more follow it.
    std::optional<std::uint64_t> next_after() const
    {
        if (items.empty() || items.back().first + 1 >= size)
            return std::nullopt;
        return items.back().first;
    }
};

class board_use_cases {
public:
    explicit board_use_cases(use_case_runner& runner);

    void head(challenge_ref which, callback<stored_head> cb);
    void inclusion(challenge_ref which, std::uint64_t leaf, std::optional<std::uint64_t> size,
                   callback<board_inclusion> cb);
    void consistency(challenge_ref which, std::uint64_t first, std::uint64_t second, callback<board_consistency> cb);
    void page(challenge_ref which, std::uint64_t from, std::size_t limit, callback<board_page> cb);
    // The whole board as one file once voting has closed: each entry's bytes on a line, then each
    // signed head as {"head":{...}} on a line (what `cabildo verify` reads).
    void file(challenge_ref which, callback<std::string> cb);
    // Appends the close entry of every board whose voting closed (the server's timer, each second).
    void close_due(std::function<void(std::size_t)> done = {});

private:
    use_case_runner& runner_;
};

} // namespace cabildo::engine
