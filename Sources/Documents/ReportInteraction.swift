import Cartography
import Foundation
import Risk
import ScoredFiles
import Support

/// What makes the report's map interactive, in the same self-contained file: zoom (wheel,
/// buttons) and pan (drag), a zone card on hover or from the address (`#zone=CODE`, to share
/// a zone), layer toggles, and two charts drawn as inline SVG (the distribution of scores with
/// the class limits, observed and expected CAF counts per CAF territory). No network, no
/// library: a few lines of plain JavaScript.
extension HTMLReport {
    /// The facts of each zone shown on its card, as the table prints them; nothing for a
    /// secret zone but its status.
    func zoneCardData() -> String {
        var entries: [String] = []
        for zone in zones {
            var fields: [(String, String)] = [("nom", zone.name ?? ""), ("commune", zone.communeName ?? "")]
            if !zone.isPublished {
                fields.append(("statut", zone.isSecret ? "secret statistique : aucune valeur publiée" : "hors du champ des données"))
            } else {
                let range: (String, String, (Double) -> String) -> String = { low, high, format in
                    zone.number(low).flatMap { l in zone.number(high).map { " (\(format(l)) à \(format($0)))" } } ?? ""
                }
                let score = zone.score.map { FrenchNumber.decimal($0, digits: 1) } ?? "—"
                fields += [
                    ("score", score + range(ScoredColumn.scoreLow, ScoredColumn.scoreHigh) { FrenchNumber.decimal($0, digits: 0) }),
                    ("classe", zone.riskClass.map(String.init) ?? "—"),
                    (
                        "volume",
                        (zone.estimate.map(FrenchNumber.integer) ?? "—") + range(ScoredColumn.estimateLow, ScoredColumn.estimateHigh, FrenchNumber.integer)
                    ),
                    ("fiabilite", zone.reliability?.rawValue ?? ""),
                    ("facteurs", zone.text(ScoredColumn.explanation) ?? ""),
                ]
            }
            entries.append("\(Self.jsonString(zone.code)):{" + fields.map { "\(Self.jsonString($0.0)):\(Self.jsonString($0.1))" }.joined(separator: ",") + "}")
        }
        return "{" + entries.joined(separator: ",") + "}"
    }

    /// A JSON string safe inside an HTML `<script>` element (`<` escaped).
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// The controls above the map: zoom buttons and the toggles of the layers the map holds.
    func mapControls() -> String {
        let svgBytes = Array(mapSVG.utf8)
        let layers = [
            ("carte-cercles", "ménages concernés (cercles)"), ("carte-communes", "limites des communes"),
            ("carte-noms-communes", "noms des communes"), ("carte-legende", "légende"),
        ].filter { layer in
            // Searched as bytes: the map is megabytes long on a large territory.
            ByteSearch.first("id=\"\(layer.0.dropFirst("carte-".count))\"", in: svgBytes, within: 0..<svgBytes.count) != nil
        }
        var html = "<div class=\"commandes\"><button type=\"button\" id=\"zoom-plus\" title=\"Zoomer\">+</button>"
        html += "<button type=\"button\" id=\"zoom-moins\" title=\"Dézoomer\">−</button>"
        html += "<button type=\"button\" id=\"zoom-ensemble\">Vue d'ensemble</button>"
        for (id, label) in layers {
            html += " <label><input type=\"checkbox\" checked data-couche=\"\(id)\"> \(xml(label))</label>"
        }
        return html + " <span class=\"note\">Molette : zoom ; glisser : déplacer ; survoler une zone : sa fiche.</span></div>\n"
    }

    /// The distribution of the published scores, in bins of 2 points coloured by class, with
    /// the class limits: where the territory's zones stand on the national scale.
    func scoreChart(colors: [String]) -> String {
        let scores = zones.filter(\.isPublished).compactMap { zone in zone.score.map { ($0, zone.riskClass ?? 0) } }
        guard !scores.isEmpty else { return "" }
        let low = (scores.map(\.0).min()! / 2).rounded(.down) * 2, high = (scores.map(\.0).max()! / 2).rounded(.down) * 2 + 2
        let binCount = max(1, Int(((high - low) / 2).rounded()))
        var counts = [Int](repeating: 0, count: binCount), classOfBin = [Int](repeating: 0, count: binCount)
        for (score, riskClass) in scores {
            let bin = min(binCount - 1, max(0, Int((score - low) / 2)))
            counts[bin] += 1
            classOfBin[bin] = max(classOfBin[bin], riskClass)
        }
        let width = 640.0, height = 200.0, left = 40.0, bottom = 30.0, top = 18.0
        let barWidth = (width - left - 10) / Double(binCount), most = Double(counts.max() ?? 1)
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"graphique-scores\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-size=\"11\" role=\"img\" aria-label=\"Répartition des scores\">\n"
        for (bin, count) in counts.enumerated() where count > 0 {
            let h = Double(count) / most * (height - top - bottom)
            let color = classOfBin[bin] >= 1 && classOfBin[bin] <= colors.count ? colors[classOfBin[bin] - 1] : "#999999"
            svg +=
                "<rect x=\(attr(left + Double(bin) * barWidth + 1)) y=\(attr(height - bottom - h)) width=\(attr(max(1, barWidth - 2))) height=\(attr(h)) fill=\"\(color)\" stroke=\"#666666\" stroke-width=\"0.5\"><title>\(FrenchNumber.decimal(low + Double(bin) * 2, digits: 0)) à \(FrenchNumber.decimal(low + Double(bin) * 2 + 2, digits: 0)) : \(count) zone\(count > 1 ? "s" : "")</title></rect>"
                + "<text x=\(attr(left + (Double(bin) + 0.5) * barWidth)) y=\(attr(height - bottom - h - 3)) text-anchor=\"middle\">\(count)</text>\n"
        }
        for k in 0...binCount where k % max(1, binCount / 8) == 0 {
            svg +=
                "<text x=\(attr(left + Double(k) * barWidth)) y=\(attr(height - bottom + 14)) text-anchor=\"middle\">\(FrenchNumber.decimal(low + Double(k) * 2, digits: 0))</text>\n"
        }
        svg += "<line x1=\(attr(left)) y1=\(attr(height - bottom)) x2=\(attr(width - 10)) y2=\(attr(height - bottom)) stroke=\"#444444\"/>\n"
        svg += "<text x=\(attr(left)) y=\(attr(height - 4))>score d'intensité (0–100, échelle nationale) ; hauteur : nombre de zones</text>\n"
        let national = 50.0
        if national >= low && national <= high {
            let x = left + (national - low) / 2 * barWidth
            svg +=
                "<line x1=\(attr(x)) y1=\(attr(top)) x2=\(attr(x)) y2=\(attr(height - bottom)) stroke=\"#222222\" stroke-dasharray=\"4 3\"/><text x=\(attr(x + 3)) y=\(attr(top + 10))>niveau national</text>\n"
        }
        return "<h3>Répartition des scores</h3>\n<div class=\"graphique\">" + svg + "</svg></div>\n"
    }

    /// Observed and expected CAF counts per CAF territory and benefit, side by side.
    func cafChart(_ summary: ScoringSummary) -> String {
        let fits = summary.cafConfrontation.filter { $0.observed.isFinite && $0.expected.isFinite }
        guard !fits.isEmpty else { return "" }
        let most = fits.map { max($0.observed, $0.expected) }.max() ?? 1
        let rowHeight = 34.0, labelWidth = 230.0, width = 680.0
        // Benefits by their label (« prime d'activité »), not their id.
        func label(_ id: String) -> String { summary.benefits.first { $0.id == id }?.label ?? id }
        let height = Double(fits.count) * rowHeight + 30
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"graphique-caf\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-size=\"11\" role=\"img\" aria-label=\"Allocataires observés et attendus\">\n"
        for (i, fit) in fits.enumerated() {
            let y = Double(i) * rowHeight + 4
            let scale = (width - labelWidth - 90) / max(most, 1)
            let text = "\(fit.code) — \(label(fit.benefit))"
            svg += "<text x=\"0\" y=\(attr(y + 14))>\(xml(text.count > 36 ? String(text.prefix(35)) + "…" : text))</text>\n"
            svg +=
                "<rect x=\(attr(labelWidth)) y=\(attr(y + 2)) width=\(attr(fit.observed * scale)) height=\"12\" fill=\"#2c7fb8\"><title>observés : \(FrenchNumber.integer(fit.observed))</title></rect>\n"
            svg +=
                "<rect x=\(attr(labelWidth)) y=\(attr(y + 16)) width=\(attr(fit.expected * scale)) height=\"12\" fill=\"#bdbdbd\"><title>attendus : \(FrenchNumber.integer(fit.expected))</title></rect>\n"
            svg +=
                "<text x=\(attr(labelWidth + max(fit.observed, fit.expected) * scale + 4)) y=\(attr(y + 20))>rapport \(FrenchNumber.decimal(fit.ratio, digits: 2))</text>\n"
        }
        svg +=
            "<rect x=\(attr(labelWidth)) y=\(attr(height - 14)) width=\"10\" height=\"10\" fill=\"#2c7fb8\"/><text x=\(attr(labelWidth + 14)) y=\(attr(height - 5))>allocataires payés (Cafdata)</text>"
        svg +=
            "<rect x=\(attr(labelWidth + 190)) y=\(attr(height - 14)) width=\"10\" height=\"10\" fill=\"#bdbdbd\"/><text x=\(attr(labelWidth + 204)) y=\(attr(height - 5))>attendus d'après le profil des zones</text>\n"
        return "<h3>Allocataires observés et attendus</h3>\n<div class=\"graphique\">" + svg + "</svg></div>\n"
    }

    /// Each benefit's CAF count over the Cafdata file's periods, on the territory's CAF areas:
    /// one line per benefit, the axis from zero (a count), a hollow point where a value was
    /// masked (the total is then a lower bound). Nothing with fewer than two periods.
    func cafTrendChart(_ summary: ScoringSummary) -> String {
        guard let series = summary.cafTrend, !series.isEmpty else { return "" }
        let periods = Array(Set(series.flatMap { $0.points.map(\.period) })).sorted()
        guard periods.count >= 2 else { return "" }
        let colors = ["#2c7fb8", "#d95f0e", "#31a354", "#756bb1", "#636363"]
        let width = 640.0, height = 240.0, left = 64.0, right = 36.0, top = 16.0, bottom = 50.0
        let most = Self.niceCeiling(series.flatMap { $0.points.map(\.total) }.max() ?? 1)
        func x(_ period: String) -> Double {
            left + Double(periods.firstIndex(of: period) ?? 0) / Double(periods.count - 1) * (width - left - right)
        }
        func y(_ value: Double) -> Double { height - bottom - value / most * (height - top - bottom) }
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"graphique-caf-evolution\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-size=\"11\" role=\"img\" aria-label=\"Évolution des allocataires\">\n"
        for k in 0...4 {
            let value = most * Double(k) / 4
            svg +=
                "<line x1=\(attr(left)) y1=\(attr(y(value))) x2=\(attr(width - right)) y2=\(attr(y(value))) stroke=\"#dddddd\"/><text x=\(attr(left - 4)) y=\(attr(y(value) + 4)) text-anchor=\"end\">\(FrenchNumber.integer(value))</text>\n"
        }
        for period in periods {
            svg += "<text x=\(attr(x(period))) y=\(attr(height - bottom + 16)) text-anchor=\"middle\">\(xml(period))</text>\n"
        }
        for (i, line) in series.enumerated() {
            let color = colors[i % colors.count]
            let path = line.points.map { "\(String(format: "%.1f", x($0.period))),\(String(format: "%.1f", y($0.total)))" }.joined(separator: " ")
            svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            for point in line.points {
                let note = point.complete ? "" : " (au moins : une valeur masquée)"
                svg +=
                    "<circle cx=\(attr(x(point.period))) cy=\(attr(y(point.total))) r=\"4\" fill=\"\(point.complete ? color : "#ffffff")\" stroke=\"\(color)\" stroke-width=\"2\"><title>\(xml(line.benefit)), \(xml(point.period)) : \(FrenchNumber.integer(point.total))\(note)</title></circle>\n"
            }
            let legendX = left + Double(i) * 190
            svg +=
                "<line x1=\(attr(legendX)) y1=\(attr(height - 12)) x2=\(attr(legendX + 18)) y2=\(attr(height - 12)) stroke=\"\(color)\" stroke-width=\"2\"/><text x=\(attr(legendX + 22)) y=\(attr(height - 8))>\(xml(line.benefit))</text>\n"
        }
        let incomplete = series.contains { $0.points.contains { !$0.complete } }
        var html = "<h3>Évolution des allocataires payés (Cafdata)</h3>\n<div class=\"graphique\">" + svg + "</svg></div>\n"
        html += "<p class=\"note\">Foyers allocataires de chaque prestation, somme des territoires CAF confrontés, à chaque période du fichier Cafdata"
        html += incomplete ? " ; un point creux est un minimum (une valeur masquée par le secret).</p>\n" : ".</p>\n"
        return html
    }

    /// The smallest 1, 2 or 5 × 10ⁿ at or above `value`: the top of a count axis.
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0, value.isFinite else { return 1 }
        let magnitude = pow(10, (log10(value)).rounded(.down))
        for step in [1.0, 2, 5, 10] where step * magnitude >= value { return step * magnitude }
        return 10 * magnitude
    }

    /// The class colours of the map's legend, in class order.
    var legendColors: [String] {
        var colors: [Int: String] = [:]
        // Each `<rect ` up to the next one, searched as bytes (the map is megabytes long).
        let bytes = Array(mapSVG.utf8)
        let starts = ByteSearch.offsets(of: "<rect ", in: bytes).map { $0 + 6 }
        for (k, start) in starts.enumerated() {
            let part = start..<(k + 1 < starts.count ? starts[k + 1] - 6 : bytes.count)
            let classMarker = "data-legend-class=\"", fillMarker = "fill=\"#"
            guard let classAt = ByteSearch.first(classMarker, in: bytes, within: part),
                let fillAt = ByteSearch.first(fillMarker, in: bytes, within: part)
            else { continue }
            let numberStart = classAt + classMarker.utf8.count, colorStart = fillAt + fillMarker.utf8.count
            let number = Int(String(decoding: bytes[numberStart..<part.upperBound].prefix { $0 != UInt8(ascii: "\"") }, as: UTF8.self))
            let color = "#" + String(decoding: bytes[colorStart..<part.upperBound].prefix(6), as: UTF8.self)
            if let number { colors[number] = color }
        }
        return colors.keys.sorted().compactMap { colors[$0] }
    }

    private func attr(_ value: Double) -> String { "\"\(String(format: "%.1f", value))\"" }

    /// The map's behaviour; it reads the zone data and fills the card with text only.
    static let script = """
        <script>
        (function () {
          "use strict";
          var root = document.getElementById("carte");
          var svg = root ? root.querySelector("svg") : null;
          var card = document.getElementById("fiche");
          var source = document.getElementById("donnees-zones");
          if (!svg || !card || !source) { return; }
          var data = JSON.parse(source.textContent);
          var box = svg.viewBox.baseVal;
          var home = [box.x, box.y, box.width, box.height];
          var view = home.slice();
          function apply() { svg.setAttribute("viewBox", view.join(" ")); }
          function zoom(factor, cx, cy) {
            var w = view[2] * factor, h = view[3] * factor;
            if (w >= home[2]) { view = home.slice(); apply(); return; }
            if (w < home[2] / 30) { return; }
            view = [cx - (cx - view[0]) * factor, cy - (cy - view[1]) * factor, w, h];
            apply();
          }
          function toMap(event) {
            var r = svg.getBoundingClientRect();
            return [view[0] + (event.clientX - r.left) / r.width * view[2], view[1] + (event.clientY - r.top) / r.height * view[3]];
          }
          svg.addEventListener("wheel", function (event) {
            event.preventDefault();
            var p = toMap(event);
            zoom(event.deltaY < 0 ? 0.8 : 1.25, p[0], p[1]);
          }, { passive: false });
          var drag = null;
          svg.addEventListener("pointerdown", function (event) { drag = [event.clientX, event.clientY, view[0], view[1]]; });
          window.addEventListener("pointerup", function () { drag = null; });
          svg.addEventListener("pointermove", function (event) {
            if (!drag) { return; }
            var r = svg.getBoundingClientRect();
            view[0] = drag[2] - (event.clientX - drag[0]) / r.width * view[2];
            view[1] = drag[3] - (event.clientY - drag[1]) / r.height * view[3];
            apply();
          });
          function centre() { return [view[0] + view[2] / 2, view[1] + view[3] / 2]; }
          document.getElementById("zoom-plus").addEventListener("click", function () { var c = centre(); zoom(0.7, c[0], c[1]); });
          document.getElementById("zoom-moins").addEventListener("click", function () { var c = centre(); zoom(1 / 0.7, c[0], c[1]); });
          document.getElementById("zoom-ensemble").addEventListener("click", function () { view = home.slice(); apply(); });
          Array.prototype.forEach.call(document.querySelectorAll("input[data-couche]"), function (box) {
            box.addEventListener("change", function () {
              var layer = document.getElementById(box.getAttribute("data-couche"));
              if (layer) { layer.style.display = box.checked ? "" : "none"; }
            });
          });
          var labels = { commune: "Commune", score: "Score d'intensité", classe: "Classe", volume: "Ménages × prestations non perçues",
            fiabilite: "Fiabilité", facteurs: "Facteurs", statut: "Statut" };
          var lit = null;
          function show(code) {
            var zone = data[code];
            if (lit) { lit.classList.remove("survol"); lit = null; }
            if (!zone) { card.hidden = true; return; }
            var path = svg.querySelector('path[data-code="' + code.replace(/[^0-9A-Za-z_-]/g, "") + '"]');
            if (path) { path.classList.add("survol"); lit = path; }
            card.textContent = "";
            var title = document.createElement("h3");
            title.textContent = (zone.nom || code) + " (" + code + ")";
            card.appendChild(title);
            var list = document.createElement("dl");
            Object.keys(labels).forEach(function (key) {
              if (!zone[key]) { return; }
              var term = document.createElement("dt"); term.textContent = labels[key];
              var value = document.createElement("dd"); value.textContent = zone[key];
              value.setAttribute("data-champ", key);
              list.appendChild(term); list.appendChild(value);
            });
            card.appendChild(list);
            card.hidden = false;
          }
          function fromTarget(event) {
            var node = event.target.closest ? event.target.closest("[data-code]") : null;
            if (node) { show(node.getAttribute("data-code")); }
          }
          svg.addEventListener("mouseover", fromTarget);
          var table = document.getElementById("tableau-zones");
          if (table) { table.addEventListener("mouseover", fromTarget); }
          function fromAddress() {
            var match = /zone=([^&]+)/.exec(location.hash);
            if (match) { show(decodeURIComponent(match[1])); }
          }
          window.addEventListener("hashchange", fromAddress);
          fromAddress();
        })();
        </script>

        """
}
