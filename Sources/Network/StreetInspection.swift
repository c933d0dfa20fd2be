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
            fr(
                "  type : réseau de rues (\(source.attribution ?? "OpenStreetMap")), profils \(source.profilesPath)",
                en: "  kind: street network (\(source.attribution ?? "OpenStreetMap")), profiles \(source.profilesPath)"))
        print(
            fr(
                "  voies lues : \(model.graph.readWays) ; praticables en voiture : \(model.graph.usableWays), à pied : \(walk.graph.usableWays)",
                en: "  ways read: \(model.graph.readWays); usable by car: \(model.graph.usableWays), on foot: \(walk.graph.usableWays)"))
        print(
            fr(
                "  graphe voiture : \(model.graph.nodes.count) carrefours, \(model.graph.edges.count) tronçons ; partie connexe principale \(model.graph.mainComponentNodes) carrefours",
                en:
                    "  graph by car: \(model.graph.nodes.count) junctions, \(model.graph.edges.count) edges; main connected part \(model.graph.mainComponentNodes) junctions"
            ))
        return lines
    }
}
