import Cartography
import Foundation
import GeoBindings
import GeometryCore
import Risk
import Support

/// One GeoPackage holding every layer of a territory run — scored zones, outreach stops and
/// routes, reception points and proposed sites, populated cells by access time — all in the
/// maps' CRS, each with a default QGIS style (`layer_styles`) drawn from the same classes,
/// colours, labels and symbols as the SVG maps: opening the file in QGIS shows the same maps.
public enum LayerPackage {
    /// The layers of a run; the zones are the published table (`zones_risque.gpkg`'s).
    public struct Layers {
        public var zones: ZoneTable
        public var plan: MapOverlay?
        public var sites: MapOverlay?
        public var access: MapComposition.AccessCells?
        public var accessMode: String

        public init(zones: ZoneTable, plan: MapOverlay? = nil, sites: MapOverlay? = nil, access: MapComposition.AccessCells? = nil, accessMode: String = "") {
            self.zones = zones
            self.plan = plan
            self.sites = sites
            self.access = access
            self.accessMode = accessMode
        }
    }

    /// The layer names (the zones keep their table's name, `zones_risque`).
    public static let stopsLayer = "arrets", routesLayer = "trajets", sitesLayer = "points_accueil",
        accessLayer = "carreaux_acces"

    public static func write(_ layers: Layers, style: MapStyle, to path: String) throws {
        guard let crs = layers.zones.crs, let geometries = layers.zones.geometries else {
            throw ExportError(path: path, message: words("les zones scorées n'ont pas de géométrie"))
        }
        // The layer_styles table and the zones' style: those of the zones' own GeoPackage
        // (`ScoredTerritory.geoPackageTable`, the risk map's legend classes).
        var sql = layers.zones.style?.sql(for: .geoPackage, table: layers.zones.layerName) ?? []
        func addStyle(_ table: String, _ name: String, _ qml: String, _ description: String) {
            // One CREATE TABLE IF NOT EXISTS is enough: the others are no-ops.
            sql += LayerStyle(name: name, qml: qml, description: description).sql(for: .geoPackage, table: table) ?? []
        }
        var zoneOptions: [String] = []
        if let description = layers.zones.description { zoneOptions.append("DESCRIPTION=\(description)") }
        let writer = try VectorWriter(
            path: path, layerName: layers.zones.layerName, spatialReference: crs, geometry: .multiPolygon, fields: layers.zones.fields,
            layerOptions: zoneOptions, expectedFeatures: layers.zones.rows.count + (layers.access?.indices.count ?? 0))
        for (row, geometry) in zip(layers.zones.rows, geometries) { try writer.add(geometry: .multiPolygon(geometry), values: row) }
        // Cells by time to the nearest reception point: the access map's fixed classes.
        if let access = layers.access {
            let accessMap = SVGMap(style: style, layer: .access(mode: layers.accessMode), caption: caption, accessLimit: access.limit, threads: 1)
            var minutes = [Int: Double](minimumCapacity: access.indices.count)
            for (i, c) in access.indices.enumerated() { minutes[c] = access.minutes[i] }
            let cells = try MapComposition.cellSquares(access.cells, target: crs, within: geometries, only: access.indices) { minutes[$0] }
            let (classes, classOf) = accessMap.legendClasses(zones: [], cells: cells)
            try writer.addLayer(
                name: accessLayer, spatialReference: crs, geometry: .multiPolygon,
                fields: [OutputField("minutes", .real), OutputField("classe_acces", .integer)])
            for cell in cells {
                let value = cell.value.flatMap { $0.isFinite ? $0 : nil }
                try writer.add(
                    geometry: .multiPolygon(MultiPolygon([Polygon(exterior: Ring(cell.square))])),
                    values: [value.map { .real(($0 * 10).rounded() / 10) } ?? .null, value.flatMap(classOf).map { .integer(Int64($0)) } ?? .null])
            }
            addStyle(
                accessLayer, "temps d'accès",
                QGISStyle.qml(
                    attribute: "classe_acces",
                    categories: classes.enumerated().filter { $0.element.count > 0 }.map {
                        QGISStyle.Category(value: $0 + 1, label: accessMap.legendLabel($1, number: $0 + 1), color: $1.color)
                    },
                    style: style, withoutClass: "hors réseau", withoutClassSolid: true),
                "AllerVers : carreaux habités par temps d'accès au point d'accueil le plus proche")
        }
        // Reception points and proposed sites; stops and routes: the SVG's circles and lines.
        func points(_ name: String, _ overlay: MapOverlay, _ styleName: String, _ description: String) throws {
            let projected = try overlay.projected(to: crs)
            try writer.addLayer(
                name: name, spatialReference: crs, geometry: .point,
                fields: [OutputField("numero", .integer), OutputField("nom", .string), OutputField("type", .string)])
            for stop in projected.stops {
                try writer.add(
                    geometry: .point(stop.location), values: [.integer(Int64(stop.number)), .string(stop.label), .string(SVGMap.stopKindLabel(stop.kind))])
            }
            let kinds = Set(projected.stops.map(\.kind)).sorted().map { (kind: $0, label: SVGMap.stopKindLabel($0)) }
            addStyle(name, styleName, QGISStyle.pointsQML(kinds: kinds, style: style, labelField: "numero"), description)
        }
        if let sites = layers.sites {
            try points(sitesLayer, sites, "points d'accueil", "AllerVers : points d'accueil existants et sites proposés")
        }
        if let plan = layers.plan {
            try points(stopsLayer, plan, "arrêts", "AllerVers : arrêts de la tournée, numérotés")
            let routes = try plan.projected(to: crs).routes
            try writer.addLayer(name: routesLayer, spatialReference: crs, geometry: .lineString, fields: [OutputField("etape", .integer)])
            for (i, line) in routes.enumerated() { try writer.add(geometry: .lineString(line), values: [.integer(Int64(i + 1))]) }
            addStyle(routesLayer, "trajets", QGISStyle.routesQML(style: style), "AllerVers : trajets de la tournée, étape par étape")
        }
        for statement in sql { try writer.executeSQL(statement) }
        try writer.commit()
    }

    static let caption = MapCaption(territory: "", date: "", sources: "", classification: "", projection: "")
}
