import Foundation
import GeometryCore
import Support

/// The Filosofi layouts the reader knows.
public enum FilosofiVintage: String, Sendable {
    case v2015 = "2015 (IdINSPIRE, I_est_cr, Depcom)"
    case v2017 = "2017 (Idcar_200m, capitalised names)"
    case v2019 = "2019 or later (idcar_200m, lowercase names)"
}

/// INSEE Filosofi 200 m cells (*carroyage*), stored column-wise: one contiguous array per
/// variable, so that 2.3 million cells of France stay compact and fast to sweep.
/// Cell geometry is rebuilt from the INSPIRE id: `easting`, `northing` are the south-west
/// corners in the grid CRS `EPSG:gridEPSG`, and `resolution` is the side in metres.
public struct CellTable: Sendable {
    public var source: String
    public var vintage: FilosofiVintage
    public var gridEPSG: Int32
    public var resolution: Int32
    public var easting: [Int32]
    public var northing: [Int32]
    /// `i_est_200 = 1`: values imputed from the secrecy group (too few households).
    public var imputed: [Bool]
    /// Canonical (lowercase 2019) names of the count variables, in file order.
    public var variableNames: [String] {
        didSet { columnIndex = Self.index(variableNames) }
    }
    /// Position of each variable: looking up a column costs the same with 10 or 100 000 columns.
    private var columnIndex: [String: Int] = [:]

    private static func index(_ names: [String]) -> [String: Int] {
        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() where index[name] == nil { index[name] = i }
        return index
    }
    /// One column per variable, aligned with `variableNames` (compact: `CellColumn`).
    public var columns: [CellColumn]
    /// The communes each cell touches (`lcog_geo`, or `Depcom` in 2015).
    public var communes: CommuneLists
    /// The source line (CSV) or feature id (GeoPackage) of each cell, for messages.
    public var sourceLines: [Int32]
    /// Columns present in the file but not read, with the reason.
    public var ignoredColumns: [String]
    /// How each recognised column of the file was mapped to a canonical name.
    public var columnMapping: [(source: String, canonical: String)]

    public var count: Int { easting.count }

    public init(
        source: String, vintage: FilosofiVintage, gridEPSG: Int32, resolution: Int32, easting: [Int32], northing: [Int32],
        imputed: [Bool], variableNames: [String], columns: [CellColumn], communes: CommuneLists, sourceLines: [Int32],
        ignoredColumns: [String], columnMapping: [(source: String, canonical: String)]
    ) {
        self.source = source
        self.vintage = vintage
        self.gridEPSG = gridEPSG
        self.resolution = resolution
        self.easting = easting
        self.northing = northing
        self.imputed = imputed
        self.variableNames = variableNames
        self.columnIndex = Self.index(variableNames)
        self.columns = columns
        self.communes = communes
        self.sourceLines = sourceLines
        self.ignoredColumns = ignoredColumns
        self.columnMapping = columnMapping
    }

    public func column(_ name: String) -> CellColumn? {
        (columnIndex[name] ?? columnIndex[name.lowercased()]).map { columns[$0] }
    }

    public func id(at index: Int) -> GridCellID {
        GridCellID(epsg: gridEPSG, resolution: resolution, northing: northing[index], easting: easting[index])
    }

    /// The cell's square in the grid CRS.
    public func square(at index: Int) -> BoundingBox {
        let x = Double(easting[index]), y = Double(northing[index]), side = Double(resolution)
        return BoundingBox(minX: x, minY: y, maxX: x + side, maxY: y + side)
    }

    public var cellArea: Double { Double(resolution) * Double(resolution) }

    /// Sum of a variable over all cells (compensated).
    public func total(_ name: String) -> Double? {
        column(name).map { CompensatedSum.of($0) }
    }
}

/// Commune codes per cell, flattened and packed (a code of up to 8 ASCII characters in one
/// `UInt64`, so 2.3 million cells need no string allocation): the codes of cell `i` are
/// entries `offsets[i]..<offsets[i+1]`; lists of a file without `lcog_geo` hold no entry
/// (every cell lists none).
public struct CommuneLists: Sendable {
    public private(set) var offsets: [Int32] = [0]
    private var packed: [UInt64] = []

    public init() {}

    /// The codes of one cell (none when the file has no `lcog_geo`).
    public subscript(cell: Int) -> [String] { packedCodes(ofCell: cell).map(Self.unpack) }

    /// How many communes one cell lists (0 when the file has no `lcog_geo`).
    public func count(ofCell cell: Int) -> Int {
        guard cell + 1 < offsets.count else { return 0 }
        return Int(offsets[cell + 1] - offsets[cell])
    }

    /// The codes of one cell as the lists pack them (one `UInt64` a code), without making
    /// strings: for scans over millions of cells.
    public func packedCodes(ofCell cell: Int) -> ArraySlice<UInt64> {
        guard cell + 1 < offsets.count else { return [] }
        return packed[Int(offsets[cell])..<Int(offsets[cell + 1])]
    }

    /// A commune code packed as the lists hold it, or nil when it cannot be one of theirs
    /// (longer than 8 bytes): equal codes, equal integers.
    public static func packed(_ code: String) -> UInt64? { code.utf8.count <= 8 ? pack(code.utf8) : nil }

    /// Every distinct code, sorted.
    public var distinctCodes: [String] { Set(packed).map(Self.unpack).sorted() }

    /// Appends one cell's `lcog_geo` from text; false when a code is not a commune code.
    public mutating func append(lcog text: String) -> Bool {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            appendField(UnsafeBufferPointer(buffer), from: 0, to: buffer.count)
        }
    }

    mutating func append(contentsOf other: CommuneLists) {
        let base = Int32(packed.count)
        packed.append(contentsOf: other.packed)
        offsets.append(contentsOf: other.offsets.dropFirst().map { $0 + base })
    }

    /// Appends one cell's `lcog_geo` straight from its bytes, in either form: concatenated
    /// 5-character codes (2019: `930109306493077`) or a comma / space separated list (later
    /// extracts); false when a code is longer than 8 characters (not a commune code).
    mutating func appendField(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var codeStart = start
        var hasSeparator = false
        for i in start..<end where bytes[i] == 0x2C || bytes[i] == 0x20 || bytes[i] == 0x3B { hasSeparator = true; break }
        if hasSeparator {
            var i = start
            while i <= end {
                if i == end || bytes[i] == 0x2C || bytes[i] == 0x20 || bytes[i] == 0x3B {
                    if i > codeStart {
                        guard i - codeStart <= 8 else { return false }
                        packed.append(Self.pack(UnsafeBufferPointer(rebasing: bytes[codeStart..<i])))
                    }
                    codeStart = i + 1
                }
                i += 1
            }
        } else {
            let length = end - start
            if length > 5, length % 5 == 0 {
                var i = start
                while i < end {
                    packed.append(Self.pack(UnsafeBufferPointer(rebasing: bytes[i..<(i + 5)])))
                    i += 5
                }
            } else if length > 0 {
                guard length <= 8 else { return false }
                packed.append(Self.pack(UnsafeBufferPointer(rebasing: bytes[start..<end])))
            }
        }
        offsets.append(Int32(packed.count))
        return true
    }

    @inline(__always)
    static func pack<C: Collection<UInt8>>(_ code: C) -> UInt64 {
        var value: UInt64 = 0
        for (i, byte) in code.prefix(8).enumerated() { value |= UInt64(byte) << UInt64(8 * (7 - i)) }
        return value
    }

    static func unpack(_ value: UInt64) -> String {
        var bytes: [UInt8] = []
        for i in 0..<8 {
            let byte = UInt8((value >> UInt64(8 * (7 - i))) & 0xFF)
            if byte == 0 { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
