import Foundation
import Inputs
import ScoredFiles
import TestSupport
import Testing

/// `check --reference`: each fault of a reference file or of the scored file is blamed on its
/// own column, row or file, never on the zone codes; a constant reference ranks nothing.
@Suite(.serialized) struct ReferenceCheckTests {
    static let scored: String? = {
        guard let folder = try? Fixtures.temporaryFolder(), let made = try? Fixtures.scoredBondy(in: folder) else { return nil }
        return made.appendingPathComponent("bondy.geojson").path
    }()

    /// Bondy's INSEE reference with its value column rewritten by `value(row)`.
    func reference(_ value: (Int, String) -> String) throws -> String {
        let lines = try String(contentsOfFile: Fixtures.bondy("filosofi_iris_2019_bondy.csv"), encoding: .isoLatin1).split(separator: "\n")
        var out = [String(lines[0])]
        for (k, line) in lines.dropFirst().enumerated() {
            var fields = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            fields[4] = value(k, fields[4])
            out.append(fields.joined(separator: ";"))
        }
        return try Fixtures.temporaryFile("reference.csv", contents: out.joined(separator: "\n") + "\n")
    }

    func failure(scored: String, reference: String) -> InputError? {
        do {
            _ = try ReferenceCheck.table(scored: scored, reference: reference, field: "DISP_MED19", key: "IRIS", threads: 2)
            return nil
        } catch { return error as? InputError }
    }

    @Test func eachFaultIsBlamedOnItsOwnPlace() throws {
        let scored = try #require(Self.scored)
        let text = try #require(failure(scored: scored, reference: try reference { k, v in k == 3 ? "abc" : v }))
        #expect(text.field == "DISP_MED19" && text.line == 5 && text.message.contains("« abc »"), "\(text)")
        let empty = try #require(failure(scored: scored, reference: try reference { _, _ in "" }))
        #expect(empty.field == "DISP_MED19" && empty.message.contains("sans aucune valeur"), "\(empty)")
        let constant = try #require(failure(scored: scored, reference: try reference { _, _ in "15000" }))
        #expect(constant.field == "DISP_MED19" && constant.message.contains("une référence constante ne classe rien"), "\(constant)")
        let twice = try #require(
            try failure(
                scored: scored,
                reference: {
                    let path = try reference { _, v in v }
                    let lines = try String(contentsOfFile: path, encoding: .utf8)
                    return try Fixtures.temporaryFile("twice.csv", contents: lines + lines.split(separator: "\n")[1] + "\n")
                }()))
        #expect(twice.field == "IRIS" && twice.message.contains("930100101 figure deux fois"), "\(twice)")
        // Masked values of unpublished IRIS are missing values, not faults.
        #expect(failure(scored: scored, reference: try reference { k, v in k == 0 ? "s" : v }) == nil)
    }

    @Test func aScoredFileWithoutAnyScoreIsBlamed() throws {
        let scored = try #require(Self.scored)
        let secret = try String(contentsOfFile: scored, encoding: .utf8).replacingOccurrences(
            of: #""fiabilite": ?"[a-z ]+""#, with: #""fiabilite": "secret""#, options: .regularExpression)
        let path = try Fixtures.temporaryFile("secret.geojson", contents: secret)
        let error = try #require(failure(scored: path, reference: Fixtures.bondy("filosofi_iris_2019_bondy.csv")))
        #expect(error.file == path && error.message.contains("aucune zone publiée n'a de score"), "\(error)")
    }
}
