import Foundation
import Inputs
import Risk
import Support

/// What a thematic map shows. Rates and intensities are colours; counts are proportional
/// circles (never a choropleth of counts).
public enum MapLayer: Sendable, Equatable, Hashable {
    /// Intensity (`score_risque`) in colours, estimated households (`non_recours_estime`) as circles.
    case risk
    /// Estimated households missing a benefit, as circles only.
    case nonrecours
    case poverty
    case niveauDeVie
    case carreaux
    /// One benefit of the model: share of households missing it in colours, households as
    /// circles. `label` is its French name; `assumedRate` when no published rate exists.
    case benefit(id: String, label: String, assumedRate: Bool)
    /// Populated cells by time to the nearest reception point (fixed classes in minutes);
    /// `mode` says how (« en voiture, par les rues (OpenStreetMap, …) »).
    case access(mode: String)

    /// Class limits of the access map, in minutes (the last class is open).
    public static let accessLimits: [Double] = [0, 10, 20, 30, 45]

    /// The layers that exist whatever the model.
    public static let fixed: [MapLayer] = [.risk, .nonrecours, .poverty, .niveauDeVie, .carreaux]

    public init?(rawValue: String) {
        switch rawValue {
        case "risk", "risque": self = .risk
        case "nonrecours": self = .nonrecours
        case "poverty", "pauvrete", "pauvreté": self = .poverty
        case "niveau_de_vie": self = .niveauDeVie
        case "carreaux": self = .carreaux
        default:
            guard !rawValue.isEmpty, rawValue.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else { return nil }
            self = .benefit(id: rawValue, label: rawValue, assumedRate: false)
        }
    }

    public var rawValue: String {
        switch self {
        case .risk: "risk"
        case .nonrecours: "nonrecours"
        case .poverty: "poverty"
        case .niveauDeVie: "niveau_de_vie"
        case .carreaux: "carreaux"
        case .benefit(let id, _, _): id
        case .access: "acces"
        }
    }

    /// Whether the layer draws figures the CAF's counts enter (the model's estimates); the
    /// others (poverty, standard of living, cells, access times) do not credit Cafdata.
    public var drawsCafCounts: Bool {
        switch self {
        case .risk, .nonrecours, .benefit: true
        case .poverty, .niveauDeVie, .carreaux, .access: false
        }
    }

    /// Layers drawn as cells rather than zones.
    var isCellLayer: Bool {
        switch self {
        case .carreaux, .access: true
        default: false
        }
    }

    /// The map's title, its zones named as they are: IRIS, communes, or both.
    func title(_ wording: ZoneWording) -> String {
        let per = wording.per
        return switch self {
        case .risk: "Risque de non-recours aux droits, \(per)"
        case .nonrecours: "Ménages ne percevant pas une prestation à laquelle ils ont droit (estimation), \(per)"
        case .poverty: "Taux de pauvreté des ménages, \(per)"
        case .niveauDeVie: "Niveau de vie moyen, \(per)"
        case .carreaux: "Niveau de vie moyen par carreau de 200 m, et limites des \(wording.plural)"
        case .benefit(_, let label, _): "Non-recours estimé : \(label), \(per)"
        case .access: "Temps d'accès au point d'accueil le plus proche, par carreau de 200 m habité"
        }
    }

    var indicator: String { indicator(classes: nil) }

    /// The indicator in the subtitle; for the risk map, with the kind of its classes
    /// (« classes nationales fixes » or « classes propres au territoire ») when known.
    func indicator(classes: String?) -> String {
        switch self {
        case .risk: "couleur : intensité du risque (score 0 à 100, échelle nationale\(classes.map { ", \($0)" } ?? "")) ; cercles : ménages concernés"
        case .nonrecours: "cercles : ménages × prestations non perçues (nombre estimé)"
        case .poverty: "ménages sous le seuil de pauvreté (60 % du niveau de vie médian), en %"
        case .niveauDeVie: "niveau de vie moyen par individu, en euros par an"
        case .carreaux: "niveau de vie moyen par individu, en euros par an (plus foncé = plus pauvre)"
        case .benefit(_, _, let assumed):
            "couleur : part des ménages qui ne la perçoivent pas, en %" + (assumed ? " (taux supposé)" : "") + " ; cercles : ménages"
        case .access(let mode): "minutes \(mode)"
        }
    }

    /// The attribute drawn in colours (nil: no choropleth).
    var attribute: String? {
        switch self {
        case .risk: ScoredColumn.score
        case .nonrecours: nil
        case .poverty: Indicator.povertyRate.columnName
        case .niveauDeVie, .carreaux: Indicator.meanLivingStandard.columnName
        case .benefit(let id, _, _): ScoredColumn.benefitShare(id)
        case .access: nil
        }
    }

    /// The scored columns a map of this layer reads (lower case): the zones' names and
    /// communes, their reliability, the tooltip's score, volume and intervals, the coloured
    /// attribute and the circles' count. A national map reads these alone.
    public var columnsDrawn: Set<String> {
        var columns = Set(ScoredColumn.required).union([
            ScoredColumn.name, ScoredColumn.commune, ScoredColumn.communeName, ScoredColumn.scoreLow, ScoredColumn.scoreHigh,
            ScoredColumn.estimate, ScoredColumn.estimateLow, ScoredColumn.estimateHigh, ScoredColumn.explanation,
        ])
        if let attribute { columns.insert(attribute) }
        if let circleAttribute { columns.insert(circleAttribute) }
        return columns
    }

    /// The count drawn as proportional circles (nil: none).
    var circleAttribute: String? {
        switch self {
        case .risk, .nonrecours: ScoredColumn.estimate
        case .benefit(let id, _, _): ScoredColumn.benefit(id)
        default: nil
        }
    }

    var circleLegend: String {
        switch self {
        case .benefit(_, let label, _): "ménages sans \(label) (estimation)"
        default: "ménages × prestations non perçues (estimation)"
        }
    }

    var palette: String {
        switch self {
        case .risk, .benefit: "risk"
        case .nonrecours: "nonrecours"
        case .poverty: "poverty"
        case .niveauDeVie, .carreaux: "niveau_de_vie"
        case .access: "access"
        }
    }

    func format(_ value: Double) -> String {
        switch self {
        case .risk: FrenchNumber.decimal(value, digits: 1)
        case .nonrecours, .niveauDeVie, .carreaux: FrenchNumber.integer(value)
        case .poverty, .benefit: FrenchNumber.decimal(value * 100, digits: 1)
        case .access: FrenchNumber.integer(value)
        }
    }
}
