import Foundation
import Inputs
import Support

/// How one way of travelling uses the streets: which `highway` classes, at what speed, whether
/// one-way rules bind, and how points join the network. Read from `Data/network.toml`.
public struct TravelProfile: Sendable, Equatable {
    public var name: String
    /// French label for outputs (« en voiture »).
    public var label: String
    /// Mean speed in km/h per usable `highway` class; a class absent here is not usable.
    public var speeds: [String: Double]
    /// Share of a tagged `maxspeed` kept on average; ignored when `ignoresMaxspeed`.
    public var limitShare: Double
    public var ignoresMaxspeed: Bool
    /// Whether `oneway` and roundabouts bind (cars, not walkers).
    public var followsOneway: Bool
    /// The access leg between a point and the street, on foot.
    public var accessSpeedKmh: Double
    /// Beyond this distance from every usable street, a point is « hors réseau ».
    public var snapLimitMetres: Double
    /// Classes a point never joins directly (one does not walk onto a motorway from home).
    public var noSnap: Set<String>
    public var source: String

    public init(
        name: String, label: String, speeds: [String: Double], limitShare: Double = 1, ignoresMaxspeed: Bool = false,
        followsOneway: Bool, accessSpeedKmh: Double = 4.5, snapLimitMetres: Double = 400, noSnap: Set<String> = [],
        source: String = "built-in"
    ) {
        self.name = name
        self.label = label
        self.speeds = speeds
        self.limitShare = limitShare
        self.ignoresMaxspeed = ignoresMaxspeed
        self.followsOneway = followsOneway
        self.accessSpeedKmh = accessSpeedKmh
        self.snapLimitMetres = snapLimitMetres
        self.noSnap = noSnap
        self.source = source
    }

    /// The profiles of a TOML file, by name (`car`, `walk`, `bus`…).
    public static func load(path: String) throws(InputError) -> [String: TravelProfile] {
        let root = try ConfigFile(path: path).table
        var profiles: [String: TravelProfile] = [:]
        for name in root.keys {
            guard let table = try root.subtable(name) else {
                throw root.error(name, words("attendu une table de profil comme [car] ou [walk]"))
            }
            try table.rejectUnknownKeys(["label", "speeds", "limit_share", "ignore_maxspeed", "oneway", "access_speed_kmh", "snap_limit_m", "no_snap"])
            guard let speedTable = try table.subtable("speeds") else {
                throw table.error(
                    "speeds",
                    words("absent : attendu la vitesse en km/h de chaque classe de voie utilisable, par exemple speeds = { residential = 25 }"))
            }
            var speeds: [String: Double] = [:]
            for highway in speedTable.keys {
                speeds[highway] = try speedTable.requiredNumber(highway, in: 0.5...150, meaning: words("une vitesse en km/h"))
            }
            guard !speeds.isEmpty else {
                throw table.error("speeds", words("aucune classe de voie : rien ne serait utilisable"))
            }
            profiles[name] = TravelProfile(
                name: name, label: try table.string("label") ?? name, speeds: speeds,
                limitShare: try table.number("limit_share", in: 0.1...1.2) ?? 1,
                ignoresMaxspeed: try table.bool("ignore_maxspeed") ?? false,
                followsOneway: try table.bool("oneway") ?? false,
                accessSpeedKmh: try table.number("access_speed_kmh", in: 1...10) ?? 4.5,
                snapLimitMetres: try table.number("snap_limit_m", in: 10...5000) ?? 400,
                noSnap: Set(try table.stringArray("no_snap") ?? []),
                source: path
            )
        }
        guard !profiles.isEmpty else {
            throw InputError(
                file: path,
                words("aucun profil de déplacement ; attendu des tables comme [car] et [walk]"))
        }
        return profiles
    }

    /// How a way can be travelled under this profile: not at all, or forward and/or backward at
    /// a speed.
    public struct WayUse: Sendable, Equatable {
        public var forward: Bool
        public var backward: Bool
        public var speedKmh: Double
        public init(forward: Bool, backward: Bool, speedKmh: Double) {
            self.forward = forward
            self.backward = backward
            self.speedKmh = speedKmh
        }
        public static let closed = WayUse(forward: false, backward: false, speedKmh: 0)
        public var isUsable: Bool { (forward || backward) && speedKmh > 0 }
    }

    /// The use of a way with these OSM tags.
    public func use(of tags: [String: String]) -> WayUse {
        guard let highway = tags["highway"], let classSpeed = speeds[highway] else { return .closed }
        if tags["area"] == "yes" { return .closed }
        let isCar = followsOneway
        // Access: a general prohibition, unless the profile's own mode is allowed explicitly.
        let modeKeys = isCar ? ["motor_vehicle", "motorcar", "vehicle"] : ["foot"]
        let modeAccess = modeKeys.lazy.compactMap { tags[$0] }.first
        if let modeAccess {
            if ["no", "private"].contains(modeAccess) { return .closed }
        } else if let access = tags["access"], ["no", "private"].contains(access) {
            return .closed
        }
        var speed = classSpeed
        if !ignoresMaxspeed, let tagged = tags["maxspeed"].flatMap(Self.legalLimit) {
            speed = min(tagged * limitShare, classSpeed * 2)
        }
        var forward = true, backward = true
        if followsOneway {
            let oneway = tags["oneway"]
            let roundabout = tags["junction"] == "roundabout" || tags["junction"] == "circular"
            switch oneway {
            case "yes", "true", "1": backward = false
            case "-1", "reverse": forward = false
            case "no", "false", "0": break
            default:
                if roundabout || highway == "motorway" || highway == "motorway_link" { backward = false }
            }
        }
        return WayUse(forward: forward, backward: backward, speedKmh: speed)
    }

    /// A `maxspeed` value in km/h: a number, `N mph`, or a French zone (`FR:urban`, `FR:zone30`…).
    public static func legalLimit(_ text: String) -> Double? {
        let value = text.trimmingCharacters(in: .whitespaces)
        let zones: [String: Double] = [
            "FR:urban": 50, "FR:rural": 80, "FR:trunk": 110, "FR:motorway": 130, "FR:zone30": 30, "FR:zone20": 20,
            "FR:zone:30": 30, "FR:zone:20": 20, "FR:walk": 6, "walk": 6,
        ]
        if let zone = zones[value] { return zone }
        // "50;30" (conditional or per-lane values): the lowest.
        let parts = value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        var best: Double?
        for part in parts {
            var number = part
            var factor = 1.0
            if number.hasSuffix("mph") { factor = 1.609344; number = String(number.dropLast(3)).trimmingCharacters(in: .whitespaces) }
            if number.hasSuffix("km/h") { number = String(number.dropLast(4)).trimmingCharacters(in: .whitespaces) }
            guard number.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Double(number), n >= 5, n <= 150 else { continue }
            best = min(best ?? .infinity, n * factor)
        }
        return best
    }
}
