import BundledFiles
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
import ScoredFiles
import Support

/// Aggregation then scoring: shared by `score` and `run`.
public enum ScoringRun {
    public typealias Scored = ScoredTerritory

    /// `allervers score`: reads the files, scores, writes the zones (and the summary when
    /// asked); returns a one-line account.
    public static func scoreFiles(
        cells cellsPath: String, zones source: ZoneSource, caf: String?, cafPeriod: String?, model: String?, output: ZoneOutput, report: String?,
        threads: Int
    ) throws -> String {
        try OutputPaths.refuseOverwriting(
            inputs: [cellsPath, source.path, caf, model], outputs: [("-o", output.destination), ("--report", report)])
        let started = Date()
        var output = output
        output.threads = threads
        try output.checkCRS()
        let riskModel = try RiskModel.load(path: model ?? BundledFiles.file("models/default.toml"))
        let cafTable = try caf.map { path throws(InputError) in try CafdataReader.read(path: path, period: cafPeriod) }
        // The zones are read (and reprojected into the grid) while the cells are; the cells
        // and the zones in the grid are let go once scored (the write does not need them).
        let (assessed, zones, cellsSource, sensitivity) = try score(
            cellsPath: cellsPath, source: source, caf: cafTable, model: riskModel, threads: threads)
        var scored = assessed
        warnAboutScope(scored)
        warnAboutCaf(scored, caf: cafTable)
        let style = try MapRun.loadStyle(nil)
        // The zones' file does not hold the sensitivity (only the summary does): computed on
        // one other thread while the file is written, mostly by SQLite on one (more threads
        // would take SQLite's core).
        var pendingSensitivity: BackgroundWork<RiskSensitivity?>?
        let written = try PhaseTimer.measure("écriture") {
            try scored.write(zones: zones, to: output, style: style) { pendingSensitivity = BackgroundWork(threads: threads) { sensitivity(1) } }
        }
        scored.sensitivity = try pendingSensitivity?.wait() ?? sensitivity(threads)
        if let report { try AtomicFile.writeJSON(scored.summary(cellsSource: cellsSource, zones: zones), to: report) }
        // Counted in place, by index (iterating would copy every zone's arrays and texts).
        let all = scored.assessment.zones
        var counted = 0, secret = 0, outside = 0, total = 0.0
        for z in all.indices {
            let reliability = all[z].reliability
            if reliability.publishesValues {
                counted += 1
                total += all[z].total
            }
            if reliability == .secret { secret += 1 }
            if reliability == .outOfScope { outside += 1 }
        }
        let scoredCount = SpokenNumber.integer(Double(counted)), secrets = SpokenNumber.integer(Double(secret))
        let outsiders = SpokenNumber.integer(Double(outside)), missed = SpokenNumber.integer(total)
        // The scores, the zones and the table written left to the process's end (freeing them
        // would be the command's last 0.1 s on all of France).
        ProcessEnd.keep((scored, zones, written))
        let seconds = SpokenNumber.decimal(Date().timeIntervalSince(started), digits: 2)
        return words(
            "%1$@ zones scorées (%2$@ au secret, %3$@ hors du champ des données), environ %4$@ ménages × prestations non perçues, %5$@ s\n", scoredCount,
            secrets, outsiders, missed, seconds)
    }

    /// Reads the cells and the zones and scores them, but for the sensitivity, left to
    /// compute; only the scores, the zones and the cells' path outlive it.
    static func score(
        cellsPath: String, source: ZoneSource, caf: CafTable?, model: RiskModel, threads: Int
    ) throws -> (scored: Scored, zones: ZoneLayer, cellsSource: String, sensitivity: SensitivityWork) {
        let read = try PhaseTimer.measure("lecture des carreaux et des zones") {
            try CellsAndZones.read(cells: cellsPath, zones: source, threads: threads)
        }
        let (scored, sensitivity) = try assess(
            cells: read.cells, zones: read.zones, inGrid: read.inGrid, companions: source.companions(of: read.zones, caf: caf, threads: threads),
            caf: caf, model: model, threads: threads, progress: TerminalProgress(label: "zones", total: read.zones.zones.count)
        )
        let (zones, cellsSource) = (read.zones, read.cells.source)
        // The cells and the zones in the grid, freed on another thread while the file is
        // prepared; their memory then goes back to the system, where the written file's cache
        // finds it (on all of France, 600 MB less at the write's peak).
        letGo(consume read, threads: threads, afterwards: FreedMemory.returnToSystem)
        return (scored, zones, cellsSource, sensitivity)
    }

    /// The zones of the same communes that a filter left out, when Cafdata is by commune: a
    /// commune's CAF count is confronted with all of its zones, so that a zone's estimate does
    /// not depend on which of its neighbours the filter kept. `readAll` reads the unfiltered layer.
    public static func companions(of zones: ZoneLayer, caf: CafTable?, filtered: Bool, readAll: () throws -> ZoneLayer) throws -> ZoneLayer? {
        guard filtered, let caf, caf.keyKind == .commune else { return nil }
        let communes = Set(zones.zones.compactMap(DataField.communeCode))
        let kept = Set(zones.zones.map(\.id))
        var all = try readAll()
        all.zones = all.zones.filter { zone in
            guard let commune = DataField.communeCode(of: zone) else { return false }
            return communes.contains(commune) && !kept.contains(zone.id)
        }
        return all.zones.isEmpty ? nil : all
    }

    /// Says on standard error how many zones are out of the data's field, and which communes.
    public static func warnAboutScope(_ scored: Scored) {
        let zones = scored.assessment.zones
        let outside = zones.indices.filter { zones[$0].reliability == .outOfScope }
        guard !outside.isEmpty else { return }
        let communes = Set(outside.map { zones[$0].commune ?? String(zones[$0].id.prefix(5)) }).sorted()
        let shown = communes.prefix(12).joined(separator: ", ") + (communes.count > 12 ? "…" : "")
        FileHandle.standardError.write(
            Data(
                words(
                    "attention : %1$@ zone%2$@ hors du champ des données (communes %3$@) : le fichier de carreaux ne couvre pas leur commune ; publiées sans valeur, ni comptées au secret\n",
                    outside.count, outside.count > 1 ? "s" : "", shown
                ).utf8
            ))
    }

    /// Says on standard error which of the territory's places (communes, or IRIS when the CAF
    /// counts are by IRIS) the Cafdata file has no row for: their zones are then estimated
    /// without the CAF's own counts, which a planner must know (a file of another
    /// département, or a commune whose code changed since the zones were drawn).
    public static func warnAboutCaf(_ scored: Scored, caf: CafTable?) {
        guard let caf else { return }
        if let message = CafCoverage.cafCoverageWarning(scored.cafPlacesWithoutRow, among: scored.assessment.zones, caf: caf) {
            FileHandle.standardError.write(Data(message.utf8))
        }
        let masked = scored.cafPlacesMasked
        guard !masked.isEmpty else { return }
        let places = CafCoverage.cafPlaces(scored.assessment.zones, caf: caf)
        let shown = masked.prefix(12).joined(separator: ", ") + (masked.count > 12 ? "…" : "")
        let file = URL(fileURLWithPath: caf.source).lastPathComponent + (caf.selectedPeriod.map { words(", période %1$@", $0) } ?? "")
        let all = masked.count == places.count
        Warnings.emit(
            words(
                "Cafdata (%1$@) : %2$@ au secret statistique (%3$@) : leurs zones sont estimées sans les effectifs de la CAF%4$@", file,
                all ? words("tous les effectifs du territoire sont") : words("les effectifs de %1$@ lieu(x) sur %2$@ sont", masked.count, places.count),
                shown, all ? words(", et les sorties ne citent pas Cafdata") : ""))
    }

    /// The sensitivity of an assessment's classes to the model's weights, still to compute on
    /// so many threads.
    typealias SensitivityWork = @Sendable (_ threads: Int) -> RiskSensitivity?

    /// Overlays the cells on the zones, scores them and measures the sensitivity of the classes.
    public static func run(
        cells: CellTable, zones: ZoneLayer, inGrid: ZonesInGrid? = nil, companions: ZoneLayer? = nil, caf: CafTable?, model: RiskModel,
        threads: Int, progress: TerminalProgress? = nil
    ) throws -> Scored {
        var (scored, sensitivity) = try assess(
            cells: cells, zones: zones, inGrid: inGrid, companions: companions, caf: caf, model: model, threads: threads, progress: progress)
        scored.sensitivity = sensitivity(threads)
        return scored
    }

    /// `run` but for the sensitivity, returned as work to do (the scored territory without it).
    static func assess(
        cells: CellTable, zones: ZoneLayer, inGrid: ZonesInGrid?, companions: ZoneLayer?, caf: CafTable?, model: RiskModel,
        threads: Int, progress: TerminalProgress?
    ) throws -> (Scored, SensitivityWork) {
        if model.belowInseeSecrecy {
            FileHandle.standardError.write(
                Data(
                    words(
                        "attention : seuil de secret à %1$@ ménages, sous la règle de l'Insee (11) : sorties à usage interne uniquement, à ne pas diffuser (%2$@)\n",
                        SpokenNumber.integer(model.minimumHouseholds), model.source
                    ).utf8))
        }
        let schema = ProfileSchema(variables: cells.variableNames)
        let estimator = RiskEstimator(model: model, schema: schema)
        try estimator.checkCounts(source: cells.source)
        let overlaid = try ZoneOverlay.compute(
            cells: cells, zones: zones, inGrid: inGrid, variables: cells.variableNames, method: .exact, conserve: false, threads: threads,
            progress: progress?.callback
        )
        /// Profiles with their place in the data's field.
        func scopedProfiles(_ layer: ZoneLayer, _ overlay: ZoneOverlay) -> [ZoneProfile] {
            var profiles = ZoneProfile.profiles(zones: layer, overlay: overlay)
            let scope = DataField.inScope(zones: profiles, cells: cells, coverage: overlay.coverage)
            for z in profiles.indices { profiles[z].inScope = scope[z] }
            return profiles
        }
        // The overlaps of zones (secondary secrecy) found beside the profiles: neither reads
        // the other.
        let coverage = overlaid.coverage, households = cells.column("men")?.doubles ?? []
        let (profiles, overlaps) = try concurrently(
            threads: threads, { PhaseTimer.measure("profils") { scopedProfiles(zones, overlaid) } },
            { PhaseTimer.measure("secret secondaire") { SecondarySecrecy.overlaps(coverage: coverage, households: households) } })
        let companionProfiles =
            try companions.map { layer in
                scopedProfiles(
                    layer,
                    try ZoneOverlay.compute(
                        cells: cells, zones: layer, variables: cells.variableNames, method: .exact, conserve: false, threads: threads,
                        requireOverlap: false
                    ))
            } ?? []
        let assessment = try PhaseTimer.measure("score") {
            try estimator.assess(zones: profiles, companions: companionProfiles, caf: caf, overlaps: overlaps, threads: threads)
        }
        for (z, reason) in assessment.secondarySecret.sorted(by: { $0.key < $1.key }) {
            FileHandle.standardError.write(
                Data(
                    words("attention : zone %1$@ mise au secret (%2$@)\n", assessment.zones[z].id, reason).utf8))
        }
        let publishedCount = assessment.zones.indices.count { assessment.zones[$0].reliability.publishesValues }
        if assessment.model.classMethod != .national && publishedCount < 2 * assessment.model.classCount {
            FileHandle.standardError.write(
                Data(
                    words(
                        "attention : %1$@ zone(s) publiée(s) pour %2$@ classes propres au territoire (%3$@, %4$@) : ces classes ne disent presque rien ; les classes nationales (method = \"national\") gardent leur sens quelle que soit la taille du territoire\n",
                        publishedCount, assessment.model.classCount, assessment.model.classMethod.rawValue, assessment.model.source
                    ).utf8))
        }
        let sensitivity: SensitivityWork = { threads in
            PhaseTimer.measure("score : sensibilité") {
                estimator.sensitivity(of: assessment, threads: threads)
            }
        }
        let withoutRow = caf.map { CafCoverage.placesWithoutRow(assessment.zones, caf: $0) } ?? []
        let masked = caf.map { CafCoverage.placesMasked(assessment.zones, caf: $0) } ?? []
        // Cafdata is credited only when some zone used its counts (not when every place fell
        // back on the model's profile alone, for want of a row or under secrecy).
        let cafUsed = caf.map { CafCoverage.cafPlaces(assessment.zones, caf: $0).count > withoutRow.count + masked.count } ?? false
        let scored = Scored(
            overlaid: overlaid, assessment: assessment, sensitivity: nil,
            credits: DataCredits(cells: cells, zones: zones, cafPeriod: cafUsed ? caf?.selectedPeriod : nil),
            cafTrend: ScoringSummary.CafTrendSeries.trend(caf: caf, assessment: assessment), cafPlacesWithoutRow: withoutRow, cafPlacesMasked: masked
        )
        return (scored, sensitivity)
    }

}
