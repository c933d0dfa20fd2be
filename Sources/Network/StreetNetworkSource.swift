import Foundation
import GeometryCore
import Inputs
import Support

/// A street extract and its profiles, read once per run; one graph per profile and CRS.
public final class StreetNetworkSource {
    public let path: String
    public let profiles: [String: TravelProfile]
    public let profilesPath: String
    private var extracts: [Int: StreetExtract] = [:]
    private var models: [String: StreetTravel] = [:]

    /// `profilesPath`: the travel profiles' file (the bundled `network.toml` unless the planner
    /// gives one).
    public init(path: String, profilesPath: String) throws {
        self.path = path
        self.profilesPath = profilesPath
        profiles = try TravelProfile.load(path: self.profilesPath)
    }

    /// The extract in a CRS, read once.
    /// Says that the times and routes are straight lines: a plan or a review without a street
    /// network is an estimate « à vol d'oiseau », and a planner should know before reading it.
    public static func warnStraightLine(in territoryFile: String?) {
        let where_ = territoryFile.map { words(" dans %1$@ (table [network])", $0) } ?? " (--network)"
        FileHandle.standardError.write(
            Data(
                (words("attention : ")
                    + words(
                        "pas de réseau de rues%1$@ : les trajets et les temps d'accès sont à vol d'oiseau (distance × détour), moins sûrs qu'un extrait OpenStreetMap du territoire\n",
                        where_)).utf8))
    }

    /// The part of the extract read: a rectangle (the territory's cells and `margin` around)
    /// in the cells' CRS. Set before the first read.
    public var area: (box: BoundingBox, epsg: Int)?

    /// How far around the territory the streets are kept: the reception points a review may
    /// count beyond it (the CAF in the préfecture) lie within a 30-minute drive.
    public static let margin = 30_000.0

    /// Keeps the streets within `margin` of a rectangle (the territory's cells, in EPSG:`epsg`).
    public func limit(to box: BoundingBox, epsg: Int) {
        guard !box.isEmpty else { return }
        area = (
            BoundingBox(minX: box.minX - Self.margin, minY: box.minY - Self.margin, maxX: box.maxX + Self.margin, maxY: box.maxY + Self.margin),
            epsg
        )
    }

    public func extract(epsg: Int) throws -> StreetExtract {
        if let extract = extracts[epsg] { return extract }
        // The area is in the cells' CRS, the one every graph of a run is built in.
        let within = area.flatMap { $0.epsg == epsg ? $0.box : nil }
        let extract = try StreetReader.read(path: path, epsg: epsg, within: within)
        extracts[epsg] = extract
        return extract
    }

    public func model(profile name: String, epsg: Int) throws -> StreetTravel {
        let key = "\(name)|\(epsg)"
        if let model = models[key] { return model }
        guard let profile = profiles[name] else {
            throw InputError(
                file: profilesPath, field: name,
                words("profil de déplacement inconnu ; profils : %1$@", profiles.keys.sorted().joined(separator: ", ")))
        }
        let extract = try extract(epsg: epsg)
        let graph = StreetGraph(extract: extract, profile: profile)
        guard graph.mainComponentNodes > 1 else {
            throw InputError(
                file: path, field: "highway",
                words("aucune rue utilisable %1$@ (%2$@ voies utilisables sur %3$@)", profile.label, graph.usableWays, graph.readWays))
        }
        let model = StreetTravel(graph: graph, attribution: extract.attribution)
        models[key] = model
        return model
    }

    /// The extract's attribution (« OpenStreetMap, extrait du … »), once read.
    public var attribution: String? { extracts.values.first?.attribution }

    /// The streets' credit under the licence's words, once read.
    public var credit: String? {
        attribution.map { "© les contributeurs d'OpenStreetMap (rues, \($0.replacingOccurrences(of: "OpenStreetMap, ", with: "")))" }
    }
}
