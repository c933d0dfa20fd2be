import BundledFiles
import Exports
import Foundation
import GeoBindings
import GeometryCore
import Inputs
import Network
import Support
import TerritoryFile

/// `allervers territoire`: a territory folder made from the national files a planner
/// downloads once (Filosofi cells, IGN Contours IRIS, Cafdata, an OpenStreetMap extract): the
/// territory's part of each, its places found in OpenStreetMap, a commented territory file
/// with relative paths, and what is missing and where to fill it.
public enum TerritoryMaking {
    public struct Request: Sendable {
        public var selection: TerritorySelection
        public var name: String?
        public var cells: String
        public var iris: String
        public var cafdata: String?
        public var osm: String?
        public var categories: String?
        public var output: String
        public var force: Bool
        /// Whether to cut the extract with `osmium-tool` when it is installed.
        public var useOsmium: Bool
        public var date: String

        public init(
            selection: TerritorySelection, name: String?, cells: String, iris: String, cafdata: String?, osm: String?, categories: String?,
            output: String, force: Bool, useOsmium: Bool, date: String
        ) {
            self.selection = selection
            self.name = name
            self.cells = cells
            self.iris = iris
            self.cafdata = cafdata
            self.osm = osm
            self.categories = categories
            self.output = output
            self.force = force
            self.useOsmium = useOsmium
            self.date = date
        }
    }

    /// What was made: the folder, the territory file, and the summary for the terminal (what
    /// each file holds, then what to complete).
    public struct Made: Sendable {
        public var folder: String
        public var territoryFile: String
        public var communes: [String]
        public var summary: [String]
        public var toComplete: [String]
    }

    /// The places kept around the territory: the reception points within the extract's
    /// margin (a review counts them), the others within this distance of the territory.
    static let placesMargin = 2_000.0

    public static func make(_ request: Request) throws -> Made {
        let iris = try IRISSource(path: request.iris)
        let index = try iris.communes()
        let codes = try CommuneSelection.resolve(request.selection, index: index, irisFile: request.iris)
        let folder = try OutputFolder(path: request.output, force: request.force)
        defer { folder.discard() }
        var summary: [String] = [], toComplete: [String] = []
        let names = codes.map { index.names[$0] ?? $0 }
        let zones = try iris.cut(communes: codes, to: folder.file("iris.gpkg"))
        summary.append(
            "iris.gpkg : \(zones) zone\(zones > 1 ? "s" : "") de \(codes.count == 1 ? "1 commune" : "\(codes.count) communes"), de \(RecordedPath.shown(request.iris, relativeTo: nil))"
        )
        // The territory's rectangle, in metres (the contours' CRS, or a local one when they are
        // in longitude and latitude): the margins are distances.
        let (box, crs) = try metric(extent(of: folder.file("iris.gpkg")))
        let cellsName = "carreaux." + CellsCut.outputExtension(for: request.cells)
        let cells = try CellsCut.cut(path: request.cells, territory: box, crs: crs, to: folder.file(cellsName))
        guard cells.kept > 0 else {
            throw InputError(
                file: request.cells,
                words("aucun des %1$@ carreaux n'est dans le territoire : un fichier de carreaux d'une autre région ?", cells.read))
        }
        summary.append("\(cellsName) : \(cells.kept) carreaux de 200 m sur \(cells.read), le territoire et \(Int(CellsCut.margin)) m autour")
        var cafName: String?
        if let cafdata = request.cafdata {
            let caf = try CafdataCut.cut(path: cafdata, communes: codes, to: folder.file("cafdata.csv"))
            let missing = codes.filter { !caf.found.contains($0) }
            if caf.kept > 0 {
                cafName = "cafdata.csv"
                summary.append("cafdata.csv : \(caf.kept) lignes sur \(caf.read), \(caf.found.count) commune\(caf.found.count > 1 ? "s" : "")")
            } else {
                try? FileManager.default.removeItem(atPath: folder.file("cafdata.csv"))
            }
            if !missing.isEmpty {
                toComplete.append(
                    "Cafdata : aucune ligne pour \(missing.count) commune(s) (\(missing.prefix(8).map { index.names[$0] ?? $0 }.joined(separator: ", "))\(missing.count > 8 ? "…" : "")) : le modèle y prend le taux national"
                )
            }
        } else {
            toComplete.append(
                "Cafdata : pas de fichier (--cafdata) ; le modèle prend les taux nationaux (https://data.caf.fr, jeu « Foyers allocataires par commune »)")
        }
        // The extract, its streets and its places.
        var places: [FoundPlace] = [], streetsName: String?, osmCredit: String?
        if let osm = request.osm {
            let wgs84 = try SpatialReference(epsg: 4326)
            let wide = try grown(box, by: OSMCut.margin).reprojected(from: crs, to: wgs84)
            let near = try grown(box, by: placesMargin).reprojected(from: crs, to: wgs84)
            let cut = try OSMCut.cut(path: osm, within: wide, folder: folder.temporaryPath, osmiumPath: request.useOsmium ? OSMCut.osmium() : nil)
            streetsName = URL(fileURLWithPath: cut.streets).lastPathComponent
            summary.append("\(streetsName!) : les rues du territoire et de \(Int(OSMCut.margin / 1000)) km autour ; découpe : \(cut.tool)")
            let mapping = try CategoryMapping.read(path: request.categories ?? BundledFiles.file("poi_categories.csv"))
            places = try OSMPlaces.read(path: cut.places, mapping: mapping, within: wide).filter { $0.kind.isReceptionPoint || near.contains($0.location) }
            osmCredit = "© les contributeurs d'OpenStreetMap (lieux\(StreetReader.extractDate(path: osm).map { ", extrait du \($0)" } ?? ""))"
        } else {
            toComplete.append(
                "OpenStreetMap : pas d'extrait (--osm) ; sans rues, les trajets sont à vol d'oiseau, et sans liste de lieux il n'y a pas de tournée (https://download.geofabrik.de/europe/france.html)"
            )
        }
        let stops = places.filter { !$0.kind.isReceptionPoint }
        let receptionPoints = places.filter(\.kind.isReceptionPoint)
        if !places.isEmpty {
            try write(OSMPlaces.csv(places), to: folder.file("lieux_osm.csv"))
            let byKind = Dictionary(grouping: places, by: \.kind).sorted { $0.key < $1.key }.map { "\($0.value.count) \($0.key.frenchLabel)" }
            summary.append("lieux_osm.csv : \(places.count) lieux (\(byKind.joined(separator: ", ")))")
        }
        if !receptionPoints.isEmpty { try write(OSMPlaces.csv(receptionPoints), to: folder.file("points_accueil.csv")) }
        // Markets: their days from opening_hours, else to be asked at the mairie.
        var markets: [(name: String, days: [String]?)] = []
        for market in stops where market.kind == .market {
            guard !markets.contains(where: { $0.name == market.name }) else { continue }
            markets.append((market.name, OSMPlaces.marketDays(market.openingHours)))
        }
        let unknownDays = markets.filter { $0.days == nil }
        if !unknownDays.isEmpty {
            toComplete.append(
                "marchés : jours inconnus pour \(unknownDays.count) (\(unknownDays.prefix(5).map(\.name).joined(separator: ", "))\(unknownDays.count > 5 ? "…" : "")) : à renseigner dans [plan.markets] de territory.toml"
            )
        }
        if request.osm != nil && receptionPoints.isEmpty {
            toComplete.append(
                "points d'accueil : aucun France Services, CCAS ni accueil CAF dans l'extrait ni à \(Int(OSMCut.margin / 1000)) km ; la revue d'implantation propose où en ouvrir un (ajoutez-les dans points_accueil.csv s'il en existe)"
            )
        }
        if request.osm != nil && stops.isEmpty {
            toComplete.append(
                "lieux : aucun lieu d'arrêt trouvé dans l'extrait ; ajoutez une liste (nom;categorie;longitude;latitude) dans [points_of_interest]")
        }
        let name = request.name ?? territoryName(codes: codes, names: names, selection: request.selection)
        let file = TerritoryFileText(
            name: name, date: request.date, sources: [request.cells, request.iris] + [request.cafdata, request.osm].compactMap { $0 }, communes: names,
            zonesFile: "iris.gpkg", cellsFile: cellsName, cafFile: cafName, placesFile: places.isEmpty ? nil : "lieux_osm.csv", placesCredit: osmCredit,
            streetsFile: streetsName, markets: markets, receptionPointsFile: receptionPoints.isEmpty ? nil : "points_accueil.csv", hasPlaces: !stops.isEmpty
        )
        try write(file.text, to: folder.file("territory.toml"))
        // The file written reads back as a territory, its paths found.
        _ = try Territory.load(path: folder.file("territory.toml"))
        try folder.commit()
        return Made(
            folder: folder.finalPath, territoryFile: folder.finalPath + "/territory.toml", communes: codes, summary: summary, toComplete: toComplete)
    }

    /// What a planner reads at the end: the folder, what each file holds, what to complete,
    /// and the next command.
    public static func text(_ made: Made) -> String {
        var text = words("Territoire écrit dans %1$@/ :\n", made.folder)
        for line in made.summary + ["territory.toml : le fichier de territoire, commenté"] { text += "  \(line)\n" }
        if !made.toComplete.isEmpty {
            text += words("À compléter :\n")
            for line in made.toComplete { text += "  - \(line)\n" }
        }
        text += words("Ensuite : allervers run %1$@ -o DOSSIER\n", made.territoryFile)
        return text
    }

    static func grown(_ box: BoundingBox, by margin: Double) -> BoundingBox {
        BoundingBox(minX: box.minX - margin, minY: box.minY - margin, maxX: box.maxX + margin, maxY: box.maxY + margin)
    }

    /// A rectangle in metres: as it is in a projected CRS; from longitude and latitude, in a
    /// Lambert azimuthal equal-area projection centred on it.
    static func metric(_ located: (BoundingBox, SpatialReference)) throws -> (BoundingBox, SpatialReference) {
        let (box, crs) = located
        guard crs.isGeographic else { return located }
        let centre = (lon: (box.minX + box.maxX) / 2, lat: (box.minY + box.maxY) / 2)
        let local = try SpatialReference(
            definition: "+proj=laea +lat_0=\(centre.lat) +lon_0=\(centre.lon) +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs")
        return (try box.reprojected(from: crs, to: local), local)
    }

    /// The rectangle and CRS of the cut contours.
    static func extent(of path: String) throws(InputError) -> (BoundingBox, SpatialReference) {
        try InputError.reading(path) {
            let layer = try VectorDataset(path: path).layer(at: 0)
            guard let box = layer.extent, let crs = layer.spatialReference, !crs.isUndefinedOrLocal else {
                throw InputError(file: path, words("contours sans étendue ni système de coordonnées"))
            }
            return (box, crs)
        }
    }

    /// « Alzonne (11009) », « 20 communes autour de Bram », « Département 93 », « EPCI 200035715 ».
    static func territoryName(codes: [String], names: [String], selection: TerritorySelection) -> String {
        switch selection {
        case .departement(let code): return "Département \(code.uppercased())"
        case .epci(let siren, _): return "EPCI \(siren) (\(codes.count) communes)"
        case .communes:
            if codes.count == 1 { return "\(names[0]) (\(codes[0]))" }
            return codes.count <= 3 ? names.joined(separator: ", ") : "\(names[0]) et \(codes.count - 1) autres communes"
        }
    }

    static func write(_ text: String, to path: String) throws(InputError) {
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: path)) } catch {
            throw InputError(file: path, words("écriture impossible : %1$@", error.localizedDescription))
        }
    }
}
