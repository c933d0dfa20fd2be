import Foundation
import Support

/// What the rows of a Cafdata file are keyed by.
public enum CafKeyKind: String, Sendable {
    case commune, iris
}

/// One place's counts for the selected period; `nil` is a masked or missing value, never zero.
public struct CafRecord: Sendable {
    public var code: String
    public var name: String?
    public var line: Int
    public var values: [Double?]
}

/// CNAF Cafdata counts (foyers allocataires, RSA, prime d'activité…) for one period, keyed by
/// commune (`numcomdo`) or by IRIS code, sorted by code.
public struct CafTable: Sendable {
    public var source: String
    public var encoding: TextEncoding
    public var delimiter: Character
    public var keyKind: CafKeyKind
    public var keyColumn: String
    public var periodColumn: String?
    /// Every period in the file, oldest first, and the one kept.
    public var periods: [String]
    public var selectedPeriod: String?
    public var countColumns: [String]
    public var records: [CafRecord]
    /// Rows whose place code was empty (allocataires that could not be located).
    public var emptyCodeRows: Int
    /// Values blank, `s`, `nd`, `NA`… in the selected period.
    public var maskedValues: Int
    /// 5 when every count is a multiple of 5 (Cafdata's rounding for secrecy), else 1.
    public var roundingUnit: Double
    /// The records of every period of the file (the selected one included), for the trend
    /// over the periods; a file without a period column has only `records`.
    public var recordsByPeriod: [String: [CafRecord]] = [:]

    /// The sum of `column` over the places `codes`, period by period (oldest first), and
    /// whether every place had a value that period (a masked or missing one makes it a
    /// lower bound).
    public func totals(_ column: String, codes: Set<String>) -> [(period: String, total: Double, complete: Bool)] {
        guard let index = countColumns.firstIndex(of: column.lowercased()) else { return [] }
        return periods.compactMap { period in
            guard let records = recordsByPeriod[period] else { return nil }
            var total = 0.0, found = 0, complete = true
            for record in records where codes.contains(record.code) {
                found += 1
                if let value = record.values[index] { total += value } else { complete = false }
            }
            return found == 0 ? nil : (period, total, complete && found == codes.count)
        }
    }

    public func record(for code: String) -> CafRecord? {
        var lo = 0, hi = records.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if records[mid].code < code { lo = mid + 1 } else { hi = mid }
        }
        return lo < records.count && records[lo].code == code ? records[lo] : nil
    }

    public func value(_ column: String, for code: String) -> Double? {
        guard let index = countColumns.firstIndex(of: column.lowercased()), let record = record(for: code) else { return nil }
        return record.values[index]
    }
}

/// Reads Cafdata exports: `;` or `,`, with or without BOM, UTF-8 or Latin-1.
public enum CafdataReader {
    public static let communeKeys = ["numcomdo", "codgeo", "code_commune", "insee_com", "codecommune", "depcom"]
    public static let irisKeys = ["code_iris", "iris", "codeiris", "dcomiris", "numiris"]
    static let periodKeys = ["dtreffre", "date_ref", "periode", "période", "date"]
    static let nameKeys = ["nomcom", "libcom", "nom_commune", "libiris", "nom_iris"]
    static let largestPlausibleCount = 100_000_000.0
    static let maskedTokens: Set<String> = ["", "s", "nd", "n.d.", "n/d", "na", "secret", "-", "x"]

    /// A Cafdata period as `YYYY` or `YYYY-MM`, from the forms exports use; nil when the text is
    /// none of them or names no real month (so `12/2024` is never read as `1220-24`).
    public static func period(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces)
        func number(_ s: Substring) -> Int? { s.allSatisfy { $0.isASCII && $0.isNumber } && !s.isEmpty ? Int(s) : nil }
        var year: Int?, month: Int?
        if t.contains("/") {
            let parts = t.split(separator: "/", omittingEmptySubsequences: false)
            switch parts.count {
            case 2 where parts[1].count == 4: (month, year) = (number(parts[0]), number(parts[1]))
            case 3 where parts[2].count == 4: (month, year) = (number(parts[1]), number(parts[2]))
            default: return nil
            }
            guard month != nil else { return nil }
        } else {
            let parts = t.split(separator: "-", omittingEmptySubsequences: false)
            if parts.count == 1 {
                switch t.count {
                case 4: year = number(t[...])
                case 6: (year, month) = (number(t.prefix(4)), number(t.suffix(2)))
                case 8: (year, month) = (number(t.prefix(4)), number(t.dropFirst(4).prefix(2)))
                default: return nil
                }
                if t.count > 4 && month == nil { return nil }
            } else if (parts.count == 2 || parts.count == 3) && parts[0].count == 4 && parts[1].count == 2 {
                (year, month) = (number(parts[0]), number(parts[1]))
                if parts.count == 3 && (parts[2].count != 2 || number(parts[2]) == nil) { return nil }
                if month == nil { return nil }
            } else {
                return nil
            }
        }
        guard let year, (1990...2100).contains(year) else { return nil }
        guard let month else { return String(format: "%04d", year) }
        guard (1...12).contains(month) else { return nil }
        return String(format: "%04d-%02d", year, month)
    }

    /// Reads the file and keeps `period` (`YYYY-MM`), or the latest one.
    public static func read(path: String, period: String? = nil) throws(InputError) -> CafTable {
        let table = try TextTable.read(path: path)
        let header = table.header.map { $0.lowercased() }
        let keyIndex: Int, keyKind: CafKeyKind
        if let i = table.column(irisKeys) {
            (keyIndex, keyKind) = (i, .iris)
        } else if let i = table.column(communeKeys) {
            (keyIndex, keyKind) = (i, .commune)
        } else {
            throw InputError(
                file: path, line: 1,
                words(
                    "aucune colonne de code géographique : attendu numcomdo (commune) ou code_iris (IRIS) ; trouvé %1$@", table.header.joined(separator: ", ")))
        }
        let periodIndex = table.column(periodKeys)
        let nameIndex = table.column(nameKeys)
        let countIndices = header.indices.filter {
            $0 != keyIndex && $0 != periodIndex && $0 != nameIndex && (header[$0].hasPrefix("ind") || header[$0].hasPrefix("nb"))
        }
        guard !countIndices.isEmpty else {
            throw InputError(
                file: path, line: 1,
                words("aucune colonne de comptage (attendu indfoy_ndur, indfoy_rsa, indfoy_ppa…)"))
        }
        func normalisedPeriod(_ text: String, line: Int) throws(InputError) -> String {
            if let period = Self.period(text) { return period }
            throw .badValue(
                file: path, line: line, field: table.header[periodIndex ?? 0], found: text,
                expected: words("une période comme 2024-12 (AAAA, AAAA-MM, AAAAMM, AAAA-MM-JJ, MM/AAAA ou JJ/MM/AAAA, un mois réel)"))
        }
        var periods: Set<String> = []
        var rowPeriods: [String?] = []
        for row in table.rows {
            if let periodIndex {
                let p = try normalisedPeriod(row.values[periodIndex], line: row.line)
                periods.insert(p)
                rowPeriods.append(p)
            } else {
                rowPeriods.append(nil)
            }
        }
        let sortedPeriods = periods.sorted()
        var selected = sortedPeriods.last
        if let period {
            let wanted = try normalisedPeriod(period, line: 0)
            guard periods.contains(wanted) else {
                throw InputError(
                    file: path, field: table.header[periodIndex ?? 0],
                    words("aucune ligne pour la période %1$@ ; périodes du fichier : %2$@", period, sortedPeriods.joined(separator: ", ")))
            }
            selected = wanted
        }
        // Each period's records; the counts, masks and rounding reported are the selected period's.
        func read(period: String?) throws(InputError) -> PeriodRecords {
            try Self.records(
                of: table, path: path, period: period, rowPeriods: rowPeriods, keyIndex: keyIndex, keyKind: keyKind, countIndices: countIndices,
                nameIndex: nameIndex)
        }
        let selectedRecords = try read(period: selected)
        let (records, emptyCodes, masked, allMultiplesOfFive) =
            (selectedRecords.records, selectedRecords.emptyCodes, selectedRecords.masked, selectedRecords.multiplesOfFive)
        var recordsByPeriod: [String: [CafRecord]] = [:]
        if periodIndex != nil {
            for period in sortedPeriods { recordsByPeriod[period] = period == selected ? records : try read(period: period).records }
        }
        guard !records.isEmpty else { throw InputError(file: path, words("n'a aucune ligne avec un code géographique")) }
        return CafTable(
            source: path, encoding: table.encoding, delimiter: table.delimiter, keyKind: keyKind,
            keyColumn: table.header[keyIndex], periodColumn: periodIndex.map { table.header[$0] },
            periods: sortedPeriods, selectedPeriod: selected, countColumns: countIndices.map { header[$0] },
            records: records, emptyCodeRows: emptyCodes, maskedValues: masked, roundingUnit: allMultiplesOfFive ? 5 : 1,
            recordsByPeriod: recordsByPeriod
        )
    }

    /// One period's rows: its records (by code), rows without a code, masked values, and
    /// whether every count is a multiple of 5 (rounded for secrecy).
    struct PeriodRecords {
        var records: [CafRecord]
        var emptyCodes: Int
        var masked: Int
        var multiplesOfFive: Bool
    }

    static func records(
        of table: TextTable, path: String, period: String?, rowPeriods: [String?], keyIndex: Int, keyKind: CafKeyKind, countIndices: [Int],
        nameIndex: Int?
    ) throws(InputError) -> PeriodRecords {
        var records: [CafRecord] = []
        var emptyCodes = 0
        var masked = 0
        var allMultiplesOfFive = true
        var seen: [String: Int] = [:]
        for (k, row) in table.rows.enumerated() where rowPeriods[k] == period {
            let code = row.values[keyIndex].trimmingCharacters(in: .whitespaces)
            if code.isEmpty {
                emptyCodes += 1
                continue
            }
            if let first = seen[code] {
                throw InputError(
                    file: path, line: row.line, field: table.header[keyIndex],
                    words("le code %1$@ apparaît deux fois pour la période %2$@, d'abord ligne %3$@", code, period ?? words("(aucune)"), first))
            }
            seen[code] = row.line
            var values: [Double?] = []
            for i in countIndices {
                let text = row.values[i]
                if maskedTokens.contains(text.lowercased()) {
                    masked += 1
                    values.append(nil)
                    continue
                }
                let value = try count(text, path: path, line: row.line, field: table.header[i], commaDecimal: table.delimiter == ";")
                if value.truncatingRemainder(dividingBy: 5) != 0 { allMultiplesOfFive = false }
                values.append(value)
            }
            var paddedCode = code
            let width = keyKind == .iris ? 9 : 5
            if paddedCode.count < width, paddedCode.allSatisfy(\.isNumber) {
                paddedCode = String(repeating: "0", count: width - paddedCode.count) + paddedCode
            }
            records.append(CafRecord(code: paddedCode, name: nameIndex.map { row.values[$0] }, line: row.line, values: values))
        }
        records.sort { $0.code < $1.code }
        return PeriodRecords(records: records, emptyCodes: emptyCodes, masked: masked, multiplesOfFive: allMultiplesOfFive)
    }

    /// A count as the file writes it (spaces between thousands, a decimal comma with `;`):
    /// non-negative, and no more than all of France's foyers allocataires many times over.
    static func count(_ text: String, path: String, line: Int, field: String, commaDecimal: Bool) throws(InputError) -> Double {
        guard let value = parseNumber(text.replacingOccurrences(of: " ", with: ""), commaDecimal: commaDecimal),
            value >= 0
        else {
            throw .badValue(
                file: path, line: line, field: field, found: text,
                expected: words("un effectif positif ou nul, ou s / nd / NA / vide pour une valeur masquée"))
        }
        // All of France counts about 14 million foyers allocataires: far more is not a count.
        guard value <= Self.largestPlausibleCount else {
            throw .badValue(
                file: path, line: line, field: field, found: text,
                expected: words("un nombre de foyers, au plus 100 000 000 (la France compte environ 14 millions de foyers allocataires)"))
        }
        return value
    }
}
