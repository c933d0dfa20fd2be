import Testing

@testable import Documents

/// The dossier's tables: a header never breaks inside a word (« Aujourd'hu i », « Habitant s »),
/// however many columns share the page.
@Suite struct TablePagesTests {
    @Test(arguments: [
        ["IRIS", "Commune", "Carreaux", "Ménages en non-recours estimé", "Habitants", "Temps au point d'accueil existant le plus proche"],
        ["", "Aujourd'hui", "Avec les 2 sites proposés"],
        ["Date", "Jour", "Créneau", "Début", "Fin", "Équipe", "Numéro", "Arrêt", "Personnes attendues", "Dont non-recours"],
    ])
    func headersKeepTheirWordsWhole(header: [String]) {
        let rows = [header.indices.map { c in c == 0 ? "Le Moulin à Vent (930100204)" : "1 001" }, header.indices.map { _ in "jusqu'à 13 min" }]
        let pages = TextPages(font: "DejaVu Sans", footer: "test")
        let blocks = pages.tableLines(header: header, rows: rows)
        let headerLines = blocks[0].filter(\.bold).map(\.text)
        for word in header.flatMap({ $0.split(separator: " ") }) {
            #expect(headerLines.contains { $0.split(separator: " ").contains(word) }, "« \(word) » cut in \(headerLines)")
        }
    }
}
