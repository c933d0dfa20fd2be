import Foundation
import TestSupport
import Testing

/// `allervers demo` and `allervers run TERRITORY.toml` end to end.
@Suite(.serialized) struct TerritoryRunTests {
    static let outputs = [
        ".allervers-sorties", "carte_acces.svg", "carte_aspa.svg", "carte_carreaux.svg", "carte_implantation.svg", "carte_nonrecours.svg", "carte_ppa.svg",
        "carte_risque.pdf", "carte_risque.svg",
        "carte_rsa.svg", "carte_tournee.pdf", "carte_tournee.svg", "couches.gpkg", "dictionnaire_variables.csv", "dossier.pdf",
        "implantation", "rapport.html", "resume.json", "run.json", "tournee", "zones_risque.csv", "zones_risque.geojson",
        "zones_risque.gpkg",
    ]
    static let sitingFiles = ["cellules_hors_atteinte.csv", "siting.csv", "siting.geojson", "siting.md"]
    static let planFiles = [
        "candidats.csv", "feuille_passage.csv", "feuille_passage.xlsx", "plan.csv", "plan.ics", "plan.json", "route.geojson", "stops.geojson",
    ]

    func codes(in text: String, pattern: String) throws -> Set<String> {
        let regex = try NSRegularExpression(pattern: pattern)
        return Set(
            regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
                String(text[Range($0.range(at: 1), in: text)!])
            })
    }

    @Test func demoWritesConsistentOutputsTwiceTheSame() throws {
        let base = try Fixtures.temporaryFolder()
        let first = base.appendingPathComponent("premier").path, second = base.appendingPathComponent("second").path
        let run1 = try Fixtures.run(["demo", "-o", first, "--date", "2026-11-22"])
        #expect(run1.status == 0, "\(run1.stderr)")
        #expect(run1.stdout.contains("Sorties dans \(first)/"))
        #expect(run1.stdout.contains("rapport.html"))
        let run2 = try Fixtures.run(["demo", "-o", second, "--date", "2026-11-22", "--threads", "1", "--json"])
        #expect(run2.status == 0, "\(run2.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(run2.stdout.utf8)) as! [String: Any]
        #expect(summary["zones"] as? Int == 22)
        #expect(try FileManager.default.contentsOfDirectory(atPath: first).sorted() == Self.outputs)
        #expect(try FileManager.default.contentsOfDirectory(atPath: first + "/tournee").sorted() == Self.planFiles)
        // Same inputs, same bytes (run.json differs only by its timings).
        #expect(try FileManager.default.contentsOfDirectory(atPath: first + "/implantation").sorted() == Self.sitingFiles)
        for name in Self.outputs.filter({ !["run.json", "tournee", "implantation"].contains($0) }) + Self.planFiles.map({ "tournee/" + $0 })
            + Self.sitingFiles.map({ "implantation/" + $0 })
        {
            let a = try Data(contentsOf: URL(fileURLWithPath: first + "/" + name))
            let b = try Data(contentsOf: URL(fileURLWithPath: second + "/" + name))
            #expect(a == b, "\(name) differs between two runs")
        }
        func withoutTimings(_ path: String) throws -> NSDictionary {
            var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
            #expect(object["timingsSeconds"] != nil)
            object["timingsSeconds"] = nil
            return object as NSDictionary
        }
        #expect(try withoutTimings(first + "/run.json") == withoutTimings(second + "/run.json"))
        // The zones of the map = those of the GeoJSON = those of the report.
        let svg = try String(contentsOfFile: first + "/carte_risque.svg", encoding: .utf8)
        let geojson = try String(contentsOfFile: first + "/zones_risque.geojson", encoding: .utf8)
        let html = try String(contentsOfFile: first + "/rapport.html", encoding: .utf8)
        let mapCodes = try codes(in: svg, pattern: "data-code=\"([0-9A-Z]+)\"")
        #expect(mapCodes.count == 22)
        // Bondy's zones are IRIS: no cells drawn over them (that is for communes in one zone).
        #expect(!svg.contains("carreaux-habites"))
        #expect(try codes(in: geojson, pattern: "\"code_iris\": ?\"([0-9A-Z]+)\"") == mapCodes)
        #expect(try codes(in: html, pattern: "<tr data-code=\"([0-9A-Z]+)\"") == mapCodes)
        // The CAF chart names benefits as a comité reads them, not by their codes.
        #expect(html.contains("93010 — prime d'activité") && !html.contains("93010 — ppa<"))
        // run.json: inputs with checksums, versions, mass accounting.
        let record = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: first + "/run.json"))) as! [String: Any]
        let inputs = record["inputs"] as! [[String: Any]]
        #expect(inputs.contains { ($0["role"] as? String) == "cells" && ($0["sha256"] as? String)?.count == 64 })
        #expect(record["gdal"] as? String != nil && record["proj"] as? String != nil)
        #expect((record["massAccounting"] as! [[String: Any]]).contains { ($0["variable"] as? String) == "ind" })
        #expect((record["outputs"] as! [[String: Any]]).contains { ($0["path"] as? String) == "tournee/plan.ics" })
        // The plan is in the report and planned for the month after the production date.
        #expect(html.contains("Tournée d'aller-vers proposée (2026-12)"))
        #expect(html.contains("Revue d'implantation des points d'accueil"))
        // Three maps in one page: every id distinct, every pattern reference resolved.
        let ids = try NSRegularExpression(pattern: " id=\"([^\"]+)\"").matches(in: html, range: NSRange(html.startIndex..., in: html))
            .map { String(html[Range($0.range(at: 1), in: html)!]) }
        #expect(Set(ids).count == ids.count)
        #expect(try codes(in: html, pattern: "url\\(#([^)]+)\\)").isSubset(of: Set(ids)))
    }

    @Test func aFolderNotWrittenByAllerVersIsNotOverwritten() throws {
        let folder = try Fixtures.temporaryFolder()
        let mine = folder.appendingPathComponent("notes.txt").path
        try "à garder".write(toFile: mine, atomically: true, encoding: .utf8)
        let refused = try Fixtures.run(["demo", "-o", folder.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("--force"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["notes.txt"])
        // With --force the run writes there, and keeps the user's file.
        let forced = try Fixtures.run(["demo", "-o", folder.path, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOfFile: mine, encoding: .utf8) == "à garder")
        #expect(forced.stderr.contains("fichiers conservés") && forced.stderr.contains("notes.txt"))
    }

    /// A run that fails leaves the previous outputs as they were, and no partial file.
    @Test func aFailedRunLeavesThePreviousOutputsIntact() throws {
        let base = try Fixtures.temporaryFolder()
        let out = base.appendingPathComponent("sorties").path
        #expect(try Fixtures.run(["demo", "-o", out, "--date", "2026-11-22"]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: out + "/run.json"))
        let style = base.appendingPathComponent("style.toml").path
        try "[strokes]\niris_color = \"blanc\"\n".write(toFile: style, atomically: true, encoding: .utf8)
        let territory = base.appendingPathComponent("territoire.toml").path
        let bondy = Fixtures.projectRoot.appendingPathComponent("Data/bondy").path
        try """
        [territory]
        name = "Bondy"
        [zones]
        path = "\(bondy)/iris_2022_dep93_lambert93.geojson"
        where = "INSEE_COM = '93010'"
        [cells]
        path = "\(bondy)/carreaux_filosofi2019_bondy.csv"
        [style]
        path = "style.toml"
        """.write(toFile: territory, atomically: true, encoding: .utf8)
        let failed = try Fixtures.run(["run", territory, "-o", out])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("étape « lecture des entrées »"))
        #expect(failed.stderr.contains("style.toml:2"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/run.json")) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: base.path).sorted() == ["sorties", "style.toml", "territoire.toml"])
    }

    @Test func aBadTerritoryFileNamesTheLine() throws {
        let territory = try Fixtures.temporaryFile("t.toml", contents: "[zones]\npath = \"absent.geojson\"\n[cells]\npath = \"x.csv\"\n")
        let run = try Fixtures.run(["run", territory, "-o", try Fixtures.temporaryFolder().appendingPathComponent("o").path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("t.toml:2"))
        #expect(run.stderr.contains("fichier introuvable"))
    }

    /// A run killed between its two renames left the previous outputs under a hidden name: the
    /// next run puts them back before anything else.
    @Test func previousOutputsHiddenByAKilledSwapAreRestored() throws {
        let base = try Fixtures.temporaryFolder()
        let out = base.appendingPathComponent("sorties").path
        #expect(try Fixtures.run(["demo", "-o", out, "--date", "2026-11-22"]).status == 0)
        let hidden = base.appendingPathComponent(".sorties.allervers-old-99999").path
        try FileManager.default.moveItem(atPath: out, toPath: hidden)
        let before = try Data(contentsOf: URL(fileURLWithPath: hidden + "/run.json"))
        // This run fails at its first step (a bad style) but must first restore the previous outputs.
        let style = base.appendingPathComponent("style.toml").path
        try "[page]\nwidth = \"large\"\n".write(toFile: style, atomically: true, encoding: .utf8)
        let bondy = Fixtures.projectRoot.appendingPathComponent("Data/bondy").path
        let territory = base.appendingPathComponent("t.toml").path
        try
            "[zones]\npath = \"\(bondy)/iris_2022_dep93_lambert93.geojson\"\n[cells]\npath = \"\(bondy)/carreaux_filosofi2019_bondy.csv\"\n[style]\npath = \"style.toml\"\n"
            .write(toFile: territory, atomically: true, encoding: .utf8)
        let failed = try Fixtures.run(["run", territory, "-o", out])
        #expect(failed.status == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/run.json")) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: base.path).sorted() == ["sorties", "style.toml", "t.toml"])
    }

    /// Killed at various moments, a run leaves either no folder or a complete one: never a
    /// partial file in the output folder.
    @Test(arguments: [0.05, 0.15, 0.3, 0.45])
    func aKilledRunLeavesNoPartialOutput(delay: Double) throws {
        let base = try Fixtures.temporaryFolder()
        let out = base.appendingPathComponent("sorties").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Fixtures.executable)
        process.arguments = ["demo", "-o", out]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: delay)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        if FileManager.default.fileExists(atPath: out) {
            #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == Self.outputs)
        }
        // The next run cleans up what the killed one left and succeeds.
        #expect(try Fixtures.run(["demo", "-o", out]).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: base.path) == ["sorties"])
    }
}

/// Output folders: AllerVers never deletes a file it did not write (#16).
@Suite(.serialized) struct OutputFolderTests {
    @Test func aUsersFilesSurviveEveryRun() throws {
        let base = try Fixtures.temporaryFolder()
        let folder = base.appendingPathComponent("sorties").path
        #expect(try Fixtures.run(["demo", "-o", folder, "--date", "2026-11-22"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: folder + "/.allervers-sorties"))
        // The user adds notes, at the top and inside a subfolder, and a folder of their own.
        try "mes notes".write(toFile: folder + "/notes.txt", atomically: true, encoding: .utf8)
        try "à voir".write(toFile: folder + "/tournee/remarques.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: folder + "/photos", withIntermediateDirectories: false)
        try "jpeg".write(toFile: folder + "/photos/marche.jpg", atomically: true, encoding: .utf8)
        for arguments in [["demo", "-o", folder, "--date", "2026-11-22"], ["demo", "-o", folder, "--date", "2026-11-22", "--force"]] {
            let run = try Fixtures.run(arguments)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains("fichiers conservés"))
            #expect(try String(contentsOfFile: folder + "/notes.txt", encoding: .utf8) == "mes notes")
            #expect(try String(contentsOfFile: folder + "/tournee/remarques.txt", encoding: .utf8) == "à voir")
            #expect(FileManager.default.fileExists(atPath: folder + "/photos/marche.jpg"))
            #expect(FileManager.default.fileExists(atPath: folder + "/rapport.html"))
        }
    }

    @Test func aFolderThatLooksLikeOursButIsNotIsRefused() throws {
        let base = try Fixtures.temporaryFolder()
        let folder = base.appendingPathComponent("plan_utilisateur").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        for name in ["plan.json", "plan.ics", "notes.txt"] { try "à moi".write(toFile: folder + "/" + name, atomically: true, encoding: .utf8) }
        let scored = try Fixtures.scoredBondy(in: base).appendingPathComponent("bondy.geojson").path
        let arguments = ["plan", "--scored", scored, "--cells", Fixtures.bondyCells, "--pois", Fixtures.equipements, "--month", "2027-03", "-o", folder]
        let refused = try Fixtures.run(arguments)
        #expect(refused.status == 1 && refused.stderr.contains("pas été écrit par AllerVers"))
        // With --force, the run would overwrite the user's plan.json: refused, nothing lost.
        let forced = try Fixtures.run(arguments + ["--force"])
        #expect(forced.status == 1 && forced.stderr.contains("déplacez-le"), "\(forced.stderr)")
        for name in ["plan.json", "plan.ics", "notes.txt"] {
            #expect(try String(contentsOfFile: folder + "/" + name, encoding: .utf8) == "à moi")
        }
    }
}

/// Faults: an interrupted run, a second run into the same folder (#16).
@Suite(.serialized) struct FaultTests {
    @Test func anInterruptedRunLeavesThePreviousOutputsAndNoPartialFile() throws {
        let base = try Fixtures.temporaryFolder()
        let folder = base.appendingPathComponent("sorties").path
        #expect(try Fixtures.run(["demo", "-o", folder, "--date", "2026-11-22"]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: folder + "/zones_risque.gpkg"))
        let complete = base.appendingPathComponent("complet").path
        #expect(try Fixtures.run(["demo", "-o", complete, "--date", "2026-11-23"]).status == 0)
        let after = try Data(contentsOf: URL(fileURLWithPath: complete + "/zones_risque.gpkg"))
        for delay in [0.3, 0.9, 1.5] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Fixtures.executable)
            process.arguments = ["demo", "-o", folder, "--date", "2026-11-23"]
            process.standardOutput = FileHandle.nullDevice
            let messages = base.appendingPathComponent("stderr-\(delay).txt")
            _ = FileManager.default.createFile(atPath: messages.path, contents: nil)
            let errorFile = try FileHandle(forWritingTo: messages)
            process.standardError = errorFile
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            process.interrupt()
            process.waitUntilExit()
            try errorFile.close()
            // What the run said, shown with any failed expectation below.
            let said = "délai \(delay) s ; stderr : " + ((try? String(contentsOf: messages, encoding: .utf8)) ?? "")
            // Interrupted (130), finished first (0), or, on a busy machine, stopped by the
            // signal before AllerVers began: in every case the folder is whole, either the
            // previous outputs or the new ones, and nothing partial is left beside it.
            let status = (process.terminationReason, process.terminationStatus)
            let killedBeforeStart = status.0 == .uncaughtSignal && status.1 == SIGINT
            #expect(killedBeforeStart || [0, 130].contains(status.1), "\(status) ; \(said)")
            let now = try Data(contentsOf: URL(fileURLWithPath: folder + "/zones_risque.gpkg"))
            #expect(now == before || now == after, "\(said)")
            if status.1 == 0 { #expect(now == after, "\(said)") }
            let listed = try String(contentsOfFile: folder + "/.allervers-sorties", encoding: .utf8)
                .split(separator: "\n").dropFirst().map(String.init)
            var present: [String] = []
            let walker = FileManager.default.enumerator(atPath: folder)
            while let path = walker?.nextObject() as? String {
                var isFolder: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder)
                if !isFolder.boolValue && path != ".allervers-sorties" { present.append(path) }
            }
            #expect(listed == present.sorted(), "\(said)")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: base.path).filter { $0.hasPrefix(".sorties.") }
            #expect(leftovers.isEmpty, "\(leftovers) ; \(said)")
        }
    }

    @Test func aSecondRunIntoTheSameFolderIsToldSo() throws {
        let base = try Fixtures.temporaryFolder()
        let folder = base.appendingPathComponent("sorties").path
        // A lock held by a live process (this test).
        let lock = base.appendingPathComponent(".sorties.allervers-lock").path
        try "\(ProcessInfo.processInfo.processIdentifier)\n".write(toFile: lock, atomically: true, encoding: .utf8)
        let busy = try Fixtures.run(["demo", "-o", folder])
        #expect(busy.status == 1 && busy.stderr.contains("un run écrit déjà dans ce dossier"), "\(busy.stderr)")
        #expect(FileManager.default.fileExists(atPath: lock))
        // A lock left by a process that is gone is taken over.
        try "999999\n".write(toFile: lock, atomically: true, encoding: .utf8)
        #expect(try Fixtures.run(["demo", "-o", folder]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: lock))
    }

}
