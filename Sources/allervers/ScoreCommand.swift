import ArgumentParser
import Exports
import Foundation
import GeoBindings
import GeometryCore
import Inputs
import Overlay
import Risk

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score the risk of non-recours per zone, with intervals, classes and explanations.",
        discussion: "The model is a TOML file (default: Data/models/default.toml) holding the benefits, their published non-take-up rates and sources, the risk factors and the score weights."
    )

    @OptionGroup var inputs: CellsAndZonesOptions

    @Option(name: .long, help: "Cafdata counts by commune or by IRIS (CSV).")
    var caf: String?

    @Option(name: .long, help: "Cafdata period to use, YYYY-MM (default: the latest).")
    var cafPeriod: String?

    @Option(name: .long, help: "Risk model (TOML).")
    var model: String?

    @Option(name: .shortAndLong, help: "Output: .geojson, .gpkg, .csv or .fgb.")
    var output: String

    @Option(name: .long, help: "Summary of the model, class breaks, CAF confrontation and mass accounting (JSON).")
    var report: String?

    func validate() throws {
        let ext = URL(fileURLWithPath: output).pathExtension.lowercased()
        guard ["csv", "gpkg", "geojson", "json", "fgb"].contains(ext) else {
            throw ValidationError("--output must end in .csv, .gpkg, .geojson or .fgb (got \(output))")
        }
    }

    func run() throws {
        try reportingErrors {
            let started = Date()
            let modelPath = try model ?? DataLocator.file("models/default.toml")
            let riskModel = try RiskModel.load(path: modelPath)
            let cafTable = try caf.map { path throws(InputError) in try CafdataReader.read(path: path, period: cafPeriod) }
            let (cells, zones) = try inputs.load()
            let scored = try ScoringRun.run(
                cells: cells, zones: zones, caf: cafTable, model: riskModel, threads: inputs.threads,
                progress: Progress(label: "zones", total: zones.zones.count)
            )
            try ScoringRun.write(scored, zones: zones, to: output)
            if let report { try ScoringRun.writeReport(scored, cells: cells, zones: zones, to: report) }
            let counted = scored.assessment.zones.filter { !$0.isSecret }
            FileHandle.standardError.write(Data(String(
                format: "%d zones scored (%d secret), %.0f households × benefits estimated missing, %.2f s\n",
                counted.count, scored.assessment.zones.count - counted.count,
                counted.reduce(0) { $0 + $1.total }, Date().timeIntervalSince(started)
            ).utf8))
        }
    }
}

/// Aggregation then scoring: shared by `score` and `run`.
enum ScoringRun {
    struct Scored {
        var overlaid: ZoneOverlay
        var assessment: RiskAssessment
        var cellRisk: CellRisk
    }

    static func run(
        cells: CellTable, zones: ZoneLayer, caf: CafTable?, model: RiskModel, threads: Int, progress: Progress? = nil
    ) throws -> Scored {
        let schema = ProfileSchema(variables: cells.variableNames)
        let estimator = RiskEstimator(model: model, schema: schema)
        try estimator.checkCounts(source: cells.source)
        let overlaid = try ZoneOverlay.compute(
            cells: cells, zones: zones, variables: cells.variableNames, method: .exact, conserve: false, threads: threads,
            progress: progress?.callback
        )
        let profiles = ZoneProfile.profiles(zones: zones, overlay: overlaid)
        let assessment = try estimator.assess(zones: profiles, caf: caf)
        let cellRisk = CellRisk.spread(assessment: assessment, cells: cells, coverage: overlaid.coverage)
        return Scored(overlaid: overlaid, assessment: assessment, cellRisk: cellRisk)
    }

    static func table(_ scored: Scored, zones: ZoneLayer, withGeometry: Bool) -> ZoneTable {
        ScoredZoneTable.make(
            assessment: scored.assessment,
            identities: zones.zones.map { .init(code: $0.id, name: $0.name, commune: $0.commune) },
            variables: scored.overlaid.aggregation.variables, counts: scored.overlaid.aggregation.zones.map(\.values),
            geometries: withGeometry ? zones.zones.map(\.geometry) : nil, crs: zones.crs
        )
    }

    static func write(_ scored: Scored, zones: ZoneLayer, to path: String) throws {
        let isCSV = URL(fileURLWithPath: path).pathExtension.lowercased() == "csv"
        try table(scored, zones: zones, withGeometry: !isCSV).write(to: path)
    }

    /// What a reader of the map needs to trust it: the model and its sources, the class breaks,
    /// the CAF confrontation, the mass accounting. No timing: the same inputs give the same bytes.
    struct Report: Codable {
        struct BenefitSummary: Codable {
            var id: String
            var label: String
            var rate: Double
            var rateLow: Double
            var rateHigh: Double
            var rateSource: String
            var cafColumn: String?
            var eligibleNote: String
            var estimatedMissing: Double
            var estimatedMissingLow: Double
            var estimatedMissingHigh: Double
        }
        var allervers: String
        var model: String
        var modelName: String
        var cells: String
        var zones: String
        var caf: String?
        var cafPeriod: String?
        var benefits: [BenefitSummary]
        var classMethod: String
        var classBreaks: [Double]
        var zonesPerClass: [Int]
        var cafConfrontation: [CafAreaFit]
        var territoryIndicators: [String: Double]
        var reliability: [String: Int]
        var secretZones: [String]
        var massAccounting: [VariableAccount]
    }

    static func writeReport(_ scored: Scored, cells: CellTable, zones: ZoneLayer, to path: String) throws {
        let assessment = scored.assessment
        let published = assessment.zones.filter { !$0.isSecret }
        let benefits = assessment.model.benefits.enumerated().map { b, benefit in
            Report.BenefitSummary(
                id: benefit.id, label: benefit.label, rate: benefit.rate, rateLow: benefit.rateLow, rateHigh: benefit.rateHigh,
                rateSource: benefit.rateSource, cafColumn: benefit.cafColumn, eligibleNote: benefit.eligibleNote,
                estimatedMissing: (published.reduce(0) { $0 + $1.nonrecours[b] } * 10).rounded() / 10,
                estimatedMissingLow: (published.reduce(0) { $0 + $1.nonrecoursLow[b] } * 10).rounded() / 10,
                estimatedMissingHigh: (published.reduce(0) { $0 + $1.nonrecoursHigh[b] } * 10).rounded() / 10
            )
        }
        var territory: [String: Double] = [:]
        for (i, indicator) in Indicator.allCases.enumerated() {
            if let value = assessment.territory[i] { territory[indicator.rawValue] = value }
        }
        var reliability: [String: Int] = [:]
        for zone in assessment.zones { reliability[zone.reliability.rawValue, default: 0] += 1 }
        let report = Report(
            allervers: AllerVersVersion.current, model: assessment.model.source, modelName: assessment.model.name,
            cells: cells.source, zones: zones.source, caf: assessment.cafSource, cafPeriod: assessment.cafPeriod,
            benefits: benefits, classMethod: assessment.breaks.method.rawValue, classBreaks: assessment.breaks.bounds,
            zonesPerClass: assessment.breaks.counts, cafConfrontation: assessment.cafAreas, territoryIndicators: territory,
            reliability: reliability, secretZones: assessment.zones.filter(\.isSecret).map(\.id),
            massAccounting: scored.overlaid.aggregation.accounts
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(encoder.encode(report), to: path)
    }
}
