import BundledFiles
import Foundation
import Testing

/// The bundled files are found in SwiftPM's own resource bundle, under the name the lookup
/// expects beside the binary.
@Suite struct BundledFilesTests {
    @Test func theLookupFindsSwiftPMsBundle() throws {
        #expect(URL(fileURLWithPath: BundledFiles.generatedBundlePath).lastPathComponent == BundledFiles.bundleName)
        let model = try BundledFiles.file("models/default.toml")
        #expect(model.contains(BundledFiles.bundleName))
        let source = try String(contentsOfFile: model, encoding: .utf8)
        #expect(source.contains("benefit"))
        #expect(FileManager.default.fileExists(atPath: try BundledFiles.styleFile("default.toml")))
        #expect(throws: BundledFiles.MissingFile.self) { try BundledFiles.file("models/absent.toml") }
    }
}
