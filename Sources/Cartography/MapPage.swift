import Foundation
import GeometryCore
import Support

/// A paper size of a printed map or dossier.
public enum PaperSize: String, Sendable, CaseIterable {
    case a4, a3

    /// Width and height in PostScript points (1/72 in), portrait.
    public var points: (width: Double, height: Double) {
        switch self {
        case .a4: (595.276, 841.890)  // 210 × 297 mm
        case .a3: (841.890, 1190.551)  // 297 × 420 mm
        }
    }
}

/// How a page is turned.
public enum PageOrientation: String, Sendable, CaseIterable {
    /// The orientation in which the territory is drawn the largest.
    case auto
    case portrait, landscape
}

/// The page a map is composed for: its paper and orientation. The drawing takes the shape of
/// the page's printable area (inside margins of `marginMillimetres`), so that a printed map
/// fills its sheet; its short side is the style's `width` in pixels, whatever the paper (an A3
/// prints the same page larger).
public struct MapPageFormat: Sendable, Equatable {
    public var paper: PaperSize
    public var orientation: PageOrientation

    /// The white margin around a printed page, in millimetres.
    public static let marginMillimetres = 10.0

    public init(paper: PaperSize = .a4, orientation: PageOrientation = .auto) {
        self.paper = paper
        self.orientation = orientation
    }

    /// The printable area's long side over its short side.
    public var aspect: Double {
        let margin = Self.marginMillimetres / 25.4 * 72 * 2
        let p = paper.points
        return (p.height - margin) / (p.width - margin)
    }

    /// The drawing's size in pixels, for a short side of `shortSide` pixels.
    func size(shortSide: Double, landscape: Bool) -> (width: Double, height: Double) {
        landscape ? (shortSide * aspect, shortSide) : (shortSide, shortSide * aspect)
    }
}

/// A key of numbered symbols printed under the map: a heading and one entry per symbol
/// (« 3. Marché Suzanne Buisson — marché, mardi matin… »), set in as many columns as the
/// entries' length allows.
struct MapKey {
    var id: String
    var heading: String
    var entries: [String]

    /// One text line of a key: where it goes and whether it is the heading.
    struct Line {
        var x: Double
        var y: Double
        var text: String
        var bold: Bool
    }

    /// The key's lines within `width` from (x, y), and the height they take.
    func laidOut(x: Double, y: Double, width: Double, fontSize: Double) -> (lines: [Line], height: Double) {
        guard !entries.isEmpty else { return ([], 0) }
        let em = 0.52, gap = fontSize * 2
        let longest = Double(entries.map(\.count).max() ?? 0) * fontSize * em
        let columns = max(1, min(4, Int((width + gap) / (min(longest, width) + gap))))
        let columnWidth = (width - gap * Double(columns - 1)) / Double(columns)
        let perLine = max(16, Int(columnWidth / (fontSize * em)))
        let wrapped = entries.map { TextWrap.lines($0, perLine: perLine) }
        // Entries flow down the first column, then the next; an entry is never split.
        let total = wrapped.reduce(0) { $0 + $1.count }
        let target = (total + columns - 1) / columns
        var column = 0, row = 0, deepest = 0
        let lineHeight = fontSize * 1.35, top = y + fontSize * 2.6
        var lines = [Line(x: x, y: y + fontSize, text: heading, bold: true)]
        for entry in wrapped {
            if row > 0 && row + entry.count > target && column + 1 < columns {
                column += 1
                row = 0
            }
            for text in entry {
                lines.append(Line(x: x + Double(column) * (columnWidth + gap), y: top + lineHeight * Double(row), text: text, bold: false))
                row += 1
            }
            deepest = max(deepest, row)
        }
        return (lines, fontSize * 2.6 + lineHeight * Double(max(deepest - 1, 0)) + fontSize * 0.4)
    }
}

/// Where each part of a map's page goes: the title and subtitle at the top, the map frame
/// (its scale bar under it, its north arrow in its corner) with the legend beside it, the keys
/// of numbered symbols under both, the credits at the foot. Every map kind is laid out by this
/// one composition, so that nothing overlaps whatever the page.
struct MapPageLayout {
    var width: Double
    /// The page's height for its format; the drawing grows beyond it only when the keys and
    /// the legend need more than the smallest frame leaves.
    var pageHeight: Double
    var titleLines: [String]
    var subtitleLines: [String]
    var subtitleTop: Double
    /// The map frame: the territory is drawn centred in it.
    var frame: BoundingBox
    var legendX: Double
    /// The legend's top (the frame's) and height.
    var legendTop: Double
    var legendHeight = 0.0
    /// The height of the keys of numbered symbols.
    var keyHeight: Double
    var creditLines: [String]
    var creditsHeight: Double
    var margin: Double

    /// Room under the frame for the scale bar.
    static let scaleBarHeight = 30.0
    /// Space between the blocks.
    static let gap = 18.0

    /// The keys start under the frame's scale bar and under the legend.
    var keyTop: Double { max(frame.maxY + Self.scaleBarHeight, legendTop + legendHeight) + Self.gap }
    var creditsTop: Double { keyTop + (keyHeight > 0 ? keyHeight + Self.gap : 0) }
    var height: Double { max(pageHeight, creditsTop + creditsHeight + margin) }

    /// The frame's width for a page of `width`.
    static func frameWidth(style: MapStyle, width: Double) -> Double { width - 3 * style.margin - style.legendWidth }

    /// Lays out a page of `width` × `pageHeight`: the frame takes what the texts and keys
    /// leave, at least half the page and the style's `map_height`.
    static func compose(
        style: MapStyle, width: Double, pageHeight: Double, title: String, subtitle: String, credits: [String], keyHeight: Double
    ) -> MapPageLayout {
        let textWidth = width - 2 * style.margin
        let titleLines = SVGMap.wrap(title, width: textWidth, fontSize: style.titleSize, bold: true)
        let subtitleLines = SVGMap.wrap(subtitle, width: textWidth, fontSize: style.subtitleSize)
        let subtitleTop = style.margin + style.titleSize * (1 + 1.25 * Double(max(titleLines.count, 1) - 1))
        let mapTop = subtitleTop + style.subtitleSize * (1.5 * Double(subtitleLines.count) + 1.1) + 12
        let creditLines = creditsCut(credits, width: textWidth, fontSize: style.sourceSize)
        let creditsHeight = style.sourceSize * (1.4 * Double(creditLines.count) + 1)
        let keys = keyHeight > 0 ? keyHeight + gap : 0
        let available = pageHeight - style.margin - creditsHeight - gap - keys - scaleBarHeight - gap - mapTop
        // However long the keys, the map keeps at least half the page (or the style's minimum).
        let frameHeight = max(available, min(max(style.mapHeight, (pageHeight - mapTop) / 2), pageHeight))
        let frame = BoundingBox(minX: style.margin, minY: mapTop, maxX: style.margin + frameWidth(style: style, width: width), maxY: mapTop + frameHeight)
        return MapPageLayout(
            width: width, pageHeight: pageHeight, titleLines: titleLines, subtitleLines: subtitleLines, subtitleTop: subtitleTop, frame: frame,
            legendX: width - style.margin - style.legendWidth, legendTop: mapTop, keyHeight: keyHeight, creditLines: creditLines,
            creditsHeight: creditsHeight, margin: style.margin)
    }

    /// The scale at which a territory of `box` fills the frame, and the pixel of a map point.
    func fit(_ box: BoundingBox) -> (scale: Double, px: @Sendable (Point) -> (Double, Double)) {
        let scale = min(frame.width / max(box.width, 1), frame.height / max(box.height, 1))
        let offsetX = frame.minX + (frame.width - box.width * scale) / 2
        let offsetY = frame.minY + (frame.height - box.height * scale) / 2
        let minX = box.minX, maxY = box.maxY
        return (scale, { p in (offsetX + (p.x - minX) * scale, offsetY + (maxY - p.y) * scale) })
    }

    /// The credits cut between sources to fit the page's width.
    static func creditsCut(_ lines: [String], width: Double, fontSize: Double) -> [String] {
        let perLine = max(40, Int(width / (fontSize * 0.55)))
        var cut: [String] = []
        for line in lines {
            var parts: [String] = []
            for part in line.components(separatedBy: " ; ") {
                if let last = parts.last, last.count + 3 + part.count <= perLine {
                    parts[parts.count - 1] = last + " ; " + part
                } else {
                    parts.append(part)
                }
            }
            cut += parts.flatMap { TextWrap.lines($0, perLine: perLine) }
        }
        return cut
    }

    /// The blocks of the page, named, for checking that none overlaps another.
    func blocks(style: MapStyle) -> [(name: String, box: BoundingBox)] {
        var blocks: [(String, BoundingBox)] = [
            ("titre", BoundingBox(minX: style.margin, minY: style.margin, maxX: width - style.margin, maxY: subtitleTop)),
            ("sous-titre", BoundingBox(minX: style.margin, minY: subtitleTop, maxX: width - style.margin, maxY: frame.minY - 1)),
            ("carte", frame),
            ("échelle", BoundingBox(minX: frame.minX, minY: frame.maxY + 1, maxX: frame.maxX, maxY: frame.maxY + Self.scaleBarHeight)),
            ("légende", BoundingBox(minX: legendX, minY: legendTop, maxX: width - style.margin, maxY: legendTop + legendHeight)),
            ("sources", BoundingBox(minX: style.margin, minY: creditsTop, maxX: width - style.margin, maxY: height - style.margin)),
        ]
        if keyHeight > 0 { blocks.append(("clé", BoundingBox(minX: style.margin, minY: keyTop, maxX: width - style.margin, maxY: keyTop + keyHeight))) }
        return blocks
    }
}
