import ArgumentParser
import Cartography
import Crypto
import Exports
import Foundation
import GeoBindings
import GeometryCore
import Inputs
import Network
import Outreach
import Overlay
import Risk

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Every output for a territory from its territory file: aggregation, score, maps, exports, report, run.json."
    )

    @Argument(help: "Territory file (TOML), e.g. Data/bondy/territory.toml.")
    var territory: String

    @OptionGroup var options: RunOptions

    func run() throws {
        try reportingErrors {
            let summary = try TerritoryRun(territoryPath: territory, options: options).execute()
            summary.print(json: options.json)
        }
    }
}

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the bundled territory (Bondy, Data/bondy/territory.toml) and say where each output is."
    )

    @OptionGroup var options: RunOptions

    func run() throws {
        try reportingErrors {
            let summary = try TerritoryRun(territoryPath: try DataLocator.file("bondy/territory.toml"), options: options).execute()
            summary.print(json: options.json)
        }
    }
}

struct RunOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Output folder (default: allervers-demo for demo, territory name for run).")
    var output: String?

    @Flag(name: .long, help: "Write into an existing folder AllerVers did not create (its files are kept, never deleted).")
    var force = false

    @Flag(name: .long, help: "Print a machine-readable summary on stdout.")
    var json = false

    @Option(name: .long, help: "Production date on maps and report, YYYY-MM-DD (default: today, or SOURCE_DATE_EPOCH).")
    var date: String?

    @Option(name: .long, help: "Worker threads (default: all cores). Outputs do not depend on it.")
    var threads: Int = defaultThreadCount

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        try MapRun.validateDate(date)
    }
}

/// A failure, with the step it happened in.
struct StepError: Error, CustomStringConvertible {
    var step: String
    var underlying: any Error
    var description: String { "étape « \(step) » : \(underlying)" }
}

/// One run of a territory: every output written into a hidden folder beside the target, which
/// replaces the target only when everything is written. A failure or a kill leaves the
/// previous outputs as they were.
struct TerritoryRun {
    let territoryPath: String
    let options: RunOptions

    struct Summary: Codable {
        var territory: String
        var folder: String
        var outputs: [String: String]
        var zones: Int
        var secretZones: Int
        var outOfScopeZones: Int
        var nonrecoursEstimate: Double
        var nonrecoursLow: Double
        var nonrecoursHigh: Double

        func print(json: Bool) {
            if json {
                if let data = try? JSONText.encode(self) { FileHandle.standardOutput.write(data + Data("\n".utf8)) }
                return
            }
            let outside = outOfScopeZones > 0 ? ", \(outOfScopeZones) hors du champ des données" : ""
            var text = "\(territory) : \(zones) zones (\(secretZones) au secret\(outside)), environ \(FrenchNumber.integer(nonrecoursEstimate)) ménages × prestations non perçues (\(FrenchNumber.integer(nonrecoursLow)) à \(FrenchNumber.integer(nonrecoursHigh)))\n"
            text += "Sorties dans \(folder)/ :\n"
            let width = (outputs.keys.map(\.count).max() ?? 0) + 1
            for (file, what) in outputs.sorted(by: { $0.key < $1.key }) { text += "  \(file.padding(toLength: width, withPad: " ", startingAt: 0)) \(what)\n" }
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    static let outputDescriptions: [String: String] = [
        "zones_risque.geojson": "zones scorées, GeoJSON RFC 7946 (WGS 84)",
        "zones_risque.gpkg": "zones scorées, GeoPackage Lambert-93 avec style QGIS",
        "zones_risque.csv": "zones scorées, tableau",
        "resume.json": "modèle, classes, confrontation CAF, bilan de masse",
        "carte_risque.svg": "carte de l'intensité du risque (couleurs) et des ménages concernés (cercles)",
        "carte_nonrecours.svg": "carte des ménages concernés (cercles proportionnels)",
        "carte_carreaux.svg": "carte du niveau de vie par carreau de 200 m",
        "rapport.html": "rapport autonome (carte, zones, modèle, sources)",
        "run.json": "entrées et sommes de contrôle, paramètres, versions, durées",
    ]

    static let planOutputDescriptions: [String: String] = [
        "tournee/stops.geojson": "arrêts retenus (adresse, créneau, personnes attendues, raison)",
        "tournee/route.geojson": "trajets de chaque journée depuis le dépôt, étape par étape",
        "tournee/plan.csv": "visites de la période, une ligne par demi-journée",
        "tournee/plan.ics": "calendrier des visites (iCalendar, Europe/Paris)",
        "tournee/candidats.csv": "tous les arrêts possibles, retenus ou écartés, avec la raison",
        "tournee/plan.json": "règles, jours de paiement CAF, ménages rencontrés, borne et écart",
        "carte_tournee.svg": "carte du risque avec les arrêts numérotés et les trajets",
    ]

    static let sitingOutputDescriptions: [String: String] = [
        "implantation/siting.geojson": "points d'accueil existants et sites proposés",
        "implantation/siting.csv": "accès par IRIS : au-delà de 20 et 30 min, temps moyens, IRIS mal desservis",
        "implantation/siting.md": "revue d'implantation en français",
        "carte_acces.svg": "carte des temps d'accès au point d'accueil le plus proche, par carreau habité",
        "implantation/cellules_hors_atteinte.csv": "carreaux qu'aucun lieu candidat ne met à portée",
        "carte_implantation.svg": "carte du risque avec les points d'accueil et les sites proposés",
    ]

    func execute() throws -> Summary {
        let territory: Territory
        do { territory = try Territory.load(path: territoryPath) } catch { throw StepError(step: "lecture du fichier de territoire", underlying: error) }
        let target = options.output ?? (territoryPath.hasSuffix("bondy/territory.toml") ? "allervers-demo" : URL(fileURLWithPath: territoryPath).deletingPathExtension().lastPathComponent)
        let folder = try OutputFolder(path: target, force: options.force)
        defer { folder.discard() }
        var timings: [String: Double] = [:]
        let progress = StepProgress(total: 5 + (territory.hasPlan ? 1 : 0) + (territory.hasSiting ? 1 : 0))
        func step<T>(_ name: String, _ body: () throws -> T) throws -> T {
            progress.start(name)
            let started = Date()
            do {
                let result = try body()
                timings[name] = (Date().timeIntervalSince(started) * 1000).rounded() / 1000
                return result
            } catch {
                throw StepError(step: name, underlying: error)
            }
        }
        let date = options.date ?? MapRun.productionDate()
        let (cells, zones, caf, model, style, mapping, pois) = try step("lecture des entrées") {
            () throws -> (CellTable, ZoneLayer, CafTable?, RiskModel, MapStyle, CategoryMapping, [PointsOfInterestReport]) in
            let cells = try FilosofiReader.read(path: territory.cells, threads: options.threads)
            let zones = try ZonesReader.read(
                path: territory.zones, layer: territory.zonesLayer, fields: ZoneFieldNames(id: territory.zoneIdField),
                whereClause: territory.zonesWhere, assumedCRS: territory.zonesCRS, repair: territory.repairZones
            )
            for warning in zones.warnings { FileHandle.standardError.write(Data("attention : \(warning)\n".utf8)) }
            let caf = try territory.caf.map { path throws(InputError) in try CafdataReader.read(path: path, period: territory.cafPeriod) }
            let model = try RiskModel.load(path: territory.model ?? DataLocator.file("models/default.toml"))
            let style = try MapRun.loadStyle(territory.style)
            let mapping = try CategoryMapping.read(path: territory.categories ?? DataLocator.file("poi_categories.csv"))
            let pois = try territory.pointsOfInterest.map { try PointsOfInterestReader.read(path: $0, mapping: mapping) }
            return (cells, zones, caf, model, style, mapping, pois)
        }
        let scored = try step("agrégation et score") { () throws -> ScoringRun.Scored in
            let companions = try ScoringRun.companions(of: zones, caf: caf, filtered: territory.zonesWhere != nil) {
                try ZonesReader.read(
                    path: territory.zones, layer: territory.zonesLayer, fields: ZoneFieldNames(id: territory.zoneIdField),
                    assumedCRS: territory.zonesCRS, repair: territory.repairZones
                )
            }
            return try ScoringRun.run(cells: cells, zones: zones, companions: companions, caf: caf, model: model, threads: options.threads)
        }
        ScoringRun.warnAboutScope(scored)
        let summary = ScoringRun.summary(scored, cells: cells, zones: zones)
        // Maps, plan and siting draw the published zones (the GeoPackage), read back once.
        let published = try step("exports") { () throws -> ScoredLayer in
            for name in ["zones_risque.geojson", "zones_risque.gpkg", "zones_risque.csv"] {
                try ScoringRun.write(scored, zones: zones, to: folder.file(name), style: style)
            }
            try AtomicFile.writeJSON(summary, to: folder.file("resume.json"))
            return try ScoredLayer.read(path: folder.file("zones_risque.gpkg"))
        }
        // Sources beyond the scored data: the points of interest and the streets, once used.
        var moreCredits: [String] = []
        func drawRisk(stopsPath: String? = nil, routePath: String? = nil) throws -> String {
            try MapRun.render(
                published, style: style, layer: .risk, cells: nil, territory: territory.name, date: date, stopsPath: stopsPath,
                routePath: routePath, moreCredits: moreCredits
            )
        }
        try step("cartes") {
            let benefitMaps = model.benefits.map { benefit in
                ("carte_\(benefit.id).svg", MapLayer.benefit(id: benefit.id, label: benefit.label, assumedRate: !benefit.ratePublished))
            }
            for (name, layer) in [("carte_risque.svg", MapLayer.risk), ("carte_nonrecours.svg", .nonrecours), ("carte_carreaux.svg", .carreaux)] + benefitMaps {
                let svg = try MapRun.render(
                    published, style: style, layer: layer, cells: layer == .carreaux ? cells : nil, territory: territory.name, date: date
                )
                try AtomicFile.write(svg, to: folder.file(name))
            }
        }
        var outputs = Self.outputDescriptions
        for benefit in model.benefits {
            outputs["carte_\(benefit.id).svg"] = "carte du non-recours estimé : \(benefit.label)\(benefit.ratePublished ? "" : " (taux supposé)")"
        }
        var sections: [String] = []
        // The zones' coverage of the cells, computed once for the plan and the siting review.
        var coverageOnce: PlanRun.ScoredCoverage?
        func coverage() throws -> PlanRun.ScoredCoverage {
            if let coverageOnce { return coverageOnce }
            let computed = try PlanRun.zoneCoverage(layer: published, cells: cells, threads: options.threads)
            coverageOnce = computed
            return computed
        }
        // The street network, read once for the plan and the siting review.
        let streets = try territory.network.map { try StreetNetworkSource(path: $0, profilesPath: territory.networkProfiles) }
        func noteCredits() {
            if let attribution = streets?.attribution {
                let credit = "© les contributeurs d'OpenStreetMap (rues, \(attribution.replacingOccurrences(of: "OpenStreetMap, ", with: "")))"
                if !moreCredits.contains(credit) { moreCredits.append(credit) }
            }
            let places = "lieux : " + territory.pointsOfInterest.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", ")
            if !territory.pointsOfInterest.isEmpty && !moreCredits.contains(places) { moreCredits.append(places) }
        }
        var travelMethods: [String: String] = [:]
        if territory.hasPlan {
            let (plan, svg) = try step("tournée") { () throws -> (OutreachPlan, String) in
                let settings = try PlanSettings.load(path: territory.planRules ?? DataLocator.file("plan.toml"))
                let period = try planPeriod(territory, date: date)
                var depot: Point?
                if let text = territory.depot {
                    guard let point = PlanRun.parseLonLat(text) else {
                        throw InputError(file: territory.source, field: "plan.depot", "found \"\(text)\", expected \"longitude,latitude\" in WGS 84")
                    }
                    depot = point
                }
                let travel: any TravelModel = try streets?.model(profile: "car", epsg: Int(cells.gridEPSG)) ?? settings.straightLineTravel
                noteCredits()
                travelMethods["plan"] = "\(travel.modeLabel), \(travel.method)"
                let plan = try PlanRun.plan(
                    coverage(), cells: cells, points: pois.flatMap(\.points), settings: settings, period: period,
                    eventsPath: territory.planEvents, depot: depot,
                    travel: travel, walk: try streets?.model(profile: "walk", epsg: Int(cells.gridEPSG)), threads: options.threads
                )
                try FileManager.default.createDirectory(atPath: folder.file("tournee"), withIntermediateDirectories: false)
                try PlanRun.write(plan, territory: territory.name, to: folder, subfolder: "tournee", date: date)
                let svg = try MapRun.render(
                    published, style: style, layer: .risk, cells: nil, territory: territory.name, date: date,
                    stopsPath: folder.file("tournee/stops.geojson"), routePath: folder.file("tournee/route.geojson"), travel: plan.travel.method,
                    moreCredits: moreCredits
                )
                try AtomicFile.write(svg, to: folder.file("carte_tournee.svg"))
                return (plan, svg)
            }
            outputs.merge(Self.planOutputDescriptions) { a, _ in a }
            sections.append(PlanRun.htmlSection(plan, mapSVG: svg))
        }
        if territory.hasSiting {
            let (markdown, svg, accessSVG) = try step("revue d'implantation") { () throws -> (String, String, String) in
                let existing = try territory.sitingPoints.flatMap { try PointsOfInterestReader.read(path: $0, mapping: mapping).points }
                let candidates = try territory.sitingCandidates.flatMap { try PointsOfInterestReader.read(path: $0, mapping: mapping).points }
                let modes = try SitingRun.modes(streets: streets, epsg: Int(cells.gridEPSG))
                noteCredits()
                for mode in modes { travelMethods["siting_\(mode.name)"] = "\(mode.model.modeLabel), \(mode.model.method)" }
                let result = try SitingRun.review(
                    coverage(), cells: cells, existing: existing, candidates: candidates,
                    add: territory.sitingAdd, minutes: territory.sitingMinutes, mode: territory.sitingMode, modes: modes, threads: options.threads
                )
                try FileManager.default.createDirectory(atPath: folder.file("implantation"), withIntermediateDirectories: false)
                let markdown = try SitingRun.write(result, to: folder, subfolder: "implantation", date: date, territory: territory.name)
                let svg = try drawRisk(stopsPath: folder.file("implantation/siting.geojson"))
                try AtomicFile.write(svg, to: folder.file("carte_implantation.svg"))
                let access = try SitingRun.accessMap(
                    result, cells: cells, style: style, territory: territory.name, date: date, stopsPath: folder.file("implantation/siting.geojson"),
                    moreCredits: moreCredits
                )
                try AtomicFile.write(access, to: folder.file("carte_acces.svg"))
                return (markdown, svg, access)
            }
            outputs.merge(Self.sitingOutputDescriptions) { a, _ in a }
            sections.append(HTMLReport.section(markdown: markdown, mapSVG: svg, idPrefix: "implantation"))
            sections.append("<div class=\"map\">" + HTMLReport.inlineSVG(accessSVG, idPrefix: "acces") + "</div>\n")
        }
        try step("rapport") {
            let html = try MapRun.report(
                published, style: style, summary: summary, territory: territory.name, date: date, sections: sections, moreCredits: moreCredits
            )
            try AtomicFile.write(html, to: folder.file("rapport.html"))
        }
        progress.finish()
        let publishedRisks = scored.assessment.zones.filter(\.isPublished)
        try writeRunJSON(
            territory: territory, folder: folder, scored: scored, caf: caf, model: model, pois: pois, date: date, timings: timings,
            outputNames: outputs.keys.sorted(), travelMethods: travelMethods
        )
        try folder.commit()
        return Summary(
            territory: territory.name, folder: folder.finalPath, outputs: outputs,
            zones: scored.assessment.zones.count, secretZones: scored.assessment.zones.filter(\.isSecret).count,
            outOfScopeZones: scored.assessment.zones.filter { $0.reliability == .outOfScope }.count,
            nonrecoursEstimate: publishedRisks.reduce(0) { $0 + $1.total }, nonrecoursLow: publishedRisks.reduce(0) { $0 + $1.totalLow },
            nonrecoursHigh: publishedRisks.reduce(0) { $0 + $1.totalHigh }
        )
    }

    struct RunRecord: Codable {
        struct Input: Codable {
            var role: String
            var path: String
            var bytes: Int
            var sha256: String
        }
        var allervers: String
        var gdal: String
        var proj: String
        var territory: String
        var territoryFile: String
        var inputs: [Input]
        var parameters: [String: String]
        var pointsOfInterest: [String: Int]
        var massAccounting: [VariableAccount]
        var outputs: [Input]
        /// The only part that changes from run to run (wall-clock seconds per step).
        var timingsSeconds: [String: Double]
    }

    func writeRunJSON(
        territory: Territory, folder: OutputFolder, scored: ScoringRun.Scored, caf: CafTable?, model: RiskModel,
        pois: [PointsOfInterestReport], date: String, timings: [String: Double], outputNames: [String], travelMethods: [String: String]
    ) throws {
        func record(_ role: String, _ path: String, shownAs: String? = nil) throws -> RunRecord.Input {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            return RunRecord.Input(role: role, path: shownAs ?? path, bytes: data.count, sha256: digest)
        }
        var kinds: [String: Int] = [:]
        for report in pois { for point in report.points { kinds[point.kind.rawValue, default: 0] += 1 } }
        var parameters: [String: String] = [
            "zones_where": territory.zonesWhere ?? "", "overlay_method": "exact", "model": model.name,
            "model_version": model.version, "class_method": model.classMethod.rawValue, "class_count": String(model.classCount),
            "caf_period": caf?.selectedPeriod ?? "", "map_date": date,
            "secrecy_minimum_households": String(Int(model.minimumHouseholds)) + (model.belowInseeSecrecy ? " (sous le seuil de l'Insee : usage interne)" : ""), "zones_crs": territory.zonesCRS ?? "from the zones file",
        ]
        if let layer = territory.zonesLayer { parameters["zones_layer"] = layer }
        for (key, method) in travelMethods { parameters["travel_\(key)"] = method }
        let descriptions = Self.outputDescriptions.merging(Self.planOutputDescriptions) { a, _ in a }
            .merging(Self.sitingOutputDescriptions) { a, _ in a }
        let outputs = try outputNames.filter { $0 != "run.json" }.map { name in
            try record(descriptions[name] ?? name, folder.file(name), shownAs: name)
        }
        let run = RunRecord(
            allervers: AllerVersVersion.current, gdal: GeoLibraries.gdalVersion, proj: GeoLibraries.projVersion,
            territory: territory.name, territoryFile: territory.source,
            inputs: try territory.inputFiles.map { try record($0.role, $0.path) }, parameters: parameters,
            pointsOfInterest: kinds, massAccounting: scored.overlaid.aggregation.accountsOverPublished(scored.assessment.zones.map(\.isPublished)), outputs: outputs, timingsSeconds: timings
        )
        try AtomicFile.writeJSON(run, to: folder.file("run.json"))
    }

    /// The planned months: the territory file's (`month` or `months`), or the month after the
    /// production date.
    func planPeriod(_ territory: Territory, date: String) throws -> [YearMonth] {
        if let text = territory.planMonths {
            guard let months = PlanRun.parsePeriod(text) else {
                throw InputError(file: territory.source, field: "plan.months", "found \"\(text)\", expected YYYY-MM..YYYY-MM (at most 12 months)")
            }
            return months
        }
        if let text = territory.planMonth {
            guard let month = PlanRun.parseMonth(text) else {
                throw InputError(file: territory.source, field: "plan.month", "found \"\(text)\", expected YYYY-MM")
            }
            return [YearMonth(year: month.0, month: month.1)]
        }
        guard let today = PlanRun.parseMonth(String(date.prefix(7))) else {
            throw InputError(file: territory.source, field: "plan.month", "cannot derive the month from the date \(date)")
        }
        return [YearMonth(year: today.0, month: today.1).next]
    }
}

/// Step messages on a terminal, nothing otherwise.
final class StepProgress {
    let total: Int
    var index = 0
    let enabled = isatty(STDERR_FILENO) != 0
    init(total: Int) { self.total = total }
    func start(_ name: String) {
        index += 1
        if enabled { FileHandle.standardError.write(Data("[\(index)/\(total)] \(name)…\n".utf8)) }
    }
    func finish() {
        if enabled { FileHandle.standardError.write(Data("terminé\n".utf8)) }
    }
}

/// An output folder filled under a hidden temporary name and swapped in whole. AllerVers
/// recognises its own folders by a marker file listing the files it wrote; it never deletes a
/// file it did not write: such files are carried over into the new folder (and named on
/// stderr), and a run that would overwrite one is refused. A non-empty folder without the
/// marker is used only with --force (its files kept).
final class OutputFolder {
    static let markerName = ".allervers-sorties"
    let finalPath: String
    let temporaryPath: String
    let lockPath: String
    private var committed = false

    init(path: String, force: Bool) throws {
        let url = URL(fileURLWithPath: path).standardized
        finalPath = url.path
        let parent = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw ExportError(path: finalPath, message: "cannot be created: \(FileProblem.describe(error, folder: parent.path))")
        }
        // One run at a time per folder: a lock file holding the writer's process id.
        lockPath = parent.appendingPathComponent(".\(url.lastPathComponent).allervers-lock").path
        try Self.acquireLock(lockPath, folder: finalPath, parent: parent.path)
        PartialFiles.shared.register(lockPath)
        temporaryPath = parent.appendingPathComponent(".\(url.lastPathComponent).allervers-partial-\(getpid())").path
        do {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: finalPath, isDirectory: &isFolder) {
                guard isFolder.boolValue else { throw ExportError(path: finalPath, message: "exists and is a file; expected an output folder") }
                let contents = (try? FileManager.default.contentsOfDirectory(atPath: finalPath)) ?? []
                if !contents.isEmpty && !force && Self.writtenFiles(finalPath) == nil {
                    throw ExportError(path: finalPath, message: "exists and was not written by AllerVers (no \(Self.markerName) file); choose another folder, or pass --force to write into it (its files are kept)")
                }
            }
            // Leftovers of an interrupted run of the same folder: a run killed between its two
            // renames left the previous outputs under their hidden name; put them back first.
            let leftovers = ((try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? [])
                .filter { $0.hasPrefix(".\(url.lastPathComponent).allervers-") }.sorted()
            if !FileManager.default.fileExists(atPath: finalPath), let old = leftovers.first(where: { $0.contains("allervers-old-") }) {
                try? FileManager.default.moveItem(atPath: parent.appendingPathComponent(old).path, toPath: finalPath)
            }
            for name in leftovers where !name.hasSuffix("allervers-lock") {
                try? FileManager.default.removeItem(atPath: parent.appendingPathComponent(name).path)
            }
            PartialFiles.shared.register(temporaryPath)
            do {
                try FileManager.default.createDirectory(atPath: temporaryPath, withIntermediateDirectories: false)
            } catch {
                throw ExportError(path: finalPath, message: "cannot be written: \(FileProblem.describe(error, folder: parent.path))")
            }
        } catch {
            // Refused or failed before anything was written: the lock goes, nothing else.
            PartialFiles.shared.unregister(temporaryPath)
            PartialFiles.shared.unregister(lockPath)
            try? FileManager.default.removeItem(atPath: lockPath)
            throw error
        }
    }

    /// Creates the lock file, or explains who holds it. A lock left by a process that no
    /// longer runs is taken over.
    static func acquireLock(_ path: String, folder: String, parent: String) throws {
        for _ in 0..<2 {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            if descriptor >= 0 {
                let text = "\(getpid())\n"
                _ = text.withCString { write(descriptor, $0, strlen($0)) }
                close(descriptor)
                return
            }
            guard errno == EEXIST else {
                throw ExportError(path: folder, message: "cannot be written: \(FileProblem.describe(NSError(domain: NSPOSIXErrorDomain, code: Int(errno)), folder: parent))")
            }
            let holder = (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if let holder, holder != getpid(), kill(holder, 0) == 0 || errno == EPERM {
                throw ExportError(path: folder, message: "a run is already writing this folder (process \(holder)); wait for it to finish, or choose another folder")
            }
            // Stale: the writer is gone.
            try? FileManager.default.removeItem(atPath: path)
        }
        throw ExportError(path: folder, message: "could not take the lock \(path)")
    }

    /// The files AllerVers wrote in a folder (relative paths), from its marker; nil without one.
    static func writtenFiles(_ folder: String) -> Set<String>? {
        guard let data = FileManager.default.contents(atPath: folder + "/" + markerName) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        guard lines.first?.hasPrefix("AllerVers") == true else { return nil }
        return Set(lines.dropFirst().filter { !$0.isEmpty })
    }

    /// Every file under a folder, as relative paths, and every folder.
    static func entries(_ folder: String) -> (files: [String], folders: [String]) {
        var files: [String] = [], folders: [String] = []
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return ([], []) }
        while let relative = walker.nextObject() as? String {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder + "/" + relative, isDirectory: &isFolder)
            if isFolder.boolValue { folders.append(relative) } else { files.append(relative) }
        }
        return (files.sorted(), folders.sorted())
    }

    func file(_ name: String) -> String { temporaryPath + "/" + name }

    func commit() throws {
        let fm = FileManager.default
        // The marker: what this run wrote.
        let written = Self.entries(temporaryPath).files
        try ("AllerVers \(AllerVersVersion.current): fichiers écrits par AllerVers dans ce dossier (les autres ne sont jamais effacés)\n"
            + written.joined(separator: "\n") + "\n").write(toFile: file(Self.markerName), atomically: false, encoding: .utf8)
        // From here on the user's files move: an interruption waits for the swap to end, so
        // that no user file is ever left inside a folder the interruption would remove.
        let kept: [String] = try PartialFiles.shared.swapping(finalPath) {
            // Files of the existing folder that AllerVers did not write move into the new one.
            var kept: [String] = []
            if fm.fileExists(atPath: finalPath) {
                let ours = Self.writtenFiles(finalPath) ?? []
                let existing = Self.entries(finalPath)
                let ourFolders = Set(ours.flatMap { path -> [String] in
                    let parts = path.split(separator: "/")
                    return (1..<max(parts.count, 1)).map { parts.prefix($0).joined(separator: "/") }
                })
                let foreignFolders = existing.folders.filter { !ourFolders.contains($0) && !ours.contains($0) }
                let topForeignFolders = foreignFolders.filter { folder in !foreignFolders.contains { folder.hasPrefix($0 + "/") } }
                let foreignFiles = existing.files.filter { path in
                    path != Self.markerName && !ours.contains(path) && !topForeignFolders.contains { path.hasPrefix($0 + "/") }
                }
                let moves = topForeignFolders + foreignFiles
                for path in moves where fm.fileExists(atPath: file(path)) {
                    throw ExportError(path: finalPath + "/" + path, message: "was not written by AllerVers and this run writes a file of that name; move it away first")
                }
                do {
                    for path in moves {
                        let target = file(path)
                        try fm.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                        try fm.moveItem(atPath: finalPath + "/" + path, toPath: target)
                        kept.append(path)
                    }
                } catch {
                    putBack(kept)
                    throw error
                }
            }
            let old = temporaryPath.replacingOccurrences(of: "allervers-partial-", with: "allervers-old-")
            PartialFiles.shared.registerRestore(from: old, to: finalPath)
            defer { PartialFiles.shared.unregisterRestore(from: old) }
            do {
                if fm.fileExists(atPath: finalPath) { try fm.moveItem(atPath: finalPath, toPath: old) }
                try fm.moveItem(atPath: temporaryPath, toPath: finalPath)
            } catch {
                // Put everything back: the previous folder, and the user's files in it.
                if fm.fileExists(atPath: old) && !fm.fileExists(atPath: finalPath) { try? fm.moveItem(atPath: old, toPath: finalPath) }
                putBack(kept)
                throw error
            }
            try? fm.removeItem(atPath: old)
            committed = true
            PartialFiles.shared.unregister(temporaryPath)
            try? fm.removeItem(atPath: lockPath)
            PartialFiles.shared.unregister(lockPath)
            return kept
        }
        if !kept.isEmpty {
            FileHandle.standardError.write(Data("fichiers conservés (non écrits par AllerVers) : \(kept.joined(separator: ", "))\n".utf8))
        }
    }

    /// Moves the user's files taken into the new folder back where they were.
    private func putBack(_ kept: [String]) {
        let fm = FileManager.default
        for path in kept where fm.fileExists(atPath: file(path)) {
            try? fm.createDirectory(atPath: ((finalPath + "/" + path) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try? fm.moveItem(atPath: file(path), toPath: finalPath + "/" + path)
        }
    }

    func discard() {
        if !committed {
            try? FileManager.default.removeItem(atPath: temporaryPath)
            try? FileManager.default.removeItem(atPath: lockPath)
        }
        PartialFiles.shared.unregister(temporaryPath)
        PartialFiles.shared.unregister(lockPath)
    }
}
