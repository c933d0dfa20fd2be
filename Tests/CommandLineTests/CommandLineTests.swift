import Foundation
import Testing
import TestSupport

/// End-to-end runs of the built `allervers` executable.
@Suite(.serialized) struct CommandLineTests {
    @Test func inspectNamesEachBondyFile() throws {
        let files = [Fixtures.bondyCells, Fixtures.iris93, Fixtures.caf93, Fixtures.equipements, Fixtures.commerces]
        let run = try Fixtures.run(["inspect"] + files)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("cells: 164"))
        #expect(run.stdout.contains("zones: 614"))
        #expect(run.stdout.contains("indfoy_rsa=3375") == false || run.stdout.contains("places: 39"))
        #expect(run.stdout.contains("supermarket: 10"))
    }

    @Test func aggregateWritesTheSameBytesWhateverTheThreads() throws {
        var outputs: [Data] = []
        let folder = try Fixtures.temporaryFolder()
        for threads in [1, 2] {
            let subfolder = folder.appendingPathComponent("t\(threads)")
            try FileManager.default.createDirectory(at: subfolder, withIntermediateDirectories: true)
            _ = FileManager.default.changeCurrentDirectoryPath(subfolder.path)
            let out = "bondy.csv", report = "bondy.json"
            let run = try Fixtures.run([
                "aggregate", "--cells", Fixtures.bondyCells, "--zones", Fixtures.iris93, "--where", "INSEE_COM = '93010'",
                "--threads", "\(threads)", "-o", out, "--report", report,
            ])
            #expect(run.status == 0, "\(run.stderr)")
            outputs.append(try Data(contentsOf: subfolder.appendingPathComponent(out)))
            outputs.append(try Data(contentsOf: subfolder.appendingPathComponent(report)))
        }
        #expect(outputs[0] == outputs[2])
        #expect(outputs[1] == outputs[3])
        let csv = String(decoding: outputs[0], as: UTF8.self).split(separator: "\n")
        #expect(csv.first?.hasPrefix("CODE_IRIS,ind,men,men_pauv") == true)
        #expect(csv.count == 23)
    }

    @Test(arguments: ["gpkg", "geojson", "fgb"])
    func aggregateWritesVectorFormats(ext: String) throws {
        let out = try Fixtures.temporaryFolder().appendingPathComponent("bondy.\(ext)").path
        let run = try Fixtures.run([
            "aggregate", "--cells", Fixtures.bondyCells, "--zones", Fixtures.iris93, "--where", "INSEE_COM = '93010'",
            "--vars", "ind,men_pauv", "-o", out,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: out))
    }

    @Test(arguments: ["non_numeric_count.csv", "duplicate_cell_id.csv", "truncated_cells.csv", "a_folder.csv", "empty.csv"])
    func badCellsExitNonZeroWithoutOutput(file: String) throws {
        let out = try Fixtures.temporaryFolder().appendingPathComponent("never.csv").path
        let run = try Fixtures.run(["aggregate", "--cells", Fixtures.bad(file), "--zones", Fixtures.iris93, "-o", out])
        #expect(run.status == 1)
        #expect(run.stderr.contains(file))
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try FileManager.default.contentsOfDirectory(atPath: (out as NSString).deletingLastPathComponent).isEmpty)
    }

    @Test func inspectFailsOnABadFileAndSaysWhy() throws {
        let run = try Fixtures.run(["inspect", Fixtures.bad("mislabelled_crs.geojson")])
        #expect(run.status == 1)
        #expect(run.stderr.contains("degrees"))
    }
}

@Suite struct ExitCodeTests {
    /// 1 for bad input, 2 for usage (documented in --help and the README).
    @Test func usageErrorsExitWithTwo() throws {
        #expect(try Fixtures.run(["map"]).status == 2)
        #expect(try Fixtures.run(["nonexistent-command"]).status == 2)
        let badDate = try Fixtures.run(["map", "--scored", "x.geojson", "-o", "x.svg", "--date", "2025-02-30"])
        #expect(badDate.status == 2 && badDate.stderr.contains("real day"))
        #expect(try Fixtures.run(["plan", "--scored", "x", "--cells", "x", "--pois", "x", "--month", "2027-13", "-o", "x"]).status == 2)
        let badInput = try Fixtures.run(["aggregate", "--cells", Fixtures.bad("hexadecimal_count.csv"), "--zones", Fixtures.iris93, "-o", "/tmp/allervers-never.csv"])
        #expect(badInput.status == 1)
        #expect(try Fixtures.run(["--help"]).stdout.contains("2 usage error"))
    }
}
