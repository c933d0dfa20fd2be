import Foundation
import Support

/// The place lists of a plan or a review, read with what they left out said: places mapped
/// to a kind of stop but without coordinates are named in a warning, and a list all of whose
/// mapped places lack coordinates is an error that says so (not « no place mapped »).
public enum PlaceFiles {
    /// The reports of `paths`, warnings said on standard error.
    public static func read(_ paths: [String], mapping: CategoryMapping) throws -> [PointsOfInterestReport] {
        try paths.map { path in
            let report = try PointsOfInterestReader.read(path: path, mapping: mapping)
            if let problem = unlocated(report) {
                if report.points.isEmpty { throw InputError(file: path, problem + words(" ; aucun lieu n'a de position")) }
                FileHandle.standardError.write(Data((words("attention : ") + "\(path) : \(problem), laissés de côté\n").utf8))
            }
            return report
        }
    }

    /// The places of `paths`, mapped and located.
    public static func points(_ paths: [String], mapping: CategoryMapping) throws -> [PointOfInterest] {
        try read(paths, mapping: mapping).flatMap(\.points)
    }

    /// « 11 lieux classés (marché, supermarché…) sans coordonnées (lignes 2, 3, 4, 5, 6…) »,
    /// or nil when every mapped place has its location.
    static func unlocated(_ report: PointsOfInterestReport) -> String? {
        guard report.withoutLocation > 0 else { return nil }
        let records = report.withoutLocationRecords.map(String.init).joined(separator: ", ") + (report.withoutLocation > 5 ? "…" : "")
        return words(
            "%1$@ lieu(x) classé(s) dans un type d'arrêt sans coordonnées (latitude et longitude vides ou géométrie absente ; lignes ou objets %2$@)",
            report.withoutLocation, records)
    }
}
