// RFC 9162 Merkle trees (engine/identity/merkle.*) against the golden proofs of
// transparency-dev/merkle (tests/data/rfc9162, see SOURCES.md): every one of the 98 inclusion and
// 98 consistency cases verifies or fails as its `wantErr` says, and the proofs this code builds over
// RFC 6962's eight test leaves are those of the happy paths, byte for byte.
#include "engine/identity/merkle.hpp"

#include "engine/identity/crypto.hpp"
#include "tests/support/test_data.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

using namespace cabildo::engine;

namespace {
namespace rfc9162 { // beside other tests in one unity source

nlohmann::json cases(const std::string& file)
{
    const auto path = cabildo::test::data_path("rfc9162/" + file);
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot open " + path);
    return nlohmann::json::parse(in)["cases"];
}

// Standard base64 (the vectors') through our base64url decoder; nullopt stays an error.
std::string bytes(const nlohmann::json& b64)
{
    std::string text = b64.get<std::string>();
    std::replace(text.begin(), text.end(), '+', '-');
    std::replace(text.begin(), text.end(), '/', '_');
    text.erase(std::remove(text.begin(), text.end(), '='), text.end());
    const auto decoded = base64url_decode(text);
    return decoded ? *decoded : std::string("not base64");
}

std::vector<std::string> proof_of(const nlohmann::json& c)
{
    std::vector<std::string> out;
    if (!c["proof"].is_null())
        for (const auto& h : c["proof"])
            out.push_back(bytes(h));
    return out;
}

// RFC 6962's test leaves (the entries of the trees the happy paths are built over), hashed.
std::vector<std::string> standard_leaves()
{
    const std::vector<std::string> entries{std::string(),
                                           std::string(1, '\x00'),
                                           "\x10",
                                           "\x20\x21",
                                           "\x30\x31",
                                           "\x40\x41\x42\x43",
                                           "\x50\x51\x52\x53\x54\x55\x56\x57",
                                           "\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f"};
    std::vector<std::string> out;
    for (const auto& e : entries)
        out.push_back(merkle::leaf_hash(e));
    return out;
}

std::string hex(const std::string& raw)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (const unsigned char c : raw) {
        out += digits[c >> 4U];
        out += digits[c & 15U];
    }
    return out;
}

} // namespace rfc9162
} // namespace

BOOST_AUTO_TEST_SUITE(merkle_trees)

BOOST_AUTO_TEST_CASE(the_empty_tree_and_the_standard_roots)
{
    using namespace rfc9162;
    BOOST_TEST(hex(merkle::empty_root()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const auto leaves = standard_leaves();
    BOOST_TEST(hex(merkle::root(leaves)) == "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
    BOOST_TEST(merkle::root(std::span(leaves).first(1)) == leaves[0]);
    BOOST_TEST(merkle::root(std::span(leaves).first(2)) == merkle::node_hash(leaves[0], leaves[1]));
}

BOOST_AUTO_TEST_CASE(every_inclusion_case_verifies_as_its_want_err_says)
{
    using namespace rfc9162;
    const auto leaves = standard_leaves();
    int built = 0;
    const auto all = cases("inclusion.json"); // held: items() of a temporary would dangle
    for (const auto& [name, c] : all.items()) {
        const auto index = c["leafIdx"].get<std::uint64_t>();
        const auto size = c["treeSize"].get<std::uint64_t>();
        const auto proof = proof_of(c);
        const bool ok = merkle::verify_inclusion(index, size, bytes(c["leafHash"]), proof, bytes(c["root"]));
        BOOST_TEST(ok == !c["wantErr"].get<bool>(), name);
        // A happy path over the standard leaves: the proof built here is the same.
        if (ok && size <= leaves.size() && index < size && bytes(c["leafHash"]) == leaves[index] &&
            merkle::root(std::span(leaves).first(size)) == bytes(c["root"])) {
            BOOST_TEST(merkle::inclusion_proof(leaves, index, size) == proof, name);
            ++built;
        }
    }
    BOOST_TEST(built >= 4);
}

BOOST_AUTO_TEST_CASE(every_consistency_case_verifies_as_its_want_err_says)
{
    using namespace rfc9162;
    const auto leaves = standard_leaves();
    int built = 0;
    const auto all = cases("consistency.json");
    for (const auto& [name, c] : all.items()) {
        const auto first = c["size1"].get<std::uint64_t>();
        const auto second = c["size2"].get<std::uint64_t>();
        const auto proof = proof_of(c);
        const bool ok = merkle::verify_consistency(first, second, bytes(c["root1"]), bytes(c["root2"]), proof);
        BOOST_TEST(ok == !c["wantErr"].get<bool>(), name);
        if (ok && second <= leaves.size() && merkle::root(std::span(leaves).first(second)) == bytes(c["root2"])) {
            BOOST_TEST(merkle::consistency_proof(leaves, first, second) == proof, name);
            ++built;
        }
    }
    BOOST_TEST(built >= 4);
}

// Every proof this code builds, over trees of 1 to 40 leaves, verifies; the same proof for another
// leaf or index, or against the next tree's root, does not.
BOOST_AUTO_TEST_CASE(built_proofs_verify_and_nothing_else_does)
{
    std::vector<std::string> leaves;
    for (int i = 0; i < 40; ++i)
        leaves.push_back(merkle::leaf_hash("entry " + std::to_string(i)));
    for (std::uint64_t n = 1; n <= leaves.size(); ++n) {
        const auto r = merkle::root(std::span(leaves).first(n));
        for (std::uint64_t m = 0; m < n; ++m) {
            const auto p = merkle::inclusion_proof(leaves, m, n);
            BOOST_TEST(merkle::verify_inclusion(m, n, leaves[m], p, r), m << " in " << n);
            BOOST_TEST(!merkle::verify_inclusion(m, n, leaves[(m + 1) % leaves.size()], p, r));
            if (n > 1)
                BOOST_TEST(!merkle::verify_inclusion((m + 1) % n, n, leaves[m], p, r), m << " in " << n);
            if (n < leaves.size()) // nor against the root of one more leaf
                BOOST_TEST(
                    !merkle::verify_inclusion(m, n + 1, leaves[m], p, merkle::root(std::span(leaves).first(n + 1))));
        }
        BOOST_TEST(!merkle::verify_consistency(0, n, merkle::empty_root(), r, {}));
        for (std::uint64_t m = 1; m <= n; ++m) {
            const auto p = merkle::consistency_proof(leaves, m, n);
            const auto rm = merkle::root(std::span(leaves).first(m));
            BOOST_TEST(merkle::verify_consistency(m, n, rm, r, p), m << " to " << n);
            if (m > 0 && m < n)
                BOOST_TEST(!merkle::verify_consistency(m, n, leaves[0] == rm ? leaves[1] : leaves[0], r, p));
        }
    }
    BOOST_CHECK_THROW(merkle::inclusion_proof(leaves, 3, 3), std::out_of_range);
    BOOST_CHECK_THROW(merkle::consistency_proof(leaves, 5, 4), std::out_of_range);
    BOOST_CHECK_THROW(merkle::consistency_proof(leaves, 1, 41), std::out_of_range);
}

// A tree grown by storing only what each append completes, as a board stores it, gives the same
// roots and proofs as the tree over every leaf held, and stores fewer than two subtrees a leaf.
BOOST_AUTO_TEST_CASE(a_tree_of_stored_subtrees_is_the_same_tree)
{
    std::map<std::pair<unsigned, std::uint64_t>, std::string> stored;
    std::size_t reads = 0;
    const merkle::subtree_source node = [&](unsigned level, std::uint64_t index) {
        ++reads;
        return stored.at({level, index}); // throws for a subtree never stored
    };
    std::vector<std::string> leaves;
    for (std::uint64_t n = 0; n < 70; ++n) {
        leaves.push_back(merkle::leaf_hash("ballot " + std::to_string(n)));
        for (auto& s : merkle::append(node, n, leaves.back()))
            BOOST_TEST(stored.emplace(std::pair(s.level, s.index), std::move(s.hash)).second);
        const auto size = n + 1;
        BOOST_TEST(merkle::root(node, size) == merkle::root(leaves), size);
        for (std::uint64_t m = 0; m < size; ++m)
            BOOST_TEST(merkle::inclusion_proof(node, m, size) == merkle::inclusion_proof(leaves, m, size));
        for (std::uint64_t m = 0; m <= size; ++m)
            BOOST_TEST(merkle::consistency_proof(node, m, size) == merkle::consistency_proof(leaves, m, size));
    }
    BOOST_TEST(stored.size() < 2 * leaves.size());
    // A proof in a tree of 64 reads one subtree per level, no more.
    reads = 0;
    (void)merkle::inclusion_proof(node, 37, 64);
    BOOST_TEST(reads == 6U);
    BOOST_CHECK_THROW(merkle::inclusion_proof(node, 70, 70), std::out_of_range);

    // The same tree held in memory, as `cabildo verify` grows it: every prefix's root.
    merkle::growing_tree grown;
    for (const auto& l : leaves)
        grown.push(l);
    for (std::uint64_t n = 0; n <= leaves.size(); ++n)
        BOOST_TEST(grown.root(n) == merkle::root(std::span(leaves).first(n)));
    BOOST_CHECK_THROW(grown.root(71), std::out_of_range);
}

BOOST_AUTO_TEST_SUITE_END()
