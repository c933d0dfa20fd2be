#if canImport(Glibc)
    import Glibc
#endif

/// Asks Linux to back large buffers with transparent huge pages (2 MB) where the system
/// leaves that choice to programs (`/sys/kernel/mm/transparent_hugepage/enabled` set to
/// `madvise`, Debian's default). Filling a national cell table touches a gigabyte page by
/// page: with 4 kB pages that is a quarter of a million page faults, a few seconds of system
/// time on a virtual machine; with 2 MB pages, a few hundred. Only advice: where the kernel
/// has no huge page to give, or on another system, nothing changes.
public enum HugePages {
    /// Below this, a buffer holds no whole aligned huge page worth asking for.
    public static let minimumBytes = 4 << 20

    /// Advises the whole 2 MB-aligned pages inside `start ..< start + byteCount`.
    public static func advise(_ start: UnsafeRawPointer, byteCount: Int) {
        #if os(Linux)
            guard byteCount >= minimumBytes else { return }
            let huge: UInt = 2 << 20
            let first = (UInt(bitPattern: start) + huge - 1) & ~(huge - 1)
            let end = (UInt(bitPattern: start) + UInt(byteCount)) & ~(huge - 1)
            guard end > first, let pointer = UnsafeMutableRawPointer(bitPattern: first) else { return }
            _ = madvise(pointer, Int(end - first), MADV_HUGEPAGE)
        #endif
    }

    /// Reserves room for `capacity` elements in `array` and advises its storage: the elements
    /// appended later fill huge pages.
    public static func reserve<Element>(_ array: inout [Element], capacity: Int) {
        array.reserveCapacity(capacity)
        guard array.capacity * MemoryLayout<Element>.stride >= minimumBytes else { return }
        let bytes = array.capacity * MemoryLayout<Element>.stride
        array.withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress { advise(UnsafeRawPointer(base), byteCount: bytes) }
        }
    }
}
