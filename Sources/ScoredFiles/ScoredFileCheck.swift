import Foundation
import Inputs
import Risk
import Support

/// A scored file is read back like any raw input: a file edited by hand (a NaN score, class 99,
/// −1 000 households, a zone listed twice) is refused with the file, the zone and the field,
/// never drawn, summed or planned as if true.
enum ScoredFileCheck {
    /// What a known column may hold.
    enum Range: Equatable {
        /// A count of people, households or dwellings: 0 to 100 million (more than France).
        case count
        /// A share or rate, 0 to 1.
        case share
        /// The score and its interval, 0 to 100.
        case score
        /// A class, a whole number from 1 to 12 (the most colours a style holds).
        case riskClass
        /// Any value at least 0 (a sum of living standards, a density, a ratio).
        case nonNegative

        var bounds: ClosedRange<Double> {
            switch self {
            case .count: 0...1e8
            case .share: 0...1
            case .score: 0...100
            case .riskClass: 1...12
            case .nonNegative: 0...Double.greatestFiniteMagnitude
            }
        }

        /// What a value of the column must be, in French (the words' key).
        var expected: String {
            switch self {
            case .count: "un effectif de 0 à 100 millions"
            case .share: "une part de 0 à 1"
            case .score: "un score de 0 à 100"
            case .riskClass: "une classe entière de 1 à 12"
            case .nonNegative: "un nombre positif ou nul"
            }
        }
    }

    /// The range of a column AllerVers writes, by its lowercase name; nil for one it does not
    /// know (carried through untouched, as any other field of the file).
    static func range(of column: String) -> Range? {
        switch column {
        case ScoredColumn.score, ScoredColumn.scoreLow, ScoredColumn.scoreHigh: return .score
        case ScoredColumn.riskClass: return .riskClass
        case ScoredColumn.priority, Indicator.density.columnName, Indicator.meanLivingStandard.columnName, "ind_snv": return .nonNegative
        case Indicator.povertyRate.columnName: return .share
        default: break
        }
        if column.hasPrefix("ratio_caf_") { return .nonNegative }
        if column.hasPrefix("part_") { return .share }
        if column.hasPrefix(ScoredColumn.benefitPrefix) { return .count }
        if column == "ind" || column == "men" || column.hasPrefix("men_") || column.hasPrefix("ind_") || column.hasPrefix("log_") { return .count }
        return nil
    }

    /// A value as the message quotes it: NaN and infinities by name, a decimal comma in French.
    static func shown(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? words("infini") : words("moins l'infini") }
        let text = value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        return SpokenNumber.spoken(text.replacingOccurrences(of: ".", with: ","))
    }

    /// A score within its interval (low ≤ score ≤ high, to the rounding of the file), and classes
    /// that follow the scores: a higher score never has a lower class.
    static func checkIntervalsAndClasses(path: String, names: [String], rows: [[AttributeValue?]], codes: [String]) throws {
        func slot(_ name: String) -> Int? { names.firstIndex(of: name) }
        func number(_ row: [AttributeValue?], _ slot: Int?) -> Double? {
            guard let slot, case .number(let value)? = row[slot] else { return nil }
            return value
        }
        let score = slot(ScoredColumn.score), low = slot(ScoredColumn.scoreLow), high = slot(ScoredColumn.scoreHigh)
        let riskClass = slot(ScoredColumn.riskClass)
        let tolerance = 0.051
        var classed: [(score: Double, riskClass: Double, zone: Int)] = []
        for (r, row) in rows.enumerated() {
            let s = number(row, score), l = number(row, low), h = number(row, high)
            if let l, let h, l > h + tolerance {
                throw InputError(
                    file: path, field: ScoredColumn.scoreLow,
                    words(
                        "zone %1$@ : borne basse %2$@ au-dessus de la borne haute %3$@ (fichier modifié à la main ? relancez `allervers score`)", codes[r],
                        shown(l), shown(h)))
            }
            if let s, (l.map { s < $0 - tolerance } ?? false) || (h.map { s > $0 + tolerance } ?? false) {
                throw InputError(
                    file: path, field: ScoredColumn.score,
                    words(
                        "zone %1$@ : score %2$@ hors de son intervalle (%3$@–%4$@)", codes[r], shown(s), l.map(shown) ?? "?",
                        h.map(shown) ?? "?"))
            }
            if let s, let c = number(row, riskClass) { classed.append((s, c, r)) }
        }
        classed.sort { ($0.score, $0.riskClass, $0.zone) < ($1.score, $1.riskClass, $1.zone) }
        for (a, b) in zip(classed, classed.dropFirst()) where b.riskClass < a.riskClass {
            throw InputError(
                file: path, field: ScoredColumn.riskClass,
                words(
                    "les classes ne suivent pas les scores : zone %1$@ en classe %2$@ pour un score de %3$@, zone %4$@ en classe %5$@ pour %6$@ (fichier modifié à la main ? relancez `allervers score`)",
                    codes[a.zone], shown(a.riskClass), shown(a.score), codes[b.zone], shown(b.riskClass), shown(b.score)))
        }
    }

    /// Checks every number of the known columns and that each zone is listed once; `lines`
    /// are the rows' feature ids, naming the two rows of a zone listed twice.
    static func check(path: String, names: [String], rows: [[AttributeValue?]], codes: [String], lines: [Int]) throws {
        let checked = names.enumerated().compactMap { slot, name in range(of: name).map { (slot, name, $0) } }
        for (r, row) in rows.enumerated() {
            for (slot, name, range) in checked {
                // A text where a number is expected is never read as « no value ».
                if case .text(let text)? = row[slot], !text.trimmingCharacters(in: .whitespaces).isEmpty {
                    let shownText = text.count > 40 ? String(text.prefix(40)) + "…" : text
                    throw InputError(
                        file: path, field: name,
                        words(
                            "zone %1$@ : texte « %2$@ », attendu %3$@ (fichier modifié à la main ? relancez `allervers score`)", codes[r], shownText,
                            words(range.expected)))
                }
                guard case .number(let value)? = row[slot] else { continue }
                let whole = range != .riskClass || value == value.rounded()
                guard value.isFinite, range.bounds.contains(value), whole else {
                    throw InputError(
                        file: path, field: name,
                        words(
                            "zone %1$@ : valeur %2$@, attendu %3$@ (fichier modifié à la main ? relancez `allervers score`)", codes[r],
                            shown(value), words(range.expected)))
                }
            }
        }
        try checkIntervalsAndClasses(path: path, names: names, rows: rows, codes: codes)
        var first: [String: Int] = [:]
        first.reserveCapacity(codes.count)
        for (r, code) in codes.enumerated() {
            if let earlier = first.updateValue(r, forKey: code) {
                throw InputError(
                    file: path, field: ScoredColumn.code,
                    words("la zone %1$@ figure deux fois (entités %2$@ et %3$@) ; attendu une ligne par zone", code, lines[earlier], lines[r]))
            }
        }
    }
}
