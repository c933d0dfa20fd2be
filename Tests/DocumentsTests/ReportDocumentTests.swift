import Cartography
import Documents
import Testing

/// One document, two renderings: the Markdown file and the report's HTML section.
@Suite struct ReportDocumentTests {
    let document = ReportDocument([
        .title("Revue — Bondy"),
        .paragraph("Produit le 2026-11-23 ; voir `cellules.csv`."),
        .heading("Qui est loin ?"),
        .bullets(["En voiture : 0 ménage.", "À pied : 12 ménages.\nDont hors réseau : 3 < 5."]),
        .numbered(["Mare-à-la-Veuve : 4.", "Saules : 2."]),
    ])

    @Test func markdownSeparatesBlocksByABlankLine() {
        #expect(
            document.markdown == """
                # Revue — Bondy

                Produit le 2026-11-23 ; voir `cellules.csv`.

                ## Qui est loin ?

                - En voiture : 0 ménage.
                - À pied : 12 ménages.
                  Dont hors réseau : 3 < 5.

                1. Mare-à-la-Veuve : 4.
                2. Saules : 2.

                """)
    }

    @Test func htmlEscapesAndPutsTheMapAfterTheTitle() {
        let html = document.html(mapSVG: "<svg id=\"carte\"></svg>", idPrefix: "implantation")
        #expect(html.hasPrefix("<h2>Revue — Bondy</h2>\n<div class=\"map\">"))
        #expect(html.contains("<p>Produit le 2026-11-23 ; voir cellules.csv.</p>"))
        #expect(html.contains("<li>À pied : 12 ménages.<br>Dont hors réseau : 3 &lt; 5.</li>"))
        #expect(html.contains("<ol>\n<li>Mare-à-la-Veuve : 4.</li>\n<li>Saules : 2.</li>\n</ol>"))
        #expect(!html.contains("`"))
    }
}
