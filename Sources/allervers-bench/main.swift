// Benchmarks of AllerVers' own cores, run in release mode:
//   swift run -c release allervers-bench breaks [CELLS.csv]
// `breaks`: exact Fisher–Jenks, quantile and equal-interval breaks on the mean standard of
// living of every cell of CELLS.csv (ind_snv / ind), or on 2.3 million deterministic
// pseudo-random values when no file is given.
import Foundation
import Inputs
import Risk

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.first == "breaks" else {
    FileHandle.standardError.write(Data("usage: allervers-bench breaks [CELLS.csv]\n".utf8))
    exit(2)
}
var values: [Double] = []
if arguments.count > 1 {
    do {
        let cells = try FilosofiReader.read(path: arguments[1], threads: 2)
        guard let ind = cells.column("ind"), let snv = cells.column("ind_snv") else {
            FileHandle.standardError.write(Data("\(arguments[1]): needs ind and ind_snv\n".utf8))
            exit(1)
        }
        values = zip(snv, ind).map { $1 > 0 ? $0 / $1 : .nan }
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        exit(1)
    }
} else {
    var state: UInt64 = 42
    values = (0..<2_300_000).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return 8_000 + Double(state >> 11) / Double(1 << 53) * 40_000
    }
}
print("values: \(values.count)")
for method in ClassificationMethod.allCases {
    var breaks: ClassBreaks?
    let time = seconds { breaks = ClassBreaks.compute(values, classes: 5, method: method) }
    print(String(format: "%@: %.3f s, bounds %@", method.rawValue, time, breaks!.bounds.map { String(format: "%.1f", $0) }.joined(separator: " ")))
}
