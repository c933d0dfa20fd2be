import Foundation

/// Where a byte string occurs in a larger one, with the C library's `memchr` and `memcmp`: the report
/// looks for a few markers in maps that are megabytes long, where Foundation's string search
/// (through UTF-16) and the generic collection search are slow.
public enum ByteSearch {
    /// Offsets of every occurrence of `needle` in `haystack`, from `start`, not overlapping.
    public static func offsets(of needle: String, in haystack: [UInt8], from start: Int = 0) -> [Int] {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, start >= 0 else { return [] }
        return haystack.withUnsafeBytes { whole in
            pattern.withUnsafeBytes { wanted in
                var found: [Int] = []
                var position = start
                while position + wanted.count <= whole.count,
                    let hit = find(wanted, in: UnsafeRawBufferPointer(rebasing: whole[position...]))
                {
                    let offset = whole.baseAddress!.distance(to: UnsafeRawPointer(hit))
                    found.append(offset)
                    position = offset + wanted.count
                }
                return found
            }
        }
    }

    /// The first offset of `needle` in `haystack[range]`, or nil.
    public static func first(_ needle: String, in haystack: [UInt8], within range: Range<Int>) -> Int? {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, range.lowerBound >= 0, range.upperBound <= haystack.count, range.count >= pattern.count else { return nil }
        return haystack.withUnsafeBytes { whole in
            pattern.withUnsafeBytes { wanted in
                find(wanted, in: UnsafeRawBufferPointer(rebasing: whole[range])).map { whole.baseAddress!.distance(to: $0) }
            }
        }
    }

    /// The first place `wanted` starts in `area`: candidates by their first byte, then compared.
    private static func find(_ wanted: UnsafeRawBufferPointer, in area: UnsafeRawBufferPointer) -> UnsafeRawPointer? {
        guard let base = area.baseAddress, let pattern = wanted.baseAddress, wanted.count <= area.count else { return nil }
        let first = Int32(wanted[0])
        var position = base
        let lastStart = base + (area.count - wanted.count)
        while position <= lastStart, let hit = memchr(position, first, lastStart - position + 1) {
            let candidate = UnsafeRawPointer(hit)
            if memcmp(candidate, pattern, wanted.count) == 0 { return candidate }
            position = candidate + 1
        }
        return nil
    }
}
