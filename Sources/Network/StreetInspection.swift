import Foundation
import Support

extension StreetNetworkSource {
    /// What `allervers inspect` says of a street extract: ways read and usable, the car graph.
    public func inspectionLines() throws -> [String] {
        var lines: [String] = []
        func print(_ line: String) { lines.append(line) }
        let source = self
        let model = try source.model(profile: "car", epsg: 2154)
        let walk = try source.model(profile: "walk", epsg: 2154)
        print(
            words("  type : réseau de rues (%1$@), profils %2$@", source.attribution ?? "OpenStreetMap", source.profilesPath))
        print(
            words("  voies lues : %1$@ ; praticables en voiture : %2$@, à pied : %3$@", model.graph.readWays, model.graph.usableWays, walk.graph.usableWays))
        print(
            words(
                "  graphe voiture : %1$@ carrefours, %2$@ tronçons ; partie connexe principale %3$@ carrefours", model.graph.nodes.count,
                model.graph.edges.count, model.graph.mainComponentNodes))
        return lines
    }
}
