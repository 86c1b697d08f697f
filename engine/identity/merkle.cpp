#include "engine/identity/merkle.hpp"

#include "engine/identity/crypto.hpp"

#include <bit>
#include <stdexcept>

namespace cabildo::engine::merkle {

namespace {

constexpr std::size_t hash_size = 32;

// The largest power of two smaller than n (n > 1): where a tree of n leaves splits.
std::uint64_t split_of(std::uint64_t n) { return std::bit_floor(n - 1); }

std::string subtree_root(std::span<const std::string> leaves)
{
    if (leaves.empty())
        return empty_root();
    if (leaves.size() == 1)
        return leaves[0];
    const auto k = split_of(leaves.size());
    return node_hash(subtree_root(leaves.first(k)), subtree_root(leaves.subspan(k)));
}

// The leaves held in memory as a subtree source.
subtree_source of_leaves(std::span<const std::string> leaves)
{
    return [leaves](unsigned level, std::uint64_t index) {
        const std::uint64_t width = std::uint64_t{1} << level;
        return subtree_root(leaves.subspan(index * width, width));
    };
}

// MTH(D[begin:end]): a complete, aligned subtree is read from the source, any other range split as
// RFC 9162 2.1.1 splits it. Every range the proofs below ask for starts at a multiple of the split
// above it, so a tree of n leaves costs O(log n) reads per range.
std::string range_root(const subtree_source& node, std::uint64_t begin, std::uint64_t end)
{
    const auto n = end - begin;
    if (n == 0)
        return empty_root();
    if (std::has_single_bit(n) && begin % n == 0)
        return node(static_cast<unsigned>(std::countr_zero(n)), begin / n);
    const auto k = split_of(n);
    return node_hash(range_root(node, begin, begin + k), range_root(node, begin + k, end));
}

// PATH(m, D[begin:end]) of RFC 9162 2.1.3.1, m counted from begin.
void path(const subtree_source& node, std::uint64_t begin, std::uint64_t end, std::uint64_t m,
          std::vector<std::string>& out)
{
    if (end - begin <= 1)
        return;
    const auto k = split_of(end - begin);
    if (m < k) {
        path(node, begin, begin + k, m, out);
        out.push_back(range_root(node, begin + k, end));
    } else {
        path(node, begin + k, end, m - k, out);
        out.push_back(range_root(node, begin, begin + k));
    }
}

// SUBPROOF(m, D[begin:end], b) of RFC 9162 2.1.4.1.
void subproof(const subtree_source& node, std::uint64_t m, std::uint64_t begin, std::uint64_t end, bool whole,
              std::vector<std::string>& out)
{
    const auto n = end - begin;
    if (m == n) {
        if (!whole)
            out.push_back(range_root(node, begin, end));
        return;
    }
    const auto k = split_of(n);
    if (m <= k) {
        subproof(node, m, begin, begin + k, whole, out);
        out.push_back(range_root(node, begin + k, end));
    } else {
        subproof(node, m - k, begin + k, end, false, out);
        out.push_back(range_root(node, begin, begin + k));
    }
}

bool well_formed(std::span<const std::string> proof)
{
    for (const auto& h : proof)
        if (h.size() != hash_size)
            return false;
    return true;
}

} // namespace

std::string leaf_hash(std::string_view entry)
{
    std::string data(1, '\0');
    data.append(entry);
    return sha256(data);
}

std::string node_hash(std::string_view left, std::string_view right)
{
    std::string data(1, '\1');
    data.append(left);
    data.append(right);
    return sha256(data);
}

std::string empty_root() { return sha256({}); }

std::string root(std::span<const std::string> leaves) { return subtree_root(leaves); }

std::vector<std::string> inclusion_proof(std::span<const std::string> leaves, std::uint64_t index, std::uint64_t size)
{
    if (size > leaves.size())
        throw std::out_of_range("an inclusion proof needs index < size <= the leaves held");
    return inclusion_proof(of_leaves(leaves), index, size);
}

std::vector<std::string> consistency_proof(std::span<const std::string> leaves, std::uint64_t first,
                                           std::uint64_t second)
{
    if (second > leaves.size())
        throw std::out_of_range("a consistency proof needs first <= second <= the leaves held");
    return consistency_proof(of_leaves(leaves), first, second);
}

std::string root(const subtree_source& node, std::uint64_t size) { return range_root(node, 0, size); }

std::vector<std::string> inclusion_proof(const subtree_source& node, std::uint64_t index, std::uint64_t size)
{
    if (index >= size)
        throw std::out_of_range("an inclusion proof needs index < size");
    std::vector<std::string> out;
    path(node, 0, size, index, out);
    return out;
}

std::vector<std::string> consistency_proof(const subtree_source& node, std::uint64_t first, std::uint64_t second)
{
    if (first > second)
        throw std::out_of_range("a consistency proof needs first <= second");
    std::vector<std::string> out;
    if (first > 0 && first < second)
        subproof(node, first, 0, second, true, out);
    return out;
}

std::vector<subtree> append(const subtree_source& stored, std::uint64_t index, std::string leaf)
{
    std::vector<subtree> out;
    out.push_back({0, index, std::move(leaf)});
    // Each level at which the new leaf closes a right child closes its parent too.
    for (unsigned level = 0; (index & 1U) != 0; ++level, index >>= 1U)
        out.push_back({level + 1, index >> 1U, node_hash(stored(level, index - 1), out.back().hash)});
    return out;
}

void growing_tree::push(std::string leaf_hash)
{
    for (auto& s : append(source(), size_++, std::move(leaf_hash))) {
        if (levels_.size() <= s.level)
            levels_.resize(s.level + 1);
        levels_[s.level].push_back(std::move(s.hash));
    }
}

std::string growing_tree::root(std::uint64_t size) const
{
    if (size > size_)
        throw std::out_of_range("a root needs size <= the leaves held");
    return merkle::root(source(), size);
}

subtree_source growing_tree::source() const
{
    return [this](unsigned level, std::uint64_t index) { return levels_.at(level).at(index); };
}

bool verify_inclusion(std::uint64_t index, std::uint64_t size, std::string_view leaf,
                      std::span<const std::string> proof, std::string_view root)
{
    if (index >= size || leaf.size() != hash_size || root.size() != hash_size || !well_formed(proof))
        return false;
    std::uint64_t fn = index, sn = size - 1;
    std::string r(leaf);
    for (const auto& p : proof) {
        if (sn == 0)
            return false;
        if ((fn & 1U) != 0 || fn == sn) {
            r = node_hash(p, r);
            if ((fn & 1U) == 0)
                while ((fn & 1U) == 0 && fn != 0) {
                    fn >>= 1U;
                    sn >>= 1U;
                }
        } else {
            r = node_hash(r, p);
        }
        fn >>= 1U;
        sn >>= 1U;
    }
    return sn == 0 && r == root;
}

bool verify_consistency(std::uint64_t first, std::uint64_t second, std::string_view first_root,
                        std::string_view second_root, std::span<const std::string> proof)
{
    // Nothing is proven about the empty tree (every tree extends it): a check of it is a mistake.
    if (first == 0 || first > second)
        return false;
    if (first == second) // the same tree: nothing to prove, whatever the roots' form
        return proof.empty() && first_root == second_root;
    if (first_root.size() != hash_size || second_root.size() != hash_size || !well_formed(proof))
        return false;
    if (proof.empty())
        return false;
    // A first tree of a power of two leaves is a node of the second: its root starts the path.
    std::vector<std::string> path;
    if (std::has_single_bit(first))
        path.emplace_back(first_root);
    path.insert(path.end(), proof.begin(), proof.end());
    std::uint64_t fn = first - 1, sn = second - 1;
    while ((fn & 1U) != 0) {
        fn >>= 1U;
        sn >>= 1U;
    }
    std::string fr = path[0], sr = path[0];
    for (std::size_t i = 1; i < path.size(); ++i) {
        const auto& c = path[i];
        if (sn == 0)
            return false;
        if ((fn & 1U) != 0 || fn == sn) {
            fr = node_hash(c, fr);
            sr = node_hash(c, sr);
            if ((fn & 1U) == 0)
                while ((fn & 1U) == 0 && fn != 0) {
                    fn >>= 1U;
                    sn >>= 1U;
                }
        } else {
            sr = node_hash(sr, c);
        }
        fn >>= 1U;
        sn >>= 1U;
    }
    return fr == first_root && sr == second_root && sn == 0;
}

} // namespace cabildo::engine::merkle
