internal import CGDAL
import Foundation

/// A raster image read whole through GDAL (PNG, GeoTIFF…): 8-bit bands, row-major. Used to
/// check renderings (a map's PNG, a report's screenshot).
public struct RasterImage: Sendable {
    public var width: Int
    public var height: Int
    /// One array of `width × height` bytes per band (RGB or RGBA for a PNG).
    public var bands: [[UInt8]]

    public static func read(path: String) throws(GeoError) -> RasterImage {
        GDALRuntime.ensure()
        guard let dataset = GDALOpen(path, GA_ReadOnly) else {
            throw GeoError(function: "GDALOpen", message: GDALRuntime.lastMessage(), path: path)
        }
        defer { GDALClose(dataset) }
        let width = Int(GDALGetRasterXSize(dataset)), height = Int(GDALGetRasterYSize(dataset))
        var bands: [[UInt8]] = []
        for b in 1...max(1, Int(GDALGetRasterCount(dataset))) {
            guard let band = GDALGetRasterBand(dataset, Int32(b)) else { break }
            var pixels = [UInt8](repeating: 0, count: width * height)
            let status = pixels.withUnsafeMutableBytes { buffer in
                GDALRasterIO(band, GF_Read, 0, 0, Int32(width), Int32(height), buffer.baseAddress, Int32(width), Int32(height), GDT_Byte, 0, 0)
            }
            guard status == CE_None else { throw GeoError(function: "GDALRasterIO", message: GDALRuntime.lastMessage(), path: path) }
            bands.append(pixels)
        }
        return RasterImage(width: width, height: height, bands: bands)
    }

    /// The pixel's colour as `#rrggbb` (the first three bands).
    public func color(x: Int, y: Int) -> String? {
        guard x >= 0, y >= 0, x < width, y < height, bands.count >= 3 else { return nil }
        let i = y * width + x
        return String(format: "#%02x%02x%02x", bands[0][i], bands[1][i], bands[2][i])
    }
}
