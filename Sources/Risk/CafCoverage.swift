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
        let file = URL(fileURLWithPath: caf.source).lastPathComponent + (caf.selectedPeriod.map { fr(", période \($0)", en: ", period \($0)") } ?? "")
        let count = SpokenNumber.integer(Double(missing.count)), total = SpokenNumber.integer(Double(places.count))
        let what = caf.keyKind == .iris ? "IRIS" : fr("commune(s)", en: "commune(s)")
        return fr(
            "attention : Cafdata (\(file)) : aucune ligne pour \(count) \(what) du territoire sur \(total) (\(shown)) : leurs zones sont estimées sans les effectifs de la CAF (fichier d'un autre territoire, ou code changé depuis le découpage des zones ?)\n",
            en:
                "warning: Cafdata (\(file)): no row for \(count) \(what) of the territory out of \(total) (\(shown)): their zones are estimated without the CAF's counts (a file of another territory, or a code changed since the zones were drawn?)\n"
        )
    }
}
