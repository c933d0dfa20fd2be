import Foundation
import Inputs
import Overlay
import Risk
import Support

/// What a reader of the map needs to trust it, written by `score --report` as JSON and read
/// back by the HTML report: the model and its sources, the class breaks, the CAF
/// confrontation, the mass accounting. No timing: the same inputs give the same bytes.
public struct ScoringSummary: Codable, Sendable {
    public struct BenefitSummary: Codable, Sendable {
        public var id: String
        public var label: String
        public var rate: Double
        public var rateLow: Double
        public var rateHigh: Double
        public var rateSource: String
        public var cafColumn: String?
        public var eligibleNote: String
        public var estimatedMissing: Double
        public var estimatedMissingLow: Double
        public var estimatedMissingHigh: Double
        /// False when the non-take-up rate is an assumption (none published).
        public var ratePublished: Bool = true

        public init(
            id: String, label: String, rate: Double, rateLow: Double, rateHigh: Double, rateSource: String, cafColumn: String?,
            eligibleNote: String, estimatedMissing: Double, estimatedMissingLow: Double, estimatedMissingHigh: Double,
            ratePublished: Bool
        ) {
            self.ratePublished = ratePublished
            self.id = id
            self.label = label
            self.rate = rate
            self.rateLow = rateLow
            self.rateHigh = rateHigh
            self.rateSource = rateSource
            self.cafColumn = cafColumn
            self.eligibleNote = eligibleNote
            self.estimatedMissing = estimatedMissing
            self.estimatedMissingLow = estimatedMissingLow
            self.estimatedMissingHigh = estimatedMissingHigh
        }
    }
    public var allervers: String
    public var model: String
    public var modelName: String
    public var cells: String
    public var zones: String
    public var caf: String?
    public var cafPeriod: String?
    public var benefits: [BenefitSummary]
    public var classMethod: String
    public var classBreaks: [Double]
    public var zonesPerClass: [Int]
    public var cafConfrontation: [CafAreaFit]
    public var territoryIndicators: [String: Double]
    public var reliability: [String: Int]
    public var secretZones: [String]
    /// Zones whose commune the cells file does not cover: no data, not secrecy.
    public var outOfScopeZones: [String]
    /// How `score_risque` is computed, in French (the fixed national scale).
    public var scoreScale: String
    public var massAccounting: [VariableAccount]
    /// « toutes les zones », or « zones publiées » when some zones are secret or out of scope
    /// (then `allocated` covers the published zones only and `lostOutside` all the rest).
    public var massAccountingScope: String?
    /// « Sources : Insee, Filosofi 2019 ; … »: the data actually used, with their vintages.
    public var credits: String?
    /// Each benefit's CAF count over the periods of the Cafdata file, summed over the
    /// territory's CAF areas (those of the confrontation); nil with fewer than two periods.
    public var cafTrend: [CafTrendSeries]?
    /// The territory's places (communes, or IRIS) the Cafdata file has no row for: their zones
    /// were estimated without the CAF's counts; absent when every place has its row.
    public var cafPlacesWithoutRow: [String]?
    /// Each weight of the model moved by ±25 %: zones changing class.
    public var sensitivity: RiskSensitivity?
    /// Which benefit drives the steering volume, and how sure that is, in one sentence.
    public var volumeDriver: String?
    /// The names of the classes (« faible » … « très élevé »), in order.
    public var classNames: [String]?

    /// A benefit's CAF count, period by period.
    public struct CafTrendSeries: Codable, Sendable, Equatable {
        public struct Point: Codable, Sendable, Equatable {
            public var period: String
            public var total: Double
            /// False when a place's value was masked or missing: the total is a lower bound.
            public var complete: Bool
            public init(period: String, total: Double, complete: Bool) {
                self.period = period
                self.total = total
                self.complete = complete
            }
        }
        public var benefit: String
        public var column: String
        public var points: [Point]
        public init(benefit: String, column: String, points: [Point]) {
            self.benefit = benefit
            self.column = column
            self.points = points
        }
    }

    public init(
        allervers: String, model: String, modelName: String, cells: String, zones: String, caf: String?, cafPeriod: String?,
        benefits: [BenefitSummary], classMethod: String, classBreaks: [Double], zonesPerClass: [Int],
        cafConfrontation: [CafAreaFit], territoryIndicators: [String: Double], reliability: [String: Int],
        secretZones: [String], outOfScopeZones: [String], scoreScale: String, massAccounting: [VariableAccount],
        massAccountingScope: String, credits: String, cafTrend: [CafTrendSeries]? = nil, cafPlacesWithoutRow: [String]? = nil,
        sensitivity: RiskSensitivity? = nil, volumeDriver: String? = nil, classNames: [String]? = nil
    ) {
        self.sensitivity = sensitivity
        self.volumeDriver = volumeDriver
        self.classNames = classNames
        self.credits = credits
        self.cafTrend = cafTrend
        self.cafPlacesWithoutRow = cafPlacesWithoutRow
        self.massAccountingScope = massAccountingScope
        self.outOfScopeZones = outOfScopeZones
        self.scoreScale = scoreScale
        self.allervers = allervers
        self.model = model
        self.modelName = modelName
        self.cells = cells
        self.zones = zones
        self.caf = caf
        self.cafPeriod = cafPeriod
        self.benefits = benefits
        self.classMethod = classMethod
        self.classBreaks = classBreaks
        self.zonesPerClass = zonesPerClass
        self.cafConfrontation = cafConfrontation
        self.territoryIndicators = territoryIndicators
        self.reliability = reliability
        self.secretZones = secretZones
        self.massAccounting = massAccounting
    }
}

extension ScoringSummary {
    /// The summary read back like a raw input (`report --summary`): rates are shares with their
    /// interval around them, estimates and counts are counts, class bounds are scores in
    /// order; an edited file is refused with the field, never printed as if true.
    public func check(path: String) throws(InputError) {
        func refuse(_ field: String, _ value: Double, _ expected: String) -> InputError {
            InputError(
                file: path, field: field,
                words(
                    "valeur %1$@, attendu %2$@ (fichier modifié à la main ? relancez `allervers score --report`)", ScoredFileCheck.shown(value),
                    words(expected)))
        }
        for benefit in benefits {
            for (name, rate) in [("rate", benefit.rate), ("rateLow", benefit.rateLow), ("rateHigh", benefit.rateHigh)] where !(0...1).contains(rate) {
                throw refuse("benefits.\(benefit.id).\(name)", rate, "un taux de 0 à 1")
            }
            if !(benefit.rateLow <= benefit.rate && benefit.rate <= benefit.rateHigh) {
                throw refuse("benefits.\(benefit.id).rate", benefit.rate, "un taux dans son intervalle")
            }
            for (name, count) in [
                ("estimatedMissing", benefit.estimatedMissing), ("estimatedMissingLow", benefit.estimatedMissingLow),
                ("estimatedMissingHigh", benefit.estimatedMissingHigh),
            ] where !(0...1e8).contains(count) {
                throw refuse("benefits.\(benefit.id).\(name)", count, "un effectif de 0 à 100 millions")
            }
        }
        for (k, bound) in classBreaks.enumerated() where !(0...100).contains(bound) || (k > 0 && bound < classBreaks[k - 1]) {
            throw refuse("classBreaks", bound, "des limites de score de 0 à 100, croissantes")
        }
        for count in zonesPerClass where count < 0 {
            throw refuse("zonesPerClass", Double(count), "un nombre de zones positif")
        }
        for (name, value) in territoryIndicators.sorted(by: { $0.key < $1.key }) where !value.isFinite || value < 0 {
            throw refuse("territoryIndicators.\(name)", value, "un nombre positif ou nul")
        }
    }
}

extension ScoringSummary.CafTrendSeries {
    /// Each benefit's CAF count period by period, summed over the CAF areas the scoring
    /// confronted (the territory's communes or IRIS); nil with fewer than two periods.
    public static func trend(caf: CafTable?, assessment: RiskAssessment) -> [ScoringSummary.CafTrendSeries]? {
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
}
