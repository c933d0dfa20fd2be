import Foundation

/// A QGIS style (QML) for the scored zones, stored in a GeoPackage's `layer_styles` table so
/// the layer opens in QGIS already coloured by risk class, with secret zones hatched.
public enum QGISStyle {
    public struct Category: Sendable {
        public var value: Int
        public var label: String
        public var color: String
        public init(value: Int, label: String, color: String) {
            self.value = value
            self.label = label
            self.color = color
        }
    }

    /// A categorised renderer on `attribute`; zones with no class are drawn hatched.
    /// `withoutClass` names the features with no class (secret zones, hatched; cells off the
    /// network, filled as the SVG fills them when `withoutClassSolid`).
    public static func qml(
        attribute: String, categories: [Category], style: MapStyle, withoutClass: String = "secret statistique", withoutClassSolid: Bool = false
    ) -> String {
        var categoryLines = ""
        var symbols = ""
        func symbol(_ name: Int, color: String, fillStyle: String) -> String {
            """
              <symbol type="fill" name="\(name)" alpha="1" clip_to_extent="1" force_rhr="0">
               <layer class="SimpleFill" enabled="1" locked="0" pass="0">
                <Option type="Map">
                 <Option type="QString" name="color" value="\(rgba(color))"/>
                 <Option type="QString" name="outline_color" value="\(rgba(style.irisColor == "none" ? "#ffffff" : style.irisColor))"/>
                 <Option type="QString" name="outline_style" value="solid"/>
                 <Option type="QString" name="outline_width" value="0.26"/>
                 <Option type="QString" name="style" value="\(fillStyle)"/>
                </Option>
               </layer>
              </symbol>

            """
        }
        for (i, category) in categories.enumerated() {
            categoryLines += categoryLine(i, value: String(category.value), label: category.label)
            symbols += symbol(i, color: category.color, fillStyle: "solid")
        }
        categoryLines += categoryLine(categories.count, value: "", label: withoutClass)
        symbols +=
            withoutClassSolid
            ? symbol(categories.count, color: style.secretFill, fillStyle: "solid") : symbol(categories.count, color: style.hatchColor, fillStyle: "b_diagonal")
        return categorizedDocument(attribute: attribute, categoryLines: categoryLines, symbols: symbols)
    }

    static func categoryLine(_ symbol: Int, value: String, label: String) -> String {
        "   <category symbol=\"\(symbol)\" value=\"\(xml(value))\" label=\"\(xml(label))\" render=\"true\"/>\n"
    }

    /// A QML document with a categorised renderer on `attribute`, and labels when given.
    static func categorizedDocument(attribute: String, categoryLines: String, symbols: String, labeling: String? = nil) -> String {
        """
        <!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
        <qgis version="3.28.0" styleCategories="\(labeling == nil ? "Symbology\"" : "Symbology|Labeling\" labelsEnabled=\"1\"")>
         <renderer-v2 type="categorizedSymbol" attr="\(xml(attribute))" symbollevels="0" enableorderby="0" forceraster="0">
          <categories>
        \(categoryLines)  </categories>
          <symbols>
        \(symbols)  </symbols>
         </renderer-v2>
        \(labeling ?? "")</qgis>

        """
    }

    static func rgba(_ hex: String) -> String {
        let digits = Array(hex.dropFirst())
        guard digits.count == 6 else { return "102,102,102,255" }
        let values = stride(from: 0, to: 6, by: 2).map { Int(String(digits[$0...$0 + 1]), radix: 16) ?? 0 }
        return "\(values[0]),\(values[1]),\(values[2]),255"
    }

    /// A circle marker as the SVG draws stops: the kind's colour, a white outline, the
    /// diameter in millimetres (the SVG's radius at 96 px per inch).
    static func marker(_ name: Int, color: String, style: MapStyle) -> String {
        let diameter = style.stopRadius * 2 * 25.4 / 96
        return """
              <symbol type="marker" name="\(name)" alpha="1" clip_to_extent="1" force_rhr="0">
               <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
                <Option type="Map">
                 <Option type="QString" name="color" value="\(rgba(color))"/>
                 <Option type="QString" name="name" value="circle"/>
                 <Option type="QString" name="outline_color" value="255,255,255,255"/>
                 <Option type="QString" name="outline_width" value="0.4"/>
                 <Option type="QString" name="outline_width_unit" value="MM"/>
                 <Option type="QString" name="size" value="\(String(format: "%.2f", diameter))"/>
                 <Option type="QString" name="size_unit" value="MM"/>
                </Option>
               </layer>
              </symbol>

            """
    }

    /// Stops or sites: circles coloured by their `type` (the kind's French label) as on the SVG
    /// maps, labelled by `numero` in white bold over the point.
    public static func pointsQML(kinds: [(kind: String, label: String)], style: MapStyle, labelField: String?) -> String {
        var categories = "", symbols = ""
        for (i, kind) in kinds.enumerated() {
            categories += categoryLine(i, value: kind.label, label: kind.label)
            symbols += marker(i, color: style.stopColors[kind.kind] ?? style.stopColors["other"] ?? "#666666", style: style)
        }
        let labeling = labelField.map { field in
            """
             <labeling type="simple">
              <settings calloutType="simple">
               <text-style fieldName="\(xml(field))" fontSize="7" fontSizeUnit="Point" fontWeight="75" textColor="255,255,255,255" fontFamily="DejaVu Sans" isExpression="0"/>
               <placement placement="1" dist="0"/>
              </settings>
             </labeling>

            """
        }
        return categorizedDocument(attribute: "type", categoryLines: categories, symbols: symbols, labeling: labeling)
    }

    /// Routes: one line in the SVG's route colour and width (pixels at 96 per inch, in mm).
    public static func routesQML(style: MapStyle) -> String {
        """
        <!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
        <qgis version="3.28.0" styleCategories="Symbology">
         <renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0">
          <symbols>
           <symbol type="line" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
            <layer class="SimpleLine" enabled="1" locked="0" pass="0">
             <Option type="Map">
              <Option type="QString" name="line_color" value="\(rgba(style.routeColor))"/>
              <Option type="QString" name="line_width" value="\(String(format: "%.2f", style.routeWidth * 25.4 / 96))"/>
              <Option type="QString" name="line_width_unit" value="MM"/>
              <Option type="QString" name="capstyle" value="round"/>
              <Option type="QString" name="joinstyle" value="round"/>
             </Option>
            </layer>
           </symbol>
          </symbols>
         </renderer-v2>
        </qgis>

        """
    }
}
