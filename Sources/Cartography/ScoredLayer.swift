import Foundation
import GeoBindings
import GeometryCore
import Inputs

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

/// One zone of a scored file (the output of `allervers score`).
public struct ScoredZone: Sendable {
    public var code: String
    public var name: String?
    public var commune: String?
    public var attributes: [String: AttributeValue]
    public var geometry: MultiPolygon

    public func number(_ key: String) -> Double? { attributes[key]?.number }
    public func text(_ key: String) -> String? { attributes[key]?.text }
    public var isSecret: Bool { text("reliability") == "secret" }
}

/// The zones of a scored file, in their CRS.
public struct ScoredLayer: Sendable {
    public var source: String
    public var crs: SpatialReference
    public var zones: [ScoredZone]

    static let requiredFields = ["code_iris", "risk_score", "risk_class", "reliability"]

    /// Reads a scored GeoJSON or GeoPackage; says which field is missing if it is not one.
    public static func read(path: String) throws -> ScoredLayer {
        let dataset = try VectorDataset(path: path)
        let layer = try dataset.layer(at: 0)
        let fields = layer.fields
        let names = Set(fields.map { $0.name.lowercased() })
        for required in requiredFields where !names.contains(required) {
            throw InputError(file: path, field: required, "missing; expected a file written by `allervers score`")
        }
        guard let crs = layer.spatialReference else { throw InputError(file: path, "the layer has no CRS") }
        var zones: [ScoredZone] = []
        try layer.forEachFeature { feature in
            var attributes: [String: AttributeValue] = [:]
            for field in fields {
                let key = field.name.lowercased()
                switch field.kind {
                case .integer, .real:
                    if let value = feature.double(field.index) { attributes[key] = .number(value) }
                default:
                    if let value = feature.string(field.index) { attributes[key] = .text(value) }
                }
            }
            guard let code = attributes["code_iris"]?.text, !code.isEmpty else {
                throw InputError(file: path, line: Int(feature.id), field: "code_iris", "empty; every zone needs its code")
            }
            guard let geometry = feature.polygons(), !geometry.polygons.isEmpty else {
                throw InputError(file: path, line: Int(feature.id), field: "geometry", "zone \(code) has no polygon")
            }
            zones.append(ScoredZone(
                code: code, name: attributes["nom_iris"]?.text, commune: attributes["insee_com"]?.text,
                attributes: attributes, geometry: geometry
            ))
        }
        guard !zones.isEmpty else { throw InputError(file: path, "no zone in the file") }
        return ScoredLayer(source: path, crs: crs, zones: zones)
    }
}
