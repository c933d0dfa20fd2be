import Foundation
import Inputs
import Outreach
import TestSupport
import Testing

/// What the next plan learns from the passage sheets, computed by hand.
@Suite struct FieldLearningTests {
    let learning = FieldLearning(observedWeight: 3, minimumPeople: 3)

    func visit(_ day: Int, met: Double) -> FieldVisit {
        FieldVisit(stop: "Marché", date: CivilDate(year: 2027, month: 1, day: day), part: "matin", met: met, newcomers: nil, source: "f.csv", line: day)
    }

    @Test func aPlacesFigureIsABlendOfItsKindsAndWhatWasSeen() {
        // (3 × 5 + 10 + 10) / (3 + 2) = 7.
        #expect(learning.blend(prior: 5, observed: [10, 10]) == 7)
        #expect(learning.blend(prior: 5, observed: []) == 5)
        // Twelve visits weigh four times the kind's figure: (3 × 6 + 12 × 2) / 15 = 2.8.
        #expect(abs(learning.blend(prior: 6, observed: Array(repeating: 2, count: 12)) - 2.8) < 1e-12)
    }

    @Test func aPlaceEmptyOnItsLastThreeVisitsLeaves() {
        #expect(learning.chronicReason([visit(5, met: 1), visit(12, met: 0), visit(19, met: 2)])?.contains("3 dernières demi-journées") == true)
        #expect(learning.chronicReason([visit(5, met: 1), visit(12, met: 5), visit(19, met: 0)]) == nil)
        #expect(learning.chronicReason([visit(12, met: 0), visit(19, met: 0)]) == nil)
        // Only the last three count: an empty start then three good visits keeps the place.
        #expect(learning.chronicReason([visit(1, met: 0), visit(5, met: 4), visit(12, met: 4), visit(19, met: 4)]) == nil)
    }

    /// Four markets, three visits each, twice the people expected: ratio 2 on 12 visits, so
    /// the kind's factor is (12 + 12 × 2) / 24 = 1.5; supermarkets, with too few visits, keep theirs.
    @Test func aKindsFigureIsReestimatedOnceEnoughVisitsExist() {
        let kinds: [StopKind] = [.market, .market, .market, .market, .supermarket]
        let prior = [5.0, 5, 5, 5, 6]
        var visits: [Int: [FieldVisit]] = [:]
        for j in 0..<4 { visits[j] = [visit(5, met: 10), visit(12, met: 10), visit(19, met: 10)] }
        visits[4] = [visit(5, met: 1)]
        let factors = learning.kindFactors(kinds: kinds, prior: prior, visits: visits)
        #expect(factors == [.market: 1.5])
    }
}

/// Filled sheets read back: what a team or a spreadsheet writes, and what it must not.
@Suite struct PassageSheetReaderTests {
    let header = "date;jour;creneau;arret;personnes_attendues;personnes_rencontrees;dont_nouvelles;remarques"

    func sheet(_ rows: [String]) throws -> String {
        try Fixtures.temporaryFile("feuille.csv", contents: ([header] + rows).joined(separator: "\n") + "\n")
    }

    @Test func aFilledSheetReadsWithSpreadsheetDates() throws {
        let visits = try PassageSheetReader.read(paths: [
            try sheet([
                "2027-01-05;mardi;matin;Marché de Bram;6,0;4;2;pluie", "12/01/2027;mardi;matin;Marché de Bram;6,0;7;;",
                "2027-01-19;mardi;matin;Marché de Bram;6,0;;;pas encore remplie",
            ])
        ])
        #expect(visits.map(\.met) == [4, 7])
        #expect(visits[1].date == CivilDate(year: 2027, month: 1, day: 12) && visits[0].newcomers == 2 && visits[1].newcomers == nil)
    }

    @Test(arguments: [
        ("2027-01-05;mardi;matin;Marché;6;-1;;", "feuille.csv:2", "personnes_rencontrees"),
        ("2027-01-05;mardi;matin;Marché;6;4000;;", "feuille.csv:2", "personnes_rencontrees"),
        ("2027-01-05;mardi;matin;Marché;6;2,5;;", "feuille.csv:2", "personnes_rencontrees"),
        ("2027-01-05;mardi;matin;Marché;6;3;5;", "feuille.csv:2", "dont_nouvelles"),
        ("2027-02-30;mardi;matin;Marché;6;3;;", "feuille.csv:2", "date"),
        ("2027-01-05;mardi;matin;;6;3;;", "feuille.csv:2", "arret"),
    ])
    func aBadRowIsNamed(row: String, place: String, field: String) throws {
        let path = try sheet([row])
        #expect {
            _ = try PassageSheetReader.read(paths: [path])
        } throws: { error in
            "\(error)".contains(place) && (error as? InputError)?.field == field
        }
    }

    @Test func aHalfDayGivenTwiceIsRefusedWithBothRows() throws {
        let first = try sheet(["2027-01-05;mardi;matin;Marché de Bram;6;4;;"])
        let second = try Fixtures.temporaryFile("autre.csv", contents: header + "\n2027-01-05;mardi;matin;marché  de bram;6;5;;\n")
        #expect {
            _ = try PassageSheetReader.read(paths: [first, second])
        } throws: { error in
            "\(error)".contains("autre.csv:2") && "\(error)".contains("figure deux fois") && "\(error)".contains("feuille.csv, ligne 2")
        }
    }
}
