import Cartography
import Foundation
import GeoBindings
import GeometryCore
import Inputs
import Overlay
import Risk
import ScoredFiles
import Support

/// A territory aggregated and scored (`allervers score`, the first step of `run`): the zones'
/// overlay of the cells, the assessment, its sensitivity, the data used; and the tables the
/// outputs write from it (CSV, GeoJSON, the styled GeoPackage), secret zones publishing nothing.
public struct ScoredTerritory {
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

    public init(
        overlaid: ZoneOverlay, assessment: RiskAssessment, sensitivity: RiskSensitivity?, credits: DataCredits, cafTrend: [ScoringSummary.CafTrendSeries]?,
        cafPlacesWithoutRow: [String] = [], cafPlacesMasked: [String] = []
    ) {
        self.overlaid = overlaid
        self.assessment = assessment
        self.sensitivity = sensitivity
        self.credits = credits
        self.cafTrend = cafTrend
        self.cafPlacesWithoutRow = cafPlacesWithoutRow
        self.cafPlacesMasked = cafPlacesMasked
    }
}

extension ScoredTerritory {
    public func table(zones: ZoneLayer, withGeometry: Bool, threads: Int) -> ZoneTable {
        ScoredZoneTable.make(
            assessment: assessment,
            identities: zones.zones.map { .init(code: $0.id, name: $0.name, commune: $0.commune, communeName: $0.communeName) },
            variables: overlaid.aggregation.variables, counts: overlaid.aggregation.zones.map(\.values),
            geometries: withGeometry ? zones.zones.map(\.geometry) : nil, crs: zones.crs, threads: threads
        )
    }

    /// CSV without geometry; GeoJSON per RFC 7946 (WGS 84, through GDAL); a GeoPackage or a
    /// PostGIS table in Lambert-93 (in metropolitan France) carrying its QGIS style. The
    /// output's CRS (`--crs`) replaces the default (the zones' CRS; Lambert-93 in metropolitan
    /// France for a GeoPackage or PostGIS).
    /// `whileWriting` is called once the table is made, as the file starts to be written
    /// (mostly by SQLite or GDAL on one thread): the moment for other work. Returns the table
    /// written (for a caller that keeps it to the process's end rather than freeing it).
    @discardableResult
    public func write(zones: ZoneLayer, to output: ZoneOutput, style: MapStyle, whileWriting: () -> Void = {}) throws -> ZoneTable {
        let format = output.impliedFormat
        if format == .geoPackage || format == .postGIS {
            let table = try PhaseTimer.measure("écriture : table") { try geoPackageTable(zones: zones, style: style, threads: output.threads) }
            whileWriting()
            try PhaseTimer.measure("écriture : fichier") { try output.write(table) }
            return table
        }
        let table = creditedTable(zones: zones, withGeometry: output.holdsShapes, threads: output.threads)
        whileWriting()
        try output.write(table)
        return table
    }

    /// The scored zones as `write` gives them to a GeoJSON file (the zones' shapes, the
    /// credits), for a run that writes it on another thread.
    public func geoJSONTable(zones: ZoneLayer, threads: Int) -> ZoneTable {
        creditedTable(zones: zones, withGeometry: true, threads: threads)
    }

    /// The table with the credits as its description; as a CSV, a table for people (the
    /// French spreadsheet convention).
    func creditedTable(zones: ZoneLayer, withGeometry: Bool, threads: Int) -> ZoneTable {
        var table = table(zones: zones, withGeometry: withGeometry, threads: threads)
        table.description = credits.text
        table.csvDialect = .spreadsheet
        return table
    }

    /// The scored zones as the GeoPackage holds them: in the map CRS (Lambert-93 in
    /// metropolitan France), with the credits and the QGIS style of the risk classes.
    public func geoPackageTable(zones: ZoneLayer, style: MapStyle, threads: Int) throws -> ZoneTable {
        var output = table(zones: zones, withGeometry: true, threads: threads)
        output.description = credits.text
        let geometries = zones.zones.map(\.geometry)
        let target = try MapProjection.target(for: geometries, in: zones.crs, threads: threads)
        output.geometries = try MapProjection.transform(geometries, from: zones.crs, to: target)
        output.crs = target
        let mapStyle = style
        // The classes, colours and labels of the risk map's legend, from the same zones.
        let model = assessment.model
        let naming =
            model.classMethod == .national
            ? RiskClassNaming(nationalOf: model) : RiskClassNaming(territorialCount: assessment.breaks.classCount)
        let map = SVGMap(
            style: mapStyle, layer: .risk, caption: MapCaption(territory: "", date: "", sources: "", classification: "", projection: ""),
            riskClasses: naming, threads: 1)
        // Read from the table's own columns as a map reads them from the file (through zones
        // of the published layer, 48 600 of them were built for three values each).
        let column = { (name: String) in output.fields.lastIndex { $0.name.lowercased() == name } }
        let reliabilityColumn = column(ScoredColumn.reliability), scoreColumn = column(ScoredColumn.score)
        let classColumn = column(ScoredColumn.riskClass), codeColumn = column(ScoredColumn.code)
        let published = output.rows.compactMap { row -> (riskClass: Int, score: Double)? in
            let reliability = reliabilityColumn.flatMap { Self.attribute(row[$0])?.text }.flatMap(Reliability.init(rawValue:))
            guard reliability != .secret && reliability != .outOfScope,
                let riskClass = ScoredZone.riskClass(classColumn.flatMap { Self.attribute(row[$0])?.number }),
                let score = scoreColumn.flatMap({ Self.attribute(row[$0])?.number })
            else { return nil }
            return (riskClass, score)
        }
        let legend = map.riskLegendClasses(published: published)
        // The SVG legend's classes: those that hold a zone.
        let wording = ZoneWording(codes: output.rows.map { row in codeColumn.flatMap { Self.attribute(row[$0])?.text } ?? "" })
        let categories = legend.enumerated().filter { $0.element.count > 0 }.map { i, c in
            QGISStyle.Category(value: i + 1, label: map.legendLabel(c, number: i + 1, wording: wording), color: c.color)
        }
        let qml = QGISStyle.qml(attribute: ScoredColumn.riskClass, categories: categories, style: mapStyle)
        output.style = LayerStyle(name: "risque de non-recours", qml: qml, description: "AllerVers : classes de risque de non-recours")
        return output
    }

    /// The published zones as maps, the plan and the siting review read them, built in memory
    /// from the GeoPackage's table (the same values and geometries, without reading it back).
    public static func publishedLayer(_ table: ZoneTable, source: String) throws -> ScoredLayer {
        guard let crs = table.crs, let geometries = table.geometries else {
            throw ExportError(path: source, message: words("la table scorée n'a pas de géométrie"))
        }
        let rows = table.rows.map { row in row.map(attribute) }
        let zones = ScoredZone.sharing(names: table.fields.map { $0.name.lowercased() }, rows: rows, geometries: geometries)
        return ScoredLayer(source: source, crs: crs, zones: zones, credits: table.description)
    }

    /// A table's value as a scored file's reader sees it.
    private static func attribute(_ value: FieldValue) -> AttributeValue? {
        switch value {
        case .real(let v): .number(v)
        case .integer(let v): .number(Double(v))
        case .string(let text): .text(text)
        case .date(let y, let m, let d): .text(FieldValue.isoDate(y, m, d))
        case .null: nil
        }
    }

    /// The summary of a scoring; its inputs named relative to `base` (the territory file's
    /// folder), or by their names alone.
    public func summary(cellsSource: String, zones: ZoneLayer, base: String? = nil) -> ScoringSummary {
        func shown(_ path: String) -> String { RecordedPath.shown(path, relativeTo: base) }
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
            cells: shown(cellsSource), zones: shown(zones.source), caf: assessment.cafSource.map(shown),
            // The period only when Cafdata's counts were used (not all missing or secret).
            cafPeriod: credits.parts.contains { $0.hasPrefix("Cnaf, Cafdata") } ? assessment.cafPeriod : nil,
            benefits: benefits, classMethod: assessment.breaks.method.rawValue, classBreaks: assessment.breaks.bounds,
            zonesPerClass: assessment.breaks.counts, cafConfrontation: assessment.cafAreas, territoryIndicators: territory,
            reliability: reliability, secretZones: assessment.zones.filter(\.isSecret).map(\.id),
            outOfScopeZones: assessment.zones.filter { $0.reliability == .outOfScope }.map(\.id),
            scoreScale:
                "score = 100 × s / (s + \(FrenchNumber.decimal(assessment.model.scoreHalfAt, digits: 3))), s = ménages × prestations non perçues par ménage ; 50 au niveau national estimé",
            massAccounting: overlaid.aggregation.accountsOverPublished(assessment.zones.map(\.isPublished)),
            massAccountingScope: assessment.zones.allSatisfy(\.isPublished) ? "toutes les zones" : "zones publiées",
            credits: credits.text, cafTrend: cafTrend,
            cafPlacesWithoutRow: cafPlacesWithoutRow.isEmpty ? nil : cafPlacesWithoutRow,
            sensitivity: sensitivity, volumeDriver: Self.volumeDriver(assessment),
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
