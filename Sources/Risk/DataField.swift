import Foundation
import Inputs
import Overlay

/// Which zones the cells file actually covers: « hors du champ des données » is not secrecy.
///
/// A Filosofi extract is usually cut by commune (the cells that touch a commune), so its edge
/// cells also graze the neighbouring communes: those communes appear in `lcog_geo`, but only
/// through cells shared with the extracted commune. A commune is in the field when at least
/// one cell lies in it alone (`lcog_geo` lists it and nothing else); a zone is in the field
/// when its commune is. Without `lcog_geo`, a zone is in the field when any cell touches it.
///
/// Known limit: a very small commune none of whose cells lies in it alone is out of the field
/// even in a national file; the run names such communes in its warning.
public enum DataField {
    /// Per zone, whether the cells file covers it.
    public static func inScope(zones: [ZoneProfile], cells: CellTable, cellsTouched: [Int]) -> [Bool] {
        var interior = Set<String>()
        var anyList = false
        var last = ""
        for c in 0..<cells.count where cells.communes.count(ofCell: c) > 0 {
            anyList = true
            if let sole = cells.communes.soleCode(ofCell: c), sole != last {
                interior.insert(sole)
                last = sole
            }
        }
        return zones.indices.map { z in
            guard anyList, let commune = communeCode(of: zones[z]) else { return cellsTouched[z] > 0 }
            return interior.contains(commune)
        }
    }

    /// The zone's commune code: its commune field, else the first five characters of an IRIS code.
    public static func communeCode(of zone: ZoneProfile) -> String? { communeCode(commune: zone.commune, id: zone.id) }

    public static func communeCode(of zone: Zone) -> String? { communeCode(commune: zone.commune, id: zone.id) }

    static func communeCode(commune: String?, id: String) -> String? {
        commune ?? (id.count >= 5 ? String(id.prefix(5)) : nil)
    }
}
