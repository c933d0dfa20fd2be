import Foundation
import Inputs
import Overlay

/// Which zones the cells file actually covers: « hors du champ des données » is not secrecy.
///
/// A Filosofi extract is usually cut by commune (the cells that touch a commune), so its edge
/// cells also graze the neighbouring communes, and `lcog_geo` lists them beside the extracted
/// commune. A zone is out of the field when no cell touches it, or when every cell touching it
/// lists several communes, one of which is covered elsewhere in the file (has a cell of its
/// own: `lcog_geo` lists it alone) and is not the zone's commune: the zone is only grazed by
/// another commune's extract. Commune codes are compared only there, so zones whose codes
/// changed since the cells' vintage (communes nouvelles) stay in the field.
///
/// Known limit: a very small commune none of whose cells lies in it alone looks grazed even in
/// a national file; the run names the communes it leaves out.
public enum DataField {
    /// Per zone (in the coverage's order), whether the cells file covers it.
    public static func inScope(zones: [ZoneProfile], cells: CellTable, coverage: CoverageTable) -> [Bool] {
        // Codes compared as the cell table packs them (no string per cell).
        var covered = Set<UInt64>()
        var last: UInt64?
        for c in 0..<cells.count {
            let codes = cells.communes.packedCodes(ofCell: c)
            if codes.count == 1, let sole = codes.first, sole != last {
                covered.insert(sole)
                last = sole
            }
        }
        return zones.indices.map { z in
            let entries = coverage.entries(ofZone: z).filter { coverage.fractions[$0] > 0 }
            guard !entries.isEmpty else { return false }
            // A code the lists cannot hold equals none of theirs.
            let own = communeCode(of: zones[z]).flatMap(CommuneLists.packed)
            return entries.contains { k in
                let codes = cells.communes.packedCodes(ofCell: Int(coverage.cells[k]))
                guard codes.count > 1 else { return true }
                return !codes.contains { $0 != own && covered.contains($0) }
            }
        }
    }

    /// The zone's commune code: its commune field, else the first five characters of an IRIS code.
    public static func communeCode(of zone: ZoneProfile) -> String? { communeCode(commune: zone.commune, id: zone.id) }

    public static func communeCode(of zone: Zone) -> String? { communeCode(commune: zone.commune, id: zone.id) }

    public static func communeCode(of zone: ZoneRisk) -> String? { communeCode(commune: zone.commune, id: zone.id) }

    static func communeCode(commune: String?, id: String) -> String? {
        commune ?? (id.count >= 5 ? String(id.prefix(5)) : nil)
    }
}
