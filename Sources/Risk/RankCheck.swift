import Foundation

/// Spearman's rank correlation, with average ranks for ties: how well one measure orders zones
/// like another (1: same order, −1: reversed).
public func spearman(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "paired values")
    func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        var result = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && values[order[j + 1]] == values[order[i]] { j += 1 }
            for k in i...j { result[order[k]] = Double(i + j) / 2 }
            i = j + 1
        }
        return result
    }
    let ra = ranks(a), rb = ranks(b)
    guard ra.count > 1 else { return .nan }
    let ma = ra.reduce(0, +) / Double(ra.count), mb = rb.reduce(0, +) / Double(rb.count)
    var num = 0.0, da = 0.0, db = 0.0
    for i in ra.indices {
        num += (ra[i] - ma) * (rb[i] - mb)
        da += (ra[i] - ma) * (ra[i] - ma)
        db += (rb[i] - mb) * (rb[i] - mb)
    }
    return da > 0 && db > 0 ? num / (da * db).squareRoot() : .nan
}
