import Foundation
import Overlay

/// What `run.json` records: the versions, the inputs read (with their digest), the parameters,
/// the mass accounting, the outputs written, the timings and the steps not done.
public struct RunRecord: Codable {
    /// A file read or written: inputs by their path relative to the territory file, outputs
    /// by their name in the folder; the day the file was last changed (UTC), for inputs.
    public struct Input: Codable {
        public var role: String
        public var path: String
        public var bytes: Int
        public var sha256: String
        public var modified: String?

        public init(role: String, path: String, bytes: Int, sha256: String, modified: String?) {
            (self.role, self.path, self.bytes, self.sha256, self.modified) = (role, path, bytes, sha256, modified)
        }
    }
    public var allervers: String
    public var gdal: String
    public var proj: String
    public var territory: String
    public var territoryFile: String
    public var inputs: [Input]
    public var parameters: [String: String]
    public var pointsOfInterest: [String: Int]
    public var massAccounting: [VariableAccount]
    public var outputs: [Input]
    /// The only part that changes from run to run (wall-clock seconds per step).
    public var timingsSeconds: [String: Double]
    /// The steps and maps the inputs could not feed, with the reason (absent when none).
    public var notDone: [String: String]?

    public init(
        allervers: String, gdal: String, proj: String, territory: String, territoryFile: String, inputs: [Input], parameters: [String: String],
        pointsOfInterest: [String: Int], massAccounting: [VariableAccount], outputs: [Input], timingsSeconds: [String: Double], notDone: [String: String]?
    ) {
        self.allervers = allervers
        self.gdal = gdal
        self.proj = proj
        self.territory = territory
        self.territoryFile = territoryFile
        self.inputs = inputs
        self.parameters = parameters
        self.pointsOfInterest = pointsOfInterest
        self.massAccounting = massAccounting
        self.outputs = outputs
        self.timingsSeconds = timingsSeconds
        self.notDone = notDone
    }
}
