#if __has_include(<malloc.h>)
#include <malloc.h>
#endif

/// glibc's malloc_trim where the C library has it (0 elsewhere): returns the free memory of
/// the heap to the system.
static inline int allervers_malloc_trim(void) {
#if defined(__GLIBC__)
    return malloc_trim(0);
#else
    return 0;
#endif
}
