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
}
