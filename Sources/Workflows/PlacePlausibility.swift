import Foundation
import GeometryCore
import Inputs
import Support

/// Checks that places given by the user lie where the territory is: a point thousands of
/// kilometres from the cells has its latitude and longitude swapped, or belongs to another
/// territory.
public enum PlacePlausibility {
    /// Beyond this distance (metres) from the cells' extent, a place is refused.
    public static let limit = 100_000.0

    /// The extent of the cells in the grid CRS.
    public static func extent(of cells: CellTable) -> BoundingBox {
        var box = BoundingBox.empty
        let side = Double(cells.resolution)
        for i in 0..<cells.count {
            box.include(Point(x: Double(cells.easting[i]), y: Double(cells.northing[i])))
            box.include(Point(x: Double(cells.easting[i]) + side, y: Double(cells.northing[i]) + side))
        }
        return box
    }

    public static func distance(_ p: Point, to box: BoundingBox) -> Double {
        guard p.x.isFinite, p.y.isFinite else { return .infinity }
        let dx = max(box.minX - p.x, 0, p.x - box.maxX), dy = max(box.minY - p.y, 0, p.y - box.maxY)
        return (dx * dx + dy * dy).squareRoot()
    }

    /// Refuses the first point (in grid coordinates, `projected[i]` for `points[i]`) farther
    /// than `limit` from the cells, naming its file and record.
    public static func check(_ points: [PointOfInterest], projected: [Point], cellsExtent box: BoundingBox) throws {
        for (i, point) in points.enumerated() {
            let d = distance(projected[i], to: box)
            guard d > limit else { continue }
            let swapped = abs(point.location.x) > 30 && abs(point.location.y) < 30
            throw InputError(
                file: point.source, line: point.sourceRecord,
                fr(
                    "« \(point.name) » (longitude \(point.location.x), latitude \(point.location.y)) est à \(d.isFinite ? "\(Int(d / 1000)) km" : "grande distance") des carreaux du territoire\(swapped ? " : latitude et longitude inversées ?" : " : un lieu d'un autre territoire, ou des coordonnées fausses ?")",
                    en:
                        "« \(point.name) » (longitude \(point.location.x), latitude \(point.location.y)) lies \(d.isFinite ? "\(Int(d / 1000)) km" : "far") from the cells of the territory\(swapped ? ": latitude and longitude swapped?" : ": a place of another territory, or wrong coordinates?")"
                )
            )
        }
    }
}
