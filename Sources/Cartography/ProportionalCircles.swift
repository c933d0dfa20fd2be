import Foundation
import GeometryCore
import Risk
import ScoredFiles
import Support

/// Counts drawn as proportional circles (area proportional to the count), at each zone's
/// interior point, largest first so that small circles stay visible; the legend shows three
/// round reference sizes. Secret zones and zones out of the data's field get no circle. Over a
/// choropleth the circles are hollow, so that the colours stay readable.
struct ProportionalCircles {
    let style: MapStyle
    let hollow: Bool
    /// Per zone, the count (nil: no circle).
    let values: [Double?]
    let maximum: Double
    /// Round reference values for the legend, largest first.
    let references: [Double]

    init(layer: MapLayer, zones: [ScoredZone], style: MapStyle) {
        self.style = style
        hollow = layer.attribute != nil
        guard let attribute = layer.circleAttribute else {
            values = zones.map { _ in nil }
            maximum = 0
            references = []
            return
        }
        values = zones.map { zone in
            guard zone.isPublished, let value = zone.number(attribute), value.isFinite, value > 0 else { return nil }
            return value
        }
        let maximum = values.compactMap { $0 }.max() ?? 0
        self.maximum = maximum
        // Drop a reference whose label would touch the previous one's.
        var kept: [Double] = []
        for value in maximum > 0 ? Self.roundReferences(maximum) : [] {
            let top = { (v: Double) in 2 * style.circleMaxRadius * (v / maximum).squareRoot() }
            if let previous = kept.last, top(previous) - top(value) < style.legendSize * 1.1 { continue }
            kept.append(value)
        }
        references = kept
    }

    /// Three round values (1, 2 or 5 × 10^k) at or below the maximum: about the maximum, a
    /// third and a tenth of it.
    static func roundReferences(_ maximum: Double) -> [Double] {
        func roundDown(_ value: Double) -> Double {
            guard value >= 1 else { return value > 0 ? (value * 10).rounded(.down) / 10 : 0 }
            let magnitude = pow(10, floor(log10(value)))
            return [5.0, 2, 1].map { $0 * magnitude }.first { $0 <= value } ?? magnitude
        }
        var result: [Double] = []
        for value in [maximum, maximum / 3, maximum / 10].map(roundDown) where value > 0 && !result.contains(value) {
            result.append(value)
        }
        return result
    }

    /// Fill and stroke: hollow over a choropleth, filled and translucent alone.
    var paint: String {
        hollow
            ? "fill=\"none\" stroke=\"\(style.circleStroke)\" stroke-width=\"1.5\""
            : "fill=\"\(style.circleFill)\" fill-opacity=\"\(style.circleOpacity)\" stroke=\"\(style.circleStroke)\" stroke-width=\"0.8\""
    }

    func radius(_ value: Double) -> Double {
        maximum > 0 ? style.circleMaxRadius * (value / maximum).squareRoot() : 0
    }

    func render(points: [(Double, Double)?]) -> String {
        guard maximum > 0 else { return "" }
        let order = values.indices.filter { values[$0] != nil && points[$0] != nil }
            .sorted { values[$0]! > values[$1]! || (values[$0]! == values[$1]! && $0 < $1) }
        var svg = "<g id=\"cercles\" \(paint)>\n"
        for z in order {
            guard let value = values[z], let (x, y) = points[z] else { continue }
            svg += "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(max(radius(value), 0.5)))\" data-value=\"\(n(value))\"/>\n"
        }
        return svg + "</g>\n"
    }

    func legendHeight(textSize: Double) -> Double {
        guard let largest = references.first else { return 0 }
        return textSize * 3 + 2 * radius(largest) + textSize * 1.2
    }

    /// Nested circles sharing their bottom, each with its value.
    func legend(x: Double, y: Double, title: String, textSize: Double) -> String {
        guard let largest = references.first else { return "" }
        // The title on two lines, cut before its parenthesis.
        let lines = title.range(of: " (").map { [String(title[..<$0.lowerBound]), String(title[$0.lowerBound...].dropFirst())] } ?? [title]
        var svg = ""
        for (i, line) in lines.enumerated() {
            svg += "<text x=\"\(n(x))\" y=\"\(n(y + textSize * (1 + 1.2 * Double(i))))\">\(xml(line))</text>\n"
        }
        let bottom = y + textSize * 3 + 2 * radius(largest)
        let centreX = x + radius(largest)
        for value in references {
            let r = radius(value)
            svg += "<circle cx=\"\(n(centreX))\" cy=\"\(n(bottom - r))\" r=\"\(n(r))\" \(paint) data-legend-circle=\"\(n(value))\"/>"
            svg +=
                "<line x1=\"\(n(centreX))\" y1=\"\(n(bottom - 2 * r))\" x2=\"\(n(centreX + radius(largest) + 8))\" y2=\"\(n(bottom - 2 * r))\" stroke=\"#777777\" stroke-width=\"0.5\"/>"
            svg += "<text x=\"\(n(centreX + radius(largest) + 10))\" y=\"\(n(bottom - 2 * r + textSize * 0.35))\">\(FrenchNumber.integer(value))</text>\n"
        }
        return svg
    }
}
