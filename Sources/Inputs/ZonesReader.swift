import Foundation
import GeoBindings
import GeometryCore
import Support

/// One zone (an IRIS, usually): its code, name, commune and geometry in the layer's CRS.
public struct Zone: Sendable {
    public var id: String
    public var name: String?
    public var commune: String?
    /// The commune's name (`NOM_COM`), when the layer has it.
    public var communeName: String?
    public var geometry: MultiPolygon

    public init(id: String, name: String? = nil, commune: String? = nil, communeName: String? = nil, geometry: MultiPolygon) {
        self.communeName = communeName
        self.id = id
        self.name = name
        self.commune = commune
        self.geometry = geometry
    }
}

/// Field names given by the user, overriding the automatic search.
public struct ZoneFieldNames: Sendable {
    public var id: String?
    public var name: String?
    public var commune: String?
    public init(id: String? = nil, name: String? = nil, commune: String? = nil) {
        self.id = id
        self.name = name
        self.commune = commune
    }
}

/// Zones read from a vector file, sorted by id, with how their fields were found.
public struct ZoneLayer: Sendable {
    public var source: String
    public var layerName: String
    public var driver: String
    public var crs: SpatialReference
    public var idField: String
    public var nameField: String?
    public var communeField: String?
    public var zones: [Zone]
    /// Ids of zones whose rings were repaired (with `repair`), and of zones split over
    /// several features that were merged.
    public var repaired: [String]
    public var merged: [String]
    /// Geometry-less or empty features skipped, by feature id.
    public var skippedEmpty: [Int]
    /// What a planner should check (a repair that changed a zone's area), in French.
    public var warnings: [String] = []
}

/// Reads zone contours (IRIS) from any vector format GDAL reads, in any CRS PROJ knows.
public enum ZonesReader {
    static let idCandidates = ["code_iris", "dcomiris", "codeiris", "iris_code", "code_zone", "id_zone"]
    static let nameCandidates = ["nom_iris", "libiris", "lib_iris", "nomiris", "nom_zone", "nom"]
    public static let communeCandidates = ["insee_com", "code_insee", "codeinsee", "insee_commune", "depcom", "codgeo", "code_commune", "com"]

    /// Reads the zones. A zone id on several features, or a feature without geometry, is an
    /// error naming them (a zone counted twice would add its cells twice); with `repair` (or
    /// `oneZonePerFeature` false, as `inspect` reads), a zone's parts are merged into their
    /// union and empty features left aside, each named in a warning.
    public static func read(
        path: String, layer layerName: String? = nil, fields: ZoneFieldNames = ZoneFieldNames(),
        whereClause: String? = nil, assumedCRS: String? = nil, repair: Bool = false, oneZonePerFeature: Bool? = nil, threads: Int
    ) throws -> ZoneLayer {
        let strict = oneZonePerFeature ?? !repair
        let dataset = try VectorDataset(path: path)
        guard dataset.layerCount > 0 else { throw InputError(file: path, words("n'a aucune couche")) }
        let layer = try layerName.map { try dataset.layer(named: $0) } ?? dataset.layer(at: 0)
        let (idField, nameField, communeField, communeNameField) = try fieldRoles(of: layer, given: fields, path: path)
        let crs = try resolveCRS(layer: layer, assumed: assumedCRS, path: path)
        if let whereClause {
            do { try layer.setAttributeFilter(whereClause) } catch {
                throw InputError(
                    file: path,
                    words("le filtre « %1$@ » n'est pas du SQL OGR valide : %2$@", whereClause, error.message))
            }
        }
        var (zones, byID, skipped, skippedIDs, featuresOf) = try readFeatures(
            layer, path: path, idField: idField, nameField: nameField, communeField: communeField, communeNameField: communeNameField,
            threads: threads)
        let split = featuresOf.sorted { $0.key < $1.key }
        var featureWarnings: [String] = []
        if !skipped.isEmpty {
            let named = zip(skippedIDs, skipped).prefix(5).map { words("%1$@ (objet %2$@)", $0, $1) }.joined(separator: ", ")
            let more = skipped.count > 5 ? words(" et %1$@ autres", skipped.count - 5) : ""
            if strict {
                throw InputError(
                    file: path, field: "geometry",
                    words("%1$@ zone(s) sans géométrie : %2$@%3$@ ; corrigez la couche, ou relancez avec --repair pour les écarter", skipped.count, named, more)
                )
            }
            featureWarnings.append(
                words("%1$@ zone(s) sans géométrie écartée(s) : %2$@%3$@", skipped.count, named, more))
        }
        if let (id, features) = split.first {
            if strict {
                throw InputError(
                    file: path, field: idField.name,
                    words(
                        "la zone %1$@ figure dans %2$@ objets (%3$@)%4$@ ; une zone comptée deux fois compterait deux fois ses carreaux : corrigez la couche, ou relancez avec --repair pour fusionner les parties de chaque zone",
                        id, features.count, features.map(String.init).joined(separator: ", "),
                        split.count > 1 ? words(", et %1$@ autre(s) zone(s) aussi", split.count - 1) : ""))
            }
        }
        guard !zones.isEmpty else {
            throw InputError(
                file: path,
                whereClause.map { words("aucune zone ne passe le filtre « %1$@ »", $0) }
                    ?? words("n'a aucune zone de géométrie polygonale"))
        }
        var repaired: [String] = []
        var repairWarnings: [String] = []
        // Rings cleaned in place and checked, in parallel blocks (each zone on its own), out of
        // the zones while they are; repairs, rare, then run in order.
        var geometries: [MultiPolygon] = []
        geometries.reserveCapacity(zones.count)
        for i in zones.indices {
            geometries.append(zones[i].geometry)
            zones[i].geometry = MultiPolygon([])
        }
        let defects = try parallelUpdate(&geometries, blockSize: 256, threads: threads) { block, _ in
            block.indices.map { i -> String? in
                for p in block[i].polygons.indices {
                    block[i].polygons[p].exterior.removeRepeatedPoints()
                    for h in block[i].polygons[p].holes.indices { block[i].polygons[p].holes[h].removeRepeatedPoints() }
                }
                return firstDefect(block[i])
            }
        }.flatMap { $0 }
        for i in zones.indices {
            let cleaned = geometries[i], defect = defects[i]
            zones[i].geometry = cleaned
            if let defect {
                guard repair else {
                    throw InputError(
                        file: path, field: idField.name,
                        words("zone %1$@ : %2$@ ; corrigez la couche ou relancez avec --repair (MakeValid de GDAL)", zones[i].id, defect))
                }
                let fixed = try repairedZone(
                    zones[i].id, cleaned, defect: defect, path: path, field: idField.name, warnings: &repairWarnings)
                zones[i].geometry = fixed
                repaired.append(zones[i].id)
            }
        }
        // The union of the parts: a feature listed twice, or overlapping parts, count once.
        for (id, features) in split {
            guard let i = byID[id] else { continue }
            let before = abs(zones[i].geometry.area)
            zones[i].geometry = try GEOSOperations.union(zones[i].geometry)
            let after = abs(zones[i].geometry.area)
            let overlap = before > 0 && abs(before - after) / before > 1e-9
            featureWarnings.append(
                words(
                    "zone %1$@ : %2$@ objets fusionnés%3$@", id, features.count,
                    overlap ? words(" (parties superposées comptées une fois : surface %1$@ %)", Int(((after - before) / before * 100).rounded())) : ""))
        }
        zones.sort { $0.id < $1.id }
        return ZoneLayer(
            source: path, layerName: layer.name, driver: dataset.driverName, crs: crs, idField: idField.name,
            nameField: nameField?.name, communeField: communeField?.name, zones: zones, repaired: repaired,
            merged: split.map(\.key), skippedEmpty: skipped, warnings: featureWarnings + repairWarnings
        )
    }

    /// The fields that hold each zone's code (required), name, commune code and commune name:
    /// those given, else the first known name found.
    static func fieldRoles(of layer: VectorLayer, given fields: ZoneFieldNames, path: String) throws -> (
        id: FieldDefinition, name: FieldDefinition?, commune: FieldDefinition?, communeName: FieldDefinition?
    ) {
        let available = layer.fields
        func find(_ given: String?, _ candidates: [String], role: String) throws -> FieldDefinition? {
            if let given {
                guard let field = available.first(where: { $0.name.lowercased() == given.lowercased() }) else {
                    throw InputError(
                        file: path, field: given,
                        words("aucun champ de ce nom pour %1$@ ; champs : %2$@", role, available.map(\.name).joined(separator: ", ")))
                }
                return field
            }
            for candidate in candidates {
                if let field = available.first(where: { $0.name.lowercased() == candidate }) { return field }
            }
            return nil
        }
        guard let idField = try find(fields.id, idCandidates, role: words("l'identifiant de zone")) else {
            throw InputError(
                file: path,
                words(
                    "aucun champ d'identifiant de zone (cherché CODE_IRIS, DCOMIRIS…) ; champs : %1$@ ; nommez-le avec --zone-id",
                    available.map(\.name).joined(separator: ", ")))
        }
        let nameField = try find(fields.name, nameCandidates, role: words("le nom de zone"))
        let communeField = try find(fields.commune, communeCandidates, role: words("le code commune"))
        let communeNameField = available.first { ["nom_com", "libcom", "nom_commune"].contains($0.name.lowercased()) }
        return (idField, nameField, communeField, communeNameField)
    }

    /// The layer's features as zones: a zone's parts on several features gathered (the zones
    /// on more than one feature named in `featuresOf`, with all their features), features
    /// without a polygon left aside (named in `skipped`). The features are read on the worker
    /// threads (`VectorLayer.mapFeatures`), then checked and gathered in the layer's order.
    static func readFeatures(
        _ layer: VectorLayer, path: String, idField: FieldDefinition, nameField: FieldDefinition?, communeField: FieldDefinition?,
        communeNameField: FieldDefinition?, threads: Int
    ) throws -> (zones: [Zone], byID: [String: Int], skipped: [Int], skippedIDs: [String], featuresOf: [String: [Int]]) {
        let padsIRIS = idField.kind == .integer && idField.name.lowercased().contains("iris")
        let fields = (id: idField.index, name: nameField?.index, commune: communeField?.index, communeName: communeNameField?.index)
        let features = try layer.mapFeatures(threads: threads) { feature -> FeatureRead in
            let geometry = feature.polygons()
            return FeatureRead(
                fid: Int(feature.id), id: feature.string(fields.id)?.trimmingWhitespace(), geometry: geometry,
                geometryType: geometry?.polygons.isEmpty == true ? feature.geometryTypeName : nil,
                name: fields.name.flatMap { feature.string($0) },
                commune: fields.commune.flatMap { feature.string($0) }?.trimmingWhitespace(),
                communeName: fields.communeName.flatMap { feature.string($0) })
        }
        var byID: [String: Int] = [:]
        var zones: [Zone] = []
        var skipped: [Int] = []
        var skippedIDs: [String] = []
        // The features of the zones on more than one (a zone's first feature kept aside until
        // a second comes): a dictionary of an array for each of 48 600 zones cost more than
        // the rest of this loop.
        var featuresOf: [String: [Int]] = [:]
        var firstFeature: [Int] = []
        byID.reserveCapacity(features.count)
        zones.reserveCapacity(features.count)
        firstFeature.reserveCapacity(features.count)
        // By index, each field read in place (iterating would copy every feature's texts
        // and rings, then free the copies).
        for index in features.indices {
            let fid = features[index].fid
            guard var id = features[index].id, !id.isEmpty else {
                throw InputError(
                    file: path, line: fid, field: idField.name, words("l'objet %1$@ a un identifiant de zone vide", fid))
            }
            if padsIRIS, id.count < 9 { id = String(repeating: "0", count: 9 - id.count) + id }
            guard let geometry = features[index].geometry else {
                skipped.append(fid)
                skippedIDs.append(id)
                continue
            }
            if geometry.polygons.isEmpty {
                if let type = features[index].geometryType, !type.lowercased().contains("polygon"), !type.lowercased().contains("surface") {
                    throw InputError(
                        file: path, line: fid, field: idField.name,
                        words("la zone %1$@ a une géométrie %2$@, attendu un polygone", id, type))
                }
                skipped.append(fid)
                skippedIDs.append(id)
                continue
            }
            var commune = features[index].commune
            if let field = communeField, field.kind == .integer, let code = commune, code.count < 5 {
                commune = String(repeating: "0", count: 5 - code.count) + code
            }
            if commune == nil, id.count == 9 { commune = String(id.prefix(5)) }
            let zone = Zone(
                id: id,
                name: features[index].name.map {
                    PrintedText.bounded(TextRepair.windows1252Controls($0), source: path, field: nameField?.name ?? "nom")
                },
                commune: commune,
                communeName: features[index].communeName.map {
                    PrintedText.bounded($0, source: path, field: communeNameField?.name ?? "nom_com")
                }, geometry: geometry
            )
            if let existing = byID[id] {
                zones[existing].geometry.polygons.append(contentsOf: geometry.polygons)
                featuresOf[id, default: [firstFeature[existing]]].append(fid)
            } else {
                byID[id] = zones.count
                zones.append(zone)
                firstFeature.append(fid)
            }
        }
        return (zones, byID, skipped, skippedIDs, featuresOf)
    }

    /// What `readFeatures` takes of one feature on a worker thread.
    struct FeatureRead: Sendable {
        var fid: Int
        var id: String?
        var geometry: MultiPolygon?
        /// The geometry's type, for a feature without a polygon.
        var geometryType: String?
        var name: String?
        var commune: String?
        var communeName: String?
    }

    /// A zone with a faulty ring repaired part by part: a valid part is kept as it is, a
    /// faulty one repaired, and a part the repair leaves without area (a spike, a zero-area
    /// ring) dropped, with a warning; refused when nothing is left or a defect remains.
    static func repairedZone(
        _ id: String, _ cleaned: MultiPolygon, defect: String, path: String, field: String, warnings repairWarnings: inout [String]
    ) throws -> MultiPolygon {
        // Part by part: a valid part is kept as it is, a faulty one repaired, and a part
        // the repair leaves without area (a spike, a zero-area ring) dropped, with a warning.
        var kept: [Polygon] = [], dropped = 0
        for part in cleaned.polygons {
            let single = MultiPolygon([part])
            if firstDefect(single) == nil {
                kept.append(part)
                continue
            }
            let fixedPart = try GEOSOperations.makeValid(single)
            if firstDefect(fixedPart) == nil && !fixedPart.polygons.isEmpty && abs(fixedPart.area) > 0 {
                kept += fixedPart.polygons
            } else {
                dropped += 1
            }
        }
        var fixed = MultiPolygon(kept)
        if !kept.isEmpty, firstDefect(fixed) != nil { fixed = try GEOSOperations.makeValid(fixed) }
        if dropped > 0 && !kept.isEmpty {
            repairWarnings.append(
                words("zone %1$@ : %2$@ partie(s) sans surface (pointe ou aire nulle) écartée(s) par la réparation, le reste gardé", id, dropped))
        }
        if let remaining = firstDefect(fixed) {
            throw InputError(
                file: path, field: field,
                words("zone %1$@ : %2$@, même après MakeValid", id, remaining))
        }
        // A repair must not empty a zone or lose most of it silently.
        let before = abs(cleaned.area), after = abs(fixed.area)
        if after <= 0 || fixed.polygons.isEmpty {
            throw InputError(
                file: path, field: field,
                words(
                    "zone %1$@ : %2$@ ; la réparation ne laisse aucune surface (seulement une pointe ou une partie d'aire nulle) : corrigez la zone dans la couche",
                    id, defect))
        }
        if before > 0 && abs(after - before) / before > 0.05 {
            repairWarnings.append(
                words("zone %1$@ : la réparation change sa surface de %2$@ % (%3$@) ; à vérifier", id, Int((after - before) / before * 100), defect))
        }
        return fixed
    }

    static func firstDefect(_ geometry: MultiPolygon) -> String? {
        for polygon in geometry.polygons {
            for ring in polygon.rings {
                if let defect = ring.firstDefect() { return defect.description }
            }
            if let defect = polygon.firstHoleDefect() { return defect.description }
        }
        return nil
    }

    /// The layer's CRS, or the user's when the layer has none; coordinates that cannot be in
    /// that CRS (degrees in a layer labelled Lambert-93) are refused.
    static func resolveCRS(layer: VectorLayer, assumed: String?, path: String) throws -> SpatialReference {
        let crs: SpatialReference
        if let assumed {
            crs = try SpatialReference(definition: assumed)
        } else if let declared = layer.spatialReference, !declared.isUndefinedOrLocal {
            crs = declared
        } else {
            throw InputError(
                file: path,
                words("la couche %1$@ n'a pas de système de coordonnées ; donnez-le (par exemple --zones-crs EPSG:2154)", layer.name))
        }
        if let extent = layer.extent, !extent.isEmpty {
            try CRSPlausibility.check(extent: extent, crs: crs, path: path)
        }
        return crs
    }
}

/// Tells whether coordinates can belong to a CRS: inside its area of use, give or take.
public enum CRSPlausibility {
    public static func check(extent: BoundingBox, crs: SpatialReference, path: String) throws {
        let label = "\(crs.authorityCode ?? crs.name) (\(crs.name))"
        let shown = String(format: "(%.6g, %.6g)–(%.6g, %.6g)", extent.minX, extent.minY, extent.maxX, extent.maxY)
        if crs.isGeographic {
            if abs(extent.minX) > 360 || abs(extent.maxX) > 360 || abs(extent.minY) > 90 || abs(extent.maxY) > 90 {
                throw InputError(
                    file: path,
                    words("les coordonnées %1$@ ne sont pas des degrés, mais la couche annonce %2$@ ; est-ce un SCR projeté comme EPSG:2154 ?", shown, label))
            }
            return
        }
        guard let area = crs.areaOfUse else { return }
        let wgs84 = try SpatialReference(definition: "OGC:CRS84")
        let transformer = try CoordinateTransformer(from: crs, to: wgs84)
        var corners = [
            Point(x: extent.minX, y: extent.minY), Point(x: extent.maxX, y: extent.minY),
            Point(x: extent.minX, y: extent.maxY), Point(x: extent.maxX, y: extent.maxY),
        ]
        let margin = 5.0
        let outside: Bool
        do {
            try transformer.transform(&corners)
            outside = corners.contains { p in
                p.x < area.west - margin || p.x > area.east + margin || p.y < area.south - margin || p.y > area.north + margin
            }
        } catch {
            outside = true
        }
        if outside {
            let hint =
                extent.maxX.magnitude <= 180 && extent.maxY.magnitude <= 90
                ? words(" Elles ressemblent à des degrés (longitude, latitude) : la couche est-elle en EPSG:4326 ?") : ""
            throw InputError(
                file: path,
                words(
                    "les coordonnées %1$@ sont hors de la zone d'usage de %2$@ (%3$@).%4$@", shown, label,
                    words(
                        "%1$@°, %2$@° à %3$@°, %4$@°", String(format: "%.1f", area.west), String(format: "%.1f", area.south),
                        String(format: "%.1f", area.east), String(format: "%.1f", area.north)), hint)
            )
        }
    }
}

extension ZoneLayer {
    /// The zones' geometries reprojected into another CRS (the grid's), with PROJ, in
    /// parallel batches (one PROJ context per batch).
    /// The zones' shapes in a grid's CRS, by its EPSG code.
    public func geometries(inEPSG epsg: Int32, threads: Int) throws -> [MultiPolygon] {
        try geometries(in: SpatialReference(epsg: Int(epsg)), threads: threads)
    }

    public func geometries(in target: SpatialReference, threads: Int) throws -> [MultiPolygon] {
        try namingZones(of: target) { try Reprojection.shapes(zones.map(\.geometry), from: crs, to: target, threads: threads) }
    }

    /// The zones' shapes taken out of the layer (which keeps them empty) and moved into a
    /// grid's CRS in place: for a run that needs them nowhere else (a table without shapes),
    /// no second copy of every ring.
    public mutating func takeGeometries(inEPSG epsg: Int32, threads: Int) throws -> [MultiPolygon] {
        var shapes = zones.map(\.geometry)
        for i in zones.indices { zones[i].geometry = MultiPolygon([]) }
        let target = try SpatialReference(epsg: Int(epsg))
        try namingZones(of: target) { try Reprojection.move(&shapes, from: crs, to: target, threads: threads) }
        return shapes
    }

    /// `body`'s reprojection, a vertex PROJ cannot transform said with the zones of its batch.
    private func namingZones<T>(of target: SpatialReference, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let failure as ReprojectionFailure {
            throw InputError(
                file: source,
                words(
                    "un sommet des zones %1$@…%2$@ n'a pas pu être reprojeté en %3$@ : %4$@", zones[failure.shapes.lowerBound].id,
                    zones[failure.shapes.upperBound - 1].id, target.name, failure)
            )
        }
    }
}
