internal import CPROJ
import GeometryCore
import Support

enum PROJRuntime {
    static var version: String {
        let info = proj_info()
        guard let release = info.version else { return "unknown" }
        return String(cString: release)
    }
}

/// A PROJ transformation between two CRS, with its own context. Not shareable between
/// threads: each worker makes its own (PROJ contexts are per thread).
public final class CoordinateTransformer {
    private let context: OpaquePointer
    private let transformation: OpaquePointer
    public let sourceName: String
    public let targetName: String

    public convenience init(from source: SpatialReference, to target: SpatialReference) throws(GeoError) {
        try self.init(sourceDefinition: source.wkt, sourceName: source.name, targetDefinition: target.wkt, targetName: target.name)
    }

    /// From two CRS definitions (WKT, `EPSG:n`…) that PROJ understands.
    public init(sourceDefinition: String, sourceName: String, targetDefinition: String, targetName: String) throws(GeoError) {
        guard let context = proj_context_create() else {
            throw GeoError(function: "proj_context_create", message: words("impossible de créer un contexte PROJ"))
        }
        proj_log_level(context, PJ_LOG_NONE)
        let raw = proj_create_crs_to_crs(context, sourceDefinition, targetDefinition, nil)
        guard let raw else {
            let message = Self.message(context)
            proj_context_destroy(context)
            throw GeoError(
                function: "proj_create_crs_to_crs",
                message: words("aucune transformation de %1$@ vers %2$@", sourceName, targetName)
                    + (message.isEmpty ? "" : ": \(message)")
            )
        }
        // x = easting or longitude, y = northing or latitude, whatever the CRS's axis order.
        let normalised = proj_normalize_for_visualization(context, raw)
        proj_destroy(raw)
        guard let normalised else {
            let message = Self.message(context)
            proj_context_destroy(context)
            throw GeoError(function: "proj_normalize_for_visualization", message: message)
        }
        self.context = context
        self.transformation = normalised
        self.sourceName = sourceName
        self.targetName = targetName
    }

    deinit {
        proj_destroy(transformation)
        proj_context_destroy(context)
    }

    private static func message(_ context: OpaquePointer) -> String {
        let errno = proj_context_errno(context)
        guard errno != 0, let text = proj_context_errno_string(context, errno) else { return "" }
        return String(cString: text)
    }

    /// Transforms points in place, in one batch. A point PROJ cannot transform is an error
    /// naming its position in the batch.
    public func transform(_ points: inout [Point]) throws(GeoError) {
        guard !points.isEmpty else { return }
        let count = points.count
        let stride = MemoryLayout<Point>.stride
        var failure: GeoError?
        points.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            let xs = base.assumingMemoryBound(to: Double.self)
            let ys = xs + 1
            proj_errno_reset(transformation)
            _ = proj_trans_generic(transformation, PJ_FWD, xs, stride, count, ys, stride, count, nil, 0, 0, nil, 0, 0)
            for i in 0..<count where !(xs[i * 2].isFinite && ys[i * 2].isFinite) {
                failure = GeoError(
                    function: "proj_trans_generic",
                    message: words("le point %1$@ sur %2$@ n'a pas pu être transformé de %3$@ vers %4$@", i + 1, count, sourceName, targetName)
                )
                break
            }
        }
        if let failure { throw failure }
    }

    /// Points transformed in place in one batch; a point PROJ cannot transform becomes
    /// non-finite (the lattice's probes: such a tile is transformed exactly instead).
    func transformAllowingFailures(_ points: inout [Point]) {
        guard !points.isEmpty else { return }
        let count = points.count
        let stride = MemoryLayout<Point>.stride
        points.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            let xs = base.assumingMemoryBound(to: Double.self)
            proj_errno_reset(transformation)
            _ = proj_trans_generic(transformation, PJ_FWD, xs, stride, count, xs + 1, stride, count, nil, 0, 0, nil, 0, 0)
        }
    }

    public func transform(_ point: Point) throws(GeoError) -> Point {
        var points = [point]
        try transform(&points)
        return points[0]
    }
}

extension BoundingBox {
    /// The rectangle moved to another CRS: the envelope of its outline, ten points a side (a
    /// rectangle's edges bend in the other projection), non-finite points left out.
    public func reprojected(from source: SpatialReference, to target: SpatialReference) throws(GeoError) -> BoundingBox {
        var outline: [Point] = []
        for k in 0...10 {
            let t = Double(k) / 10
            let x = minX + t * width, y = minY + t * height
            outline += [Point(x: x, y: minY), Point(x: x, y: maxY), Point(x: minX, y: y), Point(x: maxX, y: y)]
        }
        try CoordinateTransformer(from: source, to: target).transform(&outline)
        var result = BoundingBox.empty
        for p in outline where p.x.isFinite && p.y.isFinite { result.include(p) }
        return result
    }
}
