import Foundation
import Risk
import Support

extension Dossier {
    /// The dossier's opening sentence: the territory's zones and its estimated non-recours.
    public static func openingSentence(_ assessment: RiskAssessment) -> String {
        let zones = assessment.zones
        let published = zones.filter(\.isPublished)
        let total = published.reduce(0) { $0 + $1.total }, low = published.reduce(0) { $0 + $1.totalLow }, high = published.reduce(0) { $0 + $1.totalHigh }
        let model = assessment.model
        let wording = ZoneWording(codes: zones.map(\.id))
        var perClass: [String] = []
        for c in 1...max(assessment.breaks.classCount, 1) {
            let count = published.filter { $0.riskClass == c }.count
            if count > 0 { perClass.append("\(count) en risque « \(model.className(c)) »") }
        }
        return
            "\(wording.count(zones.count)), dont \(published.count) publié\(wording.kind == .iris ? "" : "e")s (\(perClass.joined(separator: ", "))) ; environ \(FrenchNumber.integer(total)) ménages × prestations non perçues (de \(FrenchNumber.integer(low)) à \(FrenchNumber.integer(high)))."
    }
}
