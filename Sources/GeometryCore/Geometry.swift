import Support

/// A position in a projected or geographic CRS (x = easting or longitude).
public struct Point: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// Straight-line distance, in the CRS's units.
    public func distance(to other: Point) -> Double {
        ((x - other.x) * (x - other.x) + (y - other.y) * (y - other.y)).squareRoot()
    }
}

/// An axis-aligned rectangle; `empty` has inverted bounds so that any union fixes it.
public struct BoundingBox: Sendable, Hashable {
    public var minX: Double
    public var minY: Double
    public var maxX: Double
    public var maxY: Double

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    public static let empty = BoundingBox(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)

    public var isEmpty: Bool { !(minX <= maxX && minY <= maxY) }
    public var width: Double { maxX - minX }
    public var height: Double { maxY - minY }

    public mutating func include(_ p: Point) {
        if p.x < minX { minX = p.x }
        if p.x > maxX { maxX = p.x }
        if p.y < minY { minY = p.y }
        if p.y > maxY { maxY = p.y }
    }

    public mutating func include(_ box: BoundingBox) {
        guard !box.isEmpty else { return }
        minX = Swift.min(minX, box.minX)
        minY = Swift.min(minY, box.minY)
        maxX = Swift.max(maxX, box.maxX)
        maxY = Swift.max(maxY, box.maxY)
    }

    public func contains(_ p: Point) -> Bool {
        p.x >= minX && p.x <= maxX && p.y >= minY && p.y <= maxY
    }

    /// The box around all of `shapes`, measured in blocks of shapes on up to `threads`
    /// threads (a national layer's 7.6 million vertices are 20 ms of one core); the same box
    /// whatever the threads (minima and maxima do not depend on their order).
    public init(enclosing shapes: [MultiPolygon], threads: Int) {
        let blockSize = 1024
        let boxes: [BoundingBox] =
            (try? parallelMap(count: (shapes.count + blockSize - 1) / blockSize, threads: threads) { b -> BoundingBox in
                var box = BoundingBox.empty
                for shape in shapes[(b * blockSize)..<Swift.min(shapes.count, (b + 1) * blockSize)] { box.include(shape.boundingBox) }
                return box
            }) ?? []
        self = .empty
        for box in boxes { include(box) }
    }
}

/// A closed linear ring, stored without the repeated closing point.
public struct Ring: Sendable, Hashable {
    public var points: [Point]

    /// Builds a ring from its vertices; a closing point equal to the first one is dropped.
    public init(_ points: [Point]) {
        var pts = points
        if pts.count > 1, pts.first == pts.last { pts.removeLast() }
        self.points = pts
    }

    /// Twice the signed area would lose precision far from the origin: the shoelace sum is
    /// taken relative to the first vertex. Positive for counter-clockwise rings.
    public var signedArea: Double {
        guard points.count >= 3 else { return 0 }
        let origin = points[0]
        var sum = 0.0
        var prev = Point(x: points[1].x - origin.x, y: points[1].y - origin.y)
        for i in 2..<points.count {
            let cur = Point(x: points[i].x - origin.x, y: points[i].y - origin.y)
            sum += prev.x * cur.y - cur.x * prev.y
            prev = cur
        }
        return sum / 2
    }

    public var boundingBox: BoundingBox {
        var box = BoundingBox.empty
        for p in points { box.include(p) }
        return box
    }

    /// The same ring, walked the other way.
    public func reversed() -> Ring { Ring(points.reversed()) }
}

/// A polygon: one exterior ring and any number of holes.
public struct Polygon: Sendable, Hashable {
    public var exterior: Ring
    public var holes: [Ring]

    public init(exterior: Ring, holes: [Ring] = []) {
        self.exterior = exterior
        self.holes = holes
    }

    /// Area of the exterior minus the holes, whatever the rings' orientation.
    public var area: Double {
        abs(exterior.signedArea) - holes.reduce(0) { $0 + abs($1.signedArea) }
    }

    public var rings: [Ring] { [exterior] + holes }

    /// Exterior counter-clockwise, holes clockwise: the orientation the coverage sweep expects.
    public func oriented() -> Polygon {
        Polygon(
            exterior: exterior.signedArea < 0 ? exterior.reversed() : exterior,
            holes: holes.map { $0.signedArea > 0 ? $0.reversed() : $0 }
        )
    }
}

/// A zone's geometry: one or several polygons.
public struct MultiPolygon: Sendable, Hashable {
    public var polygons: [Polygon]

    public init(_ polygons: [Polygon]) { self.polygons = polygons }

    public var area: Double { polygons.reduce(0) { $0 + $1.area } }

    public var boundingBox: BoundingBox {
        var box = BoundingBox.empty
        for polygon in polygons { box.include(polygon.exterior.boundingBox) }
        return box
    }

    /// Whether a point lies inside (even–odd rule over every ring: holes excluded). A point on
    /// a boundary may fall either side.
    public func contains(_ p: Point) -> Bool {
        var inside = false
        for polygon in polygons {
            for ring in polygon.rings {
                let points = ring.points
                guard points.count >= 3 else { continue }
                var previous = points[points.count - 1]
                for current in points {
                    if (current.y > p.y) != (previous.y > p.y) {
                        let x = current.x + (p.y - current.y) * (previous.x - current.x) / (previous.y - current.y)
                        if p.x < x { inside.toggle() }
                    }
                    previous = current
                }
            }
        }
        return inside
    }

    public var vertexCount: Int {
        polygons.reduce(0) { $0 + $1.exterior.points.count + $1.holes.reduce(0) { $0 + $1.points.count } }
    }

    /// Applies `transform` to every vertex (used after a batch reprojection).
    public func mapPoints(_ transform: (Point) -> Point) -> MultiPolygon {
        MultiPolygon(
            polygons.map { polygon in
                Polygon(
                    exterior: Ring(polygon.exterior.points.map(transform)),
                    holes: polygon.holes.map { Ring($0.points.map(transform)) }
                )
            })
    }
}
