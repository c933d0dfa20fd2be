import Foundation
import Inputs
import Support

/// A delimited text file (CSV of any separator, quoted or not, UTF-8 or Latin-1, with or
/// without a byte-order mark) filtered line by line on one column, its kept lines copied byte
/// for byte: the cut file is the national file's own layout, encoding and line endings.
struct LineFilter {
    let path: String
    let data: Data
    /// The header's fields, unquoted and lowercased, and as the file writes them.
    let header: [String]
    let names: [String]
    let separator: UInt8
    /// Where the first data line starts.
    let bodyStart: Int

    init(path: String) throws(InputError) {
        self.path = path
        do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
            throw InputError(file: path, words("illisible : %1$@", error.localizedDescription))
        }
        let end = data.firstIndex(of: 0x0A) ?? data.endIndex
        var first = data[data.startIndex..<end]
        if first.starts(with: [0xEF, 0xBB, 0xBF]) { first = first.dropFirst(3) }
        if first.last == 0x0D { first = first.dropLast() }
        let line = String(decoding: first, as: UTF8.self)
        let counts = [UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: "\t")].map { s in (s, first.filter { $0 == s }.count) }
        separator = counts.max { $0.1 < $1.1 }!.0
        names = line.split(separator: Character(UnicodeScalar(separator)), omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        }
        header = names.map { $0.lowercased() }
        bodyStart = end < data.endIndex ? end + 1 : end
    }

    /// The first of `names` in the header, as its position.
    func column(_ names: [String]) -> Int? { names.lazy.compactMap { self.header.firstIndex(of: $0) }.first }

    /// Copies the header and the lines whose field `column` (unquoted) `keep` accepts, and
    /// returns how many lines were read and kept. `keep` sees the field's bytes and the line's
    /// number (1-based, the header being line 1).
    func filter(column: Int, to destination: String, keep: (UnsafeRawBufferPointer, Int) throws(InputError) -> Bool) throws(InputError) -> (
        read: Int, kept: Int
    ) {
        var output = Data(data[data.startIndex..<bodyStart])
        var read = 0, kept = 0
        let separator = self.separator
        let result: Result<Void, InputError> = data.withUnsafeBytes { bytes in
            var start = bodyStart - data.startIndex
            var lineNumber = 1
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                lineNumber += 1
                var contentEnd = end
                if contentEnd > start && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                if contentEnd > start {
                    read += 1
                    // The column's field: separators inside quotes do not count.
                    var field = 0, i = start, fieldStart = start, quoted = false
                    while i < contentEnd && field < column {
                        if bytes[i] == UInt8(ascii: "\"") {
                            quoted.toggle()
                        } else if bytes[i] == separator && !quoted {
                            field += 1
                            fieldStart = i + 1
                        }
                        i += 1
                    }
                    var fieldEnd = fieldStart
                    quoted = false
                    while fieldEnd < contentEnd && (quoted || bytes[fieldEnd] != separator) {
                        if bytes[fieldEnd] == UInt8(ascii: "\"") { quoted.toggle() }
                        fieldEnd += 1
                    }
                    var a = fieldStart, b = fieldEnd
                    while a < b && (bytes[a] == UInt8(ascii: "\"") || bytes[a] == 0x20) { a += 1 }
                    while b > a && (bytes[b - 1] == UInt8(ascii: "\"") || bytes[b - 1] == 0x20) { b -= 1 }
                    do throws(InputError) {
                        if field == column, try keep(UnsafeRawBufferPointer(rebasing: bytes[a..<b]), lineNumber) {
                            kept += 1
                            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<min(end + 1, bytes.count)]))
                        }
                    } catch { return .failure(error) }
                }
                start = end + 1
            }
            return .success(())
        }
        try result.get()
        do { try output.write(to: URL(fileURLWithPath: destination)) } catch {
            throw InputError(file: destination, words("écriture impossible : %1$@", error.localizedDescription))
        }
        return (read, kept)
    }
}
