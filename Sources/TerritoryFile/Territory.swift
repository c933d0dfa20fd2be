import Foundation
import Inputs
import Outreach
import Support

/// A territory file (TOML): the inputs of one territory and the model and style to use,
/// paths relative to the file. Read by `run` and `demo`.
public struct Territory {
    public var source: String
    /// The folder of the territory file, to which its paths are relative.
    public var folder: String { URL(fileURLWithPath: source).standardizedFileURL.deletingLastPathComponent().path }
    public var name: String
    public var zones: String
    public var zonesLayer: String?
    public var zoneIdField: String?
    public var zonesWhere: String?
    public var zonesCRS: String?
    public var repairZones: Bool
    public var cells: String
    public var caf: String?
    public var cafPeriod: String?
    public var pointsOfInterest: [String]
    /// How each list of places is credited on the maps, as the territory file declares it
    /// (« Ville de Bondy, équipements publics »), in the order of the paths; empty when not said.
    public var pointsOfInterestCredits: [String] = []
    /// The kinds of place that can host a reception point (`[siting] kinds`); nil: the default.
    public var sitingKinds: Set<StopKind>?
    public var categories: String?
    public var model: String?
    public var style: String?
    /// Outreach plan: the rules file, the month (YYYY-MM; default: the month after the
    /// production date) and the depot (longitude, latitude).
    public var planRules: String?
    public var planMonth: String?
    public var planMonths: String?
    public var planEvents: String?
    /// The teams' filled passage sheets (`[plan] observations`): the next plan learns from them.
    public var planObservations: [String] = []
    public var depot: String?
    /// The territory's own market days (`[plan.markets]`), before the rules file's.
    public var planMarkets: [KnownMarket] = []
    public var hasPlan: Bool
    /// Siting review: existing reception points, candidate places, sites to add, limit.
    public var sitingPoints: [String]
    public var sitingCandidates: [String]
    public var sitingAdd: Int
    public var sitingMinutes: Double
    public var sitingMode: AccessMode
    public var hasSiting: Bool
    /// Street network: an OpenStreetMap extract and its travel profiles (default: Data/network.toml).
    public var network: String?
    public var networkProfiles: String?

    /// The keys of each table of a territory file ("" for the top of the file).
    static let tableKeys: [String: [String]] = [
        "": ["territory", "zones", "cells", "caf", "points_of_interest", "model", "style", "plan", "siting", "network"],
        "territory": ["name"], "zones": ["path", "layer", "id_field", "where", "crs", "repair"], "cells": ["path"], "caf": ["path", "period"],
        "points_of_interest": ["paths", "categories", "credits"], "model": ["path"], "style": ["path"],
        "plan": ["rules", "month", "months", "events", "depot", "markets", "observations"],
        "siting": ["points", "candidates", "add", "minutes", "mode", "kinds"],
        "network": ["path", "profiles"],
    ]

    /// Where each key of a territory file belongs, for a key written in the wrong table
    /// (`path`, in several tables, is left out).
    static let keyHomes = ConfigTable.homes(of: tableKeys, shared: ["path"])

    public static func load(path: String) throws(InputError) -> Territory {
        let file = try ConfigFile(path: path)
        let root = file.table
        try root.rejectUnknownKeys(Set(tableKeys[""]!), homes: keyHomes)
        func section(_ key: String, required: Bool) throws(InputError) -> ConfigTable? {
            let table = try root.subtable(key)
            if required && table == nil { throw root.error(key, words("table [%1$@] absente", key)) }
            return table
        }
        /// A path that must name an existing file (relative to the territory file).
        func existing(_ table: ConfigTable, _ key: String) throws(InputError) -> String {
            let resolved = file.resolve(try table.requiredString(key))
            guard FileManager.default.fileExists(atPath: resolved) else {
                throw table.error(key, words("fichier introuvable : %1$@", resolved))
            }
            return resolved
        }
        let territory = try section("territory", required: false)
        try territory?.rejectUnknownKeys(Set(tableKeys["territory"]!), homes: keyHomes)
        let zones = try section("zones", required: true)!
        try zones.rejectUnknownKeys(Set(tableKeys["zones"]!), homes: keyHomes)
        let cells = try section("cells", required: true)!
        try cells.rejectUnknownKeys(Set(tableKeys["cells"]!), homes: keyHomes)
        let caf = try section("caf", required: false)
        try caf?.rejectUnknownKeys(Set(tableKeys["caf"]!), homes: keyHomes)
        let pois = try section("points_of_interest", required: false)
        try pois?.rejectUnknownKeys(Set(tableKeys["points_of_interest"]!), homes: keyHomes)
        var poiPaths: [String] = []
        if let pois {
            for relative in try pois.stringArray("paths") ?? [] {
                let resolved = file.resolve(relative)
                guard FileManager.default.fileExists(atPath: resolved) else {
                    throw pois.error("paths", words("fichier introuvable : %1$@", resolved))
                }
                poiPaths.append(resolved)
            }
        }
        let poiCredits = try pois?.stringArray("credits") ?? []
        if !poiCredits.isEmpty && poiCredits.count != poiPaths.count {
            throw pois!.error(
                "credits",
                words("%1$@ mentions pour %2$@ listes de lieux ; attendu une mention par liste, dans l'ordre de paths", poiCredits.count, poiPaths.count))
        }
        let model = try section("model", required: false)
        try model?.rejectUnknownKeys(Set(tableKeys["model"]!), homes: keyHomes)
        let style = try section("style", required: false)
        try style?.rejectUnknownKeys(Set(tableKeys["style"]!), homes: keyHomes)
        let plan = try section("plan", required: false)
        try plan?.rejectUnknownKeys(Set(tableKeys["plan"]!), homes: keyHomes)
        if plan?.has("month") == true && plan?.has("months") == true {
            throw plan!.error("months", words("donnez month ou months, pas les deux"))
        }
        if let month = try plan?.string("month"), PlanDates.parseMonth(month) == nil {
            throw plan!.error(
                "month",
                words("trouvé « %1$@ », attendu AAAA-MM (année de 1900 à 2100)", month))
        }
        let siting = try section("siting", required: false)
        try siting?.rejectUnknownKeys(Set(tableKeys["siting"]!), homes: keyHomes)
        func paths(_ table: ConfigTable?, _ key: String) throws(InputError) -> [String] {
            guard let table else { return [] }
            var result: [String] = []
            for relative in try table.stringArray(key) ?? [] {
                let resolved = file.resolve(relative)
                guard FileManager.default.fileExists(atPath: resolved) else {
                    throw table.error(key, words("fichier introuvable : %1$@", resolved))
                }
                result.append(resolved)
            }
            return result
        }
        // A territory may have no reception point yet (`points = []`, or the key left out): the
        // review then says who is beyond reach and proposes sites among the possible hosts.
        let sitingPoints = try paths(siting, "points")
        let modeText = try siting?.string("mode") ?? AccessMode.car.rawValue
        guard let sitingMode = AccessMode(rawValue: modeText) else {
            throw siting!.error("mode", words("trouvé « %1$@ », attendu car ou slow", modeText))
        }
        let network = try section("network", required: false)
        try network?.rejectUnknownKeys(Set(tableKeys["network"]!), homes: keyHomes)
        let planMarkets = try plan?.subtable("markets").map { t throws(InputError) in try PlanSettings.knownMarkets(t) } ?? []
        var loaded = Territory(
            source: path,
            name: PrintedText.bounded(
                try territory?.string("name") ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent, source: path,
                field: "territory.name"),
            zones: try existing(zones, "path"), zonesLayer: try zones.string("layer"), zoneIdField: try zones.string("id_field"),
            zonesWhere: try zones.string("where"), zonesCRS: try zones.string("crs"), repairZones: try zones.bool("repair") ?? false,
            cells: try existing(cells, "path"), caf: try caf.map { t throws(InputError) in try existing(t, "path") },
            cafPeriod: try caf?.string("period"), pointsOfInterest: poiPaths,
            categories: try pois.flatMap { t throws(InputError) in t.has("categories") ? try existing(t, "categories") : nil },
            model: try model.map { t throws(InputError) in try existing(t, "path") },
            style: try style.map { t throws(InputError) in try existing(t, "path") },
            planRules: try plan.flatMap { t throws(InputError) in t.has("rules") ? try existing(t, "rules") : nil },
            planMonth: try plan?.string("month"), planMonths: try plan?.string("months"),
            planEvents: try plan.flatMap { t throws(InputError) in t.has("events") ? try existing(t, "events") : nil }, depot: try plan?.string("depot"),
            planMarkets: planMarkets, hasPlan: plan != nil,
            sitingPoints: sitingPoints, sitingCandidates: try paths(siting, "candidates"),
            sitingAdd: try siting?.integer("add", in: 0...50) ?? 1, sitingMinutes: try siting?.number("minutes", in: 1...240) ?? 30,
            sitingMode: sitingMode, hasSiting: siting != nil,
            network: try network.map { t throws(InputError) in try existing(t, "path") },
            networkProfiles: try network.flatMap { t throws(InputError) in t.has("profiles") ? try existing(t, "profiles") : nil }
        )
        loaded.pointsOfInterestCredits = poiCredits
        loaded.planObservations = try paths(plan, "observations")
        if let names = try siting?.stringArray("kinds") {
            var kinds = Set<StopKind>()
            for name in names {
                guard let kind = StopKind(label: name), kind != .other else {
                    throw siting!.error(
                        "kinds",
                        words(
                            "type « %1$@ » inconnu ; attendu parmi %2$@", name,
                            StopKind.allCases.filter { $0 != .other }.map(\.rawValue).joined(separator: ", ")))
                }
                kinds.insert(kind)
            }
            loaded.sitingKinds = kinds
        }
        return loaded
    }

    /// Every input file, for checksums.
    public var inputFiles: [(role: String, path: String)] {
        var files = [("zones", zones), ("cells", cells)]
        if let caf { files.append(("caf", caf)) }
        files += pointsOfInterest.map { ("points_of_interest", $0) }
        if let categories { files.append(("poi_categories", categories)) }
        if let model { files.append(("model", model)) }
        if let style { files.append(("style", style)) }
        if let planRules { files.append(("plan_rules", planRules)) }
        if let planEvents { files.append(("plan_events", planEvents)) }
        files += planObservations.map { ("passage_sheets", $0) }
        files += sitingPoints.map { ("reception_points", $0) }
        files += sitingCandidates.map { ("siting_candidates", $0) }
        if let network { files.append(("street_network", network)) }
        if let networkProfiles { files.append(("network_profiles", networkProfiles)) }
        return files
    }
}
