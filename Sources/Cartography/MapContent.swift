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
