import GeometryCore
import ScoredFiles

/// The pages of a territory's atlas: one commune a page, or, for a territory of many communes
/// (a communauté de communes of villages), sectors of neighbouring communes.
public enum AtlasSectors {
    /// The most pages the atlas gives a territory one commune a page; beyond, its communes are
    /// grouped in `atlasSectors` sectors, so that a dossier of 16 to 40 communes stays within
    /// about twelve pages.
    static let maxAtlasPages = 6
    static let atlasSectors = 4

    /// The communes in at most `atlasSectors` sectors of neighbours: the territory's box cut
    /// in columns and rows by the communes' centres (west to east, then north to south), each
    /// sector of about the same number of communes.
    public static func pages(of codes: [String], in layer: ScoredLayer) -> [[String]] {
        guard codes.count > maxAtlasPages else { return codes.map { [$0] } }
        var centre: [String: Point] = [:]
        for code in codes {
            var box = BoundingBox.empty
            for zone in layer.zones where zone.commune == code { box.include(zone.geometry.boundingBox) }
            centre[code] = Point(x: (box.minX + box.maxX) / 2, y: (box.minY + box.maxY) / 2)
        }
        let columns = 2, rows = atlasSectors / 2
        let byX = codes.sorted { (centre[$0]!.x, $0) < (centre[$1]!.x, $1) }
        let perColumn = (byX.count + columns - 1) / columns
        var result: [[String]] = []
        for c in 0..<columns {
            let column = Array(byX.dropFirst(c * perColumn).prefix(perColumn)).sorted { (-centre[$0]!.y, $0) < (-centre[$1]!.y, $1) }
            let perRow = max(1, (column.count + rows - 1) / rows)
            for r in 0..<rows {
                let sector = Array(column.dropFirst(r * perRow).prefix(perRow))
                if !sector.isEmpty { result.append(sector) }
            }
        }
        return result
    }
}
