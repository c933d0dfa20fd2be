import Foundation
import TestSupport
import Testing

@testable import Inputs

/// Well-formed lines of a cells CSV are read in one pass; every other line is split into fields
/// first. The one-pass reading must store exactly what the field-by-field reading stores, and
/// leave every error to it: both readings compared, on real files and on random lines of every
/// form the reader accepts or refuses.
@Suite struct PlainLinesTests {
    /// Both readings of `path`: the same table, or the same error; true when both read it.
    @discardableResult
    static func expectSameReading(_ path: String, _ comment: Comment? = nil) -> Bool {
        let fast = Result { () throws(InputError) in try FilosofiReader.readCSV(path: path, variables: nil, threads: 2, blockSize: 1 << 12) }
        let split = Result { () throws(InputError) in
            try FilosofiReader.readCSV(path: path, variables: nil, threads: 2, blockSize: 1 << 12, fastLines: false)
        }
        switch (fast, split) {
        case (.success(let a), .success(let b)):
            #expect(a.count == b.count && a.easting == b.easting && a.northing == b.northing, comment)
            #expect(a.sourceLines == b.sourceLines && a.imputed == b.imputed, comment)
            #expect(a.gridEPSG == b.gridEPSG && a.resolution == b.resolution, comment)
            for name in b.variableNames {
                // The storage too (scaled integers or doubles), not only the values.
                #expect(a.column(name) == b.column(name) && a.column(name)?.isScaled == b.column(name)?.isScaled, "\(name) \(comment ?? "")")
            }
            #expect((0..<b.count).allSatisfy { a.communes[$0] == b.communes[$0] }, comment)
            return true
        case (.failure(let a), .failure(let b)):
            #expect(a == b, comment)
        default:
            Issue.record("one reading failed, not the other: \(fast) / \(split) \(comment ?? "")")
        }
        return false
    }

    @Test func realFilesReadTheSameBothWays() throws {
        Self.expectSameReading(Fixtures.bondyCells)
        Self.expectSameReading(Fixtures.audeSample)
        for name in try FileManager.default.contentsOfDirectory(atPath: Fixtures.bad("")) where name.hasSuffix(".csv") {
            Self.expectSameReading(Fixtures.bad(name), "\(name)")
        }
    }

    /// A value of every written form the reader takes: plain decimals, and the forms left to
    /// the field-by-field reading (spaces, a sign, an exponent, a bare point, seven decimals,
    /// quotes).
    static let householdForms = ["12", "0.3", "12.50", "007.10", " 3.5", "3.5 ", "+3", "5.", ".5", "0.1234567", "1e1", "\"4.2\"", "1"]

    /// The lines of a random file, each with its line end (LF or CRLF), the header first.
    static func randomLines(_ generator: inout SplitMix64, semicolons: Bool, lines: Int) -> [String] {
        let d = semicolons ? ";" : ","
        let mark = semicolons ? "," : "."
        var text = [["idcar_200m", "i_est_200", "lcog_geo", "ind", "men", "autre", "men_pauv", "ind_snv"].joined(separator: d) + "\n"]
        for k in 0..<lines {
            func pick(_ forms: [String]) -> String {
                let form = forms.randomElement(using: &generator)!
                return semicolons ? form.replacingOccurrences(of: ".", with: mark) : form
            }
            let communes = ["93010", "9301093048", "\"93010\(d)93048\"", "93010 93048", "", "2A004", "930100"]
            let imputed = ["0", "1", "0.0", " 1", "\"1\""]
            var fields = [
                "CRS3035RES200mN\(2_800_000 + 200 * k)E3770600", imputed.randomElement(using: &generator)!,
                communes.randomElement(using: &generator)!, pick(["150", "120.5", "99.9", " 140"]), pick(Self.householdForms),
                ["x", "", "\"a\(d)b\""].randomElement(using: &generator)!, pick(["0", "0.03", "0.1", "0.05"]), pick(["28590.7", "1234", "0.5"]),
            ]
            if Int.random(in: 0..<10, using: &generator) == 0 { fields.append("") }  // an empty field past the header
            text.append(fields.joined(separator: d) + (Bool.random(using: &generator) ? "\r\n" : "\n"))
            if Int.random(in: 0..<20, using: &generator) == 0 { text.append("\n") }  // a blank line
        }
        return text
    }

    @Test(arguments: [false, true])
    func randomLinesReadTheSameBothWays(semicolons: Bool) throws {
        var generator = SplitMix64(state: semicolons ? 11 : 7)
        var read = 0
        for round in 0..<20 {
            let text = Self.randomLines(&generator, semicolons: semicolons, lines: 200).joined()
            let path = try Fixtures.temporaryFile("cellules_\(round).csv", contents: text)
            if Self.expectSameReading(path, "round \(round)") { read += 1 }
        }
        #expect(read == 20)
    }

    /// Bondy's real file with a few bytes changed, removed or added at random (digits, marks,
    /// delimiters, quotes, spaces, signs, line ends): the same table or the same error both
    /// ways, whatever the damage.
    @Test func damagedBytesReadTheSameBothWays() throws {
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.bondyCells)))
        let header = original.firstIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let replacements = Array("0123456789.,;\" -+eE\r\nx".utf8)
        var generator = SplitMix64(state: 2026)
        var read = 0
        for round in 0..<150 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let at = Int.random(in: header..<bytes.count, using: &generator)
                let byte = replacements.randomElement(using: &generator)!
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[at] = byte
                case 1: bytes.remove(at: at)
                default: bytes.insert(byte, at: at)
                }
            }
            let path = try Fixtures.temporaryFolder().appendingPathComponent("abime_\(round).csv")
            try Data(bytes).write(to: path)
            if Self.expectSameReading(path.path, "round \(round)") { read += 1 }
        }
        // Some damage is harmless (a digit for a digit), some is refused: both are compared.
        #expect(read > 0 && read < 150)
    }

    /// One line spoilt in one of many ways: the same error (file, line, field, words) both ways.
    @Test func spoiltLinesFailTheSameBothWays() throws {
        var generator = SplitMix64(state: 3)
        let spoils: [(column: Int, value: String)] = [
            (4, "beaucoup"), (4, "-3"), (4, "2000000"), (3, ""), (0, "CRS3035RES200mN28E37"), (0, "CRS3035RES1000mN2800000E3770000"),
            (1, "2"), (2, "123456789"), (7, "1e13"), (6, "200"),
        ]
        for (n, spoil) in spoils.enumerated() {
            var lines = Self.randomLines(&generator, semicolons: false, lines: 60)
            // A plain line, spoilt in one field, in place of a random one.
            var fields = "CRS3035RES200mN2000000E3770600,0,93010,150,12,x,0.3,1234".split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[spoil.column] = spoil.value
            lines[Int.random(in: 5..<50, using: &generator)] = fields.joined(separator: ",") + "\n"
            let path = try Fixtures.temporaryFile("abime_\(n).csv", contents: lines.joined())
            Self.expectSameReading(path, "\(spoil)")
        }
        // Too few fields, and a value past the header.
        for (n, line) in ["CRS3035RES200mN2000000E3770600,0,93010,150", "CRS3035RES200mN2000000E3770600,0,93010,150,12,x,0.3,1234,9"].enumerated() {
            let text = "idcar_200m,i_est_200,lcog_geo,ind,men,autre,men_pauv,ind_snv\nCRS3035RES200mN2000200E3770600,0,93010,150,12,x,0.3,1234\n\(line)\n"
            Self.expectSameReading(try Fixtures.temporaryFile("champs_\(n).csv", contents: text), "\(line)")
        }
    }
}
