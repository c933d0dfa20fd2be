import Foundation
import GeoBindings
import Inputs
import Support

/// What a team saw at one place on one half-day, as it wrote it in a passage sheet
/// (`feuille_passage`) after the visit.
public struct FieldVisit: Sendable, Equatable {
    public var stop: String
    public var date: CivilDate
    /// « matin », « après-midi », « soir », or empty when the sheet does not say.
    public var part: String
    public var met: Double
    public var newcomers: Double?
    /// The people the plan expected (the sheet's own column), when it says.
    public var expected: Double?
    /// Procedures started, by column (`demarches_rsa`, `demarches_autres`…), and referrals.
    public var procedures: [String: Double] = [:]
    public var referrals: Double?
    /// The place's commune code (from « Bondy (93010) »), when the sheet says.
    public var commune: String?
    public var source: String
    public var line: Int

    /// A stop's name as sheets and plans are matched: case, accents and spaces folded.
    public static func folded(_ name: String) -> String {
        name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "fr_FR")).split(whereSeparator: \.isWhitespace)
            .joined(separator: " ")
    }

    public init(stop: String, date: CivilDate, part: String, met: Double, newcomers: Double?, source: String, line: Int) {
        self.stop = stop
        self.date = date
        self.part = part
        self.met = met
        self.newcomers = newcomers
        self.source = source
        self.line = line
    }
}

/// Reads filled passage sheets (the CSV or the workbook a plan writes, as a team filled them,
/// and as a spreadsheet may have saved them again: `;` or `,`, dates as 2027-01-05 or
/// 05/01/2027). A row whose `personnes_rencontrees` is empty was not reported and is left out;
/// anything else that is not a plausible count, or a half-day given twice, is an error naming
/// the file, the line and the field.
public enum PassageSheetReader {
    /// More people than this in one half-day is a typing error, not a visit.
    public static let largestPlausible = 500.0

    public static func read(paths: [String]) throws(InputError) -> [FieldVisit] {
        var visits: [FieldVisit] = []
        var seen: [String: (String, Int)] = [:]
        for path in paths {
            for visit in try read(path: path) {
                let key = "\(visit.date)|\(visit.part)|\(FieldVisit.folded(visit.stop))"
                if let (file, line) = seen[key] {
                    throw InputError(
                        file: visit.source, line: visit.line, field: "arret",
                        words(
                            "la demi-journée « %1$@ » du %2$@ %3$@ figure deux fois (aussi %4$@, ligne %5$@)", visit.stop, visit.date, visit.part,
                            URL(fileURLWithPath: file).lastPathComponent, line))
                }
                seen[key] = (visit.source, visit.line)
                visits.append(visit)
            }
        }
        return visits.sorted { a, b in (a.date, a.stop, a.part) < (b.date, b.stop, b.part) }
    }

    /// The rows of one sheet: header and values as text, with their line (a workbook's row).
    static func rows(of path: String) throws(InputError) -> (header: [String], rows: [(line: Int, values: [String])]) {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        if ["csv", "txt", "tsv"].contains(ext) {
            let table = try TextTable.read(path: path)
            return (table.header, table.rows)
        }
        return try InputError.reading(path) {
            let dataset = try VectorDataset(path: path)
            let layer = dataset.layerNames.contains("feuille_passage") ? try dataset.layer(named: "feuille_passage") : try dataset.layer(at: 0)
            let fields = layer.fields
            var rows: [(line: Int, values: [String])] = []
            var line = 1
            try layer.forEachFeature { feature in
                line += 1
                rows.append((line, fields.map { field in feature.string(field.index) ?? "" }))
            }
            return (fields.map(\.name), rows)
        }
    }

    static func read(path: String) throws(InputError) -> [FieldVisit] {
        let (header, rows) = try rows(of: path)
        let lowered = header.map { $0.lowercased().trimmingCharacters(in: .whitespaces) }
        func column(_ name: String) -> Int? { lowered.firstIndex(of: name) }
        guard let date = column("date"), let stop = column("arret"), let met = column("personnes_rencontrees") else {
            throw InputError(
                file: path, line: 1,
                words(
                    "attendu les colonnes date, arret et personnes_rencontrees d'une feuille de passage ; trouvé %1$@", header.prefix(8).joined(separator: ", ")
                ))
        }
        let part = column("creneau"), newcomers = column("dont_nouvelles")
        var visits: [FieldVisit] = []
        for row in rows {
            func value(_ k: Int?) -> String { k.map { $0 < row.values.count ? row.values[$0].trimmingCharacters(in: .whitespaces) : "" } ?? "" }
            let metText = value(met)
            if metText.isEmpty { continue }
            func count(_ text: String, field: String) throws(InputError) -> Double {
                guard let number = parseNumber(text, commaDecimal: true), number.isFinite, number >= 0, number <= largestPlausible,
                    number == number.rounded()
                else {
                    throw InputError.badValue(
                        file: path, line: row.line, field: field, found: text,
                        expected: words("un nombre entier de personnes, de 0 à %1$@", Int(largestPlausible)))
                }
                return number
            }
            let people = try count(metText, field: "personnes_rencontrees")
            var new: Double?
            if !value(newcomers).isEmpty {
                let n = try count(value(newcomers), field: "dont_nouvelles")
                guard n <= people else {
                    throw InputError(
                        file: path, line: row.line, field: "dont_nouvelles",
                        words("%1$@ nouvelles pour %2$@ personnes rencontrées", Int(n), Int(people)))
                }
                new = n
            }
            let dateText = value(date)
            guard let day = Self.day(dateText) else {
                throw InputError.badValue(
                    file: path, line: row.line, field: "date", found: dateText,
                    expected: words("une date réelle, 2027-01-05 ou 05/01/2027"))
            }
            let name = value(stop)
            guard !name.isEmpty else {
                throw InputError(file: path, line: row.line, field: "arret", words("vide : le lieu de la demi-journée"))
            }
            var visit = FieldVisit(stop: name, date: day, part: value(part), met: people, newcomers: new, source: path, line: row.line)
            if let k = column("personnes_attendues"), let number = parseNumber(value(k), commaDecimal: true), number.isFinite, number >= 0 {
                visit.expected = number
            }
            for (k, name) in lowered.enumerated() where name.hasPrefix("demarches_") && !value(k).isEmpty {
                visit.procedures[name] = try count(value(k), field: name)
            }
            if let k = column("orientations"), !value(k).isEmpty { visit.referrals = try count(value(k), field: "orientations") }
            if let k = column("commune") { visit.commune = Self.communeCode(value(k)) }
            visits.append(visit)
        }
        return visits
    }

    /// The commune code of « Bondy (93010) » or « 93010 »; nil when there is none.
    public static func communeCode(_ text: String) -> String? {
        let inside = text.split(separator: "(").last.map { $0.replacingOccurrences(of: ")", with: "") } ?? text
        let code = inside.trimmingCharacters(in: .whitespaces).uppercased()
        return ZoneWording.isCommuneCode(Substring(code)) ? code : nil
    }

    /// A day written 2027-01-05 (as AllerVers writes it) or 05/01/2027 (as a French
    /// spreadsheet saves it); nil for anything else or a day that does not exist.
    static func day(_ text: String) -> CivilDate? {
        let iso = text.split(separator: "-").compactMap { Int($0) }
        let french = text.split(separator: "/").compactMap { Int($0) }
        let (y, m, d): (Int, Int, Int)
        if iso.count == 3 && text.split(separator: "-").count == 3 {
            (y, m, d) = (iso[0], iso[1], iso[2])
        } else if french.count == 3 && text.split(separator: "/").count == 3 {
            (y, m, d) = (french[2], french[1], french[0])
        } else {
            return nil
        }
        guard CivilDate.plausibleYears.contains(y), (1...12).contains(m), (1...31).contains(d) else { return nil }
        let date = CivilDate(year: y, month: m, day: d)
        // 30 February comes back from its day number as 2 March: not a real day.
        let real = CivilDate(dayNumber: date.dayNumber)
        return real.month == m && real.day == d ? real : nil
    }
}
