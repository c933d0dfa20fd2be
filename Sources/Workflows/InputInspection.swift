import BundledFiles
import Cartography
import Foundation
import GeoBindings
import GeometryCore
import Inputs
import Network
import Outreach
import Risk
import Support
import TerritoryFile

/// What a file is (cells, zones, CAF counts, points, another table), how AllerVers reads it,
/// and what looks wrong: the lines `allervers inspect` prints.
public enum InputInspection {
    public static func describe(_ path: String, mappingPath: String?, threads: Int) throws -> [String] {
        var lines: [String] = []
        func print(_ line: String) { lines.append(line) }
        let kind = try InputKindDetector.detect(path: path)
        switch kind {
        case .cells: lines = try InputDescription.cells(path: path, threads: threads)
        case .zones(let layerName): lines = try InputDescription.zones(path: path, layer: layerName, threads: threads)
        case .caf: lines = try InputDescription.caf(path: path)
        case .points: lines = try InputDescription.points(path: path, mappingPath: mappingPath ?? BundledFiles.file("poi_categories.csv"))
        case .streets: lines = try StreetNetworkSource(path: path, profilesPath: BundledFiles.file("network.toml")).inspectionLines()
        case .settings:
            let file = try ConfigFile(path: path)
            let root = file.table
            if root.has("zones") {
                let territory = try Territory.load(path: path)
                print(words("  type : fichier de territoire « %1$@ »", territory.name))
                for (role, input) in territory.inputFiles { print("    \(role): \(input)") }
                let yes = words("oui"), no = words("non")
                print(
                    words(
                        "  tournée : %1$@ ; examen des points d'accueil : %2$@ ; rues : %3$@", territory.hasPlan ? yes : no, territory.hasSiting ? yes : no,
                        territory.network == nil ? words("non (ligne droite × 1,3)") : yes))
            } else if root.has("model") {
                let model = try RiskModel.load(path: path)
                print(
                    words("  type : modèle de risque « %1$@ », version %2$@", model.name, model.version))
                print(
                    words("  prestations : ") + model.benefits.map { "\($0.id) (\($0.label))" }.joined(separator: ", ")
                        + "; \(model.classCount) classes")
            } else if root.has("team") {
                let plan = try PlanSettings.load(path: path)
                print(
                    words("  type : règles de la tournée ; %1$@ équipe(s), passages %2$@", plan.teams, plan.frequency.french))
            } else if root.has("page") {
                _ = try MapStyle.load(path: path)
                print(words("  type : style de carte (lu sans erreur)"))
            } else {
                let profiles = try TravelProfile.load(path: path)
                print(
                    words("  type : profils de déplacement dans les rues : ")
                        + profiles.keys.sorted().map { "\($0) (\(profiles[$0]!.label))" }.joined(separator: ", "))
            }
        case .table(let header): lines = try InputDescription.table(path: path, header: header)
        }
        return lines
    }
}

extension InputInspection {
    /// What `allervers inspect` says of several files: the report for standard output (a
    /// heading per file, its lines or its error) and the errors alone, for standard error.
    public struct Report: Sendable {
        public var text: String
        public var errors: [String]
    }

    /// Inspects every file, going on past the ones that cannot be read.
    public static func report(_ paths: [String], mappingPath: String?, threads: Int, errorPrefix: String) -> Report {
        var report = Report(text: "", errors: [])
        for path in paths {
            report.text += "== \(path)\n"
            do {
                for line in try describe(path, mappingPath: mappingPath, threads: threads) { report.text += line + "\n" }
            } catch {
                report.text += "  \(errorPrefix)\(error)\n"
                report.errors.append("\(error)")
            }
        }
        return report
    }
}
