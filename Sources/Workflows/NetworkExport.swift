import Exports
import Foundation
import GeoBindings
import GeometryCore
import Inputs
import Network
import Support

/// The street graph and travel times of an extract as files: `allervers network` and
/// `allervers travel`.
public enum NetworkExport {
    /// Writes the graph of one profile (GeoPackage: `edges`, one feature per usable direction,
    /// and `nodes`, in Lambert-93); returns a one-line summary.
    public static func writeGraph(source: StreetNetworkSource, mode: String, to output: String) throws -> String {
        try OutputPaths.refuseOverwriting(inputs: [source.path, source.profilesPath], outputs: [("-o", output)])
        let model = try source.model(profile: mode, epsg: 2154)
        let graph = model.graph
        let lambert93 = try SpatialReference(epsg: 2154)
        let writer = try VectorWriter(
            path: output, layerName: "edges", spatialReference: lambert93, geometry: .lineString,
            fields: [
                OutputField("from_node", .integer), OutputField("to_node", .integer), OutputField("length_m", .real),
                OutputField("minutes", .real), OutputField("highway", .string), OutputField("osm_way", .string),
            ], expectedFeatures: graph.edges.count
        )
        let extract = try source.extract(epsg: 2154)
        var directed = 0
        for (index, edge) in graph.edges.enumerated() {
            let line = Array(graph.line(of: index))
            let way = extract.ways[Int(edge.way)]
            for (from, to, seconds, points) in [
                (edge.from, edge.to, edge.forwardSeconds, line), (edge.to, edge.from, edge.backwardSeconds, line.reversed()),
            ] where seconds.isFinite {
                directed += 1
                try writer.add(
                    geometry: .lineString(points),
                    values: [
                        .integer(Int64(from)), .integer(Int64(to)), .real((edge.lengthMetres * 100).rounded() / 100),
                        .real((seconds / 60 * 10_000).rounded() / 10_000), .string(way.tags["highway"] ?? ""), .string(way.id),
                    ])
            }
        }
        try writer.addLayer(name: "nodes", spatialReference: lambert93, geometry: .point, fields: [OutputField("node", .integer)])
        for (n, p) in graph.nodes.enumerated() { try writer.add(geometry: .point(p), values: [.integer(Int64(n))]) }
        try writer.commit()
        return
            words(
                "%1$@ nœuds, %2$@ arêtes orientées (%3$@ voies utilisables %4$@ sur %5$@ lues ; %6$@ nœuds dans la composante principale) ; %7$@\n",
                graph.nodes.count, directed, graph.usableWays, graph.profile.label, graph.readWays, graph.mainComponentNodes, model.method)
    }

    /// Points of a file in Lambert-93, with their ids.
    public static func points(_ path: String) throws -> (ids: [String], points: [Point]) {
        let file = try PointsOfInterestReader.readRecords(path: path)
        let lowered = file.header.map { $0.lowercased() }
        let idField = ["id", "identifiant", "code", "osm_id", "@id", "nom", "name", "title", "enseigne"].lazy
            .compactMap { c in lowered.firstIndex(of: c).map { file.header[$0] } }.first
        var ids: [String] = [], lonLat: [Point] = []
        for record in file.records {
            guard let location = record.location else {
                throw InputError(
                    file: path, line: record.record,
                    words("un point sans position ; chaque origine et destination en demande une"))
            }
            let id = idField.flatMap { record.fields[$0] }.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            ids.append(id.isEmpty ? String(record.record) : id)
            lonLat.append(location)
        }
        guard !ids.isEmpty else { throw InputError(file: path, words("aucun point")) }
        let toLambert = try CoordinateTransformer(from: SpatialReference(epsg: 4326), to: SpatialReference(epsg: 2154))
        var projected = lonLat
        try toLambert.transform(&projected)
        return (ids, projected)
    }

    /// Writes the travel times between two sets of points (CSV, one row per pair, with the
    /// access legs, the nodes and the status); returns a one-line summary.
    public static func writeTravelTable(source: StreetNetworkSource, mode: String, from: String, to: String, threads: Int, output: String) throws -> String {
        try OutputPaths.refuseOverwriting(inputs: [source.path, source.profilesPath, from, to], outputs: [("-o", output)])
        let origins = try Self.points(from), destinations = try Self.points(to)
        let model = try source.model(profile: mode, epsg: 2154)
        try NetworkCoverage.check(
            model: model, points: origins.points + destinations.points, path: source.path, what: words("points --from et --to"))
        let trips = model.trips(from: origins.points, to: destinations.points, threads: threads)
        func number(_ v: Double?, _ digits: Int) -> String {
            guard let v, v.isFinite else { return "" }
            return String(format: "%.\(digits)f", v)
        }
        var csv = "from_id,to_id,minutes,network_minutes,metres,from_node,to_node,from_snap_m,to_snap_m,status\n"
        var offNetwork = 0
        let fromPlaced = model.accessDistances(origins.points).map { $0 != nil }
        let toPlaced = model.accessDistances(destinations.points).map { $0 != nil }
        for (i, row) in trips.enumerated() {
            for (j, trip) in row.enumerated() {
                var status = "ok"
                if !trip.minutes.isFinite {
                    status = !fromPlaced[i] ? "hors réseau (départ)" : !toPlaced[j] ? "hors réseau (arrivée)" : "sans chemin"
                    offNetwork += 1
                }
                let fields = [
                    csvField(origins.ids[i]), csvField(destinations.ids[j]), number(trip.minutes, 2), number(trip.networkMinutes, 2),
                    number(trip.metres, 1), trip.fromNode.map(String.init) ?? "", trip.toNode.map(String.init) ?? "",
                    number(trip.fromSnapMetres, 1), number(trip.toSnapMetres, 1), status,
                ]
                csv += fields.joined(separator: ",") + "\n"
            }
        }
        try AtomicFile.write(csv, to: output)
        return
            words(
                "%1$@ × %2$@ trajets %3$@, %4$@%5$@\n", origins.ids.count, destinations.ids.count, model.modeLabel, model.method,
                offNetwork > 0 ? words(" ; %1$@ sans temps (hors réseau ou sans chemin)", offNetwork) : "")
    }
}
