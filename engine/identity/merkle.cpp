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

// PATH(m, D[n]) of RFC 9162 2.1.3.1.
void path(std::span<const std::string> leaves, std::uint64_t m, std::vector<std::string>& out)
{
    if (leaves.size() <= 1)
        return;
    const auto k = split_of(leaves.size());
    if (m < k) {
        path(leaves.first(k), m, out);
        out.push_back(subtree_root(leaves.subspan(k)));
    } else {
        path(leaves.subspan(k), m - k, out);
        out.push_back(subtree_root(leaves.first(k)));
    }
}

// SUBPROOF(m, D[n], b) of RFC 9162 2.1.4.1.
void subproof(std::uint64_t m, std::span<const std::string> leaves, bool whole, std::vector<std::string>& out)
{
    const std::uint64_t n = leaves.size();
    if (m == n) {
        if (!whole)
            out.push_back(subtree_root(leaves));
        return;
    }
    const auto k = split_of(n);
    if (m <= k) {
        subproof(m, leaves.first(k), whole, out);
        out.push_back(subtree_root(leaves.subspan(k)));
    } else {
        subproof(m - k, leaves.subspan(k), false, out);
        out.push_back(subtree_root(leaves.first(k)));
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
    if (size > leaves.size() || index >= size)
        throw std::out_of_range("an inclusion proof needs index < size <= the leaves held");
    std::vector<std::string> out;
    path(leaves.first(size), index, out);
    return out;
}

std::vector<std::string> consistency_proof(std::span<const std::string> leaves, std::uint64_t first,
                                           std::uint64_t second)
{
    if (first > second || second > leaves.size())
        throw std::out_of_range("a consistency proof needs first <= second <= the leaves held");
    std::vector<std::string> out;
    if (first > 0 && first < second)
        subproof(first, leaves.first(second), true, out);
    return out;
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
