internal import CMalloc

/// Gives the memory a program has freed back to the system. glibc keeps freed blocks of its
/// heap for later allocations; a program that has let go of its large tables (the cells, the
/// zones in the grid) and goes on to write a large file otherwise leaves the kernel to find
/// fresh pages for the file's cache, which on a virtual machine are the slowest to get: on
/// all of France, the score's GeoPackage wrote in 0.55–0.61 s after this call, 0.66–0.68 s
/// without it (20 ms for the call).
public enum FreedMemory {
    public static func returnToSystem() {
        _ = allervers_malloc_trim()
    }

    /// Keeps the large blocks the program frees for its next allocations, for the whole
    /// run: reading the cells allocates and frees tens of megabytes per block of the file,
    /// which glibc otherwise unmaps (or trims from the heap) and the kernel then zeroes again
    /// page by page. On all of France the score takes a fifth fewer page faults (about
    /// 230 000 → 185 000) and 0.1–0.3 s less system time, for the same peak memory.
    /// `returnToSystem` still gives the memory back where a step asks.
    public static func keepFreedBlocks() {
        _ = allervers_malloc_keep_freed_blocks()
    }
}
