import Foundation
import GeoBindings
import GeometryCore
import Inputs
import ScoredFiles
import Support

/// What a map of a scored territory is made of, beside its zones: its credits, the territory's
/// name and titles, the 200 m cells drawn as squares in the map's CRS (standard of living,
/// access times), where people live inside whole communes.
public enum MapComposition {
    /// The credits of a scored file: those it carries (written by `score`), else the
    /// producers without vintages (a file from elsewhere).
    public static func credits(_ scored: ScoredLayer, more: [String] = []) -> DataCredits {
        (DataCredits(text: scored.credits)
            ?? DataCredits(parts: ["Insee, Filosofi", "IGN – Insee, Contours IRIS", "Cnaf, Cafdata (millésimes inconnus : fichier sans crédits)"]))
            .adding(more)
    }

    /// The territory named on maps and reports: the one given, else the commune (name and
    /// code) or the number of communes.
    public static func territoryName(_ zones: [ScoredZone], given: String?) -> String {
        if let given { return PrintedText.bounded(given, source: "--territory", field: "nom du territoire") }
        let communes = Set(zones.compactMap(\.commune)).sorted()
        return communes.count == 1 ? "\(zones.first?.communeName ?? "Commune") (\(communes[0]))" : "\(communes.count) communes"
    }

    public static func sitingTitle(territory: String) -> String { "Implantation des points d'accueil — \(territory)" }

    /// The cells' squares in the map CRS, with their mean standard of living, for the cells
    /// that touch the mapped zones' extent.
    public static func cellSquares(_ cells: CellTable, target: SpatialReference, within zones: [MultiPolygon]) throws -> [MapCell] {
        guard let ind = cells.column("ind"), let snv = cells.column("ind_snv") else {
            throw InputError.missing(
                file: cells.source, field: cells.column("ind") == nil ? "ind" : "ind_snv",
                words("la carte du niveau de vie par carreau demande les colonnes ind et ind_snv, que ce fichier n'a pas"))
        }
        return try cellSquares(cells, target: target, within: zones, only: nil) { c in ind[c] > 0 ? snv[c] / ind[c] : nil }
    }

    /// Where people live inside the published zones that are whole communes (see `MapHomes`):
    /// their inhabited cells (a cell belongs to the zone holding its centre) and the centre of
    /// each one's cell of most poor households. None for a territory wider than 200 km, where
    /// a 200 m cell is less than a point on the page.
    public static func homes(_ cells: CellTable, zones: [ScoredZone], target: SpatialReference) throws -> MapHomes {
        let communeZones = zones.indices.filter { ZoneWording.isCommune(code: zones[$0].code) && zones[$0].isPublished }
        guard !communeZones.isEmpty, let households = cells.column("men")?.doubles else { return MapHomes() }
        var box = BoundingBox.empty
        for z in communeZones { box.include(zones[z].geometry.boundingBox) }
        guard max(box.width, box.height) <= 200_000 else { return MapHomes() }
        let poor = cells.column("men_pauv")?.doubles ?? households
        let inhabited = (0..<cells.count).filter { households[$0] > 0 }
        // Each cell's four corners and its centre, in the map CRS.
        let side = Double(cells.resolution)
        var points: [Point] = []
        points.reserveCapacity(inhabited.count * 5)
        for c in inhabited {
            let x = Double(cells.easting[c]), y = Double(cells.northing[c])
            points += [
                Point(x: x, y: y), Point(x: x + side, y: y), Point(x: x + side, y: y + side), Point(x: x, y: y + side),
                Point(x: x + side / 2, y: y + side / 2),
            ]
        }
        let grid = try SpatialReference(epsg: Int(cells.gridEPSG))
        try CoordinateTransformer(from: grid, to: target).transformSharing(&points)
        let boxes = communeZones.map { zones[$0].geometry.boundingBox }
        var drawn: [MapCell] = []
        var anchors: [Int: Point] = [:], heaviest: [Int: Double] = [:]
        for (k, c) in inhabited.enumerated() {
            let centre = points[5 * k + 4]
            guard box.contains(centre),
                let j = communeZones.indices.first(where: { boxes[$0].contains(centre) && zones[communeZones[$0]].geometry.contains(centre) })
            else { continue }
            let z = communeZones[j]
            drawn.append(MapCell(square: Array(points[(5 * k)..<(5 * k + 4)]), value: households[c], imputed: cells.imputed[c]))
            if poor[c] > heaviest[z] ?? -1 {
                heaviest[z] = poor[c]
                anchors[z] = centre
            }
        }
        return MapHomes(cells: drawn, anchors: anchors)
    }

    /// Populated cells and their time to the nearest reception point, for the access map.
    public struct AccessCells {
        public var cells: CellTable
        public var indices: [Int]
        public var minutes: [Double]
        /// The territory's limit (minutes), and the cells (grid indices) the proposed sites
        /// bring within it.
        public var limit: Double? = nil
        public var gained: Set<Int> = []

        public init(cells: CellTable, indices: [Int], minutes: [Double], limit: Double? = nil, gained: Set<Int> = []) {
            self.cells = cells
            self.indices = indices
            self.minutes = minutes
            self.limit = limit
            self.gained = gained
        }
    }

    /// The squares of some cells (all by default) in the map CRS, with a value each.
    public static func cellSquares(
        _ cells: CellTable, target: SpatialReference, within zones: [MultiPolygon], only: [Int]?, gained: Set<Int> = [], value: (Int) -> Double?
    ) throws -> [MapCell] {
        let drawn = only ?? Array(0..<cells.count)
        let imputedShown = only == nil
        let grid = try SpatialReference(epsg: Int(cells.gridEPSG))
        let transformer = try CoordinateTransformer(from: grid, to: target)
        var box = BoundingBox.empty
        for zone in zones { box.include(zone.boundingBox) }
        var points: [Point] = []
        points.reserveCapacity(drawn.count * 4)
        let side = Double(cells.resolution)
        for c in drawn {
            let x = Double(cells.easting[c]), y = Double(cells.northing[c])
            points += [Point(x: x, y: y), Point(x: x + side, y: y), Point(x: x + side, y: y + side), Point(x: x, y: y + side)]
        }
        try transformer.transformSharing(&points)
        var result: [MapCell] = []
        for (k, c) in drawn.enumerated() {
            let square = Array(points[(4 * k)..<(4 * k + 4)])
            guard square.contains(where: { box.contains($0) }) else { continue }
            result.append(MapCell(square: square, value: value(c), imputed: imputedShown && cells.imputed[c], gained: gained.contains(c)))
        }
        return result
    }
}
