import Foundation
import GeoBindings
import GeometryCore
import Inputs
import Overlay
import Risk
import Support

/// The zones of a scored file and their coverage of the cells: computed once, used by the
/// plan and the siting review.
public struct ScoredCoverage {
    public var layer: ScoredLayer
    public var coverage: CoverageTable
    /// Each zone's area in m², in the grid's CRS.
    public var zoneAreas: [Double] { coverage.zoneAreas }

    /// Inhabitants per km² of the territory: the cells' inhabitants allocated to its zones
    /// over the zones' area; nil without an `ind` column or an area.
    public func density(cells: CellTable) -> Double? {
        guard let inhabitants = cells.column("ind") else { return nil }
        let area = zoneAreas.reduce(0, +) / 1e6
        guard area > 0 else { return nil }
        var total = 0.0
        for (k, c) in coverage.cells.enumerated() { total += inhabitants[Int(c)] * coverage.fractions[k] }
        return total / area
    }

    /// The rectangle of the cells the zones cover, in the grid's CRS.
    public func extent(cells: CellTable) -> BoundingBox {
        var box = BoundingBox.empty
        let side = Double(cells.resolution)
        for c in coverage.cells {
            let x = Double(cells.easting[Int(c)]), y = Double(cells.northing[Int(c)])
            box.include(Point(x: x, y: y))
            box.include(Point(x: x + side, y: y + side))
        }
        return box
    }

    public init(layer: ScoredLayer, coverage: CoverageTable) {
        self.layer = layer
        self.coverage = coverage
    }
}

extension ScoredCoverage {
    /// The zones' coverage of the cells, computed exactly in the grid's CRS.
    public static func compute(layer: ScoredLayer, cells: CellTable, threads: Int) throws -> ScoredCoverage {
        let grid = try SpatialReference(epsg: Int(cells.gridEPSG))
        let geometries = try Reprojection.shapes(layer.zones.map(\.geometry), from: layer.crs, to: grid, threads: threads)
        let coverage = try CoverageComputation.compute(
            zones: geometries, zoneIDs: layer.zones.map(\.code),
            grid: GridIndex(easting: cells.easting, northing: cells.northing, side: cells.resolution),
            method: .exact, threads: threads
        )
        return ScoredCoverage(layer: layer, coverage: coverage)
    }

    /// The benefits of a scored file (its `non_recours_<id>` columns), the target groups of the
    /// plan; empty when the file has only the total.
    public static func benefitIDs(_ layer: ScoredLayer) -> [String] {
        var ids = Set<String>()
        for zone in layer.zones where zone.isPublished {
            for key in zone.attributes.keys where key.hasPrefix(ScoredColumn.benefitPrefix) {
                let id = String(key.dropFirst(ScoredColumn.benefitPrefix.count))
                if !id.contains("_"), !ScoredColumn.totalSuffixes.contains(id), zone.number(key) != nil { ids.insert(id) }
            }
        }
        return ids.sorted()
    }

    /// The per-cell risk, per benefit (or in total): each scored zone's estimates spread over
    /// its cells by poor households, each benefit at its weight in the steering volume (a
    /// benefit whose rate is assumed counts less: `volume_weight` of the model).
    public func cellRisk(cells: CellTable, benefits: [String], model: RiskModel?, threads: Int) -> CellRisk {
        // Secret zones publish no estimate: they add nothing.
        let columns = benefits.isEmpty ? [ScoredColumn.estimate] : benefits.map(ScoredColumn.benefit)
        // The model's order of the file's benefits, when the model knows them all.
        let positions = model.flatMap { model in
            let found = benefits.map { id in model.benefits.firstIndex { $0.id == id } }
            return benefits.isEmpty || found.contains(nil) ? nil : found.map { $0! }
        }
        let values = layer.zones.map { zone -> [Double] in
            let raw = columns.map { zone.isPublished ? (zone.number($0) ?? 0) : 0 }
            guard let model, let positions else { return raw }
            var ordered = [Double](repeating: 0, count: model.benefits.count)
            for (i, b) in positions.enumerated() { ordered[b] = raw[i] }
            let steering = model.steeringContributions(ordered)
            return positions.map { steering[$0] }
        }
        return CellRisk.spread(zoneValues: values, cells: cells, coverage: coverage, threads: threads)
    }
}
