import Foundation
import GeometryCore
import Risk
import ScoredFiles
import Support

extension SVGMap {
    /// The commune outlines and names, and the names placed (which the IRIS names avoid).
    func communeOutlines(zones: [ScoredZone], simplified: [MultiPolygon], _ px: (Point) -> (Double, Double)) -> (String, [CommuneLabel]) {
        // Segments keyed by their ends in tenths of a pixel (what the path prints), counted
        // with the communes on their sides; each segment runs from the end whose text comes
        // first; printed in order of first appearance. A ring with a point that cannot be
        // printed in tenths (not finite) is left out.
        // Each zone's segments, in order, found on the worker threads (printing the ends is
        // most of the work); then counted in zone order, so the result does not depend on them.
        nonisolated(unsafe) let toPixels = px
        @Sendable func zoneSegments(_ zones: Range<Int>) -> (segments: [OutlineSegment], zoneEnds: [Int]) {
            let px = toPixels
            var segments: [OutlineSegment] = []
            var zoneEnds: [Int] = []
            var ends: [(x: Int64, y: Int64)] = []
            var texts = PathBytes(capacity: 4096)
            var textStarts: [Int] = []
            for i in zones {
                for polygon in simplified[i].polygons {
                    for ring in polygon.rings {
                        ends.removeAll(keepingCapacity: true)
                        texts.removeAll()
                        textStarts.removeAll(keepingCapacity: true)
                        textStarts.append(0)
                        for p in ring.points {
                            let (x, y) = px(p)
                            guard let tx = PathBytes.tenths(x), let ty = PathBytes.tenths(y) else { break }
                            ends.append((tx, ty))
                            texts.point(tx, ty)
                            textStarts.append(texts.count)
                        }
                        guard ends.count == ring.points.count else { continue }
                        let printed = texts.utf8
                        for k in ends.indices {
                            let next = (k + 1) % ends.count
                            let a = ends[k], b = ends[next]
                            guard a != b else { continue }
                            let aText = printed[textStarts[k]..<textStarts[k + 1]]
                            let bText = printed[textStarts[next]..<textStarts[next + 1]]
                            let (first, second) = aText.lexicographicallyPrecedes(bText) ? (a, b) : (b, a)
                            segments.append(OutlineSegment(ax: first.x, ay: first.y, bx: second.x, by: second.y))
                        }
                    }
                }
                zoneEnds.append(segments.count)
            }
            return (segments, zoneEnds)
        }
        let blockSize = 512
        let blocks = (zones.count + blockSize - 1) / blockSize
        @Sendable func block(_ b: Int) -> (segments: [OutlineSegment], zoneEnds: [Int]) {
            zoneSegments((b * blockSize)..<min(zones.count, (b + 1) * blockSize))
        }
        let found = (try? parallelMap(count: blocks, threads: threads, block)) ?? (0..<blocks).map(block)
        var segments = DenseNumbers<OutlineSegment>(capacity: found.reduce(0) { $0 + $1.segments.count })
        var uses: [Int32] = []
        var firstCommune: [Int32] = []
        var severalCommunes: [Bool] = []
        var communeNumbers: [String: Int32] = [:]
        for (b, part) in found.enumerated() {
            var start = 0
            for (j, end) in part.zoneEnds.enumerated() {
                defer { start = end }
                let commune = zones[b * blockSize + j].commune ?? ""
                let communeNumber = communeNumbers[commune] ?? Int32(communeNumbers.count)
                communeNumbers[commune] = communeNumber
                for segment in part.segments[start..<end] {
                    let s = Int(segments.number(segment))
                    if s < uses.count {
                        uses[s] += 1
                        if firstCommune[s] != communeNumber { severalCommunes[s] = true }
                    } else {
                        uses.append(1)
                        firstCommune.append(communeNumber)
                        severalCommunes.append(false)
                    }
                }
            }
        }
        var path = PathBytes(capacity: 1 << 16)
        for (s, segment) in segments.keys.enumerated() where uses[s] == 1 || severalCommunes[s] {
            path.moveTo(segment.ax, segment.ay)
            path.lineTo(segment.bx, segment.by)
        }
        let d = path.text
        var svg =
            "<path id=\"communes\" d=\"\(d)\" fill=\"none\" stroke=\"\(style.communeColor)\" stroke-width=\"\(n(style.communeWidth))\" stroke-linecap=\"round\"/>\n"
        svg +=
            "<g id=\"noms-communes\" font-size=\"\(n(style.labelSize + 2))\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"\(style.textColor)\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">\n"
        let labels = communeLabels(zones: zones, simplified: simplified, px)
        for label in labels {
            svg += "<text x=\"\(n(label.x))\" y=\"\(n(label.y))\">\(xml(label.name))</text>\n"
        }
        return (svg + "</g>\n", labels)
    }
}

/// A segment between two points in tenths of a pixel, for the commune outlines' table.
struct OutlineSegment: DenseKey {
    var ax: Int64, ay: Int64, bx: Int64, by: Int64
    var mixedHash: UInt64 {
        let a = mixBits(UInt64(bitPattern: ax) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(bitPattern: ay))
        return mixBits(a ^ UInt64(bitPattern: bx) &* 0xC2B2_AE3D_27D4_EB4F ^ UInt64(bitPattern: by))
    }
}
