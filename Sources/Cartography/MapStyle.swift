import Foundation
import Inputs
import Support

/// How maps look: page, fonts, strokes, hatching, palettes, stop symbols. Read from a TOML
/// file under `Styles/`, so a planner changes the look without touching code.
public struct MapStyle: Sendable {
    public var width: Double = 1000
    public var margin: Double = 24
    /// The map frame's smallest height: the page grows longer when a long key leaves less.
    public var mapHeight: Double = 480
    public var background = "#ffffff"
    public var legendWidth: Double = 260
    public var font = "DejaVu Sans, Arial, sans-serif"
    public var titleSize: Double = 22
    public var subtitleSize: Double = 14
    public var legendSize: Double = 12
    public var labelSize: Double = 11
    public var sourceSize: Double = 10
    public var textColor = "#222222"
    public var irisColor = "#ffffff"
    public var irisWidth: Double = 0.6
    public var communeColor = "#333333"
    public var communeWidth: Double = 1.6
    public var cellOutline = "none"
    public var routeColor = "#1f3a93"
    public var routeWidth: Double = 2.5
    public var secretFill = "#d9d9d9"
    /// Zones under proportional circles when no variable is drawn in colours.
    public var neutralFill = "#f2f2f2"
    /// Proportional circles: the largest radius (pixels), fill and outline.
    public var circleMaxRadius: Double = 24
    public var circleFill = "#2c7fb8"
    public var circleOpacity: Double = 0.55
    public var circleStroke = "#08306b"
    public var hatchColor = "#555555"
    public var hatchSpacing: Double = 6
    public var hatchWidth: Double = 1
    public var palettes: [String: [String]] = [:]
    public var paletteAttribution = ""
    public var stopRadius: Double = 9
    public var stopColors: [String: String] = [:]

    public init() {}

    public func palette(_ name: String, classes: Int) -> [String] {
        let colors = palettes[name] ?? palettes["risk"] ?? ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"]
        guard classes > 0 else { return [] }
        if colors.count == classes { return colors }
        // Fewer classes than colours: spread over the palette; more: repeat the last.
        if classes == 1 { return [colors[colors.count - 1]] }
        let last = Double(colors.count - 1)
        return (0..<classes).map { (i: Int) -> String in
            let position = Int((Double(i) * last / Double(classes - 1)).rounded())
            return colors[min(colors.count - 1, position)]
        }
    }

    /// Reads a style file; every key is checked, colours must be `#rrggbb` (or `none`).
    public static func load(path: String) throws(InputError) -> MapStyle {
        let root = try ConfigFile(path: path).table
        try root.rejectUnknownKeys(["page", "text", "strokes", "hatching", "palettes", "stops", "circles"])
        var style = MapStyle()
        func color(_ table: ConfigTable, _ key: String, _ target: inout String, allowNone: Bool = false) throws(InputError) {
            guard let value = try table.string(key) else { return }
            guard isColor(value) || (allowNone && value == "none") else {
                throw table.error(
                    key,
                    words("trouvé « %1$@ », attendu une couleur écrite #rrggbb%2$@", value, allowNone ? words(" ou none") : ""))
            }
            target = value
        }
        func size(_ table: ConfigTable, _ key: String, _ target: inout Double, _ range: ClosedRange<Double>) throws(InputError) {
            if let value = try table.number(key, in: range) { target = value }
        }
        if let page = try root.subtable("page") {
            try page.rejectUnknownKeys(["width", "margin", "map_height", "background", "legend_width"])
            try size(page, "width", &style.width, 300...10_000)
            try size(page, "margin", &style.margin, 0...500)
            try size(page, "map_height", &style.mapHeight, 100...10_000)
            try size(page, "legend_width", &style.legendWidth, 100...2_000)
            try color(page, "background", &style.background)
        }
        if let text = try root.subtable("text") {
            try text.rejectUnknownKeys(["font", "title_size", "subtitle_size", "legend_size", "label_size", "source_size", "color"])
            if let font = try text.string("font") { style.font = font }
            try size(text, "title_size", &style.titleSize, 4...200)
            try size(text, "subtitle_size", &style.subtitleSize, 4...200)
            try size(text, "legend_size", &style.legendSize, 4...200)
            try size(text, "label_size", &style.labelSize, 4...200)
            try size(text, "source_size", &style.sourceSize, 4...200)
            try color(text, "color", &style.textColor)
        }
        if let strokes = try root.subtable("strokes") {
            try strokes.rejectUnknownKeys(["iris_color", "iris_width", "commune_color", "commune_width", "cell_outline", "route_color", "route_width"])
            try color(strokes, "iris_color", &style.irisColor, allowNone: true)
            try size(strokes, "iris_width", &style.irisWidth, 0...50)
            try color(strokes, "commune_color", &style.communeColor, allowNone: true)
            try size(strokes, "commune_width", &style.communeWidth, 0...50)
            try color(strokes, "cell_outline", &style.cellOutline, allowNone: true)
            try color(strokes, "route_color", &style.routeColor)
            try size(strokes, "route_width", &style.routeWidth, 0...50)
        }
        if let hatching = try root.subtable("hatching") {
            try hatching.rejectUnknownKeys(["secret_fill", "color", "spacing", "width"])
            try color(hatching, "secret_fill", &style.secretFill)
            try color(hatching, "color", &style.hatchColor)
            try size(hatching, "spacing", &style.hatchSpacing, 1...100)
            try size(hatching, "width", &style.hatchWidth, 0.1...20)
        }
        if let palettes = try root.subtable("palettes") {
            for key in palettes.keys where key != "attribution" {
                guard ["risk", "nonrecours", "poverty", "niveau_de_vie", "access"].contains(key) else {
                    throw palettes.error(
                        key,
                        words("palette inconnue ; attendu risk, nonrecours, poverty, niveau_de_vie, access ou attribution"))
                }
                guard let colors = try palettes.stringArray(key), (2...12).contains(colors.count) else {
                    throw palettes.error(key, words("attendu une liste de 2 à 12 couleurs"))
                }
                for value in colors where !isColor(value) {
                    throw palettes.error(
                        key, words("trouvé « %1$@ », attendu des couleurs écrites #rrggbb", value))
                }
                style.palettes[key] = colors
            }
            style.paletteAttribution = try palettes.string("attribution") ?? ""
        }
        if let circles = try root.subtable("circles") {
            try circles.rejectUnknownKeys(["max_radius", "fill", "opacity", "stroke", "neutral_fill"])
            try size(circles, "max_radius", &style.circleMaxRadius, 2...200)
            try color(circles, "fill", &style.circleFill)
            try size(circles, "opacity", &style.circleOpacity, 0...1)
            try color(circles, "stroke", &style.circleStroke)
            try color(circles, "neutral_fill", &style.neutralFill)
        }
        if let stops = try root.subtable("stops") {
            try stops.rejectUnknownKeys(["radius", "colors"])
            try size(stops, "radius", &style.stopRadius, 1...100)
            if let colors = try stops.subtable("colors") {
                for key in colors.keys {
                    var value = ""
                    try color(colors, key, &value)
                    style.stopColors[key] = value
                }
            }
        }
        return style
    }

    static func isColor(_ text: String) -> Bool {
        text.count == 7 && text.hasPrefix("#") && text.dropFirst().allSatisfy(\.isHexDigit)
    }
}
