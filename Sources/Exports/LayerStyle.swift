import Foundation
import GeoBindings
import Support

/// A QGIS default style for a written layer, stored where QGIS looks for it: the
/// `layer_styles` table of the same GeoPackage or PostGIS database, so that opening the layer
/// shows the same map as the SVG.
public struct LayerStyle: Sendable {
    public var name: String
    /// The QGIS style document (QML).
    public var qml: String
    public var description: String

    public init(name: String, qml: String, description: String) {
        self.name = name
        self.qml = qml
        self.description = description
    }

    /// The SQL creating `layer_styles` when missing and adding this style as the default of
    /// `table` (in PostGIS, `schema.table` or a table of `public`); nil for formats without a
    /// style table. In PostGIS, a previous AllerVers style of the same name for the same table
    /// (from a run whose table `--overwrite` replaced) is replaced; the table's other styles are
    /// kept, no longer marked as its default.
    public func sql(for format: OutputFormat, table: String, geometryColumn: String = "geom") -> [String]? {
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        switch format {
        case .geoPackage:
            // A fixed date (SOURCE_DATE_EPOCH's, else 2000-01-01), written as GeoPackage's
            // DATETIME wants it (with milliseconds): the same inputs give the same bytes.
            return [
                """
                CREATE TABLE IF NOT EXISTS layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), \
                f_table_schema TEXT(256), f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, \
                styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30), update_time DATETIME)
                """,
                """
                INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, styleQML, \
                styleSLD, useAsDefault, description, owner, ui, update_time) VALUES ('', '', \(quoted(table)), \(quoted(geometryColumn)), \
                \(quoted(name)), \(quoted(qml)), '', 1, \(quoted(description)), '', '', \(quoted(SourceDate.fixedTimestamp)))
                """,
            ]
        case .postGIS:
            // QGIS's own table, in public, matched by database, schema, table and geometry column.
            let parts = table.split(separator: ".", maxSplits: 1).map(String.init)
            let (schema, name) = parts.count == 2 ? (parts[0], parts[1]) : ("public", table)
            let match = """
                f_table_catalog = current_database() AND f_table_schema = \(quoted(schema)) AND f_table_name = \(quoted(name)) \
                AND f_geometry_column = \(quoted(geometryColumn))
                """
            return [
                """
                CREATE TABLE IF NOT EXISTS public.layer_styles (id SERIAL PRIMARY KEY, f_table_catalog varchar, f_table_schema varchar, \
                f_table_name varchar, f_geometry_column varchar, stylename text, styleqml xml, stylesld xml, useasdefault boolean, \
                description text, owner varchar(63) DEFAULT CURRENT_USER, ui xml, update_time timestamp DEFAULT CURRENT_TIMESTAMP, type varchar)
                """,
                "DELETE FROM public.layer_styles WHERE \(match) AND stylename = \(quoted(self.name))",
                "UPDATE public.layer_styles SET useasdefault = false WHERE \(match)",
                """
                INSERT INTO public.layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, stylename, styleqml, \
                useasdefault, description) VALUES (current_database(), \(quoted(schema)), \(quoted(name)), \(quoted(geometryColumn)), \
                \(quoted(self.name)), XMLPARSE(DOCUMENT \(quoted(qml))), true, \(quoted(description)))
                """,
            ]
        default:
            return nil
        }
    }
}
