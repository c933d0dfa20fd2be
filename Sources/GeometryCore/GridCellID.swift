/// An INSPIRE grid cell id, `CRS3035RES200mN2891800E3770600`: the grid's EPSG code, the cell
/// side in metres and the south-west corner. The geometry of a Filosofi cell comes from here,
/// never from a file's (often clipped or reprojected) geometry.
public struct GridCellID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var epsg: Int32
    public var resolution: Int32
    public var northing: Int32
    public var easting: Int32

    public init(epsg: Int32, resolution: Int32, northing: Int32, easting: Int32) {
        self.epsg = epsg
        self.resolution = resolution
        self.northing = northing
        self.easting = easting
    }

    public var description: String { "CRS\(epsg)RES\(resolution)mN\(northing)E\(easting)" }

    /// The grid CRS codes Filosofi uses: metropolitan France, La Réunion, the Antilles.
    public static let knownGridEPSG: Set<Int32> = [3035, 2975, 5490]

    public static func < (a: GridCellID, b: GridCellID) -> Bool {
        (a.epsg, a.resolution, a.northing, a.easting) < (b.epsg, b.resolution, b.northing, b.easting)
    }

    /// Parses the id from its text, or returns nil when it is not of that form.
    public init?(_ text: some StringProtocol) {
        let parsed: GridCellID?? = text.utf8.withContiguousStorageIfAvailable { GridCellID.parse($0) }
        if let parsed {
            guard let value = parsed else { return nil }
            self = value
        } else {
            guard let value = Array(text.utf8).withUnsafeBufferPointer({ GridCellID.parse($0) }) else { return nil }
            self = value
        }
    }

    /// Parses `CRS<epsg>RES<res>mN<northing>E<easting>` from raw bytes, without allocating
    /// (concrete buffer type: a generic collection here cost an allocation per byte read
    /// across modules, a third of the national read time).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> GridCellID? {
        var i = bytes.startIndex
        let end = bytes.endIndex
        func expect(_ literal: StaticString) -> Bool {
            let lit = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
            for b in lit {
                guard i < end, bytes[i] == b || bytes[i] == b ^ 0x20 else { return false }
                i += 1
            }
            return true
        }
        func number() -> Int32? {
            var value: Int64 = 0
            let start = i
            while i < end, bytes[i] >= 48, bytes[i] <= 57 {
                value = value * 10 + Int64(bytes[i] - 48)
                if value > Int64(Int32.max) { return nil }
                i += 1
            }
            return i == start ? nil : Int32(value)
        }
        guard expect("CRS"), let epsg = number(), expect("RES"), let res = number(),
            expect("mN"), let north = number(), expect("E"), let east = number(), i == end,
            res > 0
        else { return nil }
        return GridCellID(epsg: epsg, resolution: res, northing: north, easting: east)
    }
}
