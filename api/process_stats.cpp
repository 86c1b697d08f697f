#include "api/process_stats.hpp"

#if defined(__SANITIZE_ADDRESS__)
#include <cstddef>
// From the sanitizer runtime (its header, sanitizer/allocator_interface.h, ships with clang's
// runtime, not with GCC's).
extern "C" std::size_t __sanitizer_get_current_allocated_bytes();
#else
#include <malloc.h>
#endif

namespace cabildo::api {

std::size_t heap_bytes_in_use()
{
#if defined(__SANITIZE_ADDRESS__)
    return __sanitizer_get_current_allocated_bytes();
#else
    const struct mallinfo2 info = ::mallinfo2();
    return info.uordblks + info.hblkhd; // in use from the heap, and in mmapped chunks
#endif
}

} // namespace cabildo::api
