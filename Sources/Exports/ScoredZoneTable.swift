import Foundation
import GeoBindings
import GeometryCore
import Risk
import Support

/// The published table of scored zones: identity, aggregated Filosofi counts, indicators, the
/// estimate of non-recours with its interval, the score and its class, reliability and the
/// explanation. A zone under the secrecy threshold, or out of the data's field, keeps its
/// identity, geometry and status, nothing else.
///
/// `score_risque` is the intensity (0–100, fixed national scale, from `part_non_recours`);
/// `non_recours_estime` the volume (households × benefits); `priorite` = volume × score / 100.
/// The columns and their meaning are `ColumnDictionary.zones`'s.
public enum ScoredZoneTable {
    public struct ZoneIdentity: Sendable {
        public var code: String
        public var name: String?
        public var commune: String?
        public var communeName: String?
        public init(code: String, name: String?, commune: String?, communeName: String? = nil) {
            self.communeName = communeName
            self.code = code
            self.name = name
            self.commune = commune
        }
    }

    /// Indicators written as columns (shares 0–1, € per year, inhabitants per km²).
    public static let publishedIndicators: [Indicator] = [
        .povertyRate, .singleParentShare, .onePersonShare, .ownerShare, .socialHousingShare, .share18to24, .share65Plus,
        .meanLivingStandard, .density, .imputedShare,
    ]

    public static func make(
        assessment: RiskAssessment, identities: [ZoneIdentity], variables: [String], counts: [[Double]],
        geometries: [MultiPolygon]?, crs: SpatialReference?, threads: Int
    ) -> ZoneTable {
        let benefits = assessment.model.benefits
        var fields = [
            OutputField(ScoredColumn.code, .string), OutputField(ScoredColumn.name, .string), OutputField(ScoredColumn.commune, .string),
            OutputField(ScoredColumn.communeName, .string),
        ]
        fields += variables.map { OutputField($0, .real) }
        fields += publishedIndicators.map { OutputField($0.columnName, .real) }
        fields += [
            OutputField(ScoredColumn.score, .real), OutputField(ScoredColumn.riskClass, .integer), OutputField(ScoredColumn.riskLevel, .string),
            OutputField(ScoredColumn.scoreLow, .real),
            OutputField(ScoredColumn.scoreHigh, .real), OutputField(ScoredColumn.share, .real), OutputField(ScoredColumn.estimate, .real),
            OutputField(ScoredColumn.estimateLow, .real), OutputField(ScoredColumn.estimateHigh, .real), OutputField(ScoredColumn.priority, .real),
        ]
        for benefit in benefits {
            fields += [
                OutputField(ScoredColumn.benefit(benefit.id), .real), OutputField(ScoredColumn.benefitLow(benefit.id), .real),
                OutputField(ScoredColumn.benefitHigh(benefit.id), .real), OutputField(ScoredColumn.benefitShare(benefit.id), .real),
            ]
        }
        for benefit in benefits where benefit.cafColumn != nil { fields.append(OutputField(ScoredColumn.cafRatio(benefit.id), .real)) }
        fields += [
            OutputField(ScoredColumn.basis, .string), OutputField(ScoredColumn.reliability, .string),
            OutputField(ScoredColumn.reliabilityNote, .string), OutputField(ScoredColumn.explanation, .string),
        ]
        // Rows in parallel blocks, joined in order; each row's values appended into one
        // allocation of the row's size (48 600 rows of 70 values on all of France).
        let fieldCount = fields.count
        @Sendable func row(_ z: Int) -> [FieldValue] { values(of: assessment.zones[z], identities[z], counts: counts[z]) }
        // The zone borrowed from the assessment, not copied (a copy retains its dozen arrays
        // and texts: 48 600 times on all of France).
        @Sendable func values(of zone: borrowing ZoneRisk, _ identity: ZoneIdentity, counts: [Double]) -> [FieldValue] {
            var row: [FieldValue] = []
            row.reserveCapacity(fieldCount)
            row.append(.string(identity.code))
            row.append(text(identity.name))
            row.append(text(identity.commune))
            row.append(text(identity.communeName))
            let secret = !zone.isPublished
            func number(_ value: Double?, _ digits: Int) -> FieldValue {
                guard !secret, let value, value.isFinite else { return .null }
                return .real(rounded(value, digits))
            }
            for value in counts { row.append(number(value, 2)) }
            for indicator in publishedIndicators { row.append(number(zone.indicator(indicator), indicator.isShare ? 4 : 0)) }
            row.append(number(zone.score, ScoredColumn.scoreDigits))
            row.append(zone.riskClass.map { .integer(Int64($0)) } ?? .null)
            row.append(zone.riskClass.map { .string(assessment.model.className($0)) } ?? .null)
            row.append(number(zone.scoreLow, 1))
            row.append(number(zone.scoreHigh, 1))
            row.append(number(zone.share, 4))
            row.append(number(zone.total, 1))
            row.append(number(zone.totalLow, 1))
            row.append(number(zone.totalHigh, 1))
            row.append(number(zone.priority, 1))
            for b in benefits.indices {
                row.append(number(zone.nonrecours[b], 1))
                row.append(number(zone.nonrecoursLow[b], 1))
                row.append(number(zone.nonrecoursHigh[b], 1))
                row.append(number(zone.households > 0 ? zone.nonrecours[b] / zone.households : nil, 4))
            }
            for b in benefits.indices where benefits[b].cafColumn != nil { row.append(number(zone.cafRatio[b], 4)) }
            row.append(secret ? .null : .string(zone.basis.rawValue))
            row.append(.string(zone.reliability.rawValue))
            row.append(.string(zone.reliabilityNotes.joined(separator: " ; ")))
            row.append(.string(zone.explanation))
            return row
        }
        let count = assessment.zones.count, blockSize = 1024
        let rows =
            (try? parallelMap(count: (count + blockSize - 1) / blockSize, threads: threads) { b in
                ((b * blockSize)..<min(count, (b + 1) * blockSize)).map(row)
            }.flatMap { $0 }) ?? (0..<count).map(row)
        var table = ZoneTable(layerName: "zones_risque", fields: fields, rows: rows, geometries: geometries, crs: crs)
        table.dictionary = ColumnDictionary.worded(
            ColumnDictionary.zones(
                counts: variables, indicators: publishedIndicators,
                benefits: benefits.map { (id: $0.id, label: $0.label, cafCounted: $0.cafColumn != nil) }),
            for: ZoneWording(codes: identities.map(\.code)))
        return table
    }

    static func text(_ value: String?) -> FieldValue { value.map { .string($0) } ?? .null }

    static func rounded(_ value: Double, _ digits: Int) -> Double {
        let scale = pow(10, Double(digits))
        let result = (value * scale).rounded() / scale
        return result == 0 ? 0 : result  // no negative zero
    }
}
