import Cartography
import Foundation

/// A short text of titled sections, paragraphs and lists (the siting review), written once and
/// rendered both as Markdown (`siting.md`) and as HTML (its section of the report): the report
/// never parses Markdown back.
public struct ReportDocument: Sendable {
    public enum Block: Sendable, Equatable {
        /// The document's title; in HTML the map follows it.
        case title(String)
        case heading(String)
        case paragraph(String)
        /// List items; an item may hold a second line (a detail under it).
        case bullets([String])
        case numbered([String])
        /// A table: its header, then its rows (the first cell of a row names it).
        case table([String], [[String]])
    }

    public var blocks: [Block] = []

    public init(_ blocks: [Block] = []) { self.blocks = blocks }

    public mutating func append(_ block: Block) { blocks.append(block) }

    /// Markdown: blocks separated by a blank line; a detail line indented under its item.
    public var markdown: String {
        blocks.map { block in
            switch block {
            case .title(let text): "# \(text)\n"
            case .heading(let text): "## \(text)\n"
            case .paragraph(let text): "\(text)\n"
            case .bullets(let items): items.map { "- " + $0.replacingOccurrences(of: "\n", with: "\n  ") + "\n" }.joined()
            case .numbered(let items):
                items.enumerated().map { "\($0.offset + 1). " + $0.element.replacingOccurrences(of: "\n", with: "\n   ") + "\n" }.joined()
            case .table(let header, let rows):
                ([header, header.map { _ in "---" }] + rows).map { "| " + $0.joined(separator: " | ") + " |\n" }.joined()
            }
        }.joined(separator: "\n")
    }

    /// HTML: the title as `<h2>` followed by the map, headings as `<h3>`; file names written
    /// `like.this` in Markdown lose their back-quotes.
    public func html(mapSVG: String, idPrefix: String) -> String {
        func text(_ line: String) -> String {
            xml(line.replacingOccurrences(of: "`", with: "")).replacingOccurrences(of: "\n", with: "<br>")
        }
        return blocks.map { block in
            switch block {
            case .title(let line): "<h2>\(text(line))</h2>\n<div class=\"map\">\(HTMLReport.inlineSVG(mapSVG, idPrefix: idPrefix))</div>\n"
            case .heading(let line): "<h3>\(text(line))</h3>\n"
            case .paragraph(let line): "<p>\(text(line))</p>\n"
            case .bullets(let items): "<ul>\n" + items.map { "<li>\(text($0))</li>\n" }.joined() + "</ul>\n"
            case .numbered(let items): "<ol>\n" + items.map { "<li>\(text($0))</li>\n" }.joined() + "</ol>\n"
            case .table(let header, let rows):
                "<table><thead><tr>" + header.map { "<th>\(text($0))</th>" }.joined() + "</tr></thead><tbody>\n"
                    + rows.map { row in
                        "<tr>" + row.enumerated().map { $0.offset == 0 ? "<td>\(text($0.element))</td>" : "<td class=\"n\">\(text($0.element))</td>" }.joined()
                            + "</tr>\n"
                    }.joined() + "</tbody></table>\n"
            }
        }.joined()
    }
}
