import Foundation
import GeometryCore
import Inputs
import Support

/// A place found in OpenStreetMap for a territory: what it is for AllerVers, its name, street
/// address, opening hours (a market's days) and the object it comes from.
public struct FoundPlace: Sendable, Equatable {
    public var name: String
    public var kind: StopKind
    public var address: String
    public var openingHours: String
    /// « OSM node/123 », « OSM way/45 ».
    public var source: String
    /// Longitude and latitude (WGS 84).
    public var location: Point
}

/// The places of an OpenStreetMap extract that a tour and a siting review use (markets,
/// supermarkets, mairies, France Services, CCAS and centres sociaux, médiathèques, post
/// offices, schools…), mapped by the category rules, one per place, written as a list a planner
/// can read and correct.
public enum OSMPlaces {
    /// The places within `within` (longitude, latitude) of the extract, by kind then name.
    public static func read(path: String, mapping: CategoryMapping, within: BoundingBox) throws -> [FoundPlace] {
        let records = try PointsOfInterestReader.readRecords(path: path, fields: mapping.fields, within: within).records
        var places: [FoundPlace] = []
        for record in records {
            guard let kind = mapping.rule(for: record.fields)?.kind, kind != .other, let location = record.location, within.contains(location) else {
                continue
            }
            let ref = record.fields["osm_ref"] ?? "\(record.record)"
            var name = (record.fields["name"] ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if name.isEmpty { name = kind.frenchLabel.prefix(1).uppercased() + kind.frenchLabel.dropFirst() + " (OSM \(ref))" }
            places.append(
                FoundPlace(
                    name: name, kind: kind, address: PointsOfInterestReader.address(of: record.fields),
                    openingHours: record.fields["opening_hours"] ?? "", source: "OSM \(ref)", location: location))
        }
        places.sort { ($0.kind, $0.name, $0.location.x, $0.location.y, $0.source) < ($1.kind, $1.name, $1.location.x, $1.location.y, $1.source) }
        // One place drawn twice (a node on a building's area): the same kind and name within 100 m.
        var kept: [FoundPlace] = []
        var keptByName: [String: [Point]] = [:]
        for place in places {
            let key = "\(place.kind.rawValue)|\(place.name)"
            if keptByName[key, default: []].contains(where: { metres($0, place.location) < 100 }) { continue }
            keptByName[key, default: []].append(place.location)
            kept.append(place)
        }
        return kept
    }

    /// The distance between two points in longitude and latitude, metres (equirectangular:
    /// exact enough within a few hundred metres).
    static func metres(_ a: Point, _ b: Point) -> Double {
        let dx = (a.x - b.x) * cos((a.y + b.y) / 2 * .pi / 180) * 111_320, dy = (a.y - b.y) * 110_574
        return (dx * dx + dy * dy).squareRoot()
    }

    /// The list as a `;`-separated CSV (UTF-8): nom, categorie (the kind's French word, which
    /// AllerVers reads without a mapping file), adresse, horaires, source, longitude, latitude.
    public static func csv(_ places: [FoundPlace]) -> String {
        func field(_ text: String) -> String {
            text.contains(";") || text.contains("\"") || text.contains("\n") ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var text = "nom;categorie;adresse;horaires;source;longitude;latitude\n"
        for place in places {
            text +=
                [
                    field(place.name), field(place.kind.frenchLabel), field(place.address), field(place.openingHours), field(place.source),
                    String(format: "%.6f", place.location.x), String(format: "%.6f", place.location.y),
                ].joined(separator: ";") + "\n"
        }
        return text
    }

    /// The days of an OpenStreetMap `opening_hours` value, in French (« We 07:00-13:00; Sa
    /// 07:00-12:30 » gives mercredi and samedi); nil when the value says something these rules
    /// do not read (every day, months, weeks, public holidays only), rather than a wrong day.
    public static func marketDays(_ openingHours: String) -> [String]? {
        let codes = ["mo", "tu", "we", "th", "fr", "sa", "su"]
        let french = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
        var days = Set<Int>()
        for rule in openingHours.lowercased().split(separator: ";") {
            let text = rule.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text.hasPrefix("ph") || text.hasSuffix("off") || text.hasSuffix("closed") { continue }
            guard let spec = text.split(separator: " ").first, let first = spec.first, first.isLetter else { return nil }
            for part in spec.split(separator: ",") {
                let bounds = part.split(separator: "-").map(String.init)
                guard (1...2).contains(bounds.count), let a = codes.firstIndex(of: bounds[0]), let b = codes.firstIndex(of: bounds.last!) else {
                    return nil
                }
                if a <= b { days.formUnion(a...b) } else { days.formUnion(a..<7); days.formUnion(0...b) }
            }
        }
        return days.isEmpty ? nil : days.sorted().map { french[$0] }
    }
}
