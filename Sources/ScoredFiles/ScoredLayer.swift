import Foundation
import GeoBindings
import GeometryCore
import Inputs
import Risk
import Support

/// A value of a scored zone's attribute.
public enum AttributeValue: Sendable, Equatable {
    case number(Double)
    case text(String)

    public var number: Double? { if case .number(let v) = self { v } else { nil } }
    public var text: String? {
        switch self {
        case .text(let s): s
        case .number(let v): v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
        }
    }
}

/// The attributes of every zone of a file, row by row, with one shared index of the column
/// names: reading 48 600 zones × 60 fields builds one dictionary, not one per zone.
final class AttributeRows: Sendable {
    let columns: [String: Int]
    let rows: [[AttributeValue?]]

    init(columns: [String: Int], rows: [[AttributeValue?]]) {
        self.columns = columns
        self.rows = rows
    }
}

/// One zone of a scored file (the output of `allervers score`).
public struct ScoredZone: Sendable {
    public var code: String
    public var name: String?
    public var commune: String?
    public var geometry: MultiPolygon
    /// Where the attributes are: a dictionary of their own, or a row of the file's table.
    private enum Storage: Sendable {
        case own([String: AttributeValue])
        case row(AttributeRows, Int)
    }
    private let storage: Storage
    /// The zone's reliability, as the file states it (nil if it states none AllerVers knows):
    /// read once, since every drawn zone asks whether it is secret or published several times.
    public let reliability: Reliability?

    public init(code: String, name: String?, commune: String?, attributes: [String: AttributeValue], geometry: MultiPolygon) {
        self.code = code
        self.name = name
        self.commune = commune
        self.storage = .own(attributes)
        self.geometry = geometry
        self.reliability = attributes[ScoredColumn.reliability]?.text.flatMap(Reliability.init(rawValue:))
    }

    private init(
        code: String, name: String?, commune: String?, row: Int, of table: AttributeRows, reliabilityColumn: Int?, geometry: MultiPolygon
    ) {
        self.code = code
        self.name = name
        self.commune = commune
        self.storage = .row(table, row)
        self.geometry = geometry
        self.reliability = reliabilityColumn.flatMap { table.rows[row][$0]?.text }.flatMap(Reliability.init(rawValue:))
    }

    /// Zones whose attributes are rows of one shared table: `names` (lower case) name the
    /// values of every row, the last of a repeated name wins; the code, name and commune
    /// come from their columns. One index of names for all, not a dictionary per zone, and
    /// the columns every zone reads looked up once.
    public static func sharing(names: [String], rows: [[AttributeValue?]], geometries: [MultiPolygon]) -> [ScoredZone] {
        var columns: [String: Int] = [:]
        for (i, name) in names.enumerated() { columns[name] = i }
        let table = AttributeRows(columns: columns, rows: rows)
        let code = columns[ScoredColumn.code], name = columns[ScoredColumn.name], commune = columns[ScoredColumn.commune]
        let reliability = columns[ScoredColumn.reliability]
        func text(_ column: Int?, _ row: Int) -> String? { column.flatMap { rows[row][$0]?.text } }
        return zip(rows.indices, geometries).map { i, geometry in
            ScoredZone(
                code: text(code, i) ?? "", name: text(name, i), commune: text(commune, i), row: i, of: table, reliabilityColumn: reliability,
                geometry: geometry)
        }
    }

    /// The attribute named `key` (lower case), if the zone has it.
    public func value(_ key: String) -> AttributeValue? {
        switch storage {
        case .own(let attributes): attributes[key]
        case .row(let table, let row): table.columns[key].flatMap { table.rows[row][$0] }
        }
    }

    /// Every attribute, by lower-case name.
    public var attributes: [String: AttributeValue] {
        switch storage {
        case .own(let attributes): return attributes
        case .row(let table, let row):
            var attributes: [String: AttributeValue] = [:]
            for (key, column) in table.columns { if let value = table.rows[row][column] { attributes[key] = value } }
            return attributes
        }
    }

    public func number(_ key: String) -> Double? { value(key)?.number }
    public func text(_ key: String) -> String? { value(key)?.text }
    /// Intensity of the risk (0–100) and its class; the volume (households × benefits).
    public var score: Double? { number(ScoredColumn.score) }
    public var riskClass: Int? { Self.riskClass(number(ScoredColumn.riskClass)) }
    /// A class as a file states it (a number that may come as a real): nil unless a finite
    /// number of plausible size.
    public static func riskClass(_ number: Double?) -> Int? { number.flatMap { $0.isFinite && abs($0) < 1e6 ? Int($0) : nil } }
    public var estimate: Double? { number(ScoredColumn.estimate) }
    public var communeName: String? { text(ScoredColumn.communeName) }
    public var isSecret: Bool { reliability == .secret }
    /// The cells file does not cover the zone: no data (not secrecy).
    public var isOutOfScope: Bool { reliability == .outOfScope }
    /// Whether the zone publishes values (neither secret nor out of the data's field).
    public var isPublished: Bool { !isSecret && !isOutOfScope }
}

/// The zones of a scored file, in their CRS.
public struct ScoredLayer: Sendable {
    public var source: String
    public var crs: SpatialReference
    public var zones: [ScoredZone]
    /// The layer's description: the credits of the data, when `allervers score` wrote the file
    /// (`DataCredits(text:)` reads them, and ignores any other description).
    public var credits: String?

    public init(source: String, crs: SpatialReference, zones: [ScoredZone], credits: String?) {
        self.source = source
        self.crs = crs
        self.zones = zones
        self.credits = credits
    }

    static let requiredFields = ScoredColumn.required

    /// The layer holding scored zones: the only one of a file, or, in a database or a file of
    /// several layers (PostGIS, `couches.gpkg`), the first in name order carrying every scored
    /// column, `zones_risque` (the name `score` gives it) before any other. Without one, the
    /// first layer, whose missing field the error names.
    static func scoredLayer(of dataset: VectorDataset) throws -> VectorLayer {
        guard dataset.layerCount > 1 else { return try dataset.layer(at: 0) }
        let layers = try (0..<dataset.layerCount).map { try dataset.layer(at: $0) }
        let scored = layers.filter { layer in
            let names = Set(layer.fields.map { name in name.name.lowercased() }.map { ScoredColumn.current(ofLegacy: $0) ?? $0 })
            return requiredFields.allSatisfy(names.contains)
        }
        let ordered = scored.sorted { ($0.name != "zones_risque" ? 1 : 0, $0.name) < ($1.name != "zones_risque" ? 1 : 0, $1.name) }
        return ordered.first ?? layers[0]
    }

    /// Reads a scored GeoJSON or GeoPackage, or a PostGIS database (`PG:…`); says which field
    /// is missing if it is not one. A large GeoPackage is read on up to `threads` threads (the
    /// same zones, in the same order). With `only`, the zones carry those fields alone (lower
    /// case; the others are not read, which makes a national map's reading shorter).
    public static func read(path: String, threads: Int, only wanted: Set<String>? = nil) throws -> ScoredLayer {
        let dataset = try VectorDataset(path: path)
        let layer = try scoredLayer(of: dataset)
        let allFields = layer.fields
        // Files of earlier versions named the computed columns in English: read under their
        // current names, with a notice; a file with both names for one column is refused.
        let currentNames = try Self.currentNames(allFields.map { $0.name.lowercased() }, path: path)
        let present = Set(currentNames)
        for required in requiredFields where !present.contains(required) {
            if dataset.driverName == "ESRI Shapefile" {
                throw InputError(
                    file: path, field: required,
                    words(
                        "absent : un Shapefile coupe les noms de champs à 10 caractères et les textes à 254 ; lisez le .gpkg ou le .geojson qu'écrit `allervers score` (score -o zones.gpkg)"
                    )
                )
            }
            throw InputError(
                file: path, field: required,
                words("absent ; attendu un fichier écrit par `allervers score`"))
        }
        guard let crs = layer.spatialReference else { throw InputError(file: path, words("la couche n'a pas de SCR")) }
        let keptSlots = wanted.map { wanted in allFields.indices.filter { wanted.contains(currentNames[$0]) } } ?? Array(allFields.indices)
        let fields = keptSlots.map { allFields[$0] }
        if fields.count < allFields.count {
            let kept = Set(fields.map(\.index))
            try layer.ignoreFields(allFields.filter { !kept.contains($0.index) }.map(\.name))
        }
        // The fields' current names, lowered once, naming every zone's values.
        let names = keptSlots.map { currentNames[$0] }
        // A row of values per zone, in the order of the fields.
        let codeColumn = names.firstIndex(of: ScoredColumn.code)
        // A known numeric column stored as text (one zone's value typed by hand as a word makes
        // GDAL read the whole column as text): its numbers read as numbers, the rest checked.
        let numeric = names.map { ScoredFileCheck.range(of: $0) != nil }
        let read = try layer.mapFeatures(threads: threads) { feature -> ([AttributeValue?], MultiPolygon, String, Int) in
            var row = [AttributeValue?](repeating: nil, count: fields.count)
            for (slot, field) in fields.enumerated() {
                switch field.kind {
                case .integer, .real:
                    if let value = feature.double(field.index) { row[slot] = .number(value) }
                default:
                    guard let value = feature.string(field.index) else { continue }
                    if numeric[slot], let number = parseNumber(value.trimmingCharacters(in: .whitespaces), commaDecimal: true) {
                        row[slot] = .number(number)
                    } else {
                        row[slot] = .text(value)
                    }
                }
            }
            guard let code = codeColumn.flatMap({ row[$0]?.text }), !code.isEmpty else {
                throw InputError(
                    file: path, line: Int(feature.id), field: ScoredColumn.code,
                    words("vide ; chaque zone a besoin de son code"))
            }
            guard let geometry = feature.polygons(), !geometry.polygons.isEmpty else {
                throw InputError(
                    file: path, line: Int(feature.id), field: "geometry", words("la zone %1$@ n'a pas de polygone", code))
            }
            return (row, geometry, code, Int(feature.id))
        }
        let rows = read.map(\.0), geometries = read.map(\.1)
        try ScoredFileCheck.check(path: path, names: names, rows: rows, codes: read.map(\.2), lines: read.map(\.3))
        let zones = ScoredZone.sharing(names: names, rows: rows, geometries: geometries)
        guard !zones.isEmpty else { throw InputError(file: path, words("aucune zone dans le fichier")) }
        return ScoredLayer(source: path, crs: crs, zones: zones, credits: layer.metadataItem("DESCRIPTION") ?? layer.metadataItem("description"))
    }
}

extension ScoredLayer {
    /// The current name of each field (lower case): a legacy English name becomes its French
    /// one, said once on standard error; one column under both names is an error.
    static func currentNames(_ lowered: [String], path: String) throws -> [String] {
        let mapped = lowered.map { ScoredColumn.current(ofLegacy: $0) ?? $0 }
        let present = Set(lowered)
        var renamed: [String] = []
        for (old, new) in zip(lowered, mapped) where old != new {
            if present.contains(new) {
                throw InputError(
                    file: path, field: new,
                    words("la colonne est là deux fois, sous son nom actuel « %1$@ » et sous son ancien nom anglais « %2$@ » ; gardez-en une", new, old))
            }
            renamed.append(old)
        }
        if !renamed.isEmpty {
            FileHandle.standardError.write(
                Data(
                    words(
                        "note : %1$@ a été écrit par une version antérieure d'AllerVers (colonnes en anglais : %2$@%3$@) ; lu sous les noms actuels (score_risque, classe_risque…)\n",
                        path, renamed.prefix(4).joined(separator: ", "), renamed.count > 4 ? "…" : ""
                    ).utf8))
        }
        return mapped
    }
}
