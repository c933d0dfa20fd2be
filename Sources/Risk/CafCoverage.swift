import Foundation
import Inputs
import Support

/// Which of the territory's places (communes, or IRIS when the CAF counts are by IRIS) the
/// Cafdata file serves: those without a row, those whose every count is masked, and the
/// warning a planner reads when some are missing.
public enum CafCoverage {
    /// The territory's places whose Cafdata row holds no count at all (every value masked).
    public static func placesMasked(_ zones: [ZoneRisk], caf: CafTable) -> [String] {
        cafPlaces(zones, caf: caf).filter { place in caf.record(for: place).map { $0.values.allSatisfy { $0 == nil } } ?? false }.sorted()
    }

    /// The CAF places (commune or IRIS codes) of the zones in the data's field.
    public static func cafPlaces(_ zones: [ZoneRisk], caf: CafTable) -> Set<String> {
        var places = Set<String>()
        for zone in zones where zone.reliability != .outOfScope {
            if let key = caf.keyKind == .iris ? zone.id : DataField.communeCode(of: zone) { places.insert(key) }
        }
        return places
    }

    public static func placesWithoutRow(_ zones: [ZoneRisk], caf: CafTable) -> [String] {
        cafPlaces(zones, caf: caf).filter { caf.record(for: $0) == nil }.sorted()
    }

    public static func cafCoverageWarning(_ missing: [String], among zones: [ZoneRisk], caf: CafTable) -> String? {
        guard !missing.isEmpty else { return nil }
        let places = cafPlaces(zones, caf: caf)
        let shown = missing.prefix(12).joined(separator: ", ") + (missing.count > 12 ? "…" : "")
        let file = URL(fileURLWithPath: caf.source).lastPathComponent + (caf.selectedPeriod.map { words(", période %1$@", $0) } ?? "")
        let count = SpokenNumber.integer(Double(missing.count)), total = SpokenNumber.integer(Double(places.count))
        let what = caf.keyKind == .iris ? "IRIS" : words("commune(s)")
        return words(
            "attention : Cafdata (%1$@) : aucune ligne pour %2$@ %3$@ du territoire sur %4$@ (%5$@) : leurs zones sont estimées sans les effectifs de la CAF (fichier d'un autre territoire, ou code changé depuis le découpage des zones ?)\n",
            file, count, what, total, shown)
    }
}
