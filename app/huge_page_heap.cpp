#include "app/huge_page_heap.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <system_error>

#if defined(__GLIBC__) && defined(__linux__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace cabildo::app {

void grow_heap_in_huge_pages(std::size_t reserve)
{
#if defined(__GLIBC__) && defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr std::size_t huge_page = std::size_t{2} << 20;
    constexpr int largest_heap_block = 32 << 20; // glibc's bound for M_MMAP_THRESHOLD
    // Blocks up to 32 MiB from the heap, which is never given back while the process lives.
    mallopt(M_MMAP_THRESHOLD, largest_heap_block);
    mallopt(M_TRIM_THRESHOLD, static_cast<int>(reserve));
    // The next growth takes `reserve` more.
    mallopt(M_TOP_PAD, static_cast<int>(reserve));
    auto* const before = static_cast<char*>(sbrk(0));
    // A block larger than the free top of the heap makes it grow now (volatile: the pair must not
    // be optimised away).
    void* volatile probe = std::malloc(std::size_t{1} << 20);
    std::free(probe);
    auto* const after = static_cast<char*>(sbrk(0));
    if (after <= before)
        return; // the allocator does not grow the heap with brk (a sanitizer's, say)
    // The whole huge pages inside what the heap just took.
    void* first = before;
    std::size_t space = static_cast<std::size_t>(after - before);
    if (std::align(huge_page, huge_page, first, space) != nullptr)
        (void)madvise(first, space - space % huge_page, MADV_HUGEPAGE); // advice only
#else
    (void)reserve;
#endif
}

std::size_t count_heap_reserve(const std::string& file)
{
    constexpr std::uintmax_t least = std::uintmax_t{64} << 20, most = std::uintmax_t{1} << 30;
    std::error_code ec;
    const std::uintmax_t bytes = std::filesystem::file_size(file, ec);
    return static_cast<std::size_t>(ec ? least : std::clamp(bytes * 32, least, most));
}

} // namespace cabildo::app
