import Foundation
import GeoBindings
import GeometryCore
import Inputs

/// Cells allocated to a layer of zones, with what later steps need: the coverage table (to
/// spread zone estimates back over cells) and each zone's area in the grid CRS (density).
public struct ZoneOverlay: Sendable {
    public var aggregation: Aggregation
    public var coverage: CoverageTable
    /// Zone areas in m², measured in the grid's equal-area CRS.
    public var areas: [Double]

    /// Reprojects the zones into the grid CRS, computes coverage fractions and aggregates.
    public static func compute(
        cells: CellTable, zones: ZoneLayer, variables: [String], method: OverlayMethod, conserve: Bool, threads: Int,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> ZoneOverlay {
        let gridCRS = try SpatialReference(epsg: Int(cells.gridEPSG))
        let geometries = try zones.geometries(in: gridCRS, threads: threads)
        let grid = GridIndex(easting: cells.easting, northing: cells.northing, side: cells.resolution)
        let ids = zones.zones.map(\.id)
        let coverage = try CoverageComputation.compute(
            zones: geometries, zoneIDs: ids, grid: grid, method: method, threads: threads, progress: progress
        )
        let aggregation = try Aggregator.aggregate(
            cells: cells, coverage: coverage, zoneIDs: ids, variables: variables, method: method, conserve: conserve
        )
        return ZoneOverlay(aggregation: aggregation, coverage: coverage, areas: geometries.map(\.area))
    }
}
