import Foundation
import GeoBindings
import GeometryCore
import Inputs
import Support

/// Stops and routes to draw over a map, in longitude and latitude (WGS 84): made in memory by
/// the plan and the siting review, or read from files (`MapOverlays` in Workflows).
public struct MapOverlay: Sendable {
    public var stops: [MapStop]
    public var routes: [[Point]]
    /// The team (0-based) of each route, parallel to `routes`; empty when there is one team.
    public var routeTeams: [Int] = []
    /// The light street base map under a tour (empty: none).
    public var streets: [MapStreet] = []
    public init(stops: [MapStop] = [], routes: [[Point]] = []) {
        self.stops = stops
        self.routes = routes
    }

    /// The stops and routes in a map's CRS.
    public func projected(to target: SpatialReference) throws -> MapOverlay {
        let transformer = try CoordinateTransformer(from: SpatialReference(epsg: 4326), to: target)
        var points = stops.map(\.location)
        try transformer.transform(&points)
        var result = self
        for i in result.stops.indices { result.stops[i].location = points[i] }
        result.routes = try routes.map { line in
            var points = line
            try transformer.transform(&points)
            return points
        }
        for i in result.streets.indices { try transformer.transform(&result.streets[i].points) }
        return result
    }
}
