internal import CGDAL
import Foundation
import GeometryCore
import Support

/// The kind of an output attribute.
public enum OutputFieldKind: Sendable {
    case real, integer, string
    /// A calendar day: a date cell in a workbook, « AAAA-MM-JJ » in text formats.
    case date
}

/// An output attribute: name and kind.
public struct OutputField: Sendable {
    public var name: String
    public var kind: OutputFieldKind
    public init(_ name: String, _ kind: OutputFieldKind) {
        self.name = name
        self.kind = kind
    }
}

/// One attribute value of an output feature.
public enum FieldValue: Sendable, Equatable {
    case real(Double)
    case integer(Int64)
    case string(String)
    /// A calendar day (year, month, day).
    case date(Int, Int, Int)
    case null

    /// The day as ISO 8601 writes it, for text formats.
    public static func isoDate(_ year: Int, _ month: Int, _ day: Int) -> String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }
}

/// A geometry to write.
public enum OutputGeometry: Sendable {
    case multiPolygon(MultiPolygon)
    case point(Point)
    case lineString([Point])
}

/// The geometry type of an output layer.
public enum OutputGeometryKind: Sendable {
    case multiPolygon, point, lineString, none
}

/// Writes one vector layer through GDAL, to a temporary file renamed into place by `commit()`:
/// a failure or an early exit never leaves a partial output behind. Into PostGIS (a `PG:`
/// connection string), the table is written in one transaction that `commit()` ends: a
/// failure rolls it back, and an existing table is replaced only when asked.
public final class VectorWriter {
    private var dataset: GDALDatasetH?
    private var layer: OGRLayerH
    private var featureDefinition: OGRFeatureDefnH
    private var fields: [OutputField]
    public let path: String
    public let format: OutputFormat
    private let temporaryPath: String
    private var committed = false
    /// The table being written, named in a database's messages.
    private var tableName: String
    /// The extensions of the files written beside the main one (a Shapefile's .dbf, .shx…).
    private var companions: [String] = []
    /// Rows for GeoPackage tables, inserted once GDAL has closed the file (`GeoPackageRows`).
    private var pendingRows: [PendingRows] = []
    private var pendingThreads = 1
    static let shapefileCompanions = ["shx", "dbf", "prj", "cpg"]

    static func replacingExtension(of path: String, with ext: String) -> String {
        URL(fileURLWithPath: path).deletingPathExtension().appendingPathExtension(ext).path
    }

    /// The GDAL driver for an output path, from its extension (or `PG:`).
    public static func driverName(forPath path: String) -> String? { OutputFormat.implied(by: path)?.driverName }

    /// - Parameters:
    ///   - format: the output format (default: the one `path` implies).
    ///   - layerOptions: GDAL layer creation options (`RFC7946=YES`, …).
    ///   - replacingTable: into PostGIS, replace a table of the same name (else it is an error).
    ///   - expectedFeatures: about how many features the file will hold, when known: a large
    ///     GeoPackage gets SQLite pages of 64 kB (`largePageFeatures`).
    public init(
        path: String, format: OutputFormat? = nil, layerName: String, spatialReference: SpatialReference?, geometry: OutputGeometryKind,
        fields: [OutputField], layerOptions: [String] = [], datasetOptions: [String] = [], replacingTable: Bool = false,
        expectedFeatures: Int? = nil
    ) throws(GeoError) {
        GDALRuntime.ensure()
        guard let format = format ?? OutputFormat.implied(by: path), let driver = GDALGetDriverByName(format.driverName) else {
            throw GeoError(
                function: "GDALGetDriverByName",
                message: words("format de sortie non pris en charge ; utilisez .gpkg, .geojson, .fgb, .shp, .csv, .xlsx, .ods ou une chaîne de connexion PG:"),
                path: path)
        }
        self.format = format
        self.tableName = layerName
        if format == .postGIS {
            let opened = try Self.openDatabase(path, update: true)
            do throws(GeoError) {
                if geometry != .none, !Self.hasPostGIS(opened) {
                    throw GeoError(
                        function: "GDALDatasetCreateLayer",
                        message: words(
                            "la base n'a pas l'extension postgis : les formes y seraient rangées en octets bruts (bytea), illisibles par QGIS ; activez-la (CREATE EXTENSION postgis;) ou écrivez dans un fichier"
                        ),
                        path: Self.redacted(path))
                }
                if !replacingTable, GDALDatasetGetLayerByName(opened, layerName) != nil {
                    throw GeoError(
                        function: "GDALDatasetCreateLayer",
                        message: words("la table %1$@ existe déjà dans la base ; passer --overwrite pour la remplacer", layerName), path: Self.redacted(path))
                }
                _ = try gdalCall(
                    "GDALDatasetStartTransaction", path: Self.redacted(path), { GDALDatasetStartTransaction(opened, 0) },
                    failed: { $0 != OGRERR_NONE })
                var options = layerOptions
                if !options.contains(where: { $0.hasPrefix("GEOMETRY_NAME=") }) { options.append("GEOMETRY_NAME=geom") }
                if replacingTable { options.append("OVERWRITE=YES") }
                let newLayer = try Self.createLayer(
                    in: opened, path: Self.redacted(path), name: layerName, spatialReference: spatialReference, geometry: geometry, fields: fields,
                    options: options)
                self.dataset = opened
                self.layer = newLayer
            } catch {
                _ = GDALDatasetRollbackTransaction(opened)
                GDALClose(opened)
                throw error
            }
            self.featureDefinition = OGR_L_GetLayerDefn(layer)
            self.fields = fields
            self.path = path
            self.temporaryPath = ""
            return
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.deletingPathExtension().lastPathComponent).partial-\(getpid()).\(url.pathExtension)").path
        // A Shapefile is several files beside the .shp: each is written under the temporary
        // name and moved with it.
        let companions = format == .shapefile ? Self.shapefileCompanions : []
        let files = [temporary] + companions.map({ Self.replacingExtension(of: temporary, with: $0) })
        for file in files { try? FileManager.default.removeItem(atPath: file) }
        var layerOptions = layerOptions
        if format == .shapefile && !layerOptions.contains(where: { $0.hasPrefix("ENCODING=") }) { layerOptions.append("ENCODING=UTF-8") }
        // Created and registered in one step an interruption cannot split.
        let (created, newLayer) = try Self.diagnosing(path) { () throws(GeoError) in
            try PartialFiles.shared.creating(files) { () throws(GeoError) -> (GDALDatasetH, OGRLayerH) in
                let largePages = format == .geoPackage && (expectedFeatures ?? 0) >= Self.largePageFeatures
                let created: GDALDatasetH
                do throws(GeoError) {
                    let made = try GDALRuntime.withSQLitePragma(largePages ? "page_size=65536" : nil) { () throws(GeoError) in
                        try gdalCall(
                            "GDALCreate", path: path,
                            {
                                withCStringList(datasetOptions) { GDALCreate(driver, temporary, 0, 0, 0, GDT_Unknown, $0) }
                            }, failed: { $0 == nil })
                    }
                    guard let made else { throw GeoError(function: "GDALCreate", message: words("création impossible"), path: path) }
                    created = made
                } catch {
                    // A creation that failed half-way (a full disk) may leave its file.
                    for file in files { try? FileManager.default.removeItem(atPath: file) }
                    throw error
                }
                do throws(GeoError) {
                    let newLayer = try Self.createLayer(
                        in: created, path: path, name: layerName, spatialReference: spatialReference, geometry: geometry, fields: fields, options: layerOptions)
                    return (created, newLayer)
                } catch {
                    GDALClose(created)
                    for file in files { try? FileManager.default.removeItem(atPath: file) }
                    throw error
                }
            }
        }
        self.companions = companions
        self.dataset = created
        self.layer = newLayer
        self.featureDefinition = OGR_L_GetLayerDefn(newLayer)
        self.fields = fields
        self.path = path
        self.temporaryPath = temporary
        _ = GDALDatasetStartTransaction(created, 0)
    }

    /// From this many features, a GeoPackage is written with SQLite pages of 64 kB instead of
    /// 4 kB: a national table of zones is 11 % smaller and written 0.2–0.3 s faster (16 times
    /// fewer pages to write, and to read back), while a commune's small file keeps small pages
    /// (64 kB pages would add about 1 MB to it). Any SQLite reader reads either.
    public static let largePageFeatures = 2_000

    /// The destination as messages show it (without a connection string's password).
    private var shownPath: String { format == .postGIS ? Self.redacted(path) : path }

    /// Whether a database has the postgis extension (without it GDAL stores shapes as bytea).
    static func hasPostGIS(_ dataset: GDALDatasetH) -> Bool {
        guard let result = GDALDatasetExecuteSQL(dataset, "SELECT count(*) FROM pg_extension WHERE extname = 'postgis'", nil, nil) else {
            return false
        }
        defer { GDALDatasetReleaseResultSet(dataset, result) }
        OGR_L_ResetReading(result)
        guard let feature = OGR_L_GetNextFeature(result) else { return false }
        defer { OGR_F_Destroy(feature) }
        return OGR_F_GetFieldAsInteger64(feature, 0) > 0
    }

    /// A database's failure with the table and the step it failed at: PostgreSQL's « current
    /// transaction is aborted » alone says neither.
    private func inDatabase(_ error: GeoError, step: String) -> GeoError {
        guard format == .postGIS else { return error }
        var message = words("table %1$@, %2$@ : ", tableName, step) + error.message
        if error.message.contains("current transaction is aborted") {
            message += words(" (une instruction précédente de la même transaction a échoué ; rien n'a été écrit)")
        }
        return GeoError(function: error.function, message: message, path: error.path)
    }

    /// A connection string with its password replaced, for messages.
    public static func redacted(_ connection: String) -> String {
        guard let range = connection.range(of: #"password\s*=\s*('[^']*'|\S+)"#, options: .regularExpression) else { return connection }
        return connection.replacingCharacters(in: range, with: "password=***")
    }

    /// Opens a PostGIS database from its `PG:` connection string, to read or to write; the
    /// error carries libpq's reason and names the database without its password.
    static func openDatabase(_ connection: String, update: Bool) throws(GeoError) -> GDALDatasetH {
        CPLErrorReset()
        let flags = UInt32(GDAL_OF_VECTOR | (update ? GDAL_OF_UPDATE : GDAL_OF_READONLY))
        let opened = withCStringList(["PostgreSQL"]) { drivers in
            GDALOpenEx(connection, flags, constList(drivers), nil, nil)
        }
        guard let opened else {
            let reason = GDALRuntime.lastMessage()
            throw GeoError(
                function: "GDALOpenEx",
                message: words("impossible d'ouvrir la base PostgreSQL") + (reason.isEmpty ? "" : " : " + reason),
                path: redacted(connection))
        }
        return opened
    }

    private static func createLayer(
        in dataset: GDALDatasetH, path: String, name: String, spatialReference: SpatialReference?, geometry: OutputGeometryKind,
        fields: [OutputField], options: [String]
    ) throws(GeoError) -> OGRLayerH {
        let ogrType: OGRwkbGeometryType =
            switch geometry {
            case .multiPolygon: wkbMultiPolygon
            case .point: wkbPoint
            case .lineString: wkbLineString
            case .none: wkbNone
            }
        let newLayer = withCStringList(options) { list in
            GDALDatasetCreateLayer(dataset, name, spatialReference?.handle, ogrType, list)
        }
        guard let newLayer else {
            throw GeoError(function: "GDALDatasetCreateLayer", message: GDALRuntime.lastMessage(), path: path)
        }
        for field in fields {
            let type: OGRFieldType =
                switch field.kind {
                case .real: OFTReal
                case .integer: OFTInteger64
                case .string: OFTString
                case .date: OFTDate
                }
            let definition = OGR_Fld_Create(field.name, type)
            defer { OGR_Fld_Destroy(definition) }
            if OGR_L_CreateField(newLayer, definition, 1) != OGRERR_NONE {
                throw GeoError(function: "OGR_L_CreateField", message: "field \(field.name): \(GDALRuntime.lastMessage())", path: path)
            }
        }
        return newLayer
    }

    /// Starts another layer in the same file (formats that hold several, such as GeoPackage);
    /// the features added next go to it.
    public func addLayer(
        name: String, spatialReference: SpatialReference?, geometry: OutputGeometryKind, fields: [OutputField], layerOptions: [String] = []
    ) throws(GeoError) {
        guard let dataset else {
            throw GeoError(function: "GDALDatasetCreateLayer", message: words("le fichier est déjà fermé"), path: shownPath)
        }
        _ = GDALDatasetCommitTransaction(dataset)
        tableName = name
        layer = try Self.createLayer(
            in: dataset, path: shownPath, name: name, spatialReference: spatialReference, geometry: geometry, fields: fields, options: layerOptions)
        featureDefinition = OGR_L_GetLayerDefn(layer)
        self.fields = fields
        _ = GDALDatasetStartTransaction(dataset, 0)
    }

    deinit {
        if let dataset {
            if format == .postGIS { _ = GDALDatasetRollbackTransaction(dataset) }
            GDALClose(dataset)
        }
        if format == .postGIS { return }
        for file in [temporaryPath] + companions.map({ Self.replacingExtension(of: temporaryPath, with: $0) }) {
            if !committed { try? FileManager.default.removeItem(atPath: file) }
            PartialFiles.shared.unregister(file)
        }
    }

    /// Adds a feature; `values` are in the order of the fields given at creation.
    public func add(geometry: OutputGeometry?, values: [FieldValue]) throws(GeoError) {
        // After a batch that waits for the file to close, a row waits with it (in order).
        if let last = pendingRows.last, last.table == tableName {
            pendingRows.append(PendingRows(table: tableName, fieldCount: fields.count, count: 1, geometry: { _ in geometry }, values: { _ in values }))
            return
        }
        let feature = try Self.makeFeature(definition: featureDefinition, fieldCount: fields.count, geometry: geometry, values: values, path: shownPath)
        defer { OGR_F_Destroy(feature) }
        do {
            try diagnosing { () throws(GeoError) in
                _ = try gdalCall("OGR_L_CreateFeature", path: shownPath, { OGR_L_CreateFeature(layer, feature) }, failed: { $0 != OGRERR_NONE })
            }
        } catch {
            throw inDatabase(error, step: words("écriture des entités"))
        }
    }

    /// Features built per batch: making a feature (its fields and its shape) is AllerVers'
    /// side of writing it, GDAL's `OGR_L_CreateFeature` the other.
    static let featuresPerBatch = 512

    /// Adds features `0 ..< count` in order, the feature `i` being `geometry(i)` and
    /// `values(i)`: the same file as `add` one by one. Into a GeoPackage, the rows are
    /// inserted by `GeoPackageRows` once GDAL has written the file's structure and closed it.
    /// Elsewhere, with more than one thread, each batch of features is built on another
    /// thread while GDAL writes the batch before it.
    public func add(
        count: Int, threads: Int, geometry: @escaping @Sendable (Int) -> OutputGeometry?, values: @escaping @Sendable (Int) -> [FieldValue]
    ) throws(GeoError) {
        if format == .geoPackage {
            pendingRows.append(PendingRows(table: tableName, fieldCount: fields.count, count: count, geometry: geometry, values: values))
            pendingThreads = max(pendingThreads, threads)
            return
        }
        guard threads > 1, count > Self.featuresPerBatch else {
            for i in 0..<count { try add(geometry: geometry(i), values: values(i)) }
            return
        }
        let definition = HandedOver(featureDefinition), fieldCount = fields.count, path = shownPath
        let batches = (count + Self.featuresPerBatch - 1) / Self.featuresPerBatch
        let build: @Sendable (Int) -> FeatureBatch = { b in
            let batch = FeatureBatch()
            for i in (b * Self.featuresPerBatch)..<min(count, (b + 1) * Self.featuresPerBatch) {
                do throws(GeoError) {
                    batch.features.append(
                        try Self.makeFeature(definition: definition.value, fieldCount: fieldCount, geometry: geometry(i), values: values(i), path: path))
                } catch {
                    batch.failure = error
                    break
                }
            }
            return batch
        }
        try pipelined(count: batches, threads: threads, make: build) { (current: FeatureBatch) throws(GeoError) in
            do throws(GeoError) {
                try diagnosing { () throws(GeoError) in try write(current).get() }
            } catch {
                throw inDatabase(error, step: words("écriture des entités"))
            }
        }
    }

    /// Writes a batch's features in order, then its failure if building one failed.
    private func write(_ batch: FeatureBatch) -> Result<Void, GeoError> {
        for (k, feature) in batch.features.enumerated() {
            defer { OGR_F_Destroy(feature) }
            do throws(GeoError) {
                _ = try gdalCall("OGR_L_CreateFeature", path: shownPath, { OGR_L_CreateFeature(layer, feature) }, failed: { $0 != OGRERR_NONE })
            } catch {
                batch.features.removeFirst(k + 1)
                return .failure(error)
            }
        }
        batch.features.removeAll()
        return batch.failure.map { .failure($0) } ?? .success(())
    }

    /// A new feature of `definition` with `values` (in the fields' order) and `geometry`.
    private static func makeFeature(
        definition: OGRFeatureDefnH?, fieldCount: Int, geometry: OutputGeometry?, values: [FieldValue], path: String
    ) throws(GeoError) -> OGRFeatureH {
        guard let feature = OGR_F_Create(definition) else {
            throw GeoError(function: "OGR_F_Create", message: words("mémoire insuffisante"), path: path)
        }
        for (index, value) in values.enumerated() where index < fieldCount {
            switch value {
            case .real(let v): OGR_F_SetFieldDouble(feature, Int32(index), v)
            case .integer(let v): OGR_F_SetFieldInteger64(feature, Int32(index), GIntBig(v))
            case .string(let v): OGR_F_SetFieldString(feature, Int32(index), v)
            case .null: OGR_F_SetFieldNull(feature, Int32(index))
            case .date(let y, let m, let d): OGR_F_SetFieldDateTime(feature, Int32(index), Int32(y), Int32(m), Int32(d), 0, 0, 0, 0)
            }
        }
        if let geometry {
            let ogrGeometry: OGRGeometryH? =
                switch geometry {
                case .multiPolygon(let multi): OGRGeometryConversion.makeMultiPolygon(multi)
                case .point(let p): Self.makePoint(p)
                case .lineString(let points): Self.makeLine(points)
                }
            if let ogrGeometry { OGR_F_SetGeometryDirectly(feature, ogrGeometry) }
        }
        return feature
    }

    /// Runs an SQL statement on the output dataset before it is closed (e.g. a style table).
    public func executeSQL(_ statement: String) throws(GeoError) {
        guard let dataset else { return }
        let shownStatement = statement.count > 120 ? String(statement.prefix(120)) + "…" : statement
        let result = try diagnosingStatement(shownStatement) { () throws(GeoError) in
            try gdalCall(
                "GDALDatasetExecuteSQL", path: shownPath,
                {
                    GDALDatasetExecuteSQL(dataset, statement, nil, nil)
                }, failed: { _ in CPLGetLastErrorType() == CE_Failure })
        }
        if let result { GDALDatasetReleaseResultSet(dataset, result) }
    }

    /// Closes the dataset and moves it to its final path.
    public func commit() throws(GeoError) {
        guard let dataset else { return }
        if format == .postGIS {
            CPLErrorReset()
            let status = GDALDatasetCommitTransaction(dataset)
            let message = GDALRuntime.lastMessage()
            if status != OGRERR_NONE { _ = GDALDatasetRollbackTransaction(dataset) }
            GDALClose(dataset)
            self.dataset = nil
            if status != OGRERR_NONE {
                throw inDatabase(
                    GeoError(function: "GDALDatasetCommitTransaction", message: message, path: Self.redacted(path)),
                    step: words("fin de la transaction"))
            }
            committed = true
            return
        }
        try diagnosing { () throws(GeoError) in try closeFile(dataset) }
        do {
            // Companions first, the main file last: a reader never finds a new .shp with old
            // companions. An old companion the new output does not have is removed with it.
            for ext in companions {
                let from = Self.replacingExtension(of: temporaryPath, with: ext), to = Self.replacingExtension(of: path, with: ext)
                if FileManager.default.fileExists(atPath: to) { try FileManager.default.removeItem(atPath: to) }
                if FileManager.default.fileExists(atPath: from) { try FileManager.default.moveItem(atPath: from, toPath: to) }
            }
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporaryPath, toPath: path)
            committed = true
        } catch {
            throw Self.diagnosed(GeoError(function: "rename", message: error.localizedDescription, path: shownPath), path: path)
        }
    }

    /// Runs an SQL statement; a database's failure names the table and the statement.
    private func diagnosingStatement<T>(_ statement: String, _ body: () throws(GeoError) -> T) throws(GeoError) -> T {
        do { return try diagnosing(body) } catch {
            throw inDatabase(error, step: words("instruction « %1$@ »", statement))
        }
    }

    /// Runs a step of writing a file; a failure is said in the user's terms when the folder
    /// explains it (a full disk, a read-only disk or folder), GDAL's words kept after.
    private func diagnosing<T>(_ body: () throws(GeoError) -> T) throws(GeoError) -> T {
        if format == .postGIS { return try body() }
        return try Self.diagnosing(path, body)
    }

    private static func diagnosing<T>(_ path: String, _ body: () throws(GeoError) -> T) throws(GeoError) -> T {
        do { return try body() } catch { throw diagnosed(error, path: path) }
    }

    /// The error with the folder's problem first, if the folder has one.
    static func diagnosed(_ error: GeoError, path: String) -> GeoError {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard let problem = FolderDiagnosis.problem(folder), !error.message.hasPrefix(problem) else { return error }
        // The library's own words after ours: GDAL's, or SQLite's for a GeoPackage's rows.
        let library = error.function.hasPrefix("sqlite3") ? "SQLite" : "GDAL"
        return GeoError(function: error.function, message: problem + words(" (%1$@ : ", library) + error.message + ")", path: path)
    }

    /// Closes the dataset and returns the bytes GDAL wrote, leaving no file behind: for a part
    /// of an output that is assembled elsewhere (a GeoJSON written in parts). Files only.
    public func takeBytes() throws(GeoError) -> [UInt8] {
        guard let dataset, format != .postGIS, companions.isEmpty else {
            throw GeoError(function: "GDALClose", message: words("le fichier est déjà fermé"), path: shownPath)
        }
        try closeFile(dataset)
        guard let data = FileManager.default.contents(atPath: temporaryPath) else {
            throw GeoError(function: "read", message: words("fichier temporaire illisible"), path: temporaryPath)
        }
        // Not committed: the temporary file goes when the writer does.
        return [UInt8](data)
    }

    /// Ends the file's transaction and closes it (GDAL writes what it buffered), still under
    /// its temporary name.
    private func closeFile(_ dataset: GDALDatasetH) throws(GeoError) {
        _ = GDALDatasetCommitTransaction(dataset)
        CPLErrorReset()
        GDALClose(dataset)
        self.dataset = nil
        if CPLGetLastErrorType() == CE_Failure {
            throw GeoError(function: "GDALClose", message: GDALRuntime.lastMessage(), path: shownPath)
        }
        if !pendingRows.isEmpty {
            let rows = pendingRows
            pendingRows = []
            try GeoPackageRows.insert(rows, into: temporaryPath, threads: pendingThreads)
        }
        if let full = FolderDiagnosis.fullDisk(URL(fileURLWithPath: temporaryPath).deletingLastPathComponent().path) {
            throw GeoError(
                function: "GDALClose", message: full + words(" : le fichier n'a pas pu être écrit en entier"),
                path: shownPath)
        }
    }

    private static func makePoint(_ p: Point) -> OGRGeometryH? {
        guard let g = OGR_G_CreateGeometry(wkbPoint) else { return nil }
        OGR_G_SetPoint_2D(g, 0, p.x, p.y)
        return g
    }

    private static func makeLine(_ points: [Point]) -> OGRGeometryH? {
        guard let g = OGR_G_CreateGeometry(wkbLineString) else { return nil }
        for (i, p) in points.enumerated() { OGR_G_SetPoint_2D(g, Int32(i), p.x, p.y) }
        return g
    }
}

/// Features built and not yet written, owned by one thread at a time (built on one, written
/// on the other); those left when writing stops are freed with the batch.
private final class FeatureBatch: @unchecked Sendable {
    var features: [OGRFeatureH] = []
    var failure: GeoError?

    deinit { for feature in features { OGR_F_Destroy(feature) } }
}
