import Foundation
import GeometryCore
import Inputs
import Support

/// Cells allocated to a layer of zones, with what later steps need: the coverage table (to
/// spread zone estimates back over cells) and each zone's area in the grid CRS (density).
public struct ZoneOverlay: Sendable {
    public var aggregation: Aggregation
    public var coverage: CoverageTable
    /// Zone areas in m², measured in the grid's equal-area CRS.
    public var areas: [Double] { coverage.zoneAreas }

    /// Reprojects the zones into the grid CRS (unless `inGrid` holds them already, in the
    /// cells' grid), computes coverage fractions and aggregates.
    public static func compute(
        cells: CellTable, zones: ZoneLayer, inGrid: ZonesInGrid? = nil, variables: [String], method: OverlayMethod, conserve: Bool, threads: Int,
        progress: (@Sendable (Int) -> Void)? = nil, requireOverlap: Bool = true
    ) throws -> ZoneOverlay {
        let geometries: [MultiPolygon]
        if let inGrid, inGrid.epsg == cells.gridEPSG, inGrid.shapes.count == zones.zones.count {
            geometries = inGrid.shapes
        } else {
            geometries = try PhaseTimer.measure("reprojection des zones") { try zones.geometries(inEPSG: cells.gridEPSG, threads: threads) }
        }
        let grid = PhaseTimer.measure("index des carreaux") { GridIndex(easting: cells.easting, northing: cells.northing, side: cells.resolution) }
        let ids = zones.zones.map(\.id)
        let coverage = try PhaseTimer.measure("couverture exacte") {
            try CoverageComputation.compute(zones: geometries, zoneIDs: ids, grid: grid, method: method, threads: threads, progress: progress)
        }
        // Cells and zones that never meet are files of two territories (overseas cells against
        // metropolitan zones, a commune against another region): an error, not empty results.
        if requireOverlap && cells.count > 0 && !zones.zones.isEmpty && !coverage.fractions.contains(where: { $0 > 0 }) {
            var box = BoundingBox.empty
            for g in geometries { box.include(g.boundingBox) }
            let names: [Int32: String] = [3035: "France métropolitaine", 2975: "La Réunion", 5490: "Antilles", 2972: "Guyane", 4471: "Mayotte"]
            throw InputError(
                file: cells.source,
                words(
                    "aucun carreau ne tombe dans une zone de %1$@ : les carreaux sont sur la grille EPSG:%2$@%3$@, les zones sont ailleurs (emprise dans cette grille : %4$@, %5$@ – %6$@, %7$@) ; fichiers de deux territoires différents ?",
                    zones.source, cells.gridEPSG, names[cells.gridEPSG].map { " (\($0))" } ?? "", Int(box.minX), Int(box.minY), Int(box.maxX), Int(box.maxY))
            )
        }
        let aggregation = try PhaseTimer.measure("agrégation") {
            try Aggregator.aggregate(
                cells: cells, coverage: coverage, zoneIDs: ids, variables: variables, method: method, conserve: conserve, threads: threads
            )
        }
        return ZoneOverlay(aggregation: aggregation, coverage: coverage)
    }
}

/// Zones reprojected into a grid's CRS ahead of the overlay: while the cells are still being
/// read, into the grid their file announces (`FilosofiReader.announcedGridEPSG`). The overlay
/// uses them only when the cells turn out to be on that grid.
public struct ZonesInGrid: Sendable {
    public let epsg: Int32
    public let shapes: [MultiPolygon]

    /// Shapes taken as they are (tests).
    init(epsg: Int32, shapes: [MultiPolygon]) {
        self.epsg = epsg
        self.shapes = shapes
    }

    public init(zones: ZoneLayer, epsg: Int32, threads: Int) throws {
        self.epsg = epsg
        shapes = try PhaseTimer.measure("reprojection des zones") {
            try zones.geometries(inEPSG: epsg, threads: threads)
        }
    }

    /// The zones' shapes taken out of `zones` (left without them) and moved into the grid in
    /// place (`ZoneLayer.takeGeometries`).
    public init(taking zones: inout ZoneLayer, epsg: Int32, threads: Int) throws {
        self.epsg = epsg
        shapes = try PhaseTimer.measure("reprojection des zones") {
            try zones.takeGeometries(inEPSG: epsg, threads: threads)
        }
    }
}
