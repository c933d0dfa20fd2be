import Foundation
import GeometryCore

/// A 200 m cell to draw: its square in the map CRS, its value, whether it was imputed.
public struct MapCell: Sendable {
    public var square: [Point]
    public var value: Double?
    public var imputed: Bool
    /// On the access map: a cell beyond the limit today that the proposed sites bring within it.
    public var gained: Bool
    public init(square: [Point], value: Double?, imputed: Bool, gained: Bool = false) {
        self.square = square
        self.value = value
        self.imputed = imputed
        self.gained = gained
    }
}

/// A numbered stop symbol.
public struct MapStop: Sendable {
    public var location: Point
    /// The number drawn on the point (0: the depot, drawn « D »).
    public var number: Int
    public var kind: String
    public var label: String
    /// What the key under the map says of it besides its name (kind, day and hours, people
    /// expected, address); no key row when empty.
    public var detail: String
    /// The team that holds the stop (0-based), when several teams share the tour.
    public var team: Int?
    public init(location: Point, number: Int, kind: String, label: String, detail: String = "", team: Int? = nil) {
        self.location = location
        self.number = number
        self.kind = kind
        self.label = label
        self.detail = detail
        self.team = team
    }

    /// One colour per team, for its routes and the ring of its numbers: dark tones apart from
    /// the stop kinds' colours.
    public static let teamColors = ["#1f3a93", "#c51b7d", "#8c510a", "#01665e", "#542788", "#b35806", "#4d4d4d", "#de77ae"]

    /// The depot's kind, drawn « D » and keyed « dépôt (départ et retour) ».
    public static let depotKind = "depot"
}

/// The text around the map.
public struct MapCaption: Sendable {
    public var territory: String
    public var date: String
    public var sources: String
    public var classification: String
    public var projection: String
    /// How routes and times are measured, for the legend (« par les rues (OpenStreetMap, …) »).
    public var travel: String?
    /// The map's own title, when it is not the layer's (« Tournée d'aller-vers — Bondy, mars
    /// 2027 » over the risk classes).
    public var title: String?
    public init(territory: String, date: String, sources: String, classification: String, projection: String, travel: String? = nil) {
        self.projection = projection
        self.travel = travel
        self.territory = territory
        self.date = date
        self.sources = sources
        self.classification = classification
    }
}

/// Where people live inside the zones that are whole communes (a village, its bourg and its
/// hamlets, which one zone colour cannot show): their inhabited 200 m cells with their
/// households, and for each such zone the point its circle stands on, the centre of its cell
/// with the most poor households (where its estimated non-recours mostly is). Only published
/// zones have theirs: a secret zone shows nothing more than its hatching.
public struct MapHomes: Sendable {
    /// The cells, their value the households (Filosofi `men`).
    public var cells: [MapCell]
    /// Zone index → the point its circle is drawn on, in the map CRS.
    public var anchors: [Int: Point]
    public init(cells: [MapCell] = [], anchors: [Int: Point] = [:]) {
        self.cells = cells
        self.anchors = anchors
    }

    /// The households' classes: fewer than 11 (the cells Insee imputes), 11 to 49, 50 or more.
    public static let lowerBounds: [Double] = [0, 11, 50]

    /// The class of a cell's households (0, 1 or 2).
    public static func classOf(households: Double) -> Int { lowerBounds.lastIndex { households >= $0 } ?? 0 }

    /// The legend's words of a class.
    public static func label(ofClass k: Int) -> String {
        switch k {
        case 0: "moins de 11 ménages"
        case 1: "11 à 49 ménages"
        default: "50 ménages ou plus"
        }
    }
}
