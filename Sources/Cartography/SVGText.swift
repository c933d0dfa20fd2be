import Foundation
import GeometryCore
import Support

/// A coordinate or size in the drawing, to a tenth of a pixel.
func n(_ value: Double) -> String {
    let rounded = (value * 10).rounded() / 10
    guard rounded.isFinite, abs(rounded) < 1e12 else { return String(format: "%.1f", rounded) }
    if rounded == rounded.rounded() { return String(Int(rounded)) }
    // What "%.1f" prints, without Foundation's formatter (millions of coordinates per map).
    let tenths = Int((abs(rounded) * 10).rounded())
    return (rounded < 0 ? "-" : "") + String(tenths / 10) + "." + String(tenths % 10)
}

/// Text escaped for XML and HTML (`&`, `<`, `>`, `"`), without the characters XML 1.0 does
/// not allow (control characters other than tab and line ends, lone surrogates, U+FFFE/FFFF):
/// a name from a data file cannot make a map or the report invalid.
public func xml(_ text: String) -> String {
    // Most texts need nothing: returned as they are when no byte could need escaping or removal
    // (C2 and EF lead the C1 controls and U+FFFE/FFFF; the slow path decides for them).
    @inline(__always) func mayNeedCare(_ b: UInt8) -> Bool {
        b < 0x20 || b == 0x26 || b == 0x3C || b == 0x3E || b == 0x22 || b == 0x7F || b == 0xC2 || b == 0xEF
    }
    // Every byte looked at without an early exit (a loop the compiler can widen): the texts
    // are short, and most are clean (a map of France escapes 48 600 tooltips).
    let clean =
        text.utf8.withContiguousStorageIfAvailable { bytes in
            var care: UInt8 = 0
            for b in bytes { care |= mayNeedCare(b) ? 1 : 0 }
            return care == 0
        } ?? !text.utf8.contains(where: mayNeedCare)
    if clean { return text }
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": out.append(contentsOf: "&amp;".unicodeScalars)
        case "<": out.append(contentsOf: "&lt;".unicodeScalars)
        case ">": out.append(contentsOf: "&gt;".unicodeScalars)
        case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
        default:
            let v = scalar.value
            let allowed = v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || v >= 0x10000
            if allowed && !(0x7F...0x9F).contains(v) { out.append(scalar) }
        }
    }
    return String(out)
}

/// Shapes drawn alike (one class of cells) gathered as the subpaths of a few paths, at most
/// `limit` shapes a path: XML parsers refuse attributes of megabytes.
struct SharedPaths {
    static let limit = 2048
    private(set) var paths: [PathBytes] = []
    private var inLast = 0

    mutating func add(_ shape: PathBytes) {
        if paths.isEmpty || inLast == Self.limit {
            paths.append(PathBytes(capacity: Self.limit * 48))
            inLast = 0
        }
        paths[paths.count - 1].append(shape)
        inLast += 1
    }
}

/// SVG path data written as bytes, each coordinate as `n` prints it (whole tenths of a pixel,
/// "-0" as "0"): millions of vertices on a large map, without a String per number.
struct PathBytes {
    private var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Adds `M x y L x y … Z`, dropping a vertex that prints as the previous one when asked;
    /// false (nothing usable) when a coordinate is not finite or too large for whole tenths.
    mutating func ring(_ points: [Point], _ px: (Point) -> (Double, Double), droppingRepeats: Bool) -> Bool {
        var previous: (Int64, Int64)?
        for p in points {
            let (x, y) = px(p)
            guard let tx = Self.tenths(x), let ty = Self.tenths(y) else { return false }
            if droppingRepeats, let previous, previous == (tx, ty) { continue }
            bytes.append(previous == nil ? UInt8(ascii: "M") : UInt8(ascii: "L"))
            point(tx, ty)
            previous = (tx, ty)
        }
        bytes.append(UInt8(ascii: "Z"))
        return true
    }

    var count: Int { bytes.count }
    var utf8: [UInt8] { bytes }
    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }
    /// Adds another path's data after this one's (subpaths of one path).
    mutating func append(_ other: PathBytes) { bytes += other.bytes }

    /// Adds a point as a path prints it, « x y » in tenths of a pixel.
    mutating func point(_ tx: Int64, _ ty: Int64) {
        append(tx == 0 ? 0 : tx)
        bytes.append(UInt8(ascii: " "))
        append(ty == 0 ? 0 : ty)
    }

    mutating func moveTo(_ tx: Int64, _ ty: Int64) {
        bytes.append(UInt8(ascii: "M"))
        point(tx, ty)
    }

    mutating func lineTo(_ tx: Int64, _ ty: Int64) {
        bytes.append(UInt8(ascii: "L"))
        point(tx, ty)
    }

    static func tenths(_ value: Double) -> Int64? {
        let scaled = (value * 10).rounded()
        guard scaled.isFinite, abs(scaled) < 1e13 else { return nil }
        return Int64(scaled)
    }

    /// Tenths as « -12.3 » (« 12 » when whole): written backwards into a small buffer, then
    /// added at once (millions of these on a map of France).
    private mutating func append(_ value: Int64) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            // At most 20 digits, a point, a sign.
            var position = buffer.count
            func put(_ byte: UInt8) {
                position -= 1
                buffer[position] = byte
            }
            var magnitude = value.magnitude
            let fraction = magnitude % 10
            magnitude /= 10
            if fraction != 0 {
                put(UInt8(ascii: "0") + UInt8(fraction))
                put(UInt8(ascii: "."))
            }
            repeat {
                put(UInt8(ascii: "0") + UInt8(magnitude % 10))
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { put(UInt8(ascii: "-")) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[position...]))
        }
    }
}

/// Words kept whole, lines of at most `perLine` characters (a word longer stands alone).
public enum TextWrap {
    public static func lines(_ text: String, perLine: Int) -> [String] {
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty && current.count + 1 + word.count > perLine {
                lines.append(current)
                current = String(word)
            } else {
                current += current.isEmpty ? String(word) : " " + word
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }
}
