import Foundation
import GeometryCore
import Support

/// Rows waiting to go into a GeoPackage table once GDAL has created the file and closed it:
/// `count` features, the feature `i` being `geometry(i)` and `values(i)`.
struct PendingRows {
    var table: String
    var fieldCount: Int
    var count: Int
    var geometry: @Sendable (Int) -> OutputGeometry?
    var values: @Sendable (Int) -> [FieldValue]
}

/// Inserts rows into the tables of a GeoPackage that GDAL created (with their fields, spatial
/// index, metadata and styles) and closed: one transaction, one prepared insert, each batch of
/// rows encoded on another thread (GeoPackage geometry header and WKB) while SQLite writes the
/// one before. A national table of zones took 0.82–0.88 s through GDAL's feature API and takes
/// 0.44–0.48 s this way (`Performance.md`); the file is the same as GDAL's own, row for row and
/// blob for blob (a test compares them).
enum GeoPackageRows {
    /// Rows encoded per batch.
    static let rowsPerBatch = 512

    static func insert(_ pending: [PendingRows], into path: String, threads: Int) throws(GeoError) {
        let connection = try SQLiteConnection(path: path)
        // The file is a temporary one, renamed into place only when complete and removed on
        // failure: no need for a journal on disk, nor for waiting on the disk at the commit
        // (GDAL's own setting when it writes a GeoPackage; 0.09 s for a national file).
        try connection.execute("PRAGMA journal_mode = MEMORY")
        try connection.execute("PRAGMA synchronous = OFF")
        try connection.execute("BEGIN")
        // A table's parts (a batch, then rows added one by one) share one preparation.
        var start = 0
        while start < pending.count {
            var end = start + 1
            while end < pending.count, pending[end].table == pending[start].table { end += 1 }
            try insert(pending[start..<end], with: connection, threads: threads)
            start = end
        }
        try connection.execute("COMMIT")
    }

    private static let quoted = SQLiteConnection.quoted

    /// Inserts `parts`, all for one table, in order.
    private static func insert(_ parts: ArraySlice<PendingRows>, with connection: SQLiteConnection, threads: Int) throws(GeoError) {
        guard let first = parts.first, parts.contains(where: { $0.count > 0 }) else { return }
        let table = first.table, fieldCount = first.fieldCount
        let geometryColumns = try connection.rows(
            "SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE lower(table_name) = lower(?)", [table])
        let geometryColumn = geometryColumns.first?[0] ?? nil
        let srsID = geometryColumns.first?[1].flatMap { Int32($0) } ?? 0
        // The table's columns in order: the feature id, the geometry, then the fields.
        let columns = try connection.rows("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", [table])
        let fieldColumns = columns.compactMap { column in column[1] == "0" && column[0] != geometryColumn ? column[0] : nil }
        guard fieldColumns.count == fieldCount else {
            throw GeoError(
                function: "GeoPackageRows", message: words("table %1$@ : %2$@ colonnes, %3$@ champs à écrire", table, fieldColumns.count, fieldCount),
                path: connection.path)
        }
        let names = (geometryColumn.map { [$0] } ?? []) + fieldColumns
        // The table's triggers keep its spatial index and feature count as rows come one by
        // one, through functions only GDAL gives SQLite: set aside while the rows go in, the
        // index and the count then written here, the triggers put back as GDAL wrote them.
        let triggers = try connection.rows("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND lower(tbl_name) = lower(?)", [table])
        for trigger in triggers { if let name = trigger[0] { try connection.execute("DROP TRIGGER \(quoted(name))") } }
        let insert = try connection.prepare(
            "INSERT INTO \(quoted(table)) (\(names.map(quoted).joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))")
        // An empty index is packed at the end; one that already holds rows (GDAL wrote some
        // before) takes each new row through SQLite's own insertion.
        let rtree = try spatialIndex(of: table, geometryColumn: geometryColumn, with: connection)
        let packed = try rtree.map { name throws(GeoError) in try connection.rows("SELECT 1 FROM \(quoted(name + "_rowid")) LIMIT 1").isEmpty } ?? false
        let indexInsert = try rtree.flatMap { name throws(GeoError) in
            packed ? nil : try connection.prepare("INSERT INTO \(quoted(name)) VALUES (?, ?, ?, ?, ?)")
        }
        var indexEntries: [SQLiteRTree.Entry] = []

        var extent = BoundingBox.empty
        for rows in parts where rows.count > 0 {
            let batches = (rows.count + rowsPerBatch - 1) / rowsPerBatch
            let encode: @Sendable (Int) -> EncodedRows = { b in
                let batch = (b * rowsPerBatch)..<min(rows.count, (b + 1) * rowsPerBatch)
                return EncodedRows(geometries: batch.map(rows.geometry), values: batch.map(rows.values), srsID: srsID)
            }
            try pipelined(count: batches, threads: threads, make: encode) { (current: EncodedRows) throws(GeoError) in
                // The blobs bound where the batch holds them (SQLite reads them during the
                // row's step; the batch lives until the last one), unbound after the batch.
                defer { if geometryColumn != nil { insert.bind(.null, at: 1) } }
                for k in current.values.indices {
                    // Every value bound again for each row; a short row's others NULL.
                    if current.values[k].count < fieldCount { insert.clearValues() }
                    if geometryColumn != nil { insert.bind(unownedBlob: current.blob(k), at: 1) }
                    let offset = geometryColumn != nil ? 2 : 1
                    for (j, value) in current.values[k].prefix(fieldCount).enumerated() { insert.bind(value, at: offset + j) }
                    try insert.run(clearingValues: false)
                    guard let box = current.boxes[k] else { continue }
                    extent.include(box)
                    if packed { indexEntries.append(SQLiteRTree.Entry(id: connection.lastInsertedRow, box: box)) }
                    if let indexInsert {
                        indexInsert.bind(.integer(connection.lastInsertedRow), at: 1)
                        for (j, value) in [box.minX, box.maxX, box.minY, box.maxY].enumerated() { indexInsert.bind(.real(value), at: j + 2) }
                        try indexInsert.run(clearingValues: false)
                    }
                }
            }
        }
        if packed, let rtree { try SQLiteRTree.load(indexEntries, into: rtree, with: connection) }
        for trigger in triggers { if let sql = trigger[1] { try connection.execute(sql) } }
        try record(parts.reduce(0) { $0 + $1.count }, extent: extent, of: table, with: connection)
    }

    /// The R-tree of a table's geometry column, when GDAL gave it one.
    private static func spatialIndex(of table: String, geometryColumn: String?, with connection: SQLiteConnection) throws(GeoError) -> String? {
        guard let geometryColumn else { return nil }
        guard try connection.hasTable("gpkg_extensions") else { return nil }
        let extensions = try connection.rows(
            "SELECT 1 FROM gpkg_extensions WHERE lower(table_name) = lower(?) AND lower(column_name) = lower(?) AND extension_name = 'gpkg_rtree_index'",
            [table, geometryColumn])
        let name = "rtree_\(table)_\(geometryColumn)"
        let exists = try connection.rows("SELECT 1 FROM sqlite_master WHERE lower(name) = lower(?)", [name])
        return extensions.isEmpty || exists.isEmpty ? nil : name
    }

    /// The table's feature count and extent in GeoPackage's own tables, as GDAL keeps them.
    private static func record(_ count: Int, extent: BoundingBox, of table: String, with connection: SQLiteConnection) throws(GeoError) {
        if try connection.hasTable("gpkg_ogr_contents") {
            let update = try connection.prepare(
                "UPDATE gpkg_ogr_contents SET feature_count = coalesce(feature_count, 0) + ? WHERE lower(table_name) = lower(?)")
            update.bind(.integer(Int64(count)), at: 1)
            update.bind(.string(table), at: 2)
            try update.run()
        }
        guard !extent.isEmpty else { return }
        // Joined with the extent of rows GDAL may have written before, in SQLite's own doubles.
        let update = try connection.prepare(
            """
            UPDATE gpkg_contents SET min_x = min(coalesce(min_x, ?1), ?1), min_y = min(coalesce(min_y, ?2), ?2), \
            max_x = max(coalesce(max_x, ?3), ?3), max_y = max(coalesce(max_y, ?4), ?4) WHERE lower(table_name) = lower(?5)
            """)
        for (k, value) in [extent.minX, extent.minY, extent.maxX, extent.maxY].enumerated() { update.bind(.real(value), at: k + 1) }
        update.bind(.string(table), at: 5)
        try update.run()
    }
}

/// A batch of rows ready for SQLite: geometry blobs, their boxes, the fields' values. The
/// blobs lie back to back in one buffer the batch owns, bound to SQLite without a copy (a
/// national table's 120 MB of blobs were each copied by the binding and allocated apart).
/// Written only while it is made, read only after: shared between threads safely.
private final class EncodedRows: @unchecked Sendable {
    private let bytes: UnsafeMutableRawBufferPointer
    /// Where each row's blob lies in `bytes` (nil: no geometry).
    private let ranges: [Range<Int>?]
    let boxes: [BoundingBox?]
    let values: [[FieldValue]]

    init(geometries: [OutputGeometry?], values: [[FieldValue]], srsID: Int32) {
        var ranges: [Range<Int>?] = []
        ranges.reserveCapacity(geometries.count)
        var size = 0
        for geometry in geometries {
            let length = geometry.map(GeoPackageBlob.size)
            ranges.append(length.map { size..<(size + $0) })
            size += length ?? 0
        }
        let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, size), alignment: 8)
        var boxes: [BoundingBox?] = []
        boxes.reserveCapacity(geometries.count)
        for (geometry, range) in zip(geometries, ranges) {
            guard let geometry, let range, let base = bytes.baseAddress else {
                boxes.append(nil)
                continue
            }
            boxes.append(GeoPackageBlob.encode(geometry, srsID: srsID, into: base + range.lowerBound))
        }
        self.bytes = bytes
        self.ranges = ranges
        self.boxes = boxes
        self.values = values
    }

    deinit { bytes.deallocate() }

    /// Row `k`'s blob, valid while the batch lives.
    func blob(_ k: Int) -> UnsafeRawBufferPointer? {
        ranges[k].map { UnsafeRawBufferPointer(rebasing: bytes[$0]) }
    }
}

/// The GeoPackage geometry encoding (GeoPackage 1.2, § 2.1.3): a header (« GP », version,
/// flags, SRS id, envelope) then the geometry as little-endian ISO WKB, as GDAL writes it:
/// an XY envelope for every geometry but a point, none for an empty one.
enum GeoPackageBlob {
    /// Whether the blob of `geometry` carries an envelope.
    private static func hasEnvelope(_ geometry: OutputGeometry) -> Bool {
        let isPoint = if case .point = geometry { true } else { false }
        return !isPoint && WKBWriter.coordinateCount(geometry) > 0
    }

    /// The bytes of `geometry`'s blob.
    static func size(_ geometry: OutputGeometry) -> Int { 8 + (hasEnvelope(geometry) ? 32 : 0) + WKBWriter.size(geometry) }

    /// Writes `geometry`'s blob at `base` (``size(_:)`` bytes); returns its box (nil when empty).
    static func encode(_ geometry: OutputGeometry, srsID: Int32, into base: UnsafeMutableRawPointer) -> BoundingBox? {
        let envelope = hasEnvelope(geometry)
        // The WKB first (its box found on the way), then the header and the envelope before it.
        var wkb = WKBWriter(base: base, offset: 8 + (envelope ? 32 : 0))
        switch geometry {
        case .point(let p): wkb.point(p)
        case .lineString(let points): wkb.lineString(points)
        case .multiPolygon(let multi): wkb.multiPolygon(multi)
        }
        let box = wkb.box
        var header = WKBWriter(base: base, offset: 0)
        header.put(UInt8(0x47))
        header.put(UInt8(0x50))
        header.put(UInt8(0))
        // Flags: little-endian (bit 0), envelope [minx, maxx, miny, maxy] (1 << 1), empty (1 << 4).
        header.put(UInt8(1 | (envelope ? 1 << 1 : 0) | (box.isEmpty ? 1 << 4 : 0)))
        header.put(UInt32(bitPattern: srsID))
        if envelope { for value in [box.minX, box.maxX, box.minY, box.maxY] { header.put(value.bitPattern) } }
        return box.isEmpty ? nil : box
    }
}

/// Little-endian ISO WKB, two-dimensional, stored in place from `offset`; a ring is written
/// closed (its first point again).
struct WKBWriter {
    private let base: UnsafeMutableRawPointer
    private var offset: Int
    /// The box of every coordinate written.
    var box = BoundingBox.empty

    init(base: UnsafeMutableRawPointer, offset: Int) {
        self.base = base
        self.offset = offset
    }

    /// The bytes `geometry` takes.
    static func size(_ geometry: OutputGeometry) -> Int {
        switch geometry {
        case .point: return 5 + 16
        case .lineString(let points): return 9 + 16 * points.count
        case .multiPolygon(let multi):
            var size = 9
            for polygon in multi.polygons {
                size += 9 + 4 + 16 * (polygon.exterior.points.isEmpty ? 0 : polygon.exterior.points.count + 1)
                for hole in polygon.holes { size += 4 + 16 * (hole.points.isEmpty ? 0 : hole.points.count + 1) }
            }
            return size
        }
    }

    /// The coordinates `geometry` has (its rings' closing points aside).
    static func coordinateCount(_ geometry: OutputGeometry) -> Int {
        switch geometry {
        case .point: 1
        case .lineString(let points): points.count
        case .multiPolygon(let multi): multi.vertexCount
        }
    }

    @inline(__always) mutating func put<T: FixedWidthInteger>(_ value: T) {
        base.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self)
        offset += MemoryLayout<T>.size
    }

    private mutating func header(_ type: UInt32) {
        put(UInt8(1))
        put(type)
    }

    @inline(__always) private mutating func coordinates(_ p: Point) {
        box.include(p)
        put(p.x.bitPattern)
        put(p.y.bitPattern)
    }

    mutating func point(_ p: Point) {
        header(1)
        coordinates(p)
    }

    mutating func lineString(_ points: [Point]) {
        header(2)
        put(UInt32(points.count))
        for p in points { coordinates(p) }
    }

    mutating func multiPolygon(_ multi: MultiPolygon) {
        header(6)
        put(UInt32(multi.polygons.count))
        for polygon in multi.polygons {
            header(3)
            put(UInt32(1 + polygon.holes.count))
            ring(polygon.exterior.points)
            for hole in polygon.holes { ring(hole.points) }
        }
    }

    private mutating func ring(_ points: [Point]) {
        put(UInt32(points.isEmpty ? 0 : points.count + 1))
        for p in points { coordinates(p) }
        if let first = points.first { coordinates(first) }
    }
}
