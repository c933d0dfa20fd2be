import Foundation
import Support

/// The territory file `allervers territoire` writes: every section commented in French, paths
/// relative to the file, what is missing said where it is to be filled.
public struct TerritoryFileText {
    public var name: String
    public var date: String
    public var sources: [String]
    public var communes: [String]
    public var zonesFile: String
    public var cellsFile: String
    public var cafFile: String?
    public var placesFile: String?
    public var placesCredit: String?
    public var streetsFile: String?
    public var markets: [(name: String, days: [String]?)]
    public var receptionPointsFile: String?
    public var hasPlaces: Bool

    public init(
        name: String, date: String, sources: [String], communes: [String], zonesFile: String, cellsFile: String, cafFile: String?,
        placesFile: String?, placesCredit: String?, streetsFile: String?, markets: [(name: String, days: [String]?)], receptionPointsFile: String?,
        hasPlaces: Bool
    ) {
        self.name = name
        self.date = date
        self.sources = sources
        self.communes = communes
        self.zonesFile = zonesFile
        self.cellsFile = cellsFile
        self.cafFile = cafFile
        self.placesFile = placesFile
        self.placesCredit = placesCredit
        self.streetsFile = streetsFile
        self.markets = markets
        self.receptionPointsFile = receptionPointsFile
        self.hasPlaces = hasPlaces
    }

    /// A TOML basic string: quotes, backslashes and control characters escaped.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { out += String(format: "\\u%04X", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    public var text: String {
        let listed = communes.count <= 12 ? communes.joined(separator: ", ") : communes.prefix(12).joined(separator: ", ") + "…"
        var t = """
            # Territoire AllerVers : \(name.replacingOccurrences(of: "\n", with: " "))
            # \(communes.count) commune(s) : \(listed)
            # Fait par `allervers territoire` le \(date), à partir de :
            \(sources.map { "#   " + RecordedPath.shown($0, relativeTo: nil) }.joined(separator: "\n"))
            # Chemins relatifs à ce fichier. Ensuite : allervers run territory.toml -o DOSSIER

            [territory]
            name = \(Self.quoted(name))

            [zones]
            # Les contours IRIS de l'IGN des communes du territoire (une commune non découpée en IRIS
            # est une zone, TYP_IRIS Z, code commune + 0000).
            path = \(Self.quoted(zonesFile))

            [cells]
            # Les carreaux Filosofi de 200 m de l'Insee du territoire et de 1 km autour.
            path = \(Self.quoted(cellsFile))


            """
        if let cafFile {
            t += """
                [caf]
                # Les effectifs Cafdata des communes du territoire (toutes les périodes ; la plus récente
                # est prise, sauf period = "AAAA-MM").
                path = \(Self.quoted(cafFile))


                """
        } else {
            t += """
                # [caf]
                # Pas d'effectifs Cafdata pour ces communes : le modèle prend les taux nationaux. Avec un
                # export Cafdata (data.caf.fr), path = "cafdata.csv".


                """
        }
        if let placesFile {
            t += """
                [points_of_interest]
                # Les lieux trouvés dans OpenStreetMap : à vérifier et compléter sur place (une ligne par
                # lieu ; la colonne categorie dit ce qu'il est : marché, supermarché, mairie ou mairie annexe,
                # salle communale, France Services, CCAS…). Une liste faite à la main s'ajoute dans paths.
                paths = [\(Self.quoted(placesFile))]
                credits = [\(Self.quoted(placesCredit ?? "OpenStreetMap"))]


                """
        } else {
            t += """
                # [points_of_interest]
                # Aucune liste de lieux : la tournée demande les marchés, mairies, salles communales…
                # (nom;categorie;longitude;latitude), par exemple paths = ["lieux.csv"].


                """
        }
        if let streetsFile {
            t += """
                [network]
                # Les rues d'OpenStreetMap, pour les trajets et les temps d'accès.
                path = \(Self.quoted(streetsFile))


                """
        } else {
            t += """
                # [network]
                # Pas d'extrait OpenStreetMap : trajets à vol d'oiseau, à une vitesse qui suit la densité
                # du territoire. Avec un extrait : path = "extrait.osm.pbf".


                """
        }
        t += """
            \(hasPlaces ? "" : "# ")[plan]
            # La tournée du mois qui suit la date du run (month = "AAAA-MM" pour un autre), avec les
            # règles de Data/plan.toml (rules = "…" pour les vôtres).

            \(hasPlaces ? "" : "# ")[plan.markets]
            # Les jours de chaque marché : d'après ses horaires dans OpenStreetMap, sinon à demander à la
            # mairie. Un marché sans jour est placé n'importe quel jour de tournée, et le plan le dit.

            """
        for market in markets {
            if let days = market.days {
                t += "\(hasPlaces ? "" : "# ")\(Self.quoted(market.name)) = [\(days.map { Self.quoted($0) }.joined(separator: ", "))]\n"
            } else {
                t += "# \(Self.quoted(market.name)) = [\"…\"]  # jours inconnus : à renseigner\n"
            }
        }
        t += """

            [siting]
            # La revue d'implantation des points d'accueil (France Services, CCAS, accueil CAF) : qui est
            # à plus de 30 minutes en voiture (la promesse des France Services) et où en ajouter.

            """
        if let receptionPointsFile {
            t += "points = [\(Self.quoted(receptionPointsFile))]\n"
        } else {
            t += "# Aucun point d'accueil trouvé dans le territoire ni autour : la revue propose où en ouvrir un.\npoints = []\n"
        }
        t += """
            add = 2
            minutes = 30
            mode = "car"

            """
        return t
    }
}
