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
    public struct Scored {
        public var overlaid: ZoneOverlay
        public var assessment: RiskAssessment
        /// How much the classes depend on each weight of the model (±25 %).
        public var sensitivity: RiskSensitivity?
        /// The data actually used, with their vintages.
        public var credits: DataCredits
        /// The benefits' CAF counts over the Cafdata file's periods, on the territory's CAF areas.
        public var cafTrend: [ScoringSummary.CafTrendSeries]?
        /// The territory's places (communes, or IRIS) the Cafdata file has no row for, sorted.
        public var cafPlacesWithoutRow: [String] = []
        /// The places whose every count is masked (statistical secrecy), sorted.
        public var cafPlacesMasked: [String] = []
    }

    /// Each benefit's CAF count period by period, summed over the CAF areas the scoring
    /// confronted (the territory's communes or IRIS); nil with fewer than two periods.
    static func cafTrend(caf: CafTable?, assessment: RiskAssessment) -> [ScoringSummary.CafTrendSeries]? {
        guard let caf, caf.periods.count >= 2 else { return nil }
        let codes = Set(assessment.cafAreas.map(\.code))
        guard !codes.isEmpty else { return nil }
        let series = assessment.model.benefits.compactMap { benefit -> ScoringSummary.CafTrendSeries? in
            guard let column = benefit.cafColumn else { return nil }
            let points = caf.totals(column, codes: codes).map { ScoringSummary.CafTrendSeries.Point(period: $0.period, total: $0.total, complete: $0.complete) }
            return points.count >= 2 ? .init(benefit: benefit.label, column: column, points: points) : nil
        }
        return series.isEmpty ? nil : series
    }

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
        // The zones are read (and reprojected into the grid) while the cells are.
        let (cells, zones, inGrid) = try PhaseTimer.measure("lecture des carreaux et des zones") {
            let read = try CellsAndZones.read(cells: cellsPath, zones: source, threads: threads)
            return (read.cells, read.zones, read.inGrid)
        }
        let scored = try run(
            cells: cells, zones: zones, inGrid: inGrid, companions: source.companions(of: zones, caf: cafTable, threads: threads), caf: cafTable,
            model: riskModel,
            threads: threads,
            progress: TerminalProgress(label: "zones", total: zones.zones.count)
        )
        warnAboutScope(scored)
        warnAboutCaf(scored, caf: cafTable)
        try PhaseTimer.measure("écriture") { try write(scored, zones: zones, to: output) }
        if let report { try writeReport(scored, cells: cells, zones: zones, to: report) }
        // Counted in place (filtering would copy every zone's arrays and texts).
        let all = scored.assessment.zones
        let counted = all.count(where: \.isPublished), secret = all.count(where: \.isSecret)
        let outside = all.count { $0.reliability == .outOfScope }
        let scoredCount = SpokenNumber.integer(Double(counted)), secrets = SpokenNumber.integer(Double(secret))
        let outsiders = SpokenNumber.integer(Double(outside)), missed = SpokenNumber.integer(all.reduce(0) { $0 + ($1.isPublished ? $1.total : 0) })
        let seconds = SpokenNumber.decimal(Date().timeIntervalSince(started), digits: 2)
        return fr(
            "\(scoredCount) zones scorées (\(secrets) au secret, \(outsiders) hors du champ des données), environ \(missed) ménages × prestations non perçues, \(seconds) s\n",
            en:
                "\(scoredCount) zones scored (\(secrets) under secrecy, \(outsiders) outside the data's field), about \(missed) households × benefits not taken up, \(seconds) s\n"
        )
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
        let outside = scored.assessment.zones.filter { $0.reliability == .outOfScope }
        guard !outside.isEmpty else { return }
        let communes = Set(outside.compactMap { $0.commune ?? String($0.id.prefix(5)) }).sorted()
        let shown = communes.prefix(12).joined(separator: ", ") + (communes.count > 12 ? "…" : "")
        FileHandle.standardError.write(
            Data(
                fr(
                    "attention : \(outside.count) zone\(outside.count > 1 ? "s" : "") hors du champ des données (communes \(shown)) : le fichier de carreaux ne couvre pas leur commune ; publiées sans valeur, ni comptées au secret\n",
                    en:
                        "warning: \(outside.count) zone\(outside.count > 1 ? "s" : "") outside the data's field (communes \(shown)): the cells file does not cover their commune; published without a value, not counted as secret\n"
                ).utf8
            ))
    }

    /// Says on standard error which of the territory's places (communes, or IRIS when the CAF
    /// counts are by IRIS) the Cafdata file has no row for: their zones are then estimated
    /// without the CAF's own counts, which a planner must know (a file of another
    /// département, or a commune whose code changed since the zones were drawn).
    public static func warnAboutCaf(_ scored: Scored, caf: CafTable?) {
        guard let caf else { return }
        if let message = cafCoverageWarning(scored.cafPlacesWithoutRow, among: scored.assessment.zones, caf: caf) {
            FileHandle.standardError.write(Data(message.utf8))
        }
        let masked = scored.cafPlacesMasked
        guard !masked.isEmpty else { return }
        let places = cafPlaces(scored.assessment.zones, caf: caf)
        let shown = masked.prefix(12).joined(separator: ", ") + (masked.count > 12 ? "…" : "")
        let file = URL(fileURLWithPath: caf.source).lastPathComponent + (caf.selectedPeriod.map { fr(", période \($0)", en: ", period \($0)") } ?? "")
        let all = masked.count == places.count
        Warnings.emit(
            fr(
                "Cafdata (\(file)) : \(all ? "tous les effectifs du territoire sont" : "les effectifs de \(masked.count) lieu(x) sur \(places.count) sont") au secret statistique (\(shown)) : leurs zones sont estimées sans les effectifs de la CAF\(all ? ", et les sorties ne citent pas Cafdata" : "")",
                en: "Cafdata (\(file)): \(all ? "every count of the territory is" : "the counts of \(masked.count) place(s) out of \(places.count) are") under statistical secrecy (\(shown)): their zones are estimated without the CAF's counts\(all ? ", and the outputs do not credit Cafdata" : "")"
            ))
    }

    /// The territory's places whose Cafdata row holds no count at all (every value masked).
    static func placesMasked(_ zones: [ZoneRisk], caf: CafTable) -> [String] {
        cafPlaces(zones, caf: caf).filter { place in caf.record(for: place).map { $0.values.allSatisfy { $0 == nil } } ?? false }.sorted()
    }

    /// The CAF places (commune or IRIS codes) of the zones in the data's field.
    static func cafPlaces(_ zones: [ZoneRisk], caf: CafTable) -> Set<String> {
        var places = Set<String>()
        for zone in zones where zone.reliability != .outOfScope {
            if let key = caf.keyKind == .iris ? zone.id : DataField.communeCode(of: zone) { places.insert(key) }
        }
        return places
    }

    static func placesWithoutRow(_ zones: [ZoneRisk], caf: CafTable) -> [String] {
        cafPlaces(zones, caf: caf).filter { caf.record(for: $0) == nil }.sorted()
    }

    static func cafCoverageWarning(_ missing: [String], among zones: [ZoneRisk], caf: CafTable) -> String? {
        guard !missing.isEmpty else { return nil }
        let places = cafPlaces(zones, caf: caf)
        let shown = missing.prefix(12).joined(separator: ", ") + (missing.count > 12 ? "…" : "")
        let file = URL(fileURLWithPath: caf.source).lastPathComponent + (caf.selectedPeriod.map { fr(", période \($0)", en: ", period \($0)") } ?? "")
        let count = SpokenNumber.integer(Double(missing.count)), total = SpokenNumber.integer(Double(places.count))
        let what = caf.keyKind == .iris ? "IRIS" : fr("commune(s)", en: "commune(s)")
        return fr(
            "attention : Cafdata (\(file)) : aucune ligne pour \(count) \(what) du territoire sur \(total) (\(shown)) : leurs zones sont estimées sans les effectifs de la CAF (fichier d'un autre territoire, ou code changé depuis le découpage des zones ?)\n",
            en:
                "warning: Cafdata (\(file)): no row for \(count) \(what) of the territory out of \(total) (\(shown)): their zones are estimated without the CAF's counts (a file of another territory, or a code changed since the zones were drawn?)\n"
        )
    }

    public static func run(
        cells: CellTable, zones: ZoneLayer, inGrid: ZonesInGrid? = nil, companions: ZoneLayer? = nil, caf: CafTable?, model: RiskModel, threads: Int,
        progress: TerminalProgress? = nil
    ) throws -> Scored {
        if model.belowInseeSecrecy {
            FileHandle.standardError.write(
                Data(
                    fr(
                        "attention : seuil de secret à \(FrenchNumber.integer(model.minimumHouseholds)) ménages, sous la règle de l'Insee (11) : sorties à usage interne uniquement, à ne pas diffuser (\(model.source))\n",
                        en:
                            "warning: secrecy threshold of \(SpokenNumber.integer(model.minimumHouseholds)) households, below INSEE's rule (11): outputs for internal use only, not for publication (\(model.source))\n"
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
        let profiles = PhaseTimer.measure("profils") { scopedProfiles(zones, overlaid) }
        let companionProfiles =
            try companions.map { layer in
                scopedProfiles(
                    layer,
                    try ZoneOverlay.compute(
                        cells: cells, zones: layer, variables: cells.variableNames, method: .exact, conserve: false, threads: threads,
                        requireOverlap: false
                    ))
            } ?? []
        let overlaps = PhaseTimer.measure("secret secondaire") { SecondarySecrecy.overlaps(coverage: overlaid.coverage, households: cells.column("men") ?? []) }
        let assessment = try PhaseTimer.measure("score") {
            try estimator.assess(zones: profiles, companions: companionProfiles, caf: caf, overlaps: overlaps, threads: threads)
        }
        for (z, reason) in assessment.secondarySecret.sorted(by: { $0.key < $1.key }) {
            FileHandle.standardError.write(
                Data(
                    fr(
                        "attention : zone \(assessment.zones[z].id) mise au secret (\(reason))\n",
                        en: "warning: zone \(assessment.zones[z].id) put under secrecy (\(reason))\n"
                    ).utf8))
        }
        let publishedCount = assessment.zones.filter(\.isPublished).count
        if assessment.model.classMethod != .national && publishedCount < 2 * assessment.model.classCount {
            FileHandle.standardError.write(
                Data(
                    fr(
                        "attention : \(publishedCount) zone(s) publiée(s) pour \(assessment.model.classCount) classes propres au territoire (\(assessment.model.classMethod.rawValue), \(assessment.model.source)) : ces classes ne disent presque rien ; les classes nationales (method = \"national\") gardent leur sens quelle que soit la taille du territoire\n",
                        en:
                            "warning: \(publishedCount) published zone(s) for \(assessment.model.classCount) classes of the territory's own (\(assessment.model.classMethod.rawValue), \(assessment.model.source)): these classes say almost nothing; the national classes (method = \"national\") keep their meaning whatever the territory's size\n"
                    ).utf8))
        }
        let sensitivity = try PhaseTimer.measure("score : sensibilité") {
            try estimator.sensitivity(of: assessment, zones: profiles, companions: companionProfiles, caf: caf, threads: threads)
        }
        let withoutRow = caf.map { placesWithoutRow(assessment.zones, caf: $0) } ?? []
        let masked = caf.map { placesMasked(assessment.zones, caf: $0) } ?? []
        // Cafdata is credited only when some zone used its counts (not when every place fell
        // back on the model's profile alone, for want of a row or under secrecy).
        let cafUsed = caf.map { cafPlaces(assessment.zones, caf: $0).count > withoutRow.count + masked.count } ?? false
        return Scored(
            overlaid: overlaid, assessment: assessment, sensitivity: sensitivity,
            credits: DataCredits(cells: cells, zones: zones, cafPeriod: cafUsed ? caf?.selectedPeriod : nil),
            cafTrend: cafTrend(caf: caf, assessment: assessment), cafPlacesWithoutRow: withoutRow, cafPlacesMasked: masked
        )
    }

    public static func table(_ scored: Scored, zones: ZoneLayer, withGeometry: Bool, threads: Int) -> ZoneTable {
        ScoredZoneTable.make(
            assessment: scored.assessment,
            identities: zones.zones.map { .init(code: $0.id, name: $0.name, commune: $0.commune, communeName: $0.communeName) },
            variables: scored.overlaid.aggregation.variables, counts: scored.overlaid.aggregation.zones.map(\.values),
            geometries: withGeometry ? zones.zones.map(\.geometry) : nil, crs: zones.crs, threads: threads
        )
    }

    /// CSV without geometry; GeoJSON per RFC 7946 (WGS 84, through GDAL); a GeoPackage or a
    /// PostGIS table in Lambert-93 (in metropolitan France) carrying its QGIS style. The
    /// output's CRS (`--crs`) replaces the default (the zones' CRS; Lambert-93 in metropolitan
    /// France for a GeoPackage or PostGIS).
    public static func write(_ scored: Scored, zones: ZoneLayer, to output: ZoneOutput, style: MapStyle? = nil) throws {
        let format = output.format ?? OutputFormat.implied(by: output.destination)
        if format == .geoPackage || format == .postGIS {
            let table = try PhaseTimer.measure("écriture : table") { try geoPackageTable(scored, zones: zones, style: style, threads: output.threads) }
            try PhaseTimer.measure("écriture : fichier") { try output.write(table) }
            return
        }
        try output.write(creditedTable(scored, zones: zones, withGeometry: format?.holdsShapes ?? false, threads: output.threads))
    }

    /// The scored zones as `write` gives them to a GeoJSON file (the zones' shapes, the
    /// credits), for a run that writes it on another thread.
    public static func geoJSONTable(_ scored: Scored, zones: ZoneLayer, threads: Int) -> ZoneTable {
        creditedTable(scored, zones: zones, withGeometry: true, threads: threads)
    }

    /// The table with the credits as its description; as a CSV, a table for people (the
    /// French spreadsheet convention).
    static func creditedTable(_ scored: Scored, zones: ZoneLayer, withGeometry: Bool, threads: Int) -> ZoneTable {
        var table = table(scored, zones: zones, withGeometry: withGeometry, threads: threads)
        table.description = scored.credits.text
        table.csvDialect = .spreadsheet
        return table
    }

    /// The scored zones as the GeoPackage holds them: in the map CRS (Lambert-93 in
    /// metropolitan France), with the credits and the QGIS style of the risk classes.
    public static func geoPackageTable(_ scored: Scored, zones: ZoneLayer, style: MapStyle? = nil, threads: Int) throws -> ZoneTable {
        var output = table(scored, zones: zones, withGeometry: true, threads: threads)
        output.description = scored.credits.text
        let geometries = zones.zones.map(\.geometry)
        let target = try MapProjection.target(for: geometries, in: zones.crs)
        output.geometries = try MapProjection.transform(geometries, from: zones.crs, to: target)
        output.crs = target
        let mapStyle = try style ?? MapStyle.load(path: BundledFiles.styleFile("default.toml"))
        // The classes, colours and labels of the risk map's legend, from the same zones.
        let model = scored.assessment.model
        let naming =
            model.classMethod == .national
            ? RiskClassNaming(nationalOf: model) : RiskClassNaming(territorialCount: scored.assessment.breaks.classCount)
        let map = SVGMap(
            style: mapStyle, layer: .risk, caption: MapCaption(territory: "", date: "", sources: "", classification: "", projection: ""),
            riskClasses: naming, threads: 1)
        // Only the columns the legend reads (reliability, score, class): the other ~60 would
        // be copied into 48 600 dictionaries for nothing on all of France.
        let legendZones = try publishedLayer(output, source: "", columns: [ScoredColumn.reliability, ScoredColumn.score, ScoredColumn.riskClass]).zones
        let legend = map.legendClasses(zones: legendZones, cells: []).classes
        // The SVG legend's classes: those that hold a zone.
        let categories = legend.enumerated().filter { $0.element.count > 0 }.map { i, c in
            QGISStyle.Category(value: i + 1, label: map.legendLabel(c, number: i + 1, wording: ZoneWording(codes: legendZones.map(\.code))), color: c.color)
        }
        let qml = QGISStyle.qml(attribute: ScoredColumn.riskClass, categories: categories, style: mapStyle)
        output.style = LayerStyle(name: "risque de non-recours", qml: qml, description: "AllerVers : classes de risque de non-recours")
        return output
    }

    /// The published zones as maps, the plan and the siting review read them, built in memory
    /// from the GeoPackage's table (the same values and geometries, without reading it back);
    /// with `columns`, only those attributes (and the code, name and commune).
    public static func publishedLayer(_ table: ZoneTable, source: String, columns: Set<String>? = nil) throws -> ScoredLayer {
        guard let crs = table.crs, let geometries = table.geometries else {
            throw ExportError(path: source, message: fr("la table scorée n'a pas de géométrie", en: "the scored table has no geometry"))
        }
        let names = table.fields.map { $0.name.lowercased() }
        let identity: Set<String> = [ScoredColumn.code, ScoredColumn.name, ScoredColumn.commune]
        let kept = names.indices.filter { columns == nil || columns!.contains(names[$0]) || identity.contains(names[$0]) }
        let rows = table.rows.map { row in
            kept.map { i -> AttributeValue? in
                switch row[i] {
                case .real(let v): .number(v)
                case .integer(let v): .number(Double(v))
                case .string(let text): .text(text)
                case .date(let y, let m, let d): .text(FieldValue.isoDate(y, m, d))
                case .null: nil
                }
            }
        }
        let zones = ScoredZone.sharing(names: kept.map { names[$0] }, rows: rows, geometries: geometries)
        return ScoredLayer(source: source, crs: crs, zones: zones, credits: table.description)
    }

    public static func writeReport(_ scored: Scored, cells: CellTable, zones: ZoneLayer, to path: String) throws {
        try AtomicFile.writeJSON(summary(scored, cells: cells, zones: zones), to: path)
    }

    /// The summary of a scoring; its inputs named relative to `base` (the territory file's
    /// folder), or by their names alone.
    public static func summary(_ scored: Scored, cells: CellTable, zones: ZoneLayer, base: String? = nil) -> ScoringSummary {
        func shown(_ path: String) -> String { RecordedPath.shown(path, relativeTo: base) }
        let assessment = scored.assessment
        let published = assessment.zones.filter(\.isPublished)
        let benefits = assessment.model.benefits.enumerated().map { b, benefit in
            ScoringSummary.BenefitSummary(
                id: benefit.id, label: benefit.label, rate: benefit.rate, rateLow: benefit.rateLow, rateHigh: benefit.rateHigh,
                rateSource: benefit.rateSource, cafColumn: benefit.cafColumn, eligibleNote: benefit.eligibleNote,
                estimatedMissing: (published.reduce(0) { $0 + $1.nonrecours[b] } * 10).rounded() / 10,
                estimatedMissingLow: (published.reduce(0) { $0 + $1.nonrecoursLow[b] } * 10).rounded() / 10,
                estimatedMissingHigh: (published.reduce(0) { $0 + $1.nonrecoursHigh[b] } * 10).rounded() / 10,
                ratePublished: benefit.ratePublished
            )
        }
        var territory: [String: Double] = [:]
        for (i, indicator) in Indicator.allCases.enumerated() {
            if let value = assessment.territory[i] { territory[indicator.columnName] = value }
        }
        var reliability: [String: Int] = [:]
        for zone in assessment.zones { reliability[zone.reliability.rawValue, default: 0] += 1 }
        return ScoringSummary(
            allervers: AllerVersVersion.current, model: shown(assessment.model.source), modelName: assessment.model.name,
            cells: shown(cells.source), zones: shown(zones.source), caf: assessment.cafSource.map(shown),
            // The period only when Cafdata's counts were used (not all missing or secret).
            cafPeriod: scored.credits.parts.contains { $0.hasPrefix("Cnaf, Cafdata") } ? assessment.cafPeriod : nil,
            benefits: benefits, classMethod: assessment.breaks.method.rawValue, classBreaks: assessment.breaks.bounds,
            zonesPerClass: assessment.breaks.counts, cafConfrontation: assessment.cafAreas, territoryIndicators: territory,
            reliability: reliability, secretZones: assessment.zones.filter(\.isSecret).map(\.id),
            outOfScopeZones: assessment.zones.filter { $0.reliability == .outOfScope }.map(\.id),
            scoreScale:
                "score = 100 × s / (s + \(FrenchNumber.decimal(assessment.model.scoreHalfAt, digits: 3))), s = ménages × prestations non perçues par ménage ; 50 au niveau national estimé",
            massAccounting: scored.overlaid.aggregation.accountsOverPublished(assessment.zones.map(\.isPublished)),
            massAccountingScope: assessment.zones.allSatisfy(\.isPublished) ? "toutes les zones" : "zones publiées",
            credits: scored.credits.text, cafTrend: scored.cafTrend,
            cafPlacesWithoutRow: scored.cafPlacesWithoutRow.isEmpty ? nil : scored.cafPlacesWithoutRow,
            sensitivity: scored.sensitivity, volumeDriver: volumeDriver(assessment),
            classNames: (1...max(assessment.breaks.classCount, 1)).map { assessment.model.className($0) }
        )
    }

    /// Which benefit carries the steering volume over the published zones, and how sure that is:
    /// « La prime d'activité porte 52 % du volume (taux supposé, aucun taux publié, comptée pour
    /// moitié) ; RSA 31 % (taux publié) ; … ».
    static func volumeDriver(_ assessment: RiskAssessment) -> String? {
        let benefits = assessment.model.benefits
        let published = assessment.zones.filter(\.isPublished)
        var volumes = [Double](repeating: 0, count: benefits.count)
        for zone in published {
            for (b, value) in assessment.model.steeringContributions(zone.nonrecours).enumerated() { volumes[b] += value }
        }
        let total = volumes.reduce(0, +)
        guard total > 0 else { return nil }
        let order = benefits.indices.sorted { (volumes[$0], benefits[$1].id) > (volumes[$1], benefits[$0].id) }
        func sureness(_ b: Int) -> String {
            let benefit = benefits[b]
            let range = "\(FrenchNumber.percent(benefit.rateLow))–\(FrenchNumber.percent(benefit.rateHigh))"
            guard benefit.ratePublished else {
                let weight = benefit.volumeWeight < 1 ? ", comptée au plus pour \(FrenchNumber.percent(benefit.volumeWeight)) de son estimation" : ""
                return "taux supposé, aucun taux publié : fourchette \(range)\(weight), jamais plus que les prestations à taux publié réunies"
            }
            return "taux publié \(FrenchNumber.percent(benefit.rate)), fourchette \(range)"
        }
        let parts = order.map { b in "\(benefits[b].label) \(FrenchNumber.percent(volumes[b] / total)) (\(sureness(b)))" }
        let lead = order[0]
        let sure = benefits[lead].ratePublished ? "sur un taux publié" : "sur un taux supposé : à lire avec prudence"
        return "Le volume qui oriente la tournée est porté d'abord par la prestation « \(benefits[lead].label) », \(sure). Part de chaque prestation : "
            + parts.joined(separator: " ; ") + "."
    }
}
