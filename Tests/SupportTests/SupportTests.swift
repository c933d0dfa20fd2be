import Foundation
import TestSupport
import Testing

@testable import Support

@Suite struct FrenchNumberTests {
    @Test func thousandsAndDecimalsAsFrenchReadersExpect() {
        #expect(FrenchNumber.integer(1_234_567.4) == "1\u{202F}234\u{202F}567")
        #expect(FrenchNumber.integer(-12.6) == "−13")
        #expect(FrenchNumber.decimal(3.14159, digits: 2) == "3,14")
        #expect(FrenchNumber.percent(0.125) == "13\u{202F}%")
        #expect(FrenchNumber.grouped(54_659.44, digits: 1) == "54\u{202F}659,4")
        #expect(FrenchNumber.grouped(65_548.0, digits: 1) == "65\u{202F}548")
        #expect(FrenchNumber.grouped(-926.04, digits: 1) == "−926")
    }

    /// Decimals worked out in integers print what C's printf prints (the oracle), French marks
    /// aside: at halves (exact ones round to even), near halves, for negative zeros and values
    /// that round to zero, and for random values of every size up to a billion.
    @Test func decimalsAreWhatPrintfPrints() {
        func printf(_ value: Double, _ digits: Int) -> String {
            String(format: "%.\(digits)f", value).replacingOccurrences(of: ".", with: ",").replacingOccurrences(of: "-", with: "−")
        }
        var values: [Double] = [
            0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.25, 0.125, 0.375, 1.005, 2.675, -0.04, -0.4, 0.05, 0.15, 0.35, 9.995, 99.95,
            999_999_999.99, 999_999_999.5, 1e9, 1e9 + 0.5, 123_456_789.123_456, .leastNonzeroMagnitude, 1e-7, 0.499_999_999_999_999_94,
        ]
        for k in 0..<200 { values.append(Double(k) / 8 + 0.5 / 1000) }
        var random = SplitMix64(state: 2026)
        for _ in 0..<20_000 {
            let magnitude = Double.random(in: -3...9.5, using: &random)
            let value = Foundation.pow(10, magnitude) * (Bool.random(using: &random) ? 1 : -1)
            values.append(value)
            // Values on a half of some digit, where the rounding rule shows.
            values.append((value * 1000).rounded() / 1000 + 0.0005)
        }
        for value in values {
            for digits in 0...6 {
                #expect(FrenchNumber.decimal(value, digits: digits) == printf(value, digits), "\(value) \(digits)")
            }
        }
    }

    /// Whole numbers grouped by thousands with a narrow no-break space, as before.
    @Test func integersAreGroupedByThousands() {
        func grouped(_ value: Double) -> String {
            let rounded = Int(value.rounded())
            let digits = Array(String(rounded.magnitude))
            var text = ""
            for (i, digit) in digits.enumerated() {
                if i > 0 && (digits.count - i) % 3 == 0 { text += "\u{202F}" }
                text.append(digit)
            }
            return (rounded < 0 ? "−" : "") + text
        }
        var random = SplitMix64(state: 7)
        var values: [Double] = [0, -0.0, -0.4, -0.5, 0.5, 999, 1000, -1000, 999_999.5, 1e14, -999_999_999_999_999]
        for _ in 0..<5_000 {
            values.append(Double.random(in: -1e14...1e14, using: &random) / Foundation.pow(10, Double(Int.random(in: 0...12, using: &random))))
        }
        for value in values { #expect(FrenchNumber.integer(value) == grouped(value), "\(value)") }
    }

    /// Never a trap on data: not-a-number and huge values still print.
    @Test func impossibleValuesPrintWithoutTrapping() {
        #expect(FrenchNumber.integer(.nan) == "—")
        #expect(FrenchNumber.integer(.infinity) == "—")
        #expect(FrenchNumber.integer(1e300).contains("e+300"))
        #expect(FrenchNumber.percent(.nan) == "—")
    }
}

@Suite struct CompensatedSumTests {
    /// A naive sum loses the small terms; the compensated one keeps them.
    @Test func smallTermsAreNotLost() {
        let values = [1e16] + Array(repeating: 1.0, count: 1000) + [-1e16]
        #expect(values.reduce(0, +) != 1000)
        #expect(CompensatedSum.of(values) == 1000)
    }

    /// The step without a branch is Neumaier's with one, bit for bit (the oracle below), on
    /// values of every magnitude and sign, zeros and equal magnitudes included.
    @Test func theBranchlessStepIsNeumaiersStep() {
        var state: UInt64 = 11
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        var sum = CompensatedSum()
        var oracleSum = 0.0, oracleCompensation = 0.0
        for i in 0..<20_000 {
            let magnitude = pow(10, Double(next() % 33) - 16)
            var value = Double(Int64(next() % 2_000_001) - 1_000_000) * magnitude
            if i % 97 == 0 { value = 0 }
            if i % 89 == 0 { value = -oracleSum }
            sum.add(value)
            let t = oracleSum + value
            if abs(oracleSum) >= abs(value) {
                oracleCompensation += (oracleSum - t) + value
            } else {
                oracleCompensation += (value - t) + oracleSum
            }
            oracleSum = t
            #expect(sum.value.bitPattern == (oracleSum + oracleCompensation).bitPattern)
        }
    }

    /// Eight sums in lanes are eight scalar sums, bit for bit, each lane fed its own values
    /// (every magnitude and sign, zeros, a lane's sum cancelled, the smallest subnormals).
    @Test func eightLanesAreEightSums() {
        var random = SplitMix64(state: 5)
        func next() -> UInt64 { random.next() }
        var lanes = CompensatedSums8()
        var scalars = [CompensatedSum](repeating: CompensatedSum(), count: 8)
        for i in 0..<20_000 {
            var values = SIMD8<Double>()
            for lane in 0..<8 {
                var value = Double(Int64(next() % 2_000_001) - 1_000_000) * pow(10, Double(next() % 41) - 20)
                if (i + lane) % 97 == 0 { value = 0 }
                if (i + lane) % 89 == 0 { value = -scalars[lane].sum }
                if (i + lane) % 151 == 0 { value = lane % 2 == 0 ? .leastNonzeroMagnitude : -.leastNormalMagnitude }
                values[lane] = value
                scalars[lane].add(value)
            }
            lanes.add(values)
            for lane in 0..<8 { #expect(lanes.value[lane].bitPattern == scalars[lane].value.bitPattern) }
        }
    }
}

@Suite struct HugePagesTests {
    /// The advice reaches the kernel: the mapping holding a large reserved array is marked for
    /// huge pages (`hg` in its flags) on Linux; the array keeps its elements and capacity.
    @Test func aLargeReservedArrayIsAdvised() throws {
        var values: [Double] = [1, 2, 3]
        HugePages.reserve(&values, capacity: 4 << 20)
        #expect(values == [1, 2, 3])
        #expect(values.capacity >= 4 << 20)
        #if os(Linux)
            // Only where the kernel has transparent huge pages at all.
            guard FileManager.default.fileExists(atPath: "/sys/kernel/mm/transparent_hugepage/enabled") else { return }
            let address = values.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress!) } + (4 << 20) * 4
            // Read to its end (procfs files announce a size of 0).
            let smaps = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/smaps")).readToEnd() ?? Data()
            let maps = String(decoding: smaps, as: UTF8.self)
            var inside = false, flags = ""
            for line in maps.split(separator: "\n") {
                if let dash = line.firstIndex(of: "-"), let space = line.firstIndex(of: " "), dash < space,
                    let low = UInt(line[..<dash], radix: 16), let high = UInt(line[line.index(after: dash)..<space], radix: 16)
                {
                    inside = low <= address && address < high
                } else if inside, line.hasPrefix("VmFlags:") {
                    flags = String(line)
                }
            }
            #expect(flags.split(separator: " ").contains("hg"), "\(flags)")
        #endif
        // Small or odd buffers are left alone without harm.
        var small: [UInt8] = []
        HugePages.reserve(&small, capacity: 100)
        HugePages.advise(UnsafeRawPointer(bitPattern: 1)!, byteCount: 1)
        #expect(small.capacity >= 100)
    }
}

@Suite struct ParallelMapTests {
    @Test func resultsComeInIndexOrderWhateverTheThreads() throws {
        for threads in [1, 2, 7] {
            #expect(try parallelMap(count: 100, threads: threads) { $0 * $0 } == (0..<100).map { $0 * $0 })
        }
        #expect(try parallelMap(count: 0, threads: 4) { $0 }.isEmpty)
    }

    /// An array made in place by blocks holds what a map in order gives, for counts around
    /// the block size and elements that own memory (texts, arrays: each made once, none
    /// freed twice or lost).
    @Test func anArrayMadeInPlaceIsTheMapInOrder() {
        for threads in [1, 2, 5] {
            for count in [0, 1, 7, 8, 9, 100] {
                for blockSize in [0, 1, 8, 1000] {
                    let made = parallelArray(count: count, blockSize: blockSize, threads: threads) { i in ("zone \(i)", Array(repeating: i, count: i % 4)) }
                    let expected = (0..<count).map { i in ("zone \(i)", Array(repeating: i, count: i % 4)) }
                    #expect(made.map(\.0) == expected.map(\.0) && made.map(\.1) == expected.map(\.1), "\(count) in blocks of \(blockSize), \(threads) threads")
                }
            }
        }
    }

    struct Boom: Error {}

    @Test func anErrorInOneItemIsThrown() {
        #expect(throws: Boom.self) {
            _ = try parallelMap(count: 50, threads: 3) { i -> Int in
                if i == 31 { throw Boom() }
                return i
            }
        }
    }
}

/// A pipeline uses every batch once, in order, whatever the threads; an error stops it at
/// the batch that failed.
@Suite struct PipelineTests {
    struct Stop: Error, Equatable { var batch: Int }

    @Test func batchesAreUsedInOrder() throws {
        for threads in [1, 2, 5] {
            for count in [0, 1, 2, 9] {
                var used: [[Int]] = []
                try pipelined(count: count, threads: threads, make: { b in Array((b * 3)..<(b * 3 + 3)) }) { (batch: [Int]) throws(Stop) in
                    used.append(batch)
                }
                #expect(used == (0..<count).map { b in Array((b * 3)..<(b * 3 + 3)) }, "\(count) batches, \(threads) threads")
            }
        }
    }

    @Test func anErrorStopsThePipeline() {
        for threads in [1, 2] {
            var used: [Int] = []
            #expect(throws: Stop(batch: 4)) {
                try pipelined(count: 9, threads: threads, make: { $0 }) { (batch: Int) throws(Stop) in
                    if batch == 4 { throw Stop(batch: batch) }
                    used.append(batch)
                }
            }
            #expect(used == [0, 1, 2, 3])
        }
    }
}

@Suite struct SourceDateTests {
    @Test func theProductionDayIsACalendarDay() {
        let day = SourceDate.productionDay()
        #expect(day.count == 10 && day.split(separator: "-").count == 3)
        // Without SOURCE_DATE_EPOCH the GeoPackage time is fixed, never the clock.
        if SourceDate.epoch == nil { #expect(SourceDate.fixedTimestamp == "2000-01-01T00:00:00.000Z") }
    }
}

@Suite struct LanguageTests {
    @Test func detectedFromTheArgumentsThenTheLocale() {
        #expect(Language.detect(arguments: ["allervers", "score"], environment: [:]) == .fr)
        #expect(Language.detect(arguments: ["allervers", "score"], environment: ["LANG": "C.UTF-8"]) == .fr)
        #expect(Language.detect(arguments: ["allervers"], environment: ["LANG": "en_US.UTF-8"]) == .en)
        // LC_ALL before LC_MESSAGES before LANG, as POSIX orders them.
        #expect(Language.detect(arguments: ["allervers"], environment: ["LC_ALL": "fr_FR.UTF-8", "LANG": "en_US.UTF-8"]) == .fr)
        #expect(Language.detect(arguments: ["allervers", "--lang", "en"], environment: ["LANG": "fr_FR.UTF-8"]) == .en)
        #expect(Language.detect(arguments: ["allervers", "--lang=en", "--lang", "fr"], environment: [:]) == .fr)
        // After `--`, "--lang" is a value, not an option.
        #expect(Language.detect(arguments: ["allervers", "inspect", "--", "--lang", "en"], environment: [:]) == .fr)
    }

    @Test func theParserNeverSeesIt() {
        #expect(Language.removingLanguage(from: ["--lang", "en", "score", "--lang=fr", "-o", "x"]) == ["score", "-o", "x"])
        #expect(Language.removingLanguage(from: ["inspect", "--", "--lang", "en"]) == ["inspect", "--", "--lang", "en"])
    }

    /// Terminal numbers: French marks in French, English ones in English (files keep theirs).
    @Test func numbersAreSpokenInTheLanguage() {
        #expect(SpokenNumber.spoken(FrenchNumber.grouped(-54_659.4, digits: 1), in: .fr) == "−54\u{202F}659,4")
        #expect(SpokenNumber.spoken(FrenchNumber.grouped(-54_659.4, digits: 1), in: .en) == "-54,659.4")
        #expect(SpokenNumber.spoken(FrenchNumber.integer(1_234_567), in: .en) == "1,234,567")
        #expect(SpokenNumber.spoken(FrenchNumber.decimal(0.25, digits: 2), in: .en) == "0.25")
    }
}

@Suite struct BackgroundWorkTests {
    struct Refused: Error {}

    /// The result or the error comes back from `wait()`, at one thread (run at once) or more.
    @Test(arguments: [1, 2]) func resultsAndErrorsComeBack(threads: Int) throws {
        let work = BackgroundWork(threads: threads) { (0..<1000).reduce(0, +) }
        #expect(try work.wait() == 499_500)
        let failing = BackgroundWork<Int>(threads: threads) { throw Refused() }
        #expect(throws: Refused.self) { try failing.wait() }
    }
}

/// Byte search, checked by hand and against a plain scan on random texts.
@Suite struct ByteSearchTests {
    @Test func findsEveryOccurrenceByHand() {
        let text = Array("xabyabab".utf8)
        #expect(ByteSearch.offsets(of: "ab", in: text) == [1, 4, 6])
        #expect(ByteSearch.offsets(of: "ab", in: text, from: 2) == [4, 6])
        #expect(ByteSearch.offsets(of: "aa", in: Array("aaaa".utf8)) == [0, 2])
        #expect(ByteSearch.offsets(of: "", in: text).isEmpty)
        #expect(ByteSearch.offsets(of: "xabyababz", in: text).isEmpty)
        #expect(ByteSearch.first("ab", in: text, within: 2..<6) == 4)
        #expect(ByteSearch.first("ab", in: text, within: 2..<5) == nil)
        #expect(ByteSearch.first("ab", in: text, within: 0..<99) == nil)
        #expect(ByteSearch.first("é", in: Array("café".utf8), within: 0..<5) == 3)
    }

    @Test func agreesWithAPlainScan() {
        var state: UInt64 = 5
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        for _ in 0..<200 {
            let letters = Array("abc")
            let text = String((0..<(next() % 60)).map { _ in letters[next() % 3] })
            let needle = String((0..<(1 + next() % 3)).map { _ in letters[next() % 3] })
            var expected: [Int] = []
            let bytes = Array(text.utf8), pattern = Array(needle.utf8)
            var i = 0
            while i + pattern.count <= bytes.count {
                if Array(bytes[i..<(i + pattern.count)]) == pattern {
                    expected.append(i)
                    i += pattern.count
                } else {
                    i += 1
                }
            }
            #expect(ByteSearch.offsets(of: needle, in: bytes) == expected, "\(needle) in \(text)")
        }
    }
}

/// Inputs named in shared outputs: relative to the territory's folder, or by name alone.
@Suite struct RecordedPathTests {
    @Test func pathsAreRelativeToTheTerritoryOrJustNamed() {
        #expect(RecordedPath.shown("/home/a/terr/cells.csv", relativeTo: "/home/a/terr") == "cells.csv")
        #expect(RecordedPath.shown("/home/a/terr/data/cells.csv", relativeTo: "/home/a/terr/") == "data/cells.csv")
        #expect(RecordedPath.shown("/home/a/Data/models/default.toml", relativeTo: "/home/a/Data/bondy") == "../models/default.toml")
        #expect(RecordedPath.shown("/home/a/terr/../Data/x.toml", relativeTo: "/home/a/terr") == "../Data/x.toml")
        #expect(RecordedPath.shown("/mnt/cle/cells.csv", relativeTo: "/home/a/terr") == "cells.csv")
        #expect(RecordedPath.shown("/home/a/terr/cells.csv", relativeTo: nil) == "cells.csv")
    }
}

@Suite struct WhitespaceTests {
    /// The fast trim gives what Foundation's `trimmingCharacters(in: .whitespaces)` gives (the
    /// oracle): codes untouched, spaces and tabs cut, Unicode spaces (no-break, narrow,
    /// ideographic) cut, line ends and other controls kept, texts of only spaces emptied, and
    /// random texts drawn from those characters.
    @Test func trimsWhatFoundationTrims() {
        let pieces = ["751010101", "0", "A", " ", "\t", "\u{00A0}", "\u{202F}", "\u{3000}", "\n", "\r", "é", "~", "!", "\u{7F}", "x y", ""]
        var texts = pieces + pieces.flatMap { a in pieces.map { a + $0 } }
        var random = SplitMix64(state: 47)
        for _ in 0..<5_000 {
            texts.append((0..<Int(random.next() % 6)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined())
        }
        for text in texts {
            #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars))")
        }
    }
}

@Suite struct ProcessEndTests {
    /// Without the program asking, nothing is held (tests and other programs free as usual).
    @Test func nothingIsHeldUnlessAsked() {
        let before = ProcessEnd.keptCount
        ProcessEnd.keep([1, 2, 3])
        #expect(ProcessEnd.keptCount == before)
    }
}

@Suite struct ZoneWordingTests {
    /// The definitions in characters the byte test replaced: the oracle.
    static func isCommuneCodeByCharacters(_ text: Substring) -> Bool {
        let digits: (Substring) -> Bool = { $0.allSatisfy { ("0"..."9").contains($0) } }
        return text.count == 5 && (digits(text) || ((text.hasPrefix("2A") || text.hasPrefix("2B")) && digits(text.dropFirst(2))))
    }

    static func isCommuneByCharacters(_ code: String) -> Bool {
        if code.count == 9 { return code.hasSuffix("0000") && isCommuneCodeByCharacters(code.prefix(5)) }
        return isCommuneCodeByCharacters(Substring(code))
    }

    @Test func communeCodesAreToldFromIRISCodes() {
        for code in ["93010", "2A004", "2B033", "930100000", "2A0040000"] { #expect(ZoneWording.isCommune(code: code), "\(code)") }
        for code in ["930100101", "2C004", "3A004", "9301", "930100", "93010000", "9301O", "93010 ", "２A004", "", "930100001"] {
            #expect(!ZoneWording.isCommune(code: code), "\(code)")
        }
        #expect(ZoneWording(codes: ["93010", "930100101"]).per == "par IRIS et commune")
        #expect(ZoneWording(codes: ["930100000", "2B033"]).per == "par commune")
    }

    /// Random codes of 4 to 10 characters drawn from digits, 2/A/B, letters and non-ASCII ones:
    /// the same answers as the definitions in characters.
    @Test func theByteTestAgreesWithTheCharacterOne() {
        let alphabet: [Character] = Array("0123456789000002ABCé２ ") + ["e\u{301}"]
        var generator = SplitMix64(state: 47)
        for _ in 0..<20_000 {
            let length = Int.random(in: 4...10, using: &generator)
            var code = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            if Bool.random(using: &generator) { code = "2" + String(code.dropFirst()) }
            #expect(ZoneWording.isCommune(code: code) == Self.isCommuneByCharacters(code), "\(code)")
            #expect(ZoneWording.isCommuneCode(Substring(code)) == Self.isCommuneCodeByCharacters(Substring(code)), "\(code)")
        }
    }
}
