import Foundation
import GeoBindings
import Risk
import Support

/// Number formats GDAL's XLSX writer does not set: shares shown as percentages, counts as
/// whole numbers with thousands grouped (the values keep their decimals), so that a planner
/// sorts and prints the sheet as it is. Applied to the first sheet after GDAL wrote the file.
enum WorkbookFormats {
    enum Format {
        case percent, count

        /// Excel's built-in formats: 10 is « 0.00% », 3 is « #,##0 ».
        var builtinID: Int { self == .percent ? 10 : 3 }
    }

    /// The format of each column of a table, from what the dictionary says of its unit.
    static func formats(fields: [OutputField], dictionary: [ColumnDefinition]) -> [Int: Format] {
        let units = Dictionary(dictionary.map { ($0.name, $0.unit) }, uniquingKeysWith: { a, _ in a })
        var formats: [Int: Format] = [:]
        for (i, field) in fields.enumerated() where field.kind == .real {
            guard let unit = units[field.name] else { continue }
            if unit.hasPrefix("part") {
                formats[i] = .percent
            } else if ["ménages", "individus", "logements", "ménages × prestations", "euros par an"].contains(unit) {
                formats[i] = .count
            }
        }
        return formats
    }

    /// The column letters of a 0-based index: 0 → A, 26 → AA.
    static func letters(_ index: Int) -> String {
        var n = index + 1, text = ""
        while n > 0 {
            let r = (n - 1) % 26
            text = String(UnicodeScalar(UInt8(65 + r))) + text
            n = (n - 1) / 26
        }
        return text
    }

    /// Sets the formats on the workbook at `path` (data rows of its first sheet).
    static func apply(_ formats: [Int: Format], to path: String) throws {
        guard !formats.isEmpty else { return }
        let styleOf = Dictionary(formats.map { (letters($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
        try ZipRewrite.rewrite(path) { entries in
            guard let style = entries["xl/styles.xml"], let sheet = entries["xl/worksheets/sheet1.xml"] else { return entries }
            let (xml, first) = try styles(String(decoding: style, as: UTF8.self))
            var changed = entries
            changed["xl/styles.xml"] = Data(xml.utf8)
            changed["xl/worksheets/sheet1.xml"] = cells(sheet, styleOf: styleOf, first: first)
            return changed
        }
    }

    /// The style sheet with two more cell formats, percent then count, at the end of cellXfs,
    /// and the index of the first of them.
    static func styles(_ xml: String) throws -> (String, Int) {
        guard let open = xml.range(of: #"<cellXfs count="(\d+)">"#, options: .regularExpression),
            let close = xml.range(of: "</cellXfs>", range: open.upperBound..<xml.endIndex)
        else { throw ExportError(path: "xl/styles.xml", message: words("feuille de styles inattendue")) }
        let count = Int(xml[open].filter(\.isNumber)) ?? 0
        var text = xml
        text.replaceSubrange(
            close,
            with: "<xf numFmtId=\"10\" xfId=\"0\" applyNumberFormat=\"true\"/>\n<xf numFmtId=\"3\" xfId=\"0\" applyNumberFormat=\"true\"/>\n</cellXfs>")
        text.replaceSubrange(open, with: "<cellXfs count=\"\(count + 2)\">")
        return (text, count)
    }

    /// The sheet with `s="…"` on the data cells of the formatted columns (rows from 2).
    static func cells(_ data: Data, styleOf: [String: Format], first: Int) -> Data {
        let bytes = [UInt8](data)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count + bytes.count / 8)
        let marker = Array(#"<c r=""#.utf8)
        var i = 0
        while i < bytes.count {
            guard bytes[i] == marker[0], i + marker.count <= bytes.count, Array(bytes[i..<(i + marker.count)]) == marker else {
                out.append(bytes[i])
                i += 1
                continue
            }
            // <c r="AG12"> : the column's letters, the row's digits, then the closing quote.
            var j = i + marker.count
            var column = "", row = 0
            while j < bytes.count, bytes[j] >= 65, bytes[j] <= 90 {
                column.append(Character(UnicodeScalar(bytes[j])))
                j += 1
            }
            while j < bytes.count, bytes[j] >= 48, bytes[j] <= 57 {
                row = row * 10 + Int(bytes[j] - 48)
                j += 1
            }
            out += bytes[i..<j]
            if j + 1 < bytes.count, bytes[j] == 0x22, bytes[j + 1] == 0x3E, row >= 2, let format = styleOf[column] {
                // A plain number cell `<c r="AG12">`: given its style.
                out += Array("\" s=\"\(format == .percent ? first : first + 1)".utf8)
            }
            i = j
        }
        return Data(out)
    }
}
