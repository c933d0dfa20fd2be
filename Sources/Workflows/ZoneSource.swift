import Foundation
import Inputs
import Overlay
import Support
import TerritoryFile

/// How to read a territory's zones: the file, its layer, the id field, a filter, the CRS to
/// assume, whether to repair invalid rings. Read once filtered; read whole when a commune's CAF
/// count must be confronted with all of the commune's zones.
public struct ZoneSource: Sendable {
    public var path: String
    public var layer: String?
    public var idField: String?
    public var whereClause: String?
    public var assumedCRS: String?
    public var repair: Bool

    public init(path: String, layer: String?, idField: String?, whereClause: String?, assumedCRS: String?, repair: Bool) {
        self.path = path
        self.layer = layer
        self.idField = idField
        self.whereClause = whereClause
        self.assumedCRS = assumedCRS
        self.repair = repair
    }

    /// The zones the filter keeps; the reader's warnings said on standard error.
    public func read(threads: Int) throws -> ZoneLayer {
        let zones = try ZonesReader.read(
            path: path, layer: layer, fields: ZoneFieldNames(id: idField), whereClause: whereClause, assumedCRS: assumedCRS, repair: repair,
            threads: threads
        )
        for warning in zones.warnings { FileHandle.standardError.write(Data((words("attention : ") + "\(warning)\n").utf8)) }
        return zones
    }

    /// Every zone of the layer, the filter aside.
    public func readAll(threads: Int) throws -> ZoneLayer {
        try ZonesReader.read(path: path, layer: layer, fields: ZoneFieldNames(id: idField), assumedCRS: assumedCRS, repair: repair, threads: threads)
    }

    /// The zones of the same communes that the filter left out (see `ScoringRun.companions`).
    public func companions(of zones: ZoneLayer, caf: CafTable?, threads: Int) throws -> ZoneLayer? {
        try ScoringRun.companions(of: zones, caf: caf, filtered: whereClause != nil) { try readAll(threads: threads) }
    }
}

/// The cells and the zones of a job, read at the same time; the zones also reprojected into
/// the grid that the cells' file announces while the cells are still being read, so that the
/// overlay's first step is off its path.
public struct CellsAndZones: Sendable {
    public var cells: CellTable
    public var zones: ZoneLayer
    public var inGrid: ZonesInGrid?

    /// `variables` limits the count columns parsed, `communes` says whether the cells'
    /// communes are kept (see `FilosofiReader.read`). Without `keepingShapes`, the zones'
    /// shapes are moved into the grid the cells announce (the layer left without them: a run
    /// that writes a table without shapes needs them nowhere else).
    public static func read(
        cells path: String, variables: Set<String>? = nil, communes: Bool = true, zones source: ZoneSource, keepingShapes: Bool = true, threads: Int
    ) throws -> CellsAndZones {
        let epsg = FilosofiReader.announcedGridEPSG(path: path)
        let (cells, (zones, inGrid)) = try concurrently(
            threads: threads,
            {
                try PhaseTimer.measure("lecture des carreaux") {
                    try FilosofiReader.read(path: path, variables: variables, communes: communes, threads: threads)
                }
            },
            { () throws -> (ZoneLayer, ZonesInGrid?) in
                var zones: ZoneLayer = try PhaseTimer.measure("lecture des zones") { try source.read(threads: threads) }
                guard let epsg else { return (zones, nil) }
                if keepingShapes { return (zones, try ZonesInGrid(zones: zones, epsg: epsg, threads: threads)) }
                let inGrid = try ZonesInGrid(taking: &zones, epsg: epsg, threads: threads)
                return (zones, inGrid)
            })
        // Shapes moved into a grid the cells are not on could not be overlaid (the file's
        // first cell announces the grid of all: the reader refuses a file of two grids).
        if !keepingShapes, let inGrid, inGrid.epsg != cells.gridEPSG {
            throw InputError(
                file: path, field: "idcar_200m",
                words("la première ligne annonce la grille EPSG:%1$@, les carreaux sont sur EPSG:%2$@", inGrid.epsg, cells.gridEPSG))
        }
        return CellsAndZones(cells: cells, zones: zones, inGrid: inGrid)
    }
}

extension Territory {
    /// How to read the territory's zones.
    public var zoneSource: ZoneSource {
        ZoneSource(path: zones, layer: zonesLayer, idField: zoneIdField, whereClause: zonesWhere, assumedCRS: zonesCRS, repair: repairZones)
    }
}
