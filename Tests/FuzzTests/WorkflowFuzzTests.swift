import Cartography
import Exports
import Foundation
import Inputs
import MapPrinting
import Outreach
import TestSupport
import Testing
import Workflows

/// Seeded mutations of the files AllerVers writes and of the files a planner edits, fed to the
/// commands' workflows in-process (map, report, plan, siting): each case ends in a valid
/// output or a clear error, never a trap (a trap stops the test process) and never a file
/// left half-written.
@Suite(.serialized) struct WorkflowFuzzTests {
    /// Bondy scored once, in-process, as `score` writes it.
    static let scored = Result<String, any Error> {
        let folder = try Fixtures.temporaryFolder()
        let path = folder.appendingPathComponent("bondy.geojson").path
        _ = try ScoringRun.scoreFiles(
            cells: Fixtures.bondyCells,
            zones: ZoneSource(path: Fixtures.iris93, layer: nil, idField: nil, whereClause: "INSEE_COM = '93010'", assumedCRS: nil, repair: false),
            caf: Fixtures.caf93, cafPeriod: nil, model: nil, output: ZoneOutput(path, threads: 2), report: nil, threads: 2)
        return path
    }

    /// Checks an output folder or file of a case: an accepted case wrote it whole, a refused one
    /// left nothing.
    func outputs(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") || $0.contains("partial") }.sorted()
    }

    @Test func mutatedScoredFilesThroughMapReportPlanAndSiting() throws {
        let scored = try Self.scored.get()
        let out = try Fixtures.temporaryFolder()
        var k = 0
        let drawn = try FuzzTests.fuzz(scored, name: "zones.geojson", count: 40, seed: 11) { path in
            k += 1
            let svg = out.appendingPathComponent("carte\(k).svg").path
            do {
                try MapRun.write(
                    MapRun.Request(
                        scored: path, style: nil, layer: .risk, model: nil, cells: nil, stops: nil, route: nil, territory: nil, date: "2026-12-04",
                        output: svg, layout: PageLayout(), threads: 2))
                try MapRun.writeReport(
                    scored: path, summaryPath: nil, stylePath: nil, territory: nil, date: "2026-12-04", threads: 2, to: svg + ".html")
            } catch {
                #expect(!FileManager.default.fileExists(atPath: svg + ".html"), "a refused case left its report")
                throw error
            }
            #expect(try String(contentsOfFile: svg, encoding: .utf8).hasSuffix("</svg>\n"))
        }
        #expect(drawn.ok > 3 && drawn.refused > 3, "\(drawn)")
        let planned = try FuzzTests.fuzz(scored, name: "zones-plan.geojson", count: 6, seed: 12) { path in
            _ = try PlanRun.run(
                PlanRun.Request(
                    scored: path, cells: Fixtures.bondyCells, pointsOfInterest: [Fixtures.equipements, Fixtures.commerces], categories: nil, rules: nil,
                    period: [YearMonth(year: 2027, month: 3)], events: nil, depot: nil, date: "2026-12-04", network: nil, profiles: nil, threads: 2,
                    output: out.appendingPathComponent("tournee").path, force: false))
        }
        #expect(planned.ok + planned.refused == 6)
        _ = try FuzzTests.fuzz(scored, name: "zones-siting.geojson", count: 4, seed: 13) { path in
            _ = try SitingRun.run(
                SitingRun.Request(
                    scored: path, cells: Fixtures.bondyCells, points: [Fixtures.equipements], candidates: [Fixtures.equipements], categories: nil,
                    add: 1, minutes: 10, mode: .slow, network: nil, profiles: nil, style: nil, date: "2026-12-04", threads: 2,
                    output: out.appendingPathComponent("implantation").path, force: false))
        }
        #expect(!outputs(in: out).contains { $0.contains("partial") }, "\(outputs(in: out))")
    }

    /// Plan files and street extracts a planner edits, through the plan.
    @Test func mutatedPlanFilesAndStreetExtractsThroughThePlan() throws {
        let scored = try Self.scored.get()
        let out = try Fixtures.temporaryFolder()
        func plan(rules: String?, network: String?) throws {
            _ = try PlanRun.run(
                PlanRun.Request(
                    scored: scored, cells: Fixtures.bondyCells, pointsOfInterest: [Fixtures.equipements, Fixtures.commerces], categories: nil,
                    rules: rules, period: [YearMonth(year: 2027, month: 3)], events: nil, depot: nil, date: "2026-12-04", network: network,
                    profiles: nil, threads: 2, output: out.appendingPathComponent("tournee").path, force: false))
        }
        let rules = try FuzzTests.fuzz(Fixtures.data("plan.toml"), name: "plan.toml", count: 6, seed: 14) { try plan(rules: $0, network: nil) }
        #expect(rules.ok + rules.refused == 6)
        let streets = try FuzzTests.fuzz(Fixtures.osm("bondy_nord.osm"), name: "rues.osm", count: 2, seed: 15) { try plan(rules: nil, network: $0) }
        #expect(streets.ok + streets.refused == 2)
        #expect(!outputs(in: out).contains { $0.contains("partial") }, "\(outputs(in: out))")
    }
}
