import Cartography
import CommandOptions
import Exports
import Foundation
import GeoBindings
import GeometryCore
import Inputs
import MapPrinting
import Outreach
import Overlay
import Risk
import ScoredFiles
import Support
import TerritoryFile
import TestSupport
import Testing
import Workflows

/// The checks and closing words each command used to hold, now the workflows': called here
/// without the binary.
@Suite struct CommandSettingsTests {
    /// The message of the usage error `body` throws, or nil when it throws none.
    func usageError(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as UsageError {
            return error.description
        } catch {
            return "not a usage error: \(error)"
        }
    }

    @Test func aPlanTakesOneMonthOrOneSeries() throws {
        #expect(try PlanRun.period(month: "2027-03", months: nil).map(\.description) == ["2027-03"])
        #expect(try PlanRun.period(month: nil, months: "2027-11..2028-01").map(\.description) == ["2027-11", "2027-12", "2028-01"])
        #expect(usageError { _ = try PlanRun.period(month: nil, months: nil) }?.contains("--months") == true)
        #expect(usageError { _ = try PlanRun.period(month: "2027-03", months: "2027-03..2027-04") } != nil)
        #expect(usageError { _ = try PlanRun.period(month: "2027-13", months: nil) }?.contains("2027-13") == true)
        #expect(usageError { _ = try PlanRun.period(month: nil, months: "2027-05..2027-03") }?.contains("2027-05..2027-03") == true)
        #expect(try PlanRun.depot("2.48,48.90") == Point(x: 2.48, y: 48.90))
        #expect(try PlanRun.depot(nil) == nil)
        #expect(usageError { _ = try PlanRun.depot("48.90") }?.contains("--depot") == true)
    }

    @Test func aSitingReviewChecksItsLimits() {
        func request(add: Int = 1, minutes: Double = 30, mode: AccessMode = .car, date: String? = nil) -> SitingRun.Request {
            SitingRun.Request(
                scored: "s.gpkg", cells: "c.csv", points: [], candidates: [], categories: nil, add: add, minutes: minutes, mode: mode, network: nil,
                profiles: nil, style: nil, date: date, threads: 1, output: "o", force: false)
        }
        #expect(usageError { try request().validate() } == nil)
        #expect(usageError { try request(add: 51).validate() }?.contains("--add") == true)
        #expect(usageError { try request(minutes: 0).validate() }?.contains("--minutes") == true)
        #expect(usageError { try request(date: "2026-02-30").validate() }?.contains("--date") == true)
    }

    @Test func aMapChecksItsPageBeforeReadingAnything() {
        func request(output: String, layer: MapLayer = .risk, cells: String? = nil, dpi: Double = 150) -> MapRun.Request {
            MapRun.Request(
                scored: "absent.gpkg", style: nil, layer: layer, model: nil, cells: cells, stops: nil, route: nil, territory: nil, date: nil,
                output: output, layout: PageLayout(dpi: dpi), threads: 1)
        }
        #expect(usageError { try request(output: "carte.SVG").validate() } == nil)
        #expect(usageError { try request(output: "carte.pdf").validate() } == nil)
        #expect(usageError { try request(output: "carte.jpg").validate() }?.contains("carte.jpg") == true)
        #expect(usageError { try request(output: "carte.png", dpi: 1_200).validate() }?.contains("--dpi") == true)
        #expect(usageError { try request(output: "carte.svg", layer: .carreaux).validate() }?.contains("--cells") == true)
        #expect(usageError { try request(output: "carte.svg", layer: .carreaux, cells: "c.csv").validate() } == nil)
    }

    @Test func outputFilesMustEndAsAsked() {
        #expect(usageError { try CommandSettings.outputFile("g.GPKG", option: "-o", endsIn: [".gpkg"], expected: "un GeoPackage") } == nil)
        #expect(
            usageError { try CommandSettings.outputFile("g.geojson", option: "-o", endsIn: [".gpkg"], expected: "un GeoPackage") }?
                .contains("g.geojson") == true)
        #expect(usageError { try CommandSettings.threads(0) } != nil && usageError { try CommandSettings.threads(1) } == nil)
    }

    /// `inspect` goes on past a file it cannot read, and says which on both outputs.
    @Test func inspectionReportsEveryFileAndEachFailure() throws {
        let missing = try Fixtures.temporaryFolder().appendingPathComponent("absent.csv").path
        let report = InputInspection.report([Fixtures.audeSample, missing], mappingPath: nil, threads: 1, errorPrefix: "erreur : ")
        #expect(report.text.hasPrefix("== \(Fixtures.audeSample)\n"))
        #expect(report.text.contains("== \(missing)\n  erreur : "))
        #expect(report.errors.count == 1 && report.errors[0].contains("absent.csv"))
    }

    @Test func aRunSummaryPrintsAsTextOrJSON() throws {
        let summary = try JSONDecoder().decode(
            TerritoryRun.Summary.self,
            from: Data(
                #"{"territory":"Bondy","folder":"bondy","outputs":{"carte_risque.svg":"carte"},"zones":22,"secretZones":1,"outOfScopeZones":0,"nonrecoursEstimate":1234,"nonrecoursLow":1000,"nonrecoursHigh":1500}"#
                    .utf8))
        let json = try JSONSerialization.jsonObject(with: try summary.printed(json: true)) as? [String: Any]
        #expect(json?["territory"] as? String == "Bondy" && json?["zones"] as? Int == 22)
        let text = String(decoding: try summary.printed(json: false), as: UTF8.self)
        #expect(text == summary.text && text.contains("carte_risque.svg"))
    }

    /// `map` writes the SVG, or the printed page when the output asks for one.
    @Test func aMapIsWrittenAsTheOutputAsks() throws {
        let base = try Fixtures.temporaryFolder()
        let scored = try Fixtures.scoredBondy(in: base).appendingPathComponent("bondy.geojson").path
        for name in ["carte.svg", "carte.pdf"] {
            let output = base.appendingPathComponent(name).path
            try MapRun.write(
                MapRun.Request(
                    scored: scored, style: nil, layer: .risk, model: nil, cells: nil, stops: nil, route: nil, territory: "Bondy", date: "2026-12-04",
                    output: output, layout: PageLayout(), threads: 1))
            let bytes = try Data(contentsOf: URL(fileURLWithPath: output))
            #expect(name.hasSuffix(".svg") ? String(decoding: bytes.prefix(200), as: UTF8.self).contains("<svg") : bytes.starts(with: Data("%PDF".utf8)))
        }
        let report = base.appendingPathComponent("rapport.html").path
        try MapRun.writeReport(scored: scored, summaryPath: nil, stylePath: nil, territory: "Bondy", date: "2026-12-04", threads: 1, to: report)
        #expect(try String(contentsOfFile: report, encoding: .utf8).contains("Bondy"))
    }
}

/// Dates and months are years 1900 to 2100 wherever they are read: a plan dated year 0 is a
/// typing error, not a plan.
@Suite struct PlausibleDateTests {
    @Test func monthsAndDaysOutsideTheCalendarsYearsAreRefused() throws {
        #expect(PlanDates.parseMonth("0000-02") == nil && PlanDates.parseMonth("2101-01") == nil && PlanDates.parseMonth("1900-01") != nil)
        #expect(PlanDates.parsePeriod("0000-01..0000-03") == nil)
        #expect(PlannedEventsReader.parseDate("0000-02-01") == nil && PlannedEventsReader.parseDate("31/12/2100") != nil)
        #expect(throws: UsageError.self) { try CommandSettings.date("2150-01-01") }
    }

    @Test func aTerritoryPlannedForYearZeroIsRefusedAtItsLine() throws {
        let path = try bondyTerritory(more: "[plan]\nmonth = \"0000-02\"\n")
        #expect {
            _ = try Territory.load(path: path)
        } throws: { error in
            "\(error)".contains("month") && "\(error)".contains("0000-02") && "\(error)".contains("1900 à 2100")
        }
    }
}

/// No output lands on an input, and an output folder given as a link is written through.
@Suite struct OutputPathTests {
    func refused(_ inputs: [String?], _ outputs: [(option: String, path: String?)]) -> String? {
        do {
            try OutputPaths.refuseOverwriting(inputs: inputs, outputs: outputs)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func anOutputThatIsAnInputIsRefusedHoweverItIsNamed() throws {
        let folder = try Fixtures.temporaryFolder()
        let input = folder.appendingPathComponent("zones.geojson").path
        try Data("{}".utf8).write(to: URL(fileURLWithPath: input))
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sous"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("lien.geojson").path, withDestinationPath: input)
        try FileManager.default.linkItem(atPath: input, toPath: folder.appendingPathComponent("dur.geojson").path)
        for output in [input, folder.path + "/sous/../zones.geojson", folder.path + "/lien.geojson", folder.path + "/dur.geojson"] {
            #expect(refused(["cells.csv", input], [("-o", output)])?.contains("est le fichier d'entrée") == true, "\(output)")
        }
        #expect(refused(["cells.csv", input], [("-o", folder.path + "/sortie.geojson"), ("--report", folder.path + "/resume.json")]) == nil)
        #expect(refused([input], [("-o", folder.path + "/x.json"), ("--report", folder.path + "/x.json")])?.contains("même fichier") == true)
        #expect(refused([input], [("-o", "PG:dbname=x"), ("--report", nil)]) == nil)
    }

    @Test func aCommandRefusesToWriteOnItsInputBeforeReadingIt() throws {
        let folder = try Fixtures.temporaryFolder()
        let cells = folder.appendingPathComponent("cells.csv").path
        try FileManager.default.copyItem(atPath: Fixtures.audeSample, toPath: cells)
        let before = try Data(contentsOf: URL(fileURLWithPath: cells))
        #expect(throws: UsageError.self) {
            _ = try ZoneAggregationRun.aggregateFiles(
                cells: cells, zones: ZoneSource(path: Fixtures.iris93, layer: nil, idField: nil, whereClause: nil, assumedCRS: nil, repair: false),
                variables: "all", method: .exact, conserve: false, output: ZoneOutput(cells, threads: 1), report: nil, threads: 1)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: cells)) == before)
    }

    @Test func anOutputFolderGivenAsALinkIsWrittenThrough() throws {
        let base = try Fixtures.temporaryFolder()
        let target = base.appendingPathComponent("vrai")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        let link = base.appendingPathComponent("lien").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target.path)
        let folder = try OutputFolder(path: link, force: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder.temporaryPath + "/sortie.txt"))
        try folder.commit()
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target.path)
        #expect(FileManager.default.fileExists(atPath: target.path + "/sortie.txt"))
        let dangling = base.appendingPathComponent("perdu").path
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: base.path + "/absent")
        #expect(throws: (any Error).self) { _ = try OutputFolder(path: dangling, force: true) }
    }
}

/// Places mapped to a kind but without coordinates are said, not taken for unmapped ones.
@Suite struct UnlocatedPlaceTests {
    /// Bondy's shops with the coordinates of the first `blanked` rows emptied (all when nil).
    func shops(blanking blanked: Int?) throws -> String {
        let text = try String(contentsOfFile: Fixtures.commerces, encoding: .isoLatin1)
        // The file ends its lines with CR LF, one Character in Swift.
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        let header = lines[0].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        let lat = try #require(header.firstIndex(of: "latitude")), lon = try #require(header.firstIndex(of: "longitude"))
        for i in 1..<lines.count where blanked.map({ i <= $0 }) ?? true {
            var fields = lines[i].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            fields[lat] = ""
            fields[lon] = ""
            lines[i] = fields.joined(separator: ";")
        }
        return try Fixtures.temporaryFile("commerces.csv", contents: lines.joined(separator: "\n"))
    }

    @Test func aListWithoutAnyLocationSaysSo() throws {
        let mapping = try CategoryMapping.read(path: Fixtures.data("poi_categories.csv"))
        let path = try shops(blanking: nil)
        #expect {
            _ = try PlaceFiles.points([path], mapping: mapping)
        } throws: { error in
            "\(error)".contains("sans coordonnées") && "\(error)".contains("aucun lieu n'a de position") && "\(error)".contains(path)
        }
    }

    @Test func placesWithoutLocationAreCountedAndNamed() throws {
        let mapping = try CategoryMapping.read(path: Fixtures.data("poi_categories.csv"))
        let whole = try PlaceFiles.read([Fixtures.commerces], mapping: mapping)[0]
        let report = try PlaceFiles.read([try shops(blanking: 200)], mapping: mapping)[0]
        #expect(report.withoutLocation > 0 && report.points.count == whole.points.count - report.withoutLocation)
        #expect(report.withoutLocationRecords.count == min(5, report.withoutLocation))
        #expect(whole.withoutLocation == 0 && whole.withoutLocationRecords.isEmpty)
    }
}

/// The summary and the stops AllerVers wrote are read back like raw inputs.
@Suite struct WrittenFileCheckTests {
    @Test func anEditedSummaryIsRefusedWithItsField() throws {
        let base = try Fixtures.temporaryFolder()
        let folder = try Fixtures.scoredBondy(in: base)
        let scored = folder.appendingPathComponent("bondy.geojson").path, summary = folder.appendingPathComponent("bondy.json").path
        let text = try String(contentsOfFile: summary, encoding: .utf8)
        try MapRun.writeReport(scored: scored, summaryPath: summary, stylePath: nil, territory: nil, date: "2026-12-04", threads: 1, to: base.path + "/r.html")
        let rate = try #require(text.range(of: #""rate" : [0-9.]+"#, options: .regularExpression))
        for (edit, field) in [
            (text.replacingCharacters(in: rate, with: "\"rate\" : 3.4"), "rate"),
            (text.replacingOccurrences(of: "\"estimatedMissing\" : ", with: "\"estimatedMissing\" : -"), "estimatedMissing"),
        ] {
            let edited = base.appendingPathComponent("edite.json").path
            try edit.write(toFile: edited, atomically: true, encoding: .utf8)
            #expect {
                try MapRun.writeReport(
                    scored: scored, summaryPath: edited, stylePath: nil, territory: nil, date: "2026-12-04", threads: 1, to: base.path + "/r2.html")
            } throws: { error in
                "\(error)".contains(field) && "\(error)".contains("edite.json")
            }
            #expect(!FileManager.default.fileExists(atPath: base.path + "/r2.html"))
        }
    }

    @Test func aStopNumberedOutOfRangeIsRefused() throws {
        let stops = try Fixtures.temporaryFile(
            "stops.geojson",
            contents:
                #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kind":"market","name":"Marché","number":1000000000000},"geometry":{"type":"Point","coordinates":[2.48,48.9]}}]}"#
        )
        #expect(throws: InputError.self) { _ = try MapOverlays.read(stops: stops, routes: nil) }
    }
}

/// A key in the wrong table of a settings file is refused with its line and the table where
/// it belongs; an unknown key names its table and the keys it takes.
@Suite struct MisplacedKeyTests {
    @Test func aPlanKeyInTheWrongTableSaysWhereItBelongs() throws {
        let misplaced = try Fixtures.temporaryFile("plan.toml", contents: "[reach]\nwalking_distance = 400\nteams = 2\n")
        #expect {
            _ = try PlanSettings.load(path: misplaced)
        } throws: { error in
            "\(error)".contains("plan.toml:3") && "\(error)".contains("clé mal placée [reach] : « teams » va dans [team]")
        }
        let unknown = try Fixtures.temporaryFile("plan.toml", contents: "[team]\nteamz = 2\n")
        #expect {
            _ = try PlanSettings.load(path: unknown)
        } throws: { error in
            "\(error)".contains("clé inconnue [team]") && "\(error)".contains("teams")
        }
        let top = try Fixtures.temporaryFile("plan.toml", contents: "lunch_minutes = 45\n")
        #expect(throws: InputError.self) { _ = try PlanSettings.load(path: top) }
    }

    @Test func aTerritoryKeyInTheWrongTableSaysWhereItBelongs() throws {
        let path = try bondyTerritory(zones: "period = \"2024-12\"\n")
        #expect {
            _ = try Territory.load(path: path)
        } throws: { error in
            "\(error)".contains("territory.toml:5") && "\(error)".contains("« period » va dans [caf]")
        }
    }

    @Test func placeCreditsGoOnePerList() throws {
        let paths = "paths = [\"\(Fixtures.equipements)\", \"\(Fixtures.commerces)\"]\n"
        let one = try bondyTerritory(more: "[points_of_interest]\n" + paths + "credits = [\"Ville de Bondy\"]\n")
        #expect {
            _ = try Territory.load(path: one)
        } throws: { error in
            "\(error)".contains("points_of_interest.credits") && "\(error)".contains("une mention par liste")
        }
        let two = try bondyTerritory(more: "[points_of_interest]\n" + paths + "credits = [\"Ville, équipements\", \"Ville, commerces\"]\n")
        #expect(try Territory.load(path: two).pointsOfInterestCredits == ["Ville, équipements", "Ville, commerces"])
    }

    /// The bundled settings files document every key their tables accept.
    @Test func theBundledFilesNameEveryKeyTheyAccept() throws {
        let plan = try String(contentsOfFile: Fixtures.data("plan.toml"), encoding: .utf8)
        for key in ["teams", "evening", "school_holidays", "alsace_moselle", "rotate_communes", "lunch_minutes"] { #expect(plan.contains(key), "\(key)") }
        let territory = try String(contentsOfFile: Fixtures.bondy("territory.toml"), encoding: .utf8)
        for key in ["layer", "id_field", "crs", "repair", "period", "month", "months", "events", "depot", "profiles", "candidates", "mode"] {
            #expect(territory.contains(key), "\(key)")
        }
    }
}

/// Every column of the scored zones is named in French and described in the dictionary; the
/// run writes it, and the workbooks and the GeoPackage carry it.
@Suite struct ColumnDictionaryTests {
    @Test func everyScoredColumnIsFrenchAndDescribed() throws {
        let base = try Fixtures.temporaryFolder()
        let scored = try Fixtures.scoredBondy(in: base).appendingPathComponent("bondy.geojson").path
        let layer = try ScoredLayer.read(path: scored, threads: 2)
        let names = Set(layer.zones[0].attributes.keys)
        // No English computed column is left.
        for english in ["risk_score", "risk_class", "reliability", "explanation", "priority", "poverty_rate", "nonrecours_est", "owner_share"] {
            #expect(!names.contains(english), "\(english)")
        }
        let dictionary = ColumnDictionary.zones(
            counts: Array(ColumnDictionary.filosofiCounts.keys), indicators: ScoredZoneTable.publishedIndicators,
            benefits: [("rsa", "RSA", true), ("ppa", "prime d'activité", true), ("aspa", "ASPA", false)])
        let described = Set(dictionary.map(\.name))
        for name in names { #expect(described.contains(name), "\(name) is not in the dictionary") }
        for column in dictionary {
            #expect(!column.label.isEmpty && !column.unit.isEmpty && !column.description.isEmpty && !column.source.isEmpty, "\(column.name)")
            #expect(ScoredColumn.current(ofLegacy: column.name) == nil || column.name.hasPrefix("ind") || column.name.hasPrefix("men"), "\(column.name)")
        }
        #expect(Set(dictionary.map(\.name)).count == dictionary.count)
    }

    @Test func aWorkbookCarriesTheDictionaryAndTheSources() throws {
        let folder = try Fixtures.temporaryFolder()
        let workbook = folder.appendingPathComponent("zones.xlsx").path
        try scoreBondy(to: workbook)
        // Text-only sheets: GDAL tells their header row only when told to (a spreadsheet shows it).
        let info = try Fixtures.runTool("ogrinfo", ["--config", "OGR_XLSX_HEADERS", "FORCE", "-ro", "-al", "-q", workbook])
        #expect(info.stdout.contains("Layer name: dictionnaire") && info.stdout.contains("Layer name: sources"), "\(info.stdout.prefix(400))")
        #expect(info.stdout.contains("libelle (String) = Score de risque de non-recours"))
        #expect(info.stdout.contains("licence (String) = Licence Ouverte / Etalab 2.0"))
    }
}

/// Workbooks a planner sorts and prints: shares as percentages, counts as whole numbers, dates
/// as dates, and the dictionary beside the table.
@Suite struct WorkbookFormatTests {
    @Test func sharesArePercentagesCountsWholeAndDatesDates() throws {
        let folder = try Fixtures.temporaryFolder()
        let workbook = folder.appendingPathComponent("zones.xlsx").path
        try scoreBondy(to: workbook)
        let entries = Dictionary(try ZipRewrite.entries(workbook).map { ($0.name, $0.data) }, uniquingKeysWith: { a, _ in a })
        let styles = String(decoding: try #require(entries["xl/styles.xml"]), as: UTF8.self)
        let sheet = String(decoding: try #require(entries["xl/worksheets/sheet1.xml"]), as: UTF8.self)
        // Built-in formats 10 (0.00 %) and 3 (# ##0) as the last two cell formats.
        #expect(styles.contains("<xf numFmtId=\"10\" xfId=\"0\" applyNumberFormat=\"true\"/>"))
        let count = try #require(Int(styles.components(separatedBy: "<cellXfs count=\"")[1].prefix { $0.isNumber }))
        // The poverty rate (a share) and the households (a count) of the first zone.
        let header = try ZoneTableColumns.header(of: workbook)
        let share = try #require(header.firstIndex(of: "taux_pauvrete")), households = try #require(header.firstIndex(of: "men"))
        #expect(sheet.contains("<c r=\"\(WorkbookColumn.letters(share))2\" s=\"\(count - 2)\">"))
        #expect(sheet.contains("<c r=\"\(WorkbookColumn.letters(households))2\" s=\"\(count - 1)\">"))
        // The values keep their decimals (read back through GDAL).
        let info = try Fixtures.runTool("ogrinfo", ["-ro", "-q", workbook, "zones_risque", "-where", "code_iris = '930100101'"])
        #expect(info.stdout.contains("taux_pauvrete (Real) = 0.3219"), "\(info.stdout.prefix(300))")
    }

    @Test func aPlanWorkbookHasDateCellsAndItsDictionary() throws {
        let base = try Fixtures.temporaryFolder()
        let scored = try Fixtures.scoredBondy(in: base).appendingPathComponent("bondy.geojson").path
        let folder = base.appendingPathComponent("tournee").path
        _ = try PlanRun.run(
            PlanRun.Request(
                scored: scored, cells: Fixtures.bondyCells, pointsOfInterest: [Fixtures.equipements, Fixtures.commerces], categories: nil, rules: nil,
                period: [YearMonth(year: 2027, month: 3)], events: nil, depot: nil, date: "2026-12-04", network: nil, profiles: nil, threads: 2,
                output: folder, force: false, workbooks: true))
        let info = try Fixtures.runTool("ogrinfo", ["--config", "OGR_XLSX_HEADERS", "FORCE", "-ro", "-al", "-q", folder + "/plan.xlsx"])
        #expect(info.stdout.contains("date (Date) = 2027/03/"), "\(info.stdout.prefix(300))")
        #expect(info.stdout.contains("Layer name: dictionnaire") && info.stdout.contains("libelle (String) = Personnes attendues"))
        // And the sources the plan draws on, with their licences.
        #expect(info.stdout.contains("Layer name: sources") && info.stdout.contains("source (String) = Insee, Filosofi 2019"))
        // The CSV keeps the ISO date.
        #expect(try String(contentsOfFile: folder + "/plan.csv", encoding: .utf8).contains("\n2027-03-"))
    }
}

/// The letters of a workbook column (0 → A).
enum WorkbookColumn {
    static func letters(_ index: Int) -> String {
        var n = index + 1, text = ""
        while n > 0 {
            text = String(UnicodeScalar(UInt8(65 + (n - 1) % 26))) + text
            n = (n - 1) / 26
        }
        return text
    }
}

/// The columns of a workbook's first sheet, as GDAL reads them.
enum ZoneTableColumns {
    static func header(of path: String) throws -> [String] {
        try VectorDataset(path: path).layer(at: 0).fields.map(\.name)
    }
}

/// A scored file written before the columns were French still maps, the same map.
@Suite struct LegacyFileMapTests {
    @Test func anEnglishNamedScoredFileDrawsTheSameMap() throws {
        let base = try Fixtures.temporaryFolder()
        let scored = try Fixtures.scoredBondy(in: base).appendingPathComponent("bondy.geojson").path
        var text = try String(contentsOfFile: scored, encoding: .utf8)
        for (current, legacy) in [
            ("score_risque_bas", "risk_low"), ("score_risque_haut", "risk_high"), ("score_risque", "risk_score"), ("classe_risque", "risk_class"),
            ("non_recours_estime", "nonrecours_est"), ("non_recours_bas", "nonrecours_low"), ("non_recours_haut", "nonrecours_high"),
            ("fiabilite", "reliability"), ("explication", "explanation"), ("taux_pauvrete", "poverty_rate"),
        ] {
            text = text.replacingOccurrences(of: "\"\(current)\":", with: "\"\(legacy)\":")
        }
        #expect(!text.contains("\"score_risque\":") && text.contains("\"risk_score\":"))
        let legacy = base.appendingPathComponent("ancien.geojson").path
        try text.write(toFile: legacy, atomically: true, encoding: .utf8)
        func map(_ path: String, _ name: String) throws -> String {
            let output = base.appendingPathComponent(name).path
            try MapRun.write(
                MapRun.Request(
                    scored: path, style: nil, layer: .risk, model: nil, cells: nil, stops: nil, route: nil, territory: "Bondy", date: "2026-12-04",
                    output: output, layout: PageLayout(), threads: 1))
            return try String(contentsOfFile: output, encoding: .utf8)
        }
        #expect(try map(legacy, "ancien.svg") == (try map(scored, "actuel.svg")))
    }
}

/// Bondy scored in-process into `path`, as `score` does.
func scoreBondy(to path: String) throws {
    _ = try ScoringRun.scoreFiles(
        cells: Fixtures.bondyCells,
        zones: ZoneSource(path: Fixtures.iris93, layer: nil, idField: nil, whereClause: "INSEE_COM = '93010'", assumedCRS: nil, repair: false),
        caf: Fixtures.caf93, cafPeriod: nil, model: nil, output: ZoneOutput(path, threads: 2), report: nil, threads: 2)
}

/// Without a street network, a stop whose list gives no address is found by its IRIS.
@Suite struct StopAddressTests {
    @Test func aStopWithoutAddressOrStreetsIsNamedByItsIRIS() throws {
        let base = try Fixtures.temporaryFolder()
        let scored = try Fixtures.scoredBondy(in: base).appendingPathComponent("bondy.geojson").path
        let plan = try PlanRun.run(
            PlanRun.Request(
                scored: scored, cells: Fixtures.bondyCells, pointsOfInterest: [Fixtures.equipements, Fixtures.commerces], categories: nil, rules: nil,
                period: [YearMonth(year: 2027, month: 3)], events: nil, depot: nil, date: "2026-12-04", network: nil, profiles: nil, threads: 2,
                output: base.appendingPathComponent("tournee").path, force: false))
        let chosen = plan.chosen.map { plan.candidates[$0] }
        #expect(!chosen.isEmpty && chosen.allSatisfy { !$0.address.isEmpty }, "\(chosen.map(\.address))")
        #expect(chosen.contains { $0.address.hasPrefix("IRIS ") && $0.address.hasSuffix(", Bondy") })
    }
}

/// A territory file of Bondy's zones and cells, `zones` added to its [zones] table and `more`
/// after it.
func bondyTerritory(zones extra: String = "", more: String = "") throws -> String {
    try Fixtures.temporaryFile(
        "territory.toml",
        contents: "[territory]\nname = \"Bondy\"\n[zones]\npath = \"\(Fixtures.iris93)\"\n\(extra)[cells]\npath = \"\(Fixtures.bondyCells)\"\n\(more)")
}

/// Each map its own title: the tour and the siting maps say what they are.
@Suite struct MapTitleTests {
    @Test func theTourAndSitingMapsAreTitledForWhatTheyShow() {
        #expect(MapRun.tourTitle(territory: "Bondy (93010)", period: [YearMonth(year: 2027, month: 3)]) == "Tournée d'aller-vers — Bondy (93010), mars 2027")
        #expect(
            MapRun.tourTitle(territory: "Bondy", period: [YearMonth(year: 2027, month: 11), YearMonth(year: 2027, month: 12), YearMonth(year: 2028, month: 1)])
                == "Tournée d'aller-vers — Bondy, novembre 2027 à janvier 2028")
        #expect(
            MapRun.tourTitle(territory: "Bondy", period: [YearMonth(year: 2027, month: 3), YearMonth(year: 2027, month: 4)])
                == "Tournée d'aller-vers — Bondy, mars à avril 2027")
        #expect(MapComposition.sitingTitle(territory: "Bondy") == "Implantation des points d'accueil — Bondy")
    }
}

/// A siting review proposes places that can host a reception point: never a school gate, a
/// shop or a market unless the territory allows that kind.
@Suite struct SitingHostTests {
    func proposed(hostKinds: Set<StopKind>) throws -> [String] {
        let base = try Fixtures.temporaryFolder()
        let scored = try Fixtures.scoredBondy(in: base).appendingPathComponent("bondy.geojson").path
        var request = SitingRun.Request(
            scored: scored, cells: Fixtures.bondyCells, points: [Fixtures.equipements], candidates: [Fixtures.equipements, Fixtures.commerces],
            categories: nil, add: 3, minutes: 10, mode: .slow, network: nil, profiles: nil, style: nil, date: "2026-12-04", threads: 2,
            output: base.appendingPathComponent("implantation").path, force: false)
        request.hostKinds = hostKinds
        _ = try SitingRun.run(request)
        let sites = try JSONSerialization.jsonObject(with: Data(contentsOf: base.appendingPathComponent("implantation/siting.geojson")))
        let features = ((sites as? [String: Any])?["features"] as? [[String: Any]] ?? []).compactMap { $0["properties"] as? [String: Any] }
        return features.filter { $0["statut"] as? String == "proposé" }.compactMap { $0["type"] as? String }
    }

    @Test func schoolsShopsAndMarketsAreNotProposedUnlessAllowed() throws {
        let byDefault = try proposed(hostKinds: SitingResult.defaultHostKinds)
        #expect(!byDefault.isEmpty)
        let hosts = [
            "maison de quartier / Maison pour Tous", "mairie ou mairie annexe", "médiathèque", "France Services", "bureau de poste", "CCAS", "accueil CAF",
        ]
        #expect(byDefault.allSatisfy { hosts.contains($0) }, "\(byDefault)")
        let withShops = try proposed(hostKinds: SitingResult.defaultHostKinds.union([.supermarket]))
        #expect(withShops.contains("supermarché"), "\(withShops)")
    }

    @Test func anUnknownSitingKindIsRefusedAtItsLine() throws {
        let path = try bondyTerritory(
            more: "[points_of_interest]\npaths = [\"\(Fixtures.equipements)\"]\n[siting]\npoints = [\"\(Fixtures.equipements)\"]\nkinds = [\"boulangerie\"]\n")
        #expect {
            _ = try Territory.load(path: path)
        } throws: { error in
            "\(error)".contains("siting.kinds") && "\(error)".contains("boulangerie")
        }
    }
}

/// The review speaks at the territory's own limit, with before and after in one table.
@Suite struct SitingLimitTests {
    @Test func theReviewSaysWhoIsBeyondTheLimitBeforeAndAfter() throws {
        let base = try Fixtures.temporaryFolder()
        let scored = try Fixtures.scoredBondy(in: base).appendingPathComponent("bondy.geojson").path
        let folder = base.appendingPathComponent("implantation").path
        _ = try SitingRun.run(
            SitingRun.Request(
                scored: scored, cells: Fixtures.bondyCells, points: [Fixtures.equipements], candidates: [Fixtures.equipements], categories: nil,
                add: 2, minutes: 10, mode: .slow, network: nil, profiles: nil, style: nil, date: "2026-12-04", threads: 2, output: folder,
                force: false))
        let review = try String(contentsOfFile: folder + "/siting.md", encoding: .utf8)
        #expect(review.contains("À la limite du territoire, 10 min "))
        #expect(review.contains("| Ménages en non-recours estimé à moins de 10 min |") && review.contains("| Au-delà de 10 min |"))
        #expect(review.contains("| Aujourd'hui | Avec les 2 sites proposés |"), "\(review)")
        // Nobody is beyond 20 or 30 minutes in Bondy: no line says « 0 ménages ».
        #expect(!review.contains(" : 0 ménages"))
        // Each proposed site with its address.
        #expect(review.contains("93140 BONDY) : "))
    }
}
