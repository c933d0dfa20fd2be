import Foundation
import Inputs
import Overlay
import Support

/// A zone as the risk model sees it: its aggregated Filosofi counts, its area and how much of
/// it rests on imputed cells.
public struct ZoneProfile: Sendable {
    public var id: String
    public var name: String?
    /// Commune code (INSEE), used to match commune-level Cafdata.
    public var commune: String?
    /// Aggregated counts, in the order of ``ProfileSchema/variables``.
    public var counts: [Double]
    /// Zone area in m² (in the grid's equal-area CRS).
    public var area: Double
    /// Share of the zone's individuals living in imputed cells (0 when unknown).
    public var imputedShare: Double
    /// False when the cells file does not cover the zone's commune (see ``DataField``): the
    /// zone is published without values, as « hors du champ des données », not as secret.
    public var inScope: Bool
    public var communeName: String?

    public init(
        id: String, name: String? = nil, commune: String? = nil, communeName: String? = nil, counts: [Double], area: Double,
        imputedShare: Double, inScope: Bool = true
    ) {
        self.id = id
        self.communeName = communeName
        self.inScope = inScope
        self.name = name
        self.commune = commune
        self.counts = counts
        self.area = area
        self.imputedShare = imputedShare
    }
}

/// The names of the counts a ``ZoneProfile`` carries (Filosofi names, lower case).
public struct ProfileSchema: Sendable {
    public let variables: [String]
    private let index: [String: Int]

    /// The counts each indicator sums (its numerator and denominator; the people for the
    /// density), found once by name, in `Indicator.allCases` order; nil when one is missing.
    private let indicatorCounts: [(numerator: [Int], denominator: [Int])?]

    public init(variables: [String]) {
        self.variables = variables
        var index: [String: Int] = [:]
        for (i, name) in variables.enumerated() where index[name] == nil { index[name] = i }
        self.index = index
        func positions(_ names: [String]) -> [Int]? {
            let found = names.compactMap { index[$0] }
            return found.count == names.count ? found : nil
        }
        indicatorCounts = Indicator.allCases.map { indicator in
            let (numerator, denominator) = indicator.ratio ?? (indicator == .density ? (["ind"], []) : ([], []))
            guard let top = positions(numerator), let bottom = positions(denominator) else { return nil }
            return (top, bottom)
        }
    }

    public func position(of variable: String) -> Int? { index[variable] }

    /// The counts an indicator sums, or nil if one is missing.
    func counts(of indicator: Indicator) -> (numerator: [Int], denominator: [Int])? { indicatorCounts[indicator.position] }
}

/// Indicators formed **after** aggregation, from aggregated numerators and denominators
/// (never by averaging cell ratios).
public enum Indicator: String, Sendable, CaseIterable, Codable {
    case povertyRate = "poverty_rate"
    case singleParentShare = "single_parent_share"
    case onePersonShare = "one_person_share"
    case largeHouseholdShare = "large_household_share"
    case ownerShare = "owner_share"
    case socialHousingShare = "social_housing_share"
    case share18to24 = "share_18_24"
    case share65Plus = "share_65_plus"
    case share80PlusOf65Plus = "share_80_plus_of_65_plus"
    case meanLivingStandard = "mean_living_standard"
    case density = "density"
    case imputedShare = "imputed_share"

    static let housingTotal = ["log_av45", "log_45_70", "log_70_90", "log_ap90", "log_inc"]

    /// Numerator and denominator counts, for the ratio indicators.
    var ratio: (numerator: [String], denominator: [String])? {
        switch self {
        case .povertyRate: (["men_pauv"], ["men"])
        case .singleParentShare: (["men_fmp"], ["men"])
        case .onePersonShare: (["men_1ind"], ["men"])
        case .largeHouseholdShare: (["men_5ind"], ["men"])
        case .ownerShare: (["men_prop"], ["men"])
        case .socialHousingShare: (["log_soc"], Self.housingTotal)
        case .share18to24: (["ind_18_24"], ["ind"])
        case .share65Plus: (["ind_65_79", "ind_80p"], ["ind"])
        case .share80PlusOf65Plus: (["ind_80p"], ["ind_65_79", "ind_80p"])
        case .meanLivingStandard: (["ind_snv"], ["ind"])
        case .density, .imputedShare: nil
        }
    }

    /// The indicator's value for counts, or nil when a count is missing or the denominator is 0.
    public func value(counts: [Double], area: Double, imputedShare: Double, schema: ProfileSchema) -> Double? {
        switch self {
        case .imputedShare:
            return imputedShare
        default:
            guard let (numerator, denominator) = schema.counts(of: self) else { return nil }
            var top = 0.0, bottom = 0.0
            for i in numerator { top += counts[i] }
            for i in denominator { bottom += counts[i] }
            if self == .density { return area > 0 ? top / (area / 1_000_000) : nil }
            return bottom > 0 ? top / bottom : nil
        }
    }

    public func value(of zone: ZoneProfile, schema: ProfileSchema) -> Double? {
        value(counts: zone.counts, area: zone.area, imputedShare: zone.imputedShare, schema: schema)
    }

    /// The indicator's column in every published table (the model file keeps the English
    /// `rawValue` as its key).
    public var columnName: String {
        switch self {
        case .povertyRate: "taux_pauvrete"
        case .singleParentShare: "part_familles_monoparentales"
        case .onePersonShare: "part_menages_une_personne"
        case .largeHouseholdShare: "part_menages_5_personnes"
        case .ownerShare: "part_proprietaires"
        case .socialHousingShare: "part_logements_sociaux"
        case .share18to24: "part_18_24_ans"
        case .share65Plus: "part_65_ans_plus"
        case .share80PlusOf65Plus: "part_80_ans_plus_des_65_ans_plus"
        case .meanLivingStandard: "niveau_vie_moyen"
        case .density: "densite"
        case .imputedShare: "part_individus_imputes"
        }
    }

    /// French wording, for explanations and legends.
    public var frenchLabel: String {
        switch self {
        case .povertyRate: "taux de pauvreté"
        case .singleParentShare: "familles monoparentales"
        case .onePersonShare: "ménages d'une personne"
        case .largeHouseholdShare: "ménages de 5 personnes ou plus"
        case .ownerShare: "propriétaires"
        case .socialHousingShare: "logements sociaux"
        case .share18to24: "jeunes de 18 à 24 ans"
        case .share65Plus: "personnes de 65 ans ou plus"
        case .share80PlusOf65Plus: "personnes de 80 ans ou plus parmi les 65 ans ou plus"
        case .meanLivingStandard: "niveau de vie moyen"
        case .density: "densité"
        case .imputedShare: "individus dans des carreaux imputés"
        }
    }

    /// The value written the French way: « 22 % », « 14 350 € », « 8 200 hab./km² ».
    public func frenchValue(_ value: Double) -> String {
        switch self {
        case .meanLivingStandard: FrenchNumber.integer(value) + " €"
        case .density: FrenchNumber.integer(value) + " hab./km²"
        default: FrenchNumber.percent(value)
        }
    }

    /// The indicator's place in `allCases` (the order of ``ZoneRisk/indicators``).
    public var position: Int {
        switch self {
        case .povertyRate: 0
        case .singleParentShare: 1
        case .onePersonShare: 2
        case .largeHouseholdShare: 3
        case .ownerShare: 4
        case .socialHousingShare: 5
        case .share18to24: 6
        case .share65Plus: 7
        case .share80PlusOf65Plus: 8
        case .meanLivingStandard: 9
        case .density: 10
        case .imputedShare: 11
        }
    }

    /// Whether the indicator is a share (0–1).
    public var isShare: Bool { self != .meanLivingStandard && self != .density }
}

extension ZoneProfile {
    /// One profile per zone of an overlay, with every aggregated count.
    public static func profiles(zones: ZoneLayer, overlay: ZoneOverlay) -> [ZoneProfile] {
        zones.zones.indices.map { z in
            let zone = zones.zones[z], aggregate = overlay.aggregation.zones[z]
            return ZoneProfile(
                id: zone.id, name: zone.name, commune: zone.commune, communeName: zone.communeName, counts: aggregate.values,
                area: overlay.areas[z], imputedShare: aggregate.imputedShare ?? 0
            )
        }
    }
}
