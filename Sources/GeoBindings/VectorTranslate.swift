internal import CGDAL
import Foundation
import Support

/// GDAL's `ogr2ogr` as a library call (`GDALVectorTranslate`): copies the layers of a dataset,
/// or the part of them an attribute or spatial filter keeps (`-where`, `-spat`), into a file of
/// any format GDAL writes. AllerVers cuts the national files with it.
public enum VectorTranslate {
    /// Translates `source` into `destination` with ogr2ogr's arguments (`-f GPKG`, `-where …`,
    /// `-spat xmin ymin xmax ymax`, `-spat_srs EPSG:3035`, `-nln name`, `-append`…). A usage
    /// error or a failure is an error naming the destination.
    public static func run(_ source: VectorDataset, to destination: String, arguments: [String]) throws(GeoError) {
        GDALRuntime.ensure()
        let options = withCStringList(arguments) { GDALVectorTranslateOptionsNew($0, nil) }
        guard let options else {
            throw GeoError(
                function: "GDALVectorTranslateOptionsNew", message: GDALRuntime.lastMessage(), path: destination)
        }
        defer { GDALVectorTranslateOptionsFree(options) }
        var usageError: Int32 = 0
        var sources: [GDALDatasetH?] = [source.handle]
        let written = try gdalCall(
            "GDALVectorTranslate", path: destination,
            { sources.withUnsafeMutableBufferPointer { GDALVectorTranslate(destination, nil, 1, $0.baseAddress, options, &usageError) } },
            failed: { $0 == nil })
        guard let written else { throw GeoError(function: "GDALVectorTranslate", message: GDALRuntime.lastMessage(), path: destination) }
        GDALClose(written)
    }
}
