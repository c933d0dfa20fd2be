import Cartography
import Foundation

/// A ``ReportDocument`` laid out on A4 portrait pages, as SVG drawings of the printed dossier:
/// a title, headings, paragraphs, lists and tables, words wrapped to the page, a table cut
/// between pages with its header repeated, each page numbered. The same fonts as the maps, so
/// that the printed dossier embeds one family.
public struct TextPages: Sendable {
    /// A4 at 96 CSS pixels per inch.
    public static let width = 793.7
    public static let height = 1122.5
    public var font: String
    public var textColor: String
    /// The running footer of every page (territory and date).
    public var footer: String

    let margin = 57.0
    let bodySize = 11.0
    let lineHeight = 15.0

    public init(font: String, textColor: String = "#222222", footer: String) {
        self.font = font
        self.textColor = textColor
        self.footer = footer
    }

    /// One line of text placed on a page.
    struct Line {
        var text: String
        var x: Double
        var size: Double
        var bold: Bool
        /// Space above the line.
        var before: Double
        var rule: Bool = false
        var fill: String? = nil
    }

    /// The document's pages, `firstPage` the number of the first one in the dossier.
    public func pages(_ document: ReportDocument, firstPage: Int = 1) -> [String] {
        var blocks: [[Line]] = []
        for block in document.blocks {
            switch block {
            case .title(let text):
                blocks.append(lines(text, size: 20, bold: true, before: 0) + [Line(text: "", x: margin, size: 6, bold: false, before: 6)])
            case .heading(let text):
                blocks.append(lines(text, size: 14, bold: true, before: 14))
            case .paragraph(let text):
                blocks.append(lines(text.replacingOccurrences(of: "`", with: ""), size: bodySize, bold: false, before: 6))
            case .bullets(let items):
                for item in items {
                    blocks.append(lines("• " + item.replacingOccurrences(of: "\n", with: " "), size: bodySize, bold: false, before: 4, indent: 12))
                }
            case .numbered(let items):
                for (i, item) in items.enumerated() {
                    blocks.append(lines("\(i + 1). " + item.replacingOccurrences(of: "\n", with: " "), size: bodySize, bold: false, before: 4, indent: 12))
                }
            case .table(let header, let rows):
                blocks += tableLines(header: header, rows: rows)
            }
        }
        // Pages: blocks kept whole when they fit, a heading kept with what follows it.
        var pages: [[Line]] = [[]]
        var used = 0.0
        let available = Self.height - 2 * margin - 30
        // The height of a block: the lines that advance (a table's other cells share their line).
        func height(_ block: [Line]) -> Double { block.filter { $0.before >= 0 }.reduce(0) { $0 + $1.before + lineHeight * $1.size / bodySize } }
        for (k, block) in blocks.enumerated() {
            let needed = height(block)
            let isHeading = block.first?.bold == true && block.first?.size == 14
            let next = k + 1 < blocks.count ? height(blocks[k + 1]) : 0
            if used > 0 && (used + needed > available || (isHeading && used + needed + next > available)) {
                pages.append([])
                used = 0
            }
            pages[pages.count - 1] += block
            used += needed
        }
        return pages.enumerated().map { page($0.element, number: firstPage + $0.offset) }
    }

    func lines(_ text: String, size: Double, bold: Bool, before: Double, indent: Double = 0) -> [Line] {
        let width = Self.width - 2 * margin - indent
        return wrap(text, width: width, size: size, bold: bold).enumerated().map { i, line in
            Line(text: line, x: margin + indent + (i > 0 && indent > 0 ? 10 : 0), size: size, bold: bold, before: i == 0 ? before : 0)
        }
    }

    /// A table: columns as wide as their content allows, cells wrapped, one block per row so
    /// that a page break falls between rows, the header repeated on the next page.
    func tableLines(header: [String], rows: [[String]]) -> [[Line]] {
        let columns = header.count
        guard columns > 0 else { return [] }
        let width = Self.width - 2 * margin
        let size = 9.5
        let longest = (0..<columns).map { c in ([header] + rows).map { $0.indices.contains(c) ? min($0[c].count, 60) : 0 }.max() ?? 1 }
        // No column narrower than its longest word, as `wrap` measures it (bold in the header):
        // a header never breaks inside a word (« Aujourd'hu i »).
        func longestWord(_ text: String) -> Int { text.split(separator: " ").map(\.count).max() ?? 0 }
        let minimum = (0..<columns).map { c -> Double in
            let headerWord = Double(longestWord(header[c])) * 0.7
            let rowWord = Double(rows.map { $0.indices.contains(c) ? min(longestWord($0[c]), 40) : 0 }.max() ?? 0) * 0.6
            return max(headerWord, rowWord) * size + 12
        }
        // A short column (a date, an hour, a number) takes its whole text's width; the long
        // ones share what is left in proportion to their text.
        let isShort = (0..<columns).map { longest[$0] <= 24 }
        let shortWidth = (0..<columns).filter { isShort[$0] }.reduce(0.0) { $0 + Double(longest[$1]) * size * 0.56 + 8 }
        let longTotal = Double(max((0..<columns).filter { !isShort[$0] }.reduce(0) { $0 + longest[$1] }, 1))
        let widths = (0..<columns).map { c in
            max(
                isShort[c] ? Double(longest[c]) * size * 0.56 + 8 : max(max(width - shortWidth, width / 3) * Double(longest[c]) / longTotal, 40),
                minimum[c])
        }
        // Fitted to the page: wider columns grow in proportion; when they are too wide, only
        // what they hold beyond their longest word shrinks (proportionally, as a last resort).
        let total = widths.reduce(0, +), floor = minimum.reduce(0, +)
        let columnWidths: [Double] =
            total <= width
            ? widths.map { $0 * width / total }
            : floor < width
                ? zip(widths, minimum).map { w, m in m + (w - m) * (width - floor) / (total - floor) }
                : widths.map { $0 * width / total }
        var starts: [Double] = []
        var x = margin
        for w in columnWidths {
            starts.append(x)
            x += w
        }
        func row(_ cells: [String], bold: Bool, before: Double, fill: String?) -> [Line] {
            let wrapped = (0..<columns).map { c in wrap(cells.indices.contains(c) ? cells[c] : "", width: columnWidths[c] - 6, size: size, bold: bold) }
            let height = wrapped.map(\.count).max() ?? 1
            var lines: [Line] = []
            for k in 0..<max(height, 1) {
                for c in 0..<columns {
                    let text = wrapped[c].indices.contains(k) ? wrapped[c][k] : ""
                    // The first cell of each visual line carries the line's advance.
                    lines.append(
                        Line(
                            text: text, x: starts[c], size: size, bold: bold, before: c == 0 ? (k == 0 ? before : 0) : -1, rule: c == 0 && k == 0,
                            fill: c == 0 && k == 0 ? fill : nil))
                }
            }
            return lines
        }
        var blocks = [row(header, bold: true, before: 10, fill: "#eeeeee")]
        for (i, cells) in rows.enumerated() { blocks.append(row(cells, bold: false, before: 2, fill: i % 2 == 1 ? "#f7f7f7" : nil)) }
        // The header goes with the first row, so that it never ends a page alone.
        if blocks.count > 1 { blocks[1] = blocks[0] + blocks[1] }
        return Array(blocks.dropFirst(blocks.count > 1 ? 1 : 0))
    }

    func wrap(_ text: String, width: Double, size: Double, bold: Bool) -> [String] {
        let perLine = max(8, Int(width / (size * (bold ? 0.6 : 0.53))))
        // A word longer than a line (a table's narrow column) is cut.
        return TextWrap.lines(text, perLine: perLine).flatMap { line in
            stride(from: 0, to: max(line.count, 1), by: perLine).map { start in
                String(line.dropFirst(start).prefix(perLine))
            }
        }
    }

    func page(_ lines: [Line], number: Int) -> String {
        func n(_ v: Double) -> String { String(format: "%.1f", v) }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(n(Self.width))" height="\(n(Self.height))" viewBox="0 0 \(n(Self.width)) \(n(Self.height))" font-family="\(xml(font))" fill="\(textColor)">
            <rect width="100%" height="100%" fill="#ffffff"/>

            """
        var y = margin
        for line in lines {
            if line.before >= 0 { y += line.before + lineHeight * line.size / bodySize }
            if let fill = line.fill {
                svg +=
                    "<rect x=\"\(n(margin - 3))\" y=\"\(n(y - line.size - 2))\" width=\"\(n(Self.width - 2 * margin + 6))\" height=\"\(n(line.size + 6))\" fill=\"\(fill)\"/>\n"
            }
            if line.rule {
                svg +=
                    "<line x1=\"\(n(margin - 3))\" y1=\"\(n(y - line.size - 3))\" x2=\"\(n(Self.width - margin + 3))\" y2=\"\(n(y - line.size - 3))\" stroke=\"#cccccc\" stroke-width=\"0.5\"/>\n"
            }
            guard !line.text.isEmpty else { continue }
            svg +=
                "<text x=\"\(n(line.x))\" y=\"\(n(y))\" font-size=\"\(n(line.size))\"\(line.bold ? " font-weight=\"bold\"" : "")>\(xml(line.text))</text>\n"
        }
        svg += "<text x=\"\(n(margin))\" y=\"\(n(Self.height - margin / 2))\" font-size=\"8\" fill=\"#666666\">\(xml(footer))</text>\n"
        svg +=
            "<text x=\"\(n(Self.width - margin))\" y=\"\(n(Self.height - margin / 2))\" font-size=\"8\" fill=\"#666666\" text-anchor=\"end\">page \(number)</text>\n"
        return svg + "</svg>\n"
    }
}
