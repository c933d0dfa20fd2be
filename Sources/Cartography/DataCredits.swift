import Foundation
import Inputs

/// The credits of the data a map or a report is made from, with their vintages, as the
/// licences ask: « Sources : Insee, Filosofi 2019 ; IGN – Insee, Contours IRIS 2022 ; Cnaf,
/// Cafdata 2024-12 ; © les contributeurs d'OpenStreetMap (rues, extrait du 2023-07-27) ».
public struct DataCredits: Sendable, Equatable {
    public var parts: [String]

    public init(parts: [String]) { self.parts = parts }

    /// From the inputs actually read: the cells (year from the file name, else the layout),
    /// the zones (IRIS contours, year from the file or layer name), Cafdata (its period).
    public init(cells: CellTable, zones: ZoneLayer, cafPeriod: String?) {
        var parts: [String] = []
        let year = Self.year(of: cells.source, folderMentioning: "filosofi")
        switch cells.vintage {
        case .v2015: parts.append("Insee, Filosofi \(year ?? "2015")")
        case .v2017: parts.append("Insee, Filosofi \(year ?? "2017")")
        case .v2019: parts.append("Insee, Filosofi \(year ?? "2019 ou plus récent")")
        }
        let zonesYear = Self.year(of: zones.source, folderMentioning: "iris") ?? Self.year(in: zones.layerName)
        let isIRIS = zones.idField.lowercased().contains("iris")
        parts.append(
            isIRIS
                ? "IGN – Insee, Contours IRIS\(zonesYear.map { " \($0)" } ?? "")"
                : "zones : contours fournis par le territoire\(zonesYear.map { " (\($0))" } ?? "")")
        if let cafPeriod { parts.append("Cnaf, Cafdata \(cafPeriod)") }
        self.parts = parts
    }

    /// The same with more sources (streets, points of interest).
    public func adding(_ more: [String]) -> DataCredits {
        DataCredits(parts: parts + more.filter { !parts.contains($0) })
    }

    public var text: String { "Sources : " + parts.joined(separator: " ; ") }

    /// The licences of the sources drawn, as their producers ask them to be named: the public
    /// producers' Licence Ouverte / Etalab 2.0, OpenStreetMap's ODbL; nil when no source has a
    /// known licence (a list the territory made has its own terms, said by its credit).
    public var licences: String? {
        let open = ["Insee", "IGN", "Cnaf"].filter { producer in parts.contains { $0.hasPrefix(producer) } }
        var licences: [String] = []
        if !open.isEmpty { licences.append("Licence Ouverte / Etalab 2.0 (\(open.joined(separator: ", ")))") }
        if parts.contains(where: { $0.contains("OpenStreetMap") }) { licences.append("ODbL 1.0 (OpenStreetMap)") }
        return licences.isEmpty ? nil : "Licences : " + licences.joined(separator: " ; ") + "."
    }

    /// The credits of the places' lists, never a file's name: an OpenStreetMap extract under
    /// its licence's words (« © les contributeurs d'OpenStreetMap (lieux) »), the others as the
    /// territory file declares them (`declared`, in the order of `paths`), else « lieux : liste
    /// fournie par le territoire ».
    public static func places(_ paths: [String], declared: [String] = []) -> [String] {
        let isOSM = { (path: String) in [".osm", ".osm.pbf", ".pbf", ".osm.bz2"].contains { path.lowercased().hasSuffix($0) } }
        var credits: [String] = []
        for (i, path) in paths.enumerated() {
            let credit =
                i < declared.count
                ? "lieux : \(declared[i])" : isOSM(path) ? "© les contributeurs d'OpenStreetMap (lieux)" : "lieux : liste fournie par le territoire"
            if !credits.contains(credit) { credits.append(credit) }
        }
        return credits
    }

    /// The same without the sources a map does not draw (`producers`: « Cnaf », …).
    public func without(_ producers: [String]) -> DataCredits {
        DataCredits(parts: parts.filter { part in !producers.contains { part.hasPrefix($0) } })
    }

    /// Reads credits written by `text`.
    public init?(text: String?) {
        guard let text, text.hasPrefix("Sources : ") else { return nil }
        parts = text.dropFirst("Sources : ".count).components(separatedBy: " ; ")
    }

    /// A file's vintage: the year in its name, else in the name of one of its three nearest
    /// folders that mentions the product (INSEE's `Filosofi2019_carreaux_200m_csv/` holds a
    /// `carreaux_200m_met.csv`; IGN's `…GPKG_LAMB93_FXX-ED2024-01-01/` an `iris.gpkg`).
    static func year(of path: String, folderMentioning product: String) -> String? {
        var url = URL(fileURLWithPath: path)
        if let year = year(in: url.lastPathComponent) { return year }
        for _ in 0..<3 {
            url.deleteLastPathComponent()
            let name = url.lastPathComponent
            guard !name.isEmpty, name != "/" else { return nil }
            if name.lowercased().contains(product), let year = year(in: name) { return year }
        }
        return nil
    }

    /// The first plausible year (1990–2099) in a name.
    static func year(in name: String) -> String? {
        let chars = Array(name)
        guard chars.count >= 4 else { return nil }
        for i in 0...(chars.count - 4) {
            let s = String(chars[i..<i + 4])
            guard let y = Int(s), (1990...2099).contains(y) else { continue }
            let before = i > 0 ? chars[i - 1] : " ", after = i + 4 < chars.count ? chars[i + 4] : " "
            if !before.isNumber && !after.isNumber { return s }
        }
        return nil
    }
}
