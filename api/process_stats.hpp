#pragma once
// What the process holds, for the admin's GET /api/v1/status: operators watching the night of
// a vote, and the test that idle connections hold no request bodies.

#include <cstddef>

namespace cabildo::api {

// Bytes the allocator has handed out and not had back (not the resident size, which freed memory
// the allocator keeps still counts in): glibc's mallinfo2, or the sanitizer allocator's count.
std::size_t heap_bytes_in_use();

} // namespace cabildo::api
