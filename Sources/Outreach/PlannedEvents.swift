import Foundation
import Inputs
import Support

/// Reads dated one-off events (`date;lieu;nom`, optional `creneau`): a forum emploi, a fête de
/// quartier. The place is a candidate stop, named as in the plan (its full name, or a part of it
/// that only one stop has).
public enum PlannedEventsReader {
    public static func read(path: String, candidates: [StopCandidate]) throws(InputError) -> [PlannedEvent] {
        let table = try TextTable.read(path: path)
        guard let dateColumn = table.column(["date", "jour"]) else {
            throw InputError(
                file: path, line: 1, field: "date",
                words("colonne absente ; attendu date;lieu;nom (et éventuellement creneau)")
            )
        }
        guard let placeColumn = table.column(["lieu", "place", "arret", "arrêt"]) else {
            throw InputError(
                file: path, line: 1, field: "lieu",
                words("colonne absente ; attendu date;lieu;nom (et éventuellement creneau)")
            )
        }
        let nameColumn = table.column(["nom", "name", "evenement", "événement"])
        let slotColumn = table.column(["creneau", "créneau", "slot"])
        func fold(_ text: String) -> String {
            text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "fr_FR"))
                .trimmingCharacters(in: .whitespaces)
        }
        var events: [PlannedEvent] = []
        for row in table.rows {
            let text = row.values[dateColumn]
            guard let date = parseDate(text) else {
                throw InputError.badValue(
                    file: path, line: row.line, field: table.header[dateColumn], found: text,
                    expected: words("une date réelle, AAAA-MM-JJ ou JJ/MM/AAAA"))
            }
            let place = fold(row.values[placeColumn])
            guard !place.isEmpty else {
                throw InputError(
                    file: path, line: row.line, field: table.header[placeColumn],
                    words("vide ; attendu le nom d'un arrêt du plan"))
            }
            let exact = candidates.indices.filter { fold(candidates[$0].name) == place }
            let partial = candidates.indices.filter { fold(candidates[$0].name).contains(place) }
            let matches = exact.isEmpty ? partial : exact
            guard matches.count == 1 else {
                let found =
                    matches.isEmpty
                    ? words("aucun arrêt du plan ne porte ce nom")
                    : words(
                        "%1$@ arrêts correspondent (%2$@) ; donnez le nom complet", matches.count,
                        matches.prefix(3).map { candidates[$0].name }.joined(separator: " ; "))
                throw InputError(file: path, line: row.line, field: table.header[placeColumn], "\"\(row.values[placeColumn])\": \(found)")
            }
            var part = HalfDay.Part.morning
            if let slotColumn {
                switch fold(row.values[slotColumn]) {
                case "", "matin", "morning": part = .morning
                case "apres-midi", "après-midi", "apres midi", "afternoon": part = .afternoon
                case "soir", "soiree", "evening": part = .evening
                default:
                    throw InputError.badValue(
                        file: path, line: row.line, field: table.header[slotColumn], found: row.values[slotColumn],
                        expected: words("matin, après-midi ou soir"))
                }
            }
            let name = nameColumn.map { row.values[$0] }.flatMap { $0.isEmpty ? nil : $0 } ?? "événement"
            events.append(PlannedEvent(date: date, part: part, stop: matches[0], name: name))
        }
        return events
    }

    /// `YYYY-MM-DD` or `DD/MM/YYYY`, a date that exists.
    public static func parseDate(_ text: String) -> CivilDate? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let iso = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        let french = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        let parts: [Substring]
        if iso.count == 3, iso[0].count == 4 {
            parts = iso
        } else if french.count == 3, french[2].count == 4 {
            parts = [french[2], french[1], french[0]]
        } else {
            return nil
        }
        guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            CivilDate.plausibleYears.contains(y), (1...12).contains(m), (1...CivilDate.daysIn(year: y, month: m)).contains(d)
        else { return nil }
        return CivilDate(year: y, month: m, day: d)
    }
}
