import Foundation
import GeoBindings
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

    /// The places near enough the territory to be of use (`projected[i]`, in grid coordinates,
    /// for `points[i]`, within `margin` metres of the cells' extent), by index. Places farther
    /// away are left aside and counted on standard error: a regional OpenStreetMap extract or a
    /// national list holds thousands of them. But a place whose latitude and longitude, swapped,
    /// would put it in the territory is an error, and so is a file none of whose places is near
    /// (another territory's file, or coordinates in another system), naming the file and row.
    public static func nearby(
        _ points: [PointOfInterest], projected: [Point], cellsExtent box: BoundingBox, margin: Double, toGrid: CoordinateTransformer
    ) throws -> [Int] {
        var kept: [Int] = [], far: [Int] = []
        for i in points.indices { if distance(projected[i], to: box) <= margin { kept.append(i) } else { far.append(i) } }
        // Swapped coordinates: far as given, within reach once swapped (a longitude beyond
        // ±90° cannot be a latitude).
        let swappable = far.filter { abs(points[$0].location.x) <= 90 }
        var swapped = swappable.map { Point(x: points[$0].location.y, y: points[$0].location.x) }
        if (try? toGrid.transform(&swapped)) != nil {
            for (k, i) in swappable.enumerated() where distance(swapped[k], to: box) <= limit {
                let point = points[i]
                throw InputError(
                    file: point.source, line: point.sourceRecord,
                    words(
                        "« %1$@ » (longitude %2$@, latitude %3$@) est à %4$@ des carreaux du territoire : latitude et longitude inversées ?", point.name,
                        point.location.x, point.location.y, describe(distance(projected[i], to: box))))
            }
        }
        let nearSources = Set(kept.map { points[$0].source })
        var farBySource: [String: [Int]] = [:]
        for i in far { farBySource[points[i].source, default: []].append(i) }
        for source in farBySource.keys.sorted() where !nearSources.contains(source) {
            let first = points[farBySource[source]![0]]
            let d = distance(projected[farBySource[source]![0]], to: box)
            throw InputError(
                file: source, line: first.sourceRecord,
                words(
                    "aucun de ses %1$@ lieux n'est à moins de %2$@ des carreaux du territoire (« %3$@ », longitude %4$@, latitude %5$@, est à %6$@) : un fichier d'un autre territoire, ou des coordonnées fausses ?",
                    farBySource[source]!.count, describe(margin), first.name, first.location.x, first.location.y, describe(d)))
        }
        for source in farBySource.keys.sorted() {
            let count = SpokenNumber.integer(Double(farBySource[source]!.count))
            FileHandle.standardError.write(
                Data(
                    words("attention : %1$@ : %2$@ lieu(x) à plus de %3$@ des carreaux du territoire laissé(s) de côté\n", source, count, describe(margin)).utf8
                ))
        }
        return kept
    }

    /// A distance for messages: « 12 km », « 800 m », « grande distance ».
    public static func describe(_ metres: Double) -> String {
        guard metres.isFinite else { return words("grande distance") }
        return metres >= 10_000 ? "\(Int(metres / 1000)) km" : metres >= 1000 ? "\(SpokenNumber.decimal(metres / 1000, digits: 1)) km" : "\(Int(metres)) m"
    }
}
