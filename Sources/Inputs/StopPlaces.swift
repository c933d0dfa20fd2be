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
                words("une tournée demande une liste de lieux (marchés, supermarchés, mairies, centres sociaux…) : aucune n'est donnée"))
        }
        let read = reports.reduce(0) { $0 + $1.unmatched + $1.ignored + $1.withoutLocation + $1.duplicates }
        throw InputError.missing(
            file: reports.map(\.source).joined(separator: ", "),
            words(
                "aucun des %1$@ lieux n'est classé dans un type d'arrêt (%2$@ sans règle de catégorie, %3$@ sans position) : voir [points_of_interest] categories",
                read, reports.reduce(0) { $0 + $1.unmatched }, reports.reduce(0) { $0 + $1.withoutLocation }))
    }
}
