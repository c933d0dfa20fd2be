import Foundation
import TestSupport
import Testing

/// Cafdata whose every count of the territory is masked: said, every zone estimated without
/// it, and no output credits Cafdata.
@Suite struct SecretCafdataTests {
    @Test func aTerritoryWhoseCafdataIsAllSecretIsSaidAndNotCredited() throws {
        let folder = try Fixtures.temporaryFolder()
        let caf = try String(contentsOfFile: Fixtures.caf93, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.contains(";93010;") ? line.split(separator: ";").prefix(3).joined(separator: ";") + String(repeating: ";s", count: 7) : String(line)
        }
        try caf.joined(separator: "\n").write(to: folder.appendingPathComponent("caf.csv"), atomically: true, encoding: .utf8)
        let bondy = Fixtures.bondy("") + "/"
        let toml = try String(contentsOfFile: Fixtures.bondy("territory.toml"), encoding: .utf8)
            .replacingOccurrences(of: "path = \"cafdata_s_ben_com_f_dep93.csv\"", with: "path = \"caf.csv\"")
            .replacingOccurrences(of: "path = \"iris", with: "path = \"\(bondy)iris")
            .replacingOccurrences(of: "path = \"carreaux", with: "path = \"\(bondy)carreaux")
            .replacingOccurrences(of: "path = \"rues", with: "path = \"\(bondy)rues")
            .replacingOccurrences(of: "\"equipements", with: "\"\(bondy)equipements").replacingOccurrences(of: "\"commerces", with: "\"\(bondy)commerces")
            .replacingOccurrences(of: "\"../", with: "\"\(bondy)../")
        let path = folder.appendingPathComponent("territory.toml").path
        try toml.write(toFile: path, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out").path
        let run = try Fixtures.run(["run", path, "-o", out, "--date", "2026-12-07"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("tous les effectifs du territoire sont au secret statistique (93010)"), "\(run.stderr)")
        let report = try String(contentsOfFile: out + "/rapport.html", encoding: .utf8)
        #expect(!report.contains("Cnaf, Cafdata") && !report.contains("(Cafdata, 2024-12)"))
        let dossier = try Fixtures.runTool("pdftotext", [out + "/dossier.pdf", "-"])
        #expect(!dossier.stdout.contains("Cafdata 2024"))
        let svg = try String(contentsOfFile: out + "/carte_risque.svg", encoding: .utf8)
        #expect(!svg.contains("Cafdata"))
    }
}
