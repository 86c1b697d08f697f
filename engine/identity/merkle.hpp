#pragma once
// Merkle trees as RFC 9162 (Certificate Transparency 2.0) section 2.1 defines them, for the public
// bulletin board a count is checked against: SHA-256; a leaf's hash is H(0x00 || entry), a node's
// H(0x01 || left || right), the empty tree's H(); a tree of n > 1 leaves splits at the largest
// power of two below n. Leaf indexes are 0-based. Hashes are the 32 raw bytes.
//
// The proofs a log hands out (inclusion of one leaf, consistency of a smaller tree with a larger
// one), built over the leaves' hashes, and their verification, which is all a resident or a
// journalist needs (RFC 9162 sections 2.1.3.2 and 2.1.4.2). A verification never throws: a
// malformed or tampered proof is simply false.

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cabildo::engine::merkle {

std::string leaf_hash(std::string_view entry);
std::string node_hash(std::string_view left, std::string_view right);
std::string empty_root();

// The root of the tree over these leaf hashes.
std::string root(std::span<const std::string> leaves);

// The inclusion proof (audit path, RFC 9162 2.1.3.1) of leaf `index` in the tree of the first
// `size` of `leaves`. Throws std::out_of_range unless index < size <= leaves.size().
std::vector<std::string> inclusion_proof(std::span<const std::string> leaves, std::uint64_t index, std::uint64_t size);

// The consistency proof (2.1.4.1) of the tree of the first `first` leaves with that of the first
// `second`. Throws std::out_of_range unless first <= second <= leaves.size().
std::vector<std::string> consistency_proof(std::span<const std::string> leaves, std::uint64_t first,
                                           std::uint64_t second);

// A tree too big to hold, such as a board's, whose complete subtrees are stored as they fill:
// node(level, index) is the root of leaves [index * 2^level, (index + 1) * 2^level). The root and
// the proofs below read O(log n) of them per range, O((log n)^2) at most per proof.
using subtree_source = std::function<std::string(unsigned level, std::uint64_t index)>;
std::string root(const subtree_source& node, std::uint64_t size);
std::vector<std::string> inclusion_proof(const subtree_source& node, std::uint64_t index, std::uint64_t size);
std::vector<std::string> consistency_proof(const subtree_source& node, std::uint64_t first, std::uint64_t second);

// A complete subtree to store: its level, index and root.
struct subtree {
    unsigned level = 0;
    std::uint64_t index = 0;
    std::string hash;
};
// What appending leaf `index` (its hash `leaf`) to a tree of `index` leaves completes: the leaf
// itself and each parent it closes, reading the left siblings from `stored`. One subtree more than
// the leaf on average, log2 n at most.
std::vector<subtree> append(const subtree_source& stored, std::uint64_t index, std::string leaf);

// A tree held in memory as its leaves arrive, every complete subtree kept (about two hashes a
// leaf), so that the root of any size up to the leaves held is O(log n): how `cabildo verify`
// checks each signed head as the board reaches its size.
class growing_tree {
public:
    void push(std::string leaf_hash);
    std::uint64_t size() const { return size_; }
    const std::string& leaf(std::uint64_t index) const { return levels_.at(0).at(index); }
    std::string root(std::uint64_t size) const; // size <= size()

private:
    subtree_source source() const;
    std::vector<std::vector<std::string>> levels_;
    std::uint64_t size_ = 0;
};

bool verify_inclusion(std::uint64_t index, std::uint64_t size, std::string_view leaf,
                      std::span<const std::string> proof, std::string_view root);

// From a tree of `first` leaves and root `first_root` to one of `second` leaves and `second_root`.
// A tree is consistent with itself (empty proof); a check from the empty tree (first 0) proves
// nothing and is refused, as transparency-dev's verifier refuses it.
bool verify_consistency(std::uint64_t first, std::uint64_t second, std::string_view first_root,
                        std::string_view second_root, std::span<const std::string> proof);

} // namespace cabildo::engine::merkle
