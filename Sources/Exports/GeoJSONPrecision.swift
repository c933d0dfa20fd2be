import GeometryCore

/// Longitudes and latitudes as AllerVers' GeoJSON files publish them (six decimals, about
/// 10 cm): the maps draw stops and routes exactly where the files put them.
public enum GeoJSONPrecision {
    public static func published(_ point: Point) -> Point {
        Point(x: (point.x * 1e6).rounded() / 1e6, y: (point.y * 1e6).rounded() / 1e6)
    }
}
