import Foundation
import GeoBindings
import GeometryCore
import Inputs
import Support

/// The Filosofi 200 m cells of a territory cut from the national file: the cells whose square
/// meets the territory's rectangle and a margin around it (the hamlets across a commune's limit,
/// the cells a zone's edge cuts). A CSV (the 2015, 2017, 2019 and 2021 layouts: the cell id
/// `IdINSPIRE` or `idcar_200m` gives the square) keeps its layout line for line; a GeoPackage
/// or any GDAL layer is cut by GDAL (ogr2ogr's `-spat`).
public enum CellsCut {
    /// The margin around the territory, metres.
    public static let margin = 1000.0

    /// Writes the cells within `margin` of `territory` (a rectangle in `crs`) to `destination`
    /// (`.csv` for a CSV input, `.gpkg` otherwise; the caller picks it with `outputExtension`).
    public static func cut(
        path: String, territory: BoundingBox, crs: SpatialReference, to destination: String
    ) throws(InputError) -> (read: Int, kept: Int) {
        if outputExtension(for: path) == "gpkg" { return try cutLayer(path: path, territory: territory, crs: crs, to: destination) }
        let file = try LineFilter(path: path)
        guard let idColumn = file.column(FilosofiReader.idNames) else {
            throw InputError(
                file: path, line: 1,
                words("colonne de l'identifiant de carreau absente : attendu « idcar_200m » (2017 et après) ou « IdINSPIRE » (2015)"))
        }
        // The rectangle in the grid's CRS, that of the first cell's id.
        var box: BoundingBox?
        let result = try file.filter(column: idColumn, to: destination) { (bytes, line) throws(InputError) -> Bool in
            guard let id = GridCellID.parse(bytes.assumingMemoryBound(to: UInt8.self)) else {
                throw InputError.badValue(
                    file: path, line: line, field: file.names[idColumn], found: String(decoding: bytes, as: UTF8.self),
                    expected: words("un identifiant CRS3035RES200mN…E…"))
            }
            if box == nil {
                do throws(GeoError) {
                    let grid = try SpatialReference(epsg: Int(id.epsg))
                    let inGrid = try territory.reprojected(from: crs, to: grid)
                    box = BoundingBox(minX: inGrid.minX - margin, minY: inGrid.minY - margin, maxX: inGrid.maxX + margin, maxY: inGrid.maxY + margin)
                } catch { throw InputError(file: path, line: line, "EPSG:\(id.epsg) : \(error.message)") }
            }
            let x = Double(id.easting), y = Double(id.northing), side = Double(id.resolution)
            guard let box else { return false }
            return x + side >= box.minX && x <= box.maxX && y + side >= box.minY && y <= box.maxY
        }
        return result
    }

    /// `csv` for a delimited text file, `gpkg` for anything GDAL reads as a layer.
    public static func outputExtension(for path: String) -> String {
        ["csv", "txt", "tsv"].contains(URL(fileURLWithPath: path).pathExtension.lowercased()) ? "csv" : "gpkg"
    }

    static func cutLayer(path: String, territory: BoundingBox, crs: SpatialReference, to destination: String) throws(InputError) -> (read: Int, kept: Int) {
        do {
            let dataset = try VectorDataset(path: path)
            let layer = try dataset.layer(at: 0)
            let read = layer.featureCount
            let spat = [territory.minX - margin, territory.minY - margin, territory.maxX + margin, territory.maxY + margin].map { String($0) }
            try VectorTranslate.run(
                dataset, to: destination,
                arguments: ["-f", "GPKG", "-spat"] + spat + ["-spat_srs", crs.epsgCode.map { "EPSG:\($0)" } ?? crs.wkt, "-nln", "carreaux", layer.name])
            let kept = try VectorDataset(path: destination).layer(at: 0).featureCount
            return (read, kept)
        } catch { throw InputError(file: path, error.message) }
    }
}
