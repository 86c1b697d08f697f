// Writes a challenge's bulletin board file as the server publishes it (GET .../board/file), with N
// ballots, for timing `cabildo verify` (bench/run.sh): a setup, ten ideas, N ballots of N / 1.05
// signed tokens (one token in twenty votes twice, the second superseding the first), the close,
// the tally counted with the engine's own code, and a signed head every 100 entries and at the end
// (the server signs one a batch of writes). Prints the Ed25519 verifications the file asks for.
//
//   cabildo_bench_board N FILE

#include "engine/identity/crypto.hpp"
#include "engine/identity/merkle.hpp"
#include "engine/identity/token.hpp"
#include "engine/publication/board.hpp"
#include "engine/publication/results_document.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <vector>

using namespace cabildo::engine;

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s N FILE\n", argv[0]);
        return 2;
    }
    const std::size_t ballots = std::stoul(argv[1]);
    std::ofstream out(argv[2], std::ios::binary);
    const auto t0 = std::chrono::sys_days{std::chrono::year{2026} / 3 / 1};
    challenge ch;
    ch.municipality_slug = "bench";
    ch.slug = "c";
    ch.timeline.submission = {t0, t0 + std::chrono::days(10)};
    ch.timeline.voting = {t0, t0 + std::chrono::days(10)};
    ch.timeline.announcement = t0 + std::chrono::days(11);
    ch.ballot.kind = ballot_kind::approval;
    ch.ballot.method = count_method::approval;
    ch.ballot.max_choices = 3;
    ch.winners = 3;
    ch.tie_break_seed = "bench-seed";
    const auto issuer = ed25519_key::generate();
    const auto board = ed25519_key::generate();
    const verification_keys keys{issuer.public_raw(), std::nullopt, board.public_raw()};
    const auto ref = ch.ref();

    merkle::growing_tree tree;
    std::uint64_t seq = 0;
    std::vector<std::string> heads;
    std::int64_t timestamp = 1'772'323'200'000;
    const auto add = [&](nlohmann::json body, board_entry_type type, time_point at) {
        const auto entry = board_entry(std::move(body), ref, seq++, type, at);
        out << entry << '\n';
        tree.push(merkle::leaf_hash(entry));
        if (seq % 100 == 0 || type == board_entry_type::tally) {
            stored_head h{seq, timestamp += 1000, tree.root(seq), {}};
            h.signature = board.sign(head_message(ref, h.size, h.timestamp, h.root));
            heads.push_back(nlohmann::json{{"head", to_document(ref, h)}}.dump());
        }
    };
    add(setup_body(ch, keys), board_entry_type::setup, t0);
    std::vector<idea> ideas;
    for (idea_id id = 1; id <= 10; ++id) {
        idea i;
        i.id = id;
        i.title = "Idea " + std::to_string(id);
        ideas.push_back(i);
        add(idea_body(i), board_entry_type::idea, t0);
    }
    std::mt19937 rng(7);
    std::vector<std::pair<std::string, std::uint64_t>> counted; // jti, its last leaf
    std::vector<ballot_content> contents;
    std::string token, jti;
    for (std::size_t b = 0; b < ballots; ++b) {
        const bool again = b % 21 == 20 && !counted.empty(); // the previous token votes again
        if (!again) {
            jti = new_jti();
            token = sign_token({"bench", "c", jti, t0, t0 + std::chrono::days(30)}, issuer);
        }
        ballot_content content;
        std::vector<idea_id> pick{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        std::shuffle(pick.begin(), pick.end(), rng);
        pick.resize(1 + rng() % 3);
        content.ideas = pick;
        const auto at = t0 + std::chrono::seconds(b / 2);
        std::optional<std::uint64_t> supersedes;
        if (again)
            supersedes = counted.back().second;
        add(ballot_body(jti, token, content, supersedes), board_entry_type::ballot, at);
        if (again) {
            counted.back().second = seq - 1;
            contents.back() = content;
        } else {
            counted.emplace_back(jti, seq - 1);
            contents.push_back(content);
        }
    }
    const auto closes = ch.timeline.voting.closes;
    add(close_body(seq, ch.tie_break_seed), board_entry_type::close, closes);
    ballot_collector collect(ch, ideas);
    std::vector<std::uint64_t> leaves;
    for (std::size_t i = 0; i < counted.size(); ++i) {
        leaves.push_back(counted[i].second);
        collect.add(contents[i]);
    }
    const auto result = to_document(count_challenge(ch, ideas, collect.take()), ch);
    add(tally_body(counted_leaves_digest(leaves), static_cast<std::int64_t>(leaves.size()), result),
        board_entry_type::tally, closes);
    for (const auto& h : heads)
        out << h << '\n';
    std::printf("%zu ballots, %zu tokens, %zu signed heads: %zu Ed25519 verifications\n", ballots, counted.size(),
                heads.size(), ballots + heads.size());
    return out ? 0 : 1;
}
