import Exports
import Foundation
import Testing

@Suite struct CSVFieldTests {
    @Test func quotingFollowsRFC4180AndFormulasAreNeutralised() {
        #expect(csvField("Bondy") == "Bondy")
        #expect(csvField("a,b") == "\"a,b\"")
        #expect(csvField("a;b", delimiter: ";") == "\"a;b\"")
        #expect(csvField("dit \"Le Marché\"") == "\"dit \"\"Le Marché\"\"\"")
        #expect(csvField("ligne\nsuivante") == "\"ligne\nsuivante\"")
        #expect(csvField("=SUM(A1)") == "'=SUM(A1)")
        #expect(csvField("+33 1 23") == "'+33 1 23")
        #expect(csvField("@cmd") == "'@cmd")
        #expect(csvField("-1.5") == "-1.5")
        #expect(csvField("-") == "'-")
    }
}

@Suite struct FileProblemTests {
    /// Write failures say what is wrong in the planner's terms, not as raw system messages.
    @Test func commonFailuresAreNamed() {
        func posix(_ code: Int32) -> NSError { NSError(domain: NSPOSIXErrorDomain, code: Int(code)) }
        #expect(FileProblem.describe(posix(EACCES), folder: "/srv/sorties").contains("read-only"))
        #expect(FileProblem.describe(posix(EROFS), folder: "/mnt").contains("read-only"))
        #expect(FileProblem.describe(posix(ENOSPC), folder: "/tmp").contains("disk is full"))
        #expect(FileProblem.describe(posix(ENOENT), folder: "/nowhere").contains("does not exist"))
    }

    /// A write into a folder that does not exist fails whole, with a clear reason, and leaves
    /// no partial file.
    @Test func aFailedWriteLeavesNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("allervers-absent-\(UUID().uuidString)")
        #expect(throws: ExportError.self) { try AtomicFile.write("x", to: folder.appendingPathComponent("a.csv").path) }
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }
}
