import Cartography
import Exports
import Foundation
import GeoBindings
import Inputs
import Network
import Outreach
import Risk
import ScoredFiles
import Support

/// The siting review as documents: the access table per zone (a table for people) and the
/// review in French (`siting.md`, a section of the report, pages of the dossier).
public enum SitingDocument {
    public typealias Result = SitingResult
    public typealias ZoneAccess = SitingResult.ZoneAccess

    /// The review's tables are for people: the French spreadsheet convention (see `CSVDialect`).
    public static let dialect = CSVDialect.spreadsheet

    public static func f1(_ v: Double) -> String { dialect.decimal(v, digits: 1) }

    /// Writes the review's files; returns the review in French (Markdown).
    /// Access per IRIS, a table for people: a CSV or a workbook sheet « acces_iris ».
    /// The columns of the access per IRIS table.
    public static let accessColumns: [PeopleTable.Column] = {
        let beyond = ["au_dela_20min_voiture", "au_dela_30min_voiture", "au_dela_20min_pied_tc", "au_dela_30min_pied_tc"]
        return [
            PeopleTable.Column("code_iris", .string), .init("nom_iris", .string), .init(ScoredColumn.score, .real, digits: 1),
            .init(ScoredColumn.riskClass, .integer),
        ]
            + (["menages_nonrecours"] + beyond.map { "nonrecours_\($0)" } + ["population"] + beyond.map { "population_\($0)" }
            + ["temps_moyen_voiture", "temps_moyen_pied_tc", "nonrecours_au_dela_limite"]).map { PeopleTable.Column($0, .real, digits: 1) }
            + [.init("rang_mal_desservie", .integer)]
    }()

    public static func accessTable(_ result: Result) -> PeopleTable {
        var table = PeopleTable(sheet: "acces_iris", columns: accessColumns)
        let ranked = badlyServed(result)
        for access in result.zones {
            let zone = access.zone
            guard zone.isPublished else {
                table.rows.append([.string(zone.code), .string(zone.name ?? "")] + Array(repeating: .null, count: table.columns.count - 2))
                continue
            }
            let rank = ranked.firstIndex { $0.zone.code == zone.code }
            let numbers = [
                access.nonrecours, access.nonrecoursBeyond[0][0], access.nonrecoursBeyond[0][1], access.nonrecoursBeyond[1][0],
                access.nonrecoursBeyond[1][1], access.population, access.populationBeyond[0][0], access.populationBeyond[0][1],
                access.populationBeyond[1][0], access.populationBeyond[1][1], access.meanMinutes[0], access.meanMinutes[1], access.beyondLimit,
            ]
            table.rows.append(
                [.string(zone.code), .string(zone.name ?? ""), zone.score.map { .real($0) } ?? .null, zone.riskClass.map { .integer(Int64($0)) } ?? .null]
                    + numbers.map { .real($0) } + [rank.map { .integer(Int64($0 + 1)) } ?? .null])
        }
        return table
    }

    /// The cells still beyond the limit with the sites added: those inside the territory first,
    /// by IRIS code, then those mostly in a neighbouring commune; within each, most at risk first.
    public static func beyondAfterOrdered(_ result: Result) -> [Int] {
        result.additions.beyondAfter.filter { result.review.risk[$0] > 0 || result.cellPopulation[$0] > 0 }.sorted { a, b in
            let outA = !result.liesInside(a), outB = !result.liesInside(b)
            let zoneA = result.cellZone[a].map { result.layer.zones[$0].code } ?? "", zoneB = result.cellZone[b].map { result.layer.zones[$0].code } ?? ""
            return (outA ? 1 : 0, zoneA, -result.review.risk[a], result.cellIDs[a]) < (outB ? 1 : 0, zoneB, -result.review.risk[b], result.cellIDs[b])
        }
    }

    /// How the review names the high-risk classes: « élevé et très élevé, classes nationales ».
    static func highRiskNames(_ result: Result) -> String {
        let naming = result.riskClasses
        return naming.isNational ? naming.names.suffix(2).joined(separator: " et ") + ", classes nationales" : "deux classes les plus hautes du territoire"
    }

    /// High-risk IRIS (the two highest classes) with households at risk beyond the limit, most first.
    public static func badlyServed(_ result: Result) -> [ZoneAccess] {
        let high = result.riskClasses.highest
        return result.zones.filter { $0.zone.isPublished && high.contains($0.zone.riskClass ?? 0) && $0.beyondLimit > 0.5 }
            .sorted { ($0.beyondLimit, $1.zone.code) > ($1.beyondLimit, $0.zone.code) }
    }

    /// The review in French, as a document: written to `siting.md`, and into the report.
    public static func document(_ result: Result, territory: String?, date: String) -> ReportDocument {
        var document = ReportDocument()
        document.append(.title("Revue d'implantation des points d'accueil\(territory.map { " — \($0)" } ?? "")"))
        document.append(
            .paragraph(
                "Produit le \(FrenchDate.written(date)) par AllerVers. Temps de trajet : "
                    + result.review.modes.map { "\($0.model.modeLabel), \($0.model.method)" }.joined(separator: " ; ")
                    + " (hypothèses détaillées dans le fichier des profils ou la documentation). Mesure utilisée : le nombre estimé de prestations non perçues par des ménages qui y ont droit, qui compte les ménages à desservir ; « risque élevé » désigne les deux classes les plus hautes de l'intensité du risque (\(highRiskNames(result)))."
            ))
        let wording = ZoneWording(codes: result.layer.zones.map(\.code))
        existingPoints(&document, result)
        whoIsFar(&document, result)
        badlyServedZones(&document, result, wording: wording)
        sitesToAdd(&document, result)
        remainingBeyond(&document, result, wording: wording)
        return document
    }

    /// The existing reception points, and what closing each would cost.
    static func existingPoints(_ document: inout ReportDocument, _ result: Result) {
        let a = result.additions
        let label = result.limitLabel
        let noPoint = result.review.existing.isEmpty
        document.append(.heading("Points d'accueil existants"))
        if noPoint {
            document.append(
                .paragraph(
                    "Aucun : ni France Services, ni CCAS, ni accueil CAF dans les listes de points d'accueil, ni à portée du territoire. Tous ses habitants sont aujourd'hui au-delà de tout point d'accueil ; la revue propose où en ouvrir un, parmi les lieux qui peuvent l'accueillir (mairies, médiathèques, salles communales, bureaux de poste, France Services)."
                ))
        }
        document.append(
            .bullets(
                result.review.existing.enumerated().map { i, site in
                    "\(site.name) (\(site.kind.frenchLabel)) : \(FrenchNumber.integer(a.existingLoss[i])) ménages en non-recours estimé ne sont à moins de \(Int(result.minutes)) min (\(label)) que grâce à lui — ce que coûterait sa fermeture."
                }))
    }

    /// Who is far: at the territory's limit, today and with the sites proposed; farther still, 20 and 30 minutes by each way of travelling.
    static func whoIsFar(_ document: inout ReportDocument, _ result: Result) {
        let a = result.additions
        let label = result.limitLabel
        let total = result.review.risk.reduce(0, +)
        document.append(.heading("Qui est loin ?"))
        // At the territory's own limit first: who is beyond it, today and with the sites
        // proposed, in one table.
        let limit = Int(result.minutes)
        let beyondNow = total - a.coveredBefore, beyondAfter = total - a.coveredAfter
        let limitAccess = result.access[result.limitIndex]
        let peopleBeyond = result.review.population.indices.filter { !(limitAccess[$0] <= result.minutes) }
            .reduce(0) { $0 + result.review.population[$1] }
        document.append(
            .paragraph(
                "À la limite du territoire, \(limit) min \(label) : \(FrenchNumber.integer(beyondNow)) ménages en non-recours estimé (\(FrenchNumber.integer(peopleBeyond)) habitants) sont au-delà de tout point d'accueil aujourd'hui."
            ))
        func share(_ value: Double) -> String { total > 0 ? FrenchNumber.percent(value / total) : "—" }
        document.append(
            .table(
                ["", "Aujourd'hui", a.chosen.isEmpty ? "Sans site ajouté" : "Avec les \(a.chosen.count) sites proposés"],
                [
                    ["Ménages en non-recours estimé à moins de \(limit) min", FrenchNumber.integer(a.coveredBefore), FrenchNumber.integer(a.coveredAfter)],
                    ["Part des ménages en non-recours estimé", share(a.coveredBefore), share(a.coveredAfter)],
                    ["Au-delà de \(limit) min", FrenchNumber.integer(beyondNow), FrenchNumber.integer(beyondAfter)],
                ]))
        // Farther still, when anyone is: the usual 20 and 30 minutes of each way of travelling.
        let farther = result.review.modes.indices.filter { m in result.zones.contains { $0.nonrecoursBeyond[m][0] > 0 || $0.populationBeyond[m][0] > 0 } }
        let fartherItems =
            result.review.modes.enumerated().filter { farther.contains($0.offset) || result.offNetworkPopulation[$0.offset] > 0 }.map { m, mode in
                let modeLabel = mode.model.modeLabel
                let beyond20 = result.zones.reduce(0) { $0 + $1.nonrecoursBeyond[m][0] },
                    beyond30 = result.zones.reduce(0) { $0 + $1.nonrecoursBeyond[m][1] }
                let people20 = result.zones.reduce(0) { $0 + $1.populationBeyond[m][0] },
                    people30 = result.zones.reduce(0) { $0 + $1.populationBeyond[m][1] }
                var item =
                    "\(modeLabel.prefix(1).uppercased() + modeLabel.dropFirst()) : \(FrenchNumber.integer(beyond20)) ménages en non-recours estimé (\(FrenchNumber.integer(people20)) habitants) à plus de 20 min ; \(FrenchNumber.integer(beyond30)) (\(FrenchNumber.integer(people30)) habitants) à plus de 30 min."
                if result.offNetworkPopulation[m] > 0 {
                    item +=
                        "\nDont hors réseau (carreaux à plus de la distance d'accès d'une rue utilisable, sans temps calculé, comptés au-delà de toute limite) : \(FrenchNumber.integer(result.offNetworkRisk[m])) ménages en non-recours estimé, \(FrenchNumber.integer(result.offNetworkPopulation[m])) habitants."
                }
                return item
            }
        if !fartherItems.isEmpty { document.append(.bullets(fartherItems)) }
    }

    /// The zones of high risk badly served, ranked.
    static func badlyServedZones(_ document: inout ReportDocument, _ result: Result, wording: ZoneWording) {
        let label = result.limitLabel
        let noPoint = result.review.existing.isEmpty
        let ranked = badlyServed(result)
        let zonesWord = wording.kind == .commune ? "Communes" : wording.kind == .mixed ? "IRIS et communes" : "IRIS"
        document.append(.heading("\(zonesWord) à risque élevé mal desservi\(wording.kind == .commune ? "e" : "")s"))
        if ranked.isEmpty {
            document.append(
                .paragraph(
                    "\(wording.kind == .commune ? "Aucune commune" : wording.kind == .mixed ? "Aucun IRIS ni commune" : "Aucun IRIS") à risque élevé (\(highRiskNames(result))) n'a de ménages en non-recours estimé au-delà de \(Int(result.minutes)) min \(label)."
                )
            )
        } else {
            document.append(
                .numbered(
                    ranked.map { zone in
                        "\(zone.zone.name ?? zone.zone.code) (\(zone.zone.code)) : \(FrenchNumber.integer(zone.beyondLimit)) ménages en non-recours estimé au-delà de \(Int(result.minutes)) min ; "
                            + (noPoint ? "aucun point d'accueil aujourd'hui." : "temps moyen \(FrenchNumber.integer(zone.meanMinutes[result.limitIndex])) min.")
                    }))
        }
    }

    /// The sites to add and what each brings.
    static func sitesToAdd(_ document: inout ReportDocument, _ result: Result) {
        let a = result.additions
        document.append(.heading("Sites à ajouter"))
        if a.chosen.isEmpty {
            document.append(.paragraph("Aucun site ajouté (tous les ménages à portée, ou aucun candidat utile)."))
        } else {
            document.append(
                .numbered(
                    a.chosen.map { j in
                        let site = result.review.candidates[j]
                        return
                            "\(site.name) (\(site.kind.frenchLabel)\(site.address.isEmpty ? "" : ", \(site.address)")) : \(FrenchNumber.integer(a.marginalValue[j] ?? 0)) ménages en non-recours estimé de plus à moins de \(Int(result.minutes)) min."
                    }))
            document.append(
                .paragraph(
                    "Avec ces ajouts : \(FrenchNumber.integer(a.coveredAfter)) ménages à portée (borne supérieure \(FrenchNumber.integer(a.upperBound)))."))
        }
    }

    /// Who stays beyond the limit with the sites added: by zone of the territory, then the edge cells lying mostly in neighbouring communes apart.
    static func remainingBeyond(_ document: inout ReportDocument, _ result: Result, wording: ZoneWording) {
        let noPoint = result.review.existing.isEmpty
        let limit = Int(result.minutes)
        // Who stays beyond the limit with the sites added: by IRIS of the territory, then the
        // cells lying mostly in neighbouring communes (edge cells of the extract) apart.
        let remaining = beyondAfterOrdered(result)
        if !remaining.isEmpty {
            document.append(.heading("Qui reste au-delà de \(limit) min ?"))
            var rows: [String: (name: String, commune: String, cells: Int, risk: Double, people: Double, minutes: Double)] = [:]
            var outside: (cells: Int, risk: Double, people: Double) = (0, 0, 0)
            for c in remaining {
                let zone = result.cellZone[c].map { result.layer.zones[$0] }
                let t = result.access[result.limitIndex][c]
                if !result.liesInside(c) {
                    outside.cells += 1
                    outside.risk += result.review.risk[c]
                    outside.people += result.cellPopulation[c] * result.cellInside[c]
                    continue
                }
                let key = zone?.code ?? "—"
                var row = rows[key] ?? (zone?.name ?? key, zone?.communeName ?? zone?.commune ?? "", 0, 0, 0, 0)
                row.cells += 1
                row.risk += result.review.risk[c]
                row.people += result.cellPopulation[c] * result.cellInside[c]
                row.minutes = max(row.minutes, t.isFinite ? t : .infinity)
                rows[key] = row
            }
            let ordered = rows.sorted { ($0.value.risk, $1.key) > ($1.value.risk, $0.key) }
            if !ordered.isEmpty {
                document.append(
                    .table(
                        [
                            wording.heading, "Commune", "Carreaux", "Ménages en non-recours estimé", "Habitants",
                            "Temps au point d'accueil existant le plus proche",
                        ],
                        ordered.map { key, row in
                            [
                                "\(row.name) (\(key))", row.commune, String(row.cells), FrenchNumber.integer(row.risk), FrenchNumber.integer(row.people),
                                row.minutes.isFinite ? "jusqu'à \(FrenchNumber.integer(row.minutes)) min" : noPoint ? "aucun point d'accueil" : "hors réseau",
                            ]
                        }))
            }
            if outside.cells > 0 {
                document.append(
                    .paragraph(
                        "À part : \(outside.cells) carreau(x) de bord surtout situé(s) dans une commune voisine (\(FrenchNumber.integer(outside.people)) habitants du territoire, \(FrenchNumber.integer(outside.risk)) ménages en non-recours estimé) : leurs habitants relèvent surtout des points d'accueil de cette commune."
                    ))
            }
            document.append(
                .paragraph(
                    "Le détail par carreau de 200 m (\(wording.kind == .commune ? "" : wording.singular + ", ")commune, ménages, temps, et si un site candidat pourrait l'atteindre) est dans `cellules_hors_atteinte.csv`."
                ))
        }
    }
}
