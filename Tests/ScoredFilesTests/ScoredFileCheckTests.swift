import Foundation
import Inputs
import Risk
import ScoredFiles
import TestSupport
import Testing

/// A scored file edited by hand is refused with the file, the zone and the field: never drawn,
/// summed or planned as if true.
@Suite struct ScoredFileCheckTests {
    /// Two zones near Bondy, as `score` writes them, with one value of the second replaced.
    func scoredFile(second: String = #""code_iris": "930100102", "score_risque": 68.5, "classe_risque": 4, "men": 545.97"#) throws -> String {
        func zone(_ properties: String, x: Double) -> String {
            """
            {"type": "Feature", "properties": {\(properties), "fiabilite": "bonne", "part_non_recours": 0.23},
             "geometry": {"type": "Polygon", "coordinates": [[[\(x), 48.90], [\(x + 0.01), 48.90], [\(x + 0.01), 48.91], [\(x), 48.91], [\(x), 48.90]]]}}
            """
        }
        let first = zone(#""code_iris": "930100101", "score_risque": 67.3, "classe_risque": 4, "men": 479.59"#, x: 2.48)
        return try Fixtures.temporaryFile(
            "zones.geojson", contents: #"{"type": "FeatureCollection", "features": ["# + first + ",\n" + zone(second, x: 2.50) + "]}")
    }

    func refusal(_ second: String) throws -> InputError? {
        do {
            _ = try ScoredLayer.read(path: scoredFile(second: second), threads: 1)
            return nil
        } catch let error as InputError {
            return error
        }
    }

    @Test func aFileAsScoreWroteItIsRead() throws {
        let layer = try ScoredLayer.read(path: scoredFile(), threads: 1)
        #expect(layer.zones.map(\.code) == ["930100101", "930100102"] && layer.zones[1].riskClass == 4)
    }

    @Test(arguments: [
        (#""code_iris": "930100102", "score_risque": NaN, "classe_risque": 4"#, "score_risque", "NaN"),
        (#""code_iris": "930100102", "score_risque": Infinity, "classe_risque": 4"#, "score_risque", "infini"),
        (#""code_iris": "930100102", "score_risque": 168.5, "classe_risque": 4"#, "score_risque", "168,5"),
        (#""code_iris": "930100102", "score_risque": 68.5, "classe_risque": 99"#, "classe_risque", "99"),
        (#""code_iris": "930100102", "score_risque": 68.5, "classe_risque": 2.5"#, "classe_risque", "2,5"),
        (#""code_iris": "930100102", "score_risque": 68.5, "classe_risque": 4, "men": -1000"#, "men", "-1000"),
        (#""code_iris": "930100102", "score_risque": 68.5, "classe_risque": 4, "men": 1e300"#, "men", "1e+300"),
        (#""code_iris": "930100102", "score_risque": 68.5, "classe_risque": 4, "taux_pauvrete": 1.4"#, "taux_pauvrete", "1,4"),
        (#""code_iris": "930100102", "score_risque": 68.5, "classe_risque": 4, "non_recours_estime": -3"#, "non_recours_estime", "-3"),
    ])
    func anImpossibleValueIsRefusedWithItsZoneAndField(second: String, field: String, shown: String) throws {
        let error = try #require(try refusal(second))
        #expect(error.field == field)
        #expect(error.message.contains("zone 930100102") && error.message.contains("valeur \(shown),"), "\(error)")
    }

    /// A word in a number's column (in the former English names: `LegacyScoredFileTests`); a class that
    /// does not follow the scores; a low bound above the high one.
    @Test(arguments: [
        (#""code_iris": "930100102", "score_risque": "abc", "classe_risque": 4"#, "score_risque", "texte « abc »"),
        (#""code_iris": "930100102", "score_risque": 68.5, "classe_risque": 4, "men": "beaucoup""#, "men", "texte « beaucoup »"),
        (#""code_iris": "930100102", "score_risque": 44.8, "classe_risque": 5"#, "classe_risque", "les classes ne suivent pas les scores"),
        (
            #""code_iris": "930100102", "score_risque": 64, "score_risque_bas": 99, "score_risque_haut": 1, "classe_risque": 4"#, "score_risque_bas",
            "borne basse 99"
        ),
        (
            #""code_iris": "930100102", "score_risque": 80, "score_risque_bas": 60, "score_risque_haut": 70, "classe_risque": 4"#, "score_risque",
            "hors de son intervalle"
        ),
    ])
    func aWordOrAnInconsistencyIsRefused(second: String, field: String, says: String) throws {
        let error = try #require(try refusal(second))
        #expect(error.field == field, "\(error)")
        #expect(error.message.contains(says), "\(error)")
        if field != "classe_risque" { #expect(error.message.contains("930100102")) }
    }

    /// A column GDAL reads as text because one value is quoted: the numbers still read.
    @Test func numbersWrittenAsTextStillRead() throws {
        let layer = try ScoredLayer.read(path: scoredFile(second: #""code_iris": "930100102", "score_risque": "68,5", "classe_risque": 4"#), threads: 1)
        #expect(layer.zones[1].score == 68.5 && layer.zones[0].score == 67.3)
    }

    @Test func aZoneListedTwiceIsRefused() throws {
        let error = try #require(try refusal(#""code_iris": "930100101", "score_risque": 68.5, "classe_risque": 4"#))
        #expect(error.field == "code_iris" && error.message.contains("930100101 figure deux fois"))
    }

    /// Columns AllerVers does not know are carried through, whatever they hold.
    @Test func unknownColumnsAreNotChecked() throws {
        let layer = try ScoredLayer.read(
            path: scoredFile(second: #""code_iris": "930100102", "score_risque": 68.5, "classe_risque": 4, "ma_note": -7"#), threads: 1)
        #expect(layer.zones[1].number("ma_note") == -7)
    }
}

/// Files written by earlier versions, with the English column names, are still read, under
/// the current names; a file with both names for one column is refused by name.
@Suite struct LegacyScoredFileTests {
    func file(_ properties: String) throws -> String {
        try Fixtures.temporaryFile(
            "anciennes.geojson",
            contents: #"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"#
                + properties
                + #"}, "geometry": {"type": "Polygon", "coordinates": [[[2.48, 48.90], [2.49, 48.90], [2.49, 48.91], [2.48, 48.90]]]}}]}"#)
    }

    @Test func aWordUnderAnEnglishNameIsRefusedUnderTheCurrentOne() throws {
        #expect {
            _ = try ScoredLayer.read(path: file(#""code_iris": "930100101", "risk_score": "abc", "risk_class": 4, "reliability": "bonne""#), threads: 1)
        } throws: { error in
            (error as? InputError)?.field == "score_risque" && "\(error)".contains("zone 930100101 : texte « abc »")
        }
    }

    @Test func englishNamesAreReadUnderTheCurrentOnes() throws {
        let layer = try ScoredLayer.read(
            path: file(
                #""code_iris": "930100101", "risk_score": 67.3, "risk_class": 4, "reliability": "bonne", "nonrecours_est": 111.3, "nonrecours_rsa_low": 13.6, "poverty_rate": 0.32, "caf_ratio_rsa": 1.3"#
            ), threads: 1)
        let zone = layer.zones[0]
        #expect(zone.score == 67.3 && zone.riskClass == 4 && zone.reliability == .good && zone.estimate == 111.3)
        #expect(zone.number("non_recours_rsa_bas") == 13.6 && zone.number("taux_pauvrete") == 0.32 && zone.number("ratio_caf_rsa") == 1.3)
    }

    @Test func oneColumnUnderBothNamesIsRefused() throws {
        #expect {
            _ = try ScoredLayer.read(
                path: file(#""code_iris": "930100101", "risk_score": 67.3, "score_risque": 67.3, "classe_risque": 4, "fiabilite": "bonne""#), threads: 1)
        } throws: { error in
            "\(error)".contains("score_risque") && "\(error)".contains("risk_score")
        }
    }

    @Test func everyLegacyNameHasOneCurrentName() {
        #expect(ScoredColumn.current(ofLegacy: "nonrecours_share") == "part_non_recours")
        #expect(ScoredColumn.current(ofLegacy: "nonrecours_ppa_share") == "part_non_recours_ppa")
        #expect(ScoredColumn.current(ofLegacy: "nonrecours_aspa_high") == "non_recours_aspa_haut")
        #expect(ScoredColumn.current(ofLegacy: "nonrecours_rsa") == "non_recours_rsa")
        #expect(ScoredColumn.current(ofLegacy: "mean_living_standard") == "niveau_vie_moyen")
        #expect(ScoredColumn.current(ofLegacy: "men_pauv") == nil && ScoredColumn.current(ofLegacy: "ma_note") == nil)
    }
}
