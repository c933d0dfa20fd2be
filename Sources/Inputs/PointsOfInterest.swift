import Foundation
import GeoBindings
import GeometryCore
import Support

/// The kinds of places where an outreach vehicle can stop, or a reception point stands.
public enum StopKind: String, Sendable, CaseIterable, Comparable {
    case market
    case supermarket
    case communityCentre = "community_centre"
    case franceServices = "france_services"
    case ccas
    /// A CAF agency or reception point (accueil, point relais CAF).
    case cafOffice = "caf"
    case foodBank = "food_bank"
    case station
    /// Mission locale, Point or Bureau Information Jeunesse: where young adults are met.
    case youth
    /// Protection maternelle et infantile: parents of young children, single parents among them.
    case pmi
    /// A school gate at the end of the school day: parents, single parents among them.
    case school
    /// A senior club or a résidence autonomie: where the elderly (ASPA) are met.
    case seniorClub = "senior_club"
    /// A town hall or an annex (mairie annexe): a public place that can host a reception point.
    case townHall = "mairie"
    /// A public library (médiathèque): a public place that can host a reception point.
    case library = "mediatheque"
    /// A post office (La Poste, agence postale communale): can host a reception point.
    case postOffice = "poste"
    /// A salle des fêtes, salle polyvalente or foyer rural: a village's public room.
    case villageHall = "salle_communale"
    case other

    /// Where people already come for their rights: a CCAS, a France Services, a CAF office.
    /// The siting review measures access to them; a plan does not send a team there (unless
    /// the plan file allows it) and counts the households at their door for less.
    public var isReceptionPoint: Bool { self == .ccas || self == .franceServices || self == .cafOffice }

    /// Public places that can host a reception point but where a tour does not stop (people
    /// come for another service at set hours): proposed by the siting review, not by the plan.
    public var isHostOnly: Bool { self == .townHall || self == .library || self == .postOffice || self == .villageHall }

    /// Where a rural tour stops in a commune not split into IRIS: the mairie (a permanence,
    /// as the secrétaires de mairie hold) and the salle communale. In a city they stay hosts.
    public var isVillageStop: Bool { self == .townHall || self == .villageHall }

    public static func < (a: StopKind, b: StopKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// The kind a published table names: its French label (« supermarché ») or, in files of
    /// earlier versions and in settings, its key (`supermarket`).
    public init?(label: String) {
        if let kind = StopKind(rawValue: label) ?? StopKind.allCases.first(where: { $0.frenchLabel == label }) { self = kind } else { return nil }
    }

    /// French label for maps and reports.
    public var frenchLabel: String {
        switch self {
        case .market: "marché"
        case .supermarket: "supermarché"
        case .communityCentre: "maison de quartier / Maison pour Tous"
        case .franceServices: "France Services"
        case .ccas: "CCAS"
        case .cafOffice: "accueil CAF"
        case .foodBank: "aide alimentaire"
        case .station: "gare / pôle d'échanges"
        case .youth: "Mission locale / information jeunesse"
        case .pmi: "PMI"
        case .school: "sortie d'école"
        case .seniorClub: "club ou résidence seniors"
        case .townHall: "mairie ou mairie annexe"
        case .library: "médiathèque"
        case .postOffice: "bureau de poste"
        case .villageHall: "salle communale"
        case .other: "autre"
        }
    }
}

/// A place from a source list, mapped to a stop kind, located in WGS 84 (longitude, latitude).
public struct PointOfInterest: Sendable, Equatable {
    public var name: String
    public var category: String
    public var kind: StopKind
    public var location: Point
    public var source: String
    public var sourceRecord: Int
    /// The street address when the source gives one (number, street, commune), else empty.
    public var address: String = ""
}

/// How a source's categories become stop kinds: ordered rules, first match wins, compared
/// ignoring case and accents. Read from a `;`-separated file with the columns
/// `field;match;value;kind` where `match` is `equals`, `contains`, `starts` or `any`, and `kind` is
/// a `StopKind` or `ignore`.
public struct CategoryMapping: Sendable {
    public enum Match: String, Sendable {
        case equals, contains, starts
        /// Any value, blank included: a catch-all rule for the field.
        case any
    }

    public struct Rule: Sendable {
        public var field: String
        public var match: Match
        public var value: String
        public var kind: StopKind?
        public var line: Int
        /// The field's name and the value as compared (folded once, not for every record).
        let foldedField: String
        let foldedValue: String

        public init(field: String, match: Match, value: String, kind: StopKind?, line: Int) {
            self.field = field
            self.match = match
            self.value = value
            self.kind = kind
            self.line = line
            foldedField = CategoryMapping.fold(field)
            foldedValue = CategoryMapping.fold(value)
        }
    }

    public var rules: [Rule] { didSet { readFields = Set(rules.map(\.foldedField)) } }
    public var source: String
    /// The fields the rules read, folded as records' field names are.
    private(set) var readFields: Set<String>

    public init(rules: [Rule], source: String) {
        self.rules = rules
        self.source = source
        readFields = Set(rules.map(\.foldedField))
    }

    /// Hand-made lists need no mapping file: a column named `categorie`, `type` or `kind` whose
    /// value is one of AllerVers' kinds, in French or English (« mairie », « marché »,
    /// « salle des fêtes », `town hall`, `market`…), and, failing that, a name that says what
    /// the place is (« Mairie d'Alzonne », « Salle des fêtes de Force »). Tried after the file's
    /// rules, which keep the last word.
    static let kindColumns = ["categorie", "type", "kind", "category", "type de lieu"]
    static let nameColumns = ["nom", "name", "title", "libelle", "enseigne"]
    static let kindWords: [String: StopKind] = {
        var words: [String: StopKind] = [:]
        for kind in StopKind.allCases where kind != .other {
            words[fold(kind.rawValue)] = kind
            words[fold(kind.rawValue.replacingOccurrences(of: "_", with: " "))] = kind
            words[fold(kind.frenchLabel)] = kind
        }
        let synonyms: [(String, StopKind)] = [
            ("marché", .market), ("marche", .market), ("marketplace", .market), ("supermarché", .supermarket), ("hypermarché", .supermarket),
            ("supérette", .supermarket), ("maison de quartier", .communityCentre), ("maison pour tous", .communityCentre),
            ("centre social", .communityCentre), ("community center", .communityCentre), ("maison france services", .franceServices),
            ("centre communal d'action sociale", .ccas), ("accueil caf", .cafOffice), ("caf", .cafOffice), ("banque alimentaire", .foodBank),
            ("épicerie solidaire", .foodBank), ("restos du coeur", .foodBank), ("gare", .station), ("mission locale", .youth),
            ("information jeunesse", .youth), ("école", .school), ("sortie d'école", .school), ("club seniors", .seniorClub),
            ("résidence autonomie", .seniorClub), ("mairie", .townHall), ("mairie annexe", .townHall), ("town hall", .townHall),
            ("townhall", .townHall), ("bibliothèque", .library), ("library", .library), ("poste", .postOffice), ("la poste", .postOffice),
            ("agence postale", .postOffice), ("post office", .postOffice), ("salle des fêtes", .villageHall), ("salle polyvalente", .villageHall),
            ("foyer rural", .villageHall), ("village hall", .villageHall),
        ]
        for (word, kind) in synonyms { words[fold(word)] = kind }
        return words
    }()
    static let namePrefixes: [(String, StopKind)] = [
        ("mairie annexe", .townHall), ("mairie d'", .townHall), ("mairie d’", .townHall), ("mairie de ", .townHall), ("mairie du ", .townHall),
        ("mairie des ", .townHall), ("salle des fetes", .villageHall), ("salle polyvalente", .villageHall), ("foyer rural", .villageHall),
        ("marche ", .market), ("france services", .franceServices), ("maison france services", .franceServices), ("ccas", .ccas),
        ("centre social", .communityCentre), ("maison de quartier", .communityCentre), ("maison pour tous", .communityCentre),
        ("mediatheque", .library), ("bibliotheque", .library), ("bureau de poste", .postOffice), ("agence postale", .postOffice),
        ("mission locale", .youth),
    ]

    /// The built-in reading of a record (see `kindColumns`), as a rule of its own.
    func builtInRule(for record: [String: String]) -> Rule? {
        var folded: [String: (name: String, value: String)] = [:]
        for (key, value) in record { folded[Self.fold(key)] = (key, value) }
        for column in Self.kindColumns {
            guard let (name, value) = folded[Self.fold(column)] else { continue }
            if let kind = Self.kindWords[Self.fold(value)] { return Rule(field: name, match: .equals, value: value, kind: kind, line: 0) }
        }
        for column in Self.nameColumns {
            guard let (name, value) = folded[Self.fold(column)] else { continue }
            let text = Self.fold(value) + " "
            if let (prefix, kind) = Self.namePrefixes.first(where: { text.hasPrefix($0.0) || text == $0.0 }) {
                return Rule(field: name, match: .starts, value: prefix, kind: kind, line: 0)
            }
        }
        return nil
    }

    public static func read(path: String) throws(InputError) -> CategoryMapping {
        let table = try TextTable.read(path: path)
        guard let f = table.column(["field"]), let m = table.column(["match"]), let v = table.column(["value"]),
            let k = table.column(["kind"])
        else {
            throw InputError(
                file: path, line: 1,
                words("attendu les colonnes field;match;value;kind, trouvé %1$@", table.header.joined(separator: ";")))
        }
        var rules: [Rule] = []
        for row in table.rows {
            guard let match = Match(rawValue: row.values[m].lowercased()) else {
                throw .badValue(
                    file: path, line: row.line, field: "match", found: row.values[m],
                    expected: words("equals, contains, starts ou any"))
            }
            let kindText = row.values[k].lowercased()
            let kind: StopKind?
            if kindText == "ignore" {
                kind = nil
            } else if let known = StopKind(rawValue: kindText) {
                kind = known
            } else {
                throw .badValue(
                    file: path, line: row.line, field: "kind", found: row.values[k],
                    expected: words("ignore ou l'un de ") + StopKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            rules.append(Rule(field: row.values[f], match: match, value: row.values[v], kind: kind, line: row.line))
        }
        return CategoryMapping(rules: rules, source: path)
    }

    static let french = Locale(identifier: "fr_FR")

    static func fold(_ text: String) -> String {
        // Plain ASCII without capitals or edge spaces is its own fold: most values are.
        let bytes = text.utf8
        if bytes.first != 0x20, bytes.last != 0x20, bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && !($0 >= 0x41 && $0 <= 0x5A) }) { return text }
        return text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: french).trimmingCharacters(in: .whitespaces)
    }

    /// The first matching rule for a record (field name → value), or nil when none matches.
    /// Only the fields the rules read are folded.
    public func rule(for record: [String: String]) -> Rule? {
        var folded: [String: String] = [:]
        for (key, value) in record {
            let name = Self.fold(key)
            if folded[name] == nil, readFields.contains(name) { folded[name] = Self.fold(value) }
        }
        for rule in rules {
            guard let value = folded[rule.foldedField] else { continue }
            let wanted = rule.foldedValue
            let hit =
                switch rule.match {
                case .equals: value == wanted
                case .contains: value.contains(wanted)
                case .starts: value.hasPrefix(wanted)
                case .any: true
                }
            if hit { return rule }
        }
        return builtInRule(for: record)
    }

    /// The fields the rules read.
    public var fields: Set<String> { Set(rules.map(\.field)) }

}

/// What reading a list of places gave: the mapped points, and what was left out and why.
public struct PointsOfInterestReport: Sendable {
    public var points: [PointOfInterest]
    public var unmatched: Int
    public var ignored: Int
    public var withoutLocation: Int
    public var duplicates: Int
    public var categoryField: String?
    public var nameField: String?
    /// The file, and the records (rows or feature ids) of the places mapped to a kind that
    /// have no location, the first few of them.
    public var source: String = ""
    public var withoutLocationRecords: [Int] = []
}

/// Reads points of interest from GeoJSON, GeoPackage or any GDAL format (points, or polygons
/// that give a point on their surface), or from CSV with latitude and longitude columns.
public enum PointsOfInterestReader {
    static let nameCandidates = ["title", "enseigne", "nom", "name", "libelle", "libellé", "raison_sociale"]
    static let latitudeCandidates = ["latitude", "lat", "y_wgs84", "lat_wgs84"]
    static let longitudeCandidates = ["longitude", "lon", "lng", "long", "x_wgs84", "lon_wgs84"]

    /// A record's address: a full-address field if there is one (`adresse`, `address`,
    /// `Position_address`, a geocoder's `result_label`), else number, street, postcode and
    /// commune put together.
    public static func address(of fields: [String: String]) -> String {
        var lowered: [String: String] = [:]
        for (key, value) in fields { lowered[key.lowercased()] = value.trimmingCharacters(in: .whitespaces) }
        for key in ["adresse", "address", "position_address", "adresse_complete", "result_label"] {
            if let value = lowered[key], !value.isEmpty { return value.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        }
        let number = ["n°", "numero", "numéro", "num", "housenumber", "addr:housenumber"].lazy.compactMap { lowered[$0] }.first { !$0.isEmpty }
        let street = ["rue", "voie", "street", "libelle_voie", "addr:street"].lazy.compactMap { lowered[$0] }.first { !$0.isEmpty }
        let postcode = ["cp", "code_postal", "postcode", "addr:postcode"].lazy.compactMap { lowered[$0] }.first { !$0.isEmpty }
        let commune = ["ville", "commune", "city", "addr:city"].lazy.compactMap { lowered[$0] }.first { !$0.isEmpty }
        guard let street else { return "" }
        let line = [number, street].compactMap { $0 }.joined(separator: " ")
        let place = [postcode, commune].compactMap { $0 }.joined(separator: " ")
        return place.isEmpty ? line : "\(line), \(place)"
    }

    /// The rows of a point file: every field as text, the WGS 84 location when it has one,
    /// and the row (CSV line) or feature number.
    public struct LocatedRecords: Sendable {
        public var header: [String]
        public var records: [(fields: [String: String], location: Point?, record: Int)]
    }

    /// The records of a point file. `fields`, the fields a category mapping reads: in an
    /// OpenStreetMap extract, only the objects that have one of them are kept (an extract holds
    /// millions of buildings and nodes that no mapping would use).
    /// `within`: in an OpenStreetMap extract, only the objects that meet this rectangle
    /// (longitude, latitude).
    public static func readRecords(path: String, fields wanted: Set<String>? = nil, within: BoundingBox? = nil) throws -> LocatedRecords {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        var records: [(fields: [String: String], location: Point?, record: Int)] = []
        var header: [String] = []
        if ["csv", "txt", "tsv"].contains(ext) {
            let table = try TextTable.read(path: path)
            header = table.header
            guard let lat = table.column(latitudeCandidates), let lon = table.column(longitudeCandidates) else {
                throw InputError(
                    file: path, line: 1,
                    words("aucune colonne latitude/longitude (attendu latitude et longitude en WGS 84)"))
            }
            for row in table.rows {
                var fields: [String: String] = [:]
                for (i, name) in table.header.enumerated() { fields[name] = row.values[i] }
                let latText = row.values[lat], lonText = row.values[lon]
                if latText.isEmpty || lonText.isEmpty {
                    records.append((fields, nil, row.line))
                    continue
                }
                guard let y = parseNumber(latText, commaDecimal: true), abs(y) <= 90 else {
                    throw InputError.badValue(
                        file: path, line: row.line, field: table.header[lat], found: latText,
                        expected: words("une latitude en degrés (−90 à 90)"))
                }
                guard let x = parseNumber(lonText, commaDecimal: true), abs(x) <= 180 else {
                    throw InputError.badValue(
                        file: path, line: row.line, field: table.header[lon], found: lonText,
                        expected: words("une longitude en degrés (−180 à 180)"))
                }
                records.append((fields, Point(x: x, y: y), row.line))
            }
        } else {
            let dataset = try VectorDataset(path: path)
            guard dataset.layerCount > 0 else { throw InputError(file: path, words("n'a aucune couche")) }
            if dataset.driverName == "OSM" { return try readOSM(dataset, path: path, fields: wanted, within: within) }
            let layer = try dataset.layer(at: 0)
            let fields = layer.fields
            header = fields.map(\.name)
            var raw: [(fields: [String: String], location: Point?, record: Int)] = []
            try layer.forEachFeature { feature in
                var values: [String: String] = [:]
                for field in fields { values[field.name] = feature.string(field.index) ?? "" }
                raw.append((values, feature.representativePoint(), Int(feature.id)))
            }
            records = try inWGS84(raw, layer: layer, path: path)
        }
        return LocatedRecords(header: header, records: records)
    }

    /// The places of an OpenStreetMap extract (`.osm.pbf`, OSM XML): its tagged nodes and its
    /// areas (a point on their surface: supermarkets, market squares and school grounds are
    /// often drawn as areas), each with every tag as a field (those GDAL packs in `other_tags`
    /// unpacked) and `osm_ref` (`node/123`, `way/45`, `relation/6`); the record number is the
    /// OSM id.
    static func readOSM(_ dataset: VectorDataset, path: String, fields wanted: Set<String>?, within: BoundingBox?) throws -> LocatedRecords {
        var header: Set<String> = ["osm_ref"]
        /// A layer read: its fields, and its records in the file's order.
        final class Reading {
            let layer: VectorLayer, name: String, fields: [FieldDefinition]
            let otherTags: FieldDefinition?, osmID: FieldDefinition?, wayID: FieldDefinition?
            var records: [(fields: [String: String], location: Point?, record: Int)] = []
            init(_ layer: VectorLayer, name: String) {
                self.layer = layer
                self.name = name
                fields = layer.fields
                otherTags = fields.first { $0.name == "other_tags" }
                osmID = fields.first { $0.name == "osm_id" }
                wayID = fields.first { $0.name == "osm_way_id" }
            }
        }
        var readings: [Reading] = []
        for layerName in ["points", "multipolygons"] where dataset.layerNames.contains(layerName) {
            let reading = Reading(try dataset.layer(named: layerName), name: layerName)
            reading.layer.setSpatialFilter(within)
            for field in reading.fields where field.name != "other_tags" { header.insert(field.name) }
            // Only objects with a tag the mapping reads: a field of the layer set, or the tag
            // inside other_tags (GDAL's driver tests this before building an area's shape).
            if let wanted, !wanted.isEmpty {
                let columns = Set(reading.fields.map { $0.name.lowercased() })
                let terms = wanted.sorted().map { name -> String in
                    let key = name.replacingOccurrences(of: "'", with: "''")
                    if columns.contains(name.lowercased()) { return "\"\(key.replacingOccurrences(of: "\"", with: "\"\""))\" IS NOT NULL" }
                    return reading.otherTags == nil ? "0 = 1" : "other_tags LIKE '%\"\(key)\"=>%'"
                }
                try reading.layer.setAttributeFilter(terms.joined(separator: " OR "))
            }
            readings.append(reading)
        }
        // In the file's order: a regional extract read layer by layer piles up the others.
        let byName = Dictionary(uniqueKeysWithValues: readings.map { ($0.name, $0) })
        try dataset.forEachFeatureInFileOrder(of: readings.map(\.layer)) { layer, feature in
            guard let reading = byName[layer.name] else { return }
            var values: [String: String] = [:]
            for field in reading.fields where field.name != "other_tags" {
                if let value = feature.string(field.index), !value.isEmpty { values[field.name] = value }
            }
            if let otherTags = reading.otherTags, let text = feature.string(otherTags.index) {
                for (key, value) in OSMTags.parse(text) where values[key] == nil && !value.isEmpty {
                    values[key] = value
                    header.insert(key)
                }
            }
            let ref: String, id: Int
            if let way = reading.wayID.flatMap({ feature.string($0.index) }), let n = Int(way) {
                (ref, id) = ("way/\(n)", n)
            } else if let node = reading.osmID.flatMap({ feature.string($0.index) }), let n = Int(node) {
                (ref, id) = (reading.name == "points" ? "node/\(n)" : "relation/\(n)", n)
            } else {
                (ref, id) = ("\(reading.name)/\(feature.id)", Int(feature.id))
            }
            values["osm_ref"] = ref
            reading.records.append((values, feature.representativePoint(), id))
        }
        var records: [(fields: [String: String], location: Point?, record: Int)] = []
        for reading in readings { records += try inWGS84(reading.records, layer: reading.layer, path: path) }
        return LocatedRecords(header: header.sorted(), records: records)
    }

    /// A layer's records with their locations moved from the layer's CRS to WGS 84
    /// (longitude, latitude), all at once.
    private static func inWGS84(
        _ raw: [(fields: [String: String], location: Point?, record: Int)], layer: VectorLayer, path: String
    ) throws -> [(fields: [String: String], location: Point?, record: Int)] {
        guard let crs = layer.spatialReference, !crs.isUndefinedOrLocal else {
            throw InputError(
                file: path, words("la couche %1$@ n'a pas de système de coordonnées", layer.name))
        }
        let wgs84 = try SpatialReference(definition: "OGC:CRS84")
        var located = raw.compactMap(\.location)
        if !crs.isSame(as: wgs84) { try CoordinateTransformer(from: crs, to: wgs84).transform(&located) }
        var cursor = 0
        return raw.map { item in
            guard item.location != nil else { return item }
            cursor += 1
            return (item.fields, located[cursor - 1], item.record)
        }
    }

    public static func read(path: String, mapping: CategoryMapping) throws -> PointsOfInterestReport {
        let (header, records) = try {
            let r = try readRecords(path: path, fields: mapping.fields); return (r.header, r.records)
        }()
        let lowered = header.map { $0.lowercased() }
        let nameField = nameCandidates.lazy.compactMap { c in lowered.firstIndex(of: c).map { header[$0] } }.first
        var points: [PointOfInterest] = []
        var unmatched = 0, ignored = 0, withoutLocation = 0, duplicates = 0
        var unlocated: [Int] = []
        var seen: Set<String> = []
        for var record in records {
            record.fields = record.fields.mapValues(TextRepair.windows1252Controls)
            guard let rule = mapping.rule(for: record.fields) else {
                unmatched += 1
                continue
            }
            guard let kind = rule.kind else {
                ignored += 1
                continue
            }
            guard let location = record.location else {
                withoutLocation += 1
                if unlocated.count < 5 { unlocated.append(record.record) }
                continue
            }
            var name = nameField.flatMap { record.fields[$0] }?.trimmingCharacters(in: .whitespaces) ?? ""
            if name.isEmpty, let ref = record.fields["osm_ref"] {
                // An unnamed OpenStreetMap place (a market square, say): its kind and its object.
                name = kind.frenchLabel.prefix(1).uppercased() + kind.frenchLabel.dropFirst() + " (OSM \(ref))"
            }
            if name.isEmpty { name = record.fields["name"] ?? record.fields[rule.field] ?? "" }
            name = PrintedText.bounded(name.split(whereSeparator: \.isWhitespace).joined(separator: " "), source: path, field: nameField ?? "nom")
            let key = "\(kind.rawValue)|\(String(format: "%.5f|%.5f", location.x, location.y))|\(CategoryMapping.fold(name))"
            guard seen.insert(key).inserted else {
                duplicates += 1
                continue
            }
            points.append(
                PointOfInterest(
                    name: name, category: record.fields[rule.field] ?? "", kind: kind, location: location,
                    source: path, sourceRecord: record.record,
                    address: PrintedText.bounded(Self.address(of: record.fields), limit: 2 * PrintedText.nameLimit, source: path, field: "adresse")
                ))
        }
        return PointsOfInterestReport(
            points: points, unmatched: unmatched, ignored: ignored, withoutLocation: withoutLocation,
            duplicates: duplicates, categoryField: mapping.rules.first?.field, nameField: nameField, source: path,
            withoutLocationRecords: unlocated
        )
    }
}
