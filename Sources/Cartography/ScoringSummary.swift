import Foundation
import Overlay
import Risk

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

        public init(
            id: String, label: String, rate: Double, rateLow: Double, rateHigh: Double, rateSource: String, cafColumn: String?,
            eligibleNote: String, estimatedMissing: Double, estimatedMissingLow: Double, estimatedMissingHigh: Double
        ) {
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
    public var massAccounting: [VariableAccount]

    public init(
        allervers: String, model: String, modelName: String, cells: String, zones: String, caf: String?, cafPeriod: String?,
        benefits: [BenefitSummary], classMethod: String, classBreaks: [Double], zonesPerClass: [Int],
        cafConfrontation: [CafAreaFit], territoryIndicators: [String: Double], reliability: [String: Int],
        secretZones: [String], massAccounting: [VariableAccount]
    ) {
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
