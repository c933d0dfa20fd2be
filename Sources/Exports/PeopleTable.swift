import Foundation
import GeoBindings
import Risk
import Support

/// A table meant for people (the plan's visits and candidates, the siting review per IRIS):
/// typed columns, each number with the decimals it is shown with. Written as a CSV in the
/// French spreadsheet convention (`;`, decimal comma, UTF-8 with BOM), or as a workbook
/// (`.xlsx`, `.ods`, through GDAL) whose numbers are numbers a planner can sort and sum.
public struct PeopleTable {
    /// A column: its name, its kind, and for numbers the decimals shown (the workbook holds
    /// the value rounded to them, as the CSV prints it).
    public struct Column: Sendable {
        public var name: String
        public var kind: OutputFieldKind
        public var digits: Int

        public init(_ name: String, _ kind: OutputFieldKind, digits: Int = 0) {
            self.name = name
            self.kind = kind
            self.digits = digits
        }
    }

    /// The sheet's name in a workbook.
    public var sheet: String
    public var columns: [Column]
    public var rows: [[FieldValue]]
    /// The credits of the data the table comes from (« Sources : Insee, Filosofi 2019 ; … »):
    /// a workbook's « sources » sheet, with each source's licence.
    public var credits: String?
    /// What each column says, when the table's columns are not the dictionary's fixed ones.
    public var dictionary: [ColumnDefinition]?

    public init(sheet: String, columns: [Column], rows: [[FieldValue]] = []) {
        self.sheet = sheet
        self.columns = columns
        self.rows = rows
    }

    static let dialect = CSVDialect.spreadsheet

    /// How the zones of the table's zone column (`code_iris`, or `iris` per cell) are named.
    var zoneWording: ZoneWording {
        guard let k = columns.firstIndex(where: { $0.name == ScoredColumn.code || $0.name == "iris" }) else { return ZoneWording(kind: .iris) }
        return ZoneWording(
            codes: rows.compactMap { row -> String? in
                guard k < row.count, case .string(let code) = row[k] else { return nil }
                return code
            })
    }

    /// The CSV text: the byte-order mark, the header, one line per row.
    public var csv: String {
        let dialect = Self.dialect
        var text = dialect.preamble + dialect.line(columns.map { dialect.field($0.name) })
        for row in rows {
            text += dialect.line(
                zip(columns, row).map { column, value -> String in
                    switch value {
                    case .real(let v): dialect.decimal(v, digits: column.digits)
                    case .integer(let v): String(v)
                    case .string(let s): dialect.field(s)
                    case .null: ""
                    case .date(let y, let m, let d): FieldValue.isoDate(y, m, d)
                    }
                })
        }
        return text
    }

    /// Writes the table whole or not at all: a CSV for `.csv`, else a workbook (`.xlsx`, `.ods`).
    public func write(to path: String) throws {
        if OutputFormat.implied(by: path) == .csv {
            try AtomicFile.write(csv, to: path)
            return
        }
        let rounded = rows.map { row in
            zip(columns, row).map { column, value -> FieldValue in
                guard case .real(let v) = value else { return value }
                guard v.isFinite else { return .null }
                let scale = pow(10, Double(column.digits))
                return .real((v * scale).rounded() / scale)
            }
        }
        var table = ZoneTable(layerName: sheet, fields: columns.map { OutputField($0.name, $0.kind) }, rows: rounded)
        table.description = credits
        // The workbook's « dictionnaire » sheet: what each column says.
        table.dictionary = ColumnDictionary.worded(
            dictionary
                ?? (sheet == "acces_iris"
                    ? ColumnDictionary.accessPerIRIS(columns: columns.map(\.name)) : ColumnDictionary.outreach.filter { $0.table == sheet }),
            for: zoneWording)
        try table.write(to: path)
    }
}
