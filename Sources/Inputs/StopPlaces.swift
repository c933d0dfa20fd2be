import Foundation
import Support

extension PointsOfInterestReport {
    /// A tour needs places to stop at: without a list, or with lists none of whose places is
    /// of a kind AllerVers knows, the tour cannot be made (and the run goes on without it).
    public static func requireStopPlaces(_ reports: [PointsOfInterestReport], listedIn source: String) throws(InputError) {
        guard reports.allSatisfy({ $0.points.isEmpty }) else { return }
        if reports.isEmpty {
            throw InputError.missing(
                file: source, field: "points_of_interest.paths",
                fr(
                    "une tournée demande une liste de lieux (marchés, supermarchés, mairies, centres sociaux…) : aucune n'est donnée",
                    en: "a tour needs a list of places (markets, supermarkets, town halls, community centres…): none is given"))
        }
        let read = reports.reduce(0) { $0 + $1.unmatched + $1.ignored + $1.withoutLocation + $1.duplicates }
        throw InputError.missing(
            file: reports.map(\.source).joined(separator: ", "),
            fr(
                "aucun des \(read) lieux n'est classé dans un type d'arrêt (\(reports.reduce(0) { $0 + $1.unmatched }) sans règle de catégorie, \(reports.reduce(0) { $0 + $1.withoutLocation }) sans position) : voir [points_of_interest] categories",
                en: "none of the \(read) places is mapped to a stop kind (\(reports.reduce(0) { $0 + $1.unmatched }) without a category rule, \(reports.reduce(0) { $0 + $1.withoutLocation }) without a location): see [points_of_interest] categories"))
    }
}
