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
    public static func qml(attribute: String, categories: [Category], style: MapStyle) -> String {
        func rgba(_ hex: String) -> String {
            let digits = Array(hex.dropFirst())
            let values = stride(from: 0, to: 6, by: 2).map { Int(String(digits[$0...$0 + 1]), radix: 16) ?? 0 }
            return "\(values[0]),\(values[1]),\(values[2]),255"
        }
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
            categoryLines += "   <category symbol=\"\(i)\" value=\"\(category.value)\" label=\"\(xml(category.label))\" render=\"true\"/>\n"
            symbols += symbol(i, color: category.color, fillStyle: "solid")
        }
        categoryLines += "   <category symbol=\"\(categories.count)\" value=\"\" label=\"secret statistique\" render=\"true\"/>\n"
        symbols += symbol(categories.count, color: style.hatchColor, fillStyle: "b_diagonal")
        return """
            <!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
            <qgis version="3.28.0" styleCategories="Symbology">
             <renderer-v2 type="categorizedSymbol" attr="\(attribute)" symbollevels="0" enableorderby="0" forceraster="0">
              <categories>
            \(categoryLines)  </categories>
              <symbols>
            \(symbols)  </symbols>
             </renderer-v2>
            </qgis>

            """
    }

    /// SQL creating QGIS's `layer_styles` table and its default-style row for `table`.
    public static func layerStylesSQL(table: String, geometryColumn: String, styleName: String, qml: String, date: String) -> [String] {
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        return [
            """
            CREATE TABLE IF NOT EXISTS layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), \
            f_table_schema TEXT(256), f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, \
            styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30), update_time DATETIME)
            """,
            """
            INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, styleQML, \
            styleSLD, useAsDefault, description, owner, ui, update_time) VALUES ('', '', \(quoted(table)), \(quoted(geometryColumn)), \
            \(quoted(styleName)), \(quoted(qml)), '', 1, 'AllerVers : classes de risque de non-recours', '', '', \(quoted(date)))
            """,
        ]
    }
}
