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

/// glibc's malloc told to keep the large blocks a program frees for its next allocations:
/// blocks up to 64 MB from the heap rather than mapped and unmapped each time, a freed top
/// of the heap kept up to 1 GB, and the heap grown 16 MB at a time. Returns 1 where it was
/// done (glibc), 0 elsewhere.
static inline int allervers_malloc_keep_freed_blocks(void) {
#if defined(__GLIBC__)
    return mallopt(M_MMAP_THRESHOLD, 64 << 20) && mallopt(M_TRIM_THRESHOLD, 1 << 30) && mallopt(M_TOP_PAD, 16 << 20);
#else
    return 0;
#endif
}
