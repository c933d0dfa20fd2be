import Foundation

/// A place written `longitude,latitude` in WGS 84 (a depot given by hand).
public enum LonLatText {
    public static func parse(_ text: String) -> Point? {
        let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let lon = parts[0], let lat = parts[1], (-180...180).contains(lon), (-90...90).contains(lat) else { return nil }
        return Point(x: lon, y: lat)
    }
}
