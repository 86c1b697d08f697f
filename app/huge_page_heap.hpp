#pragma once
// For a one-shot process that is about to build a large working set (`cabildo count`, its bench):
// let the heap grow in transparent huge pages.
//
// A count touches each page of its working set once: Equal Shares with add1 on Warszawa 2026 maps
// some 48 MB, 14,000 first touches of a 4 KiB page, about a fifth of its 0.12 s. With the heap in
// 2 MiB pages the same count takes some 1,300 and runs a fifth faster. Debian's kernels serve
// huge pages to ranges that ask for them (`transparent_hugepage=madvise`), so this asks: it makes
// the heap take `reserve` bytes of address space at once (memory is only used when touched),
// keeps blocks up to 32 MiB on the heap instead of fresh mappings, and advises the range. Speed
// is all it changes; where the kernel or the allocator cannot oblige (other kernels, a sanitizer's
// allocator), nothing happens. Not for the server: its threads allocate from arenas of their own,
// and a long-lived process should give memory back.

#include <cstddef>
#include <string>

namespace cabildo::app {

void grow_heap_in_huge_pages(std::size_t reserve);

// The reserve for counting `file`: 32 times its size (Warszawa 2026's 3.2 MB file peaks at 48 MB),
// at least 64 MiB and at most 1 GiB.
std::size_t count_heap_reserve(const std::string& file);

} // namespace cabildo::app
